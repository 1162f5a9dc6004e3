package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A benchmark whose echo peer dies does not hang: the benchmark's side stops waiting for an answer that cannot come,
 * for every transport whose side spins (the socket transports learn it from the socket). The timeout runs the test
 * on a thread of its own, so that a wait that never ends fails the test instead of hanging the build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoPeerDeathIT
{
    @TempDir
    Path dir;

    @AfterEach
    void noChildProcessIsLeft()
    {
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a child JVM outlived its test");
    }

    @ParameterizedTest
    @ValueSource(strings = { Transports.ENTANGLE_SPIN, Transports.ENTANGLE_BYTES, Transports.CHRONICLE,
        Transports.AGRONA, Transports.AERON, Transports.SHARED_ARRAY_BUFFER })
    void aWaitForTheEchoEndsWhenTheEchoPeerIsKilled(final String transport) throws Exception
    {
        try (Link link = Transports.open(transport, dir, 64))
        {
            final byte[] message = new byte[64];
            link.roundTrip(message, message.length);

            final ProcessHandle peer = link.echo().handle();
            peer.destroyForcibly();
            peer.onExit().get(30, TimeUnit.SECONDS);

            final RuntimeException stopped = assertThrows(RuntimeException.class, link::receive);
            assertTrue(String.valueOf(stopped.getMessage()).contains("ended") ||
                String.valueOf(stopped.getMessage()).contains("closed"), stopped.toString());
        }
    }
}
