package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One short run of every benchmark harness: each transport starts its echo peer in a second JVM, carries round
 * trips, and stops with no process left behind. Speed is not looked at here.
 */
@Timeout(120)
class HarnessSmokeIT
{
    static final List<String> TRANSPORTS = Transports.ALL;

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("TRANSPORTS")
    void roundTripsCrossToTheEchoPeerAndBack(final String transport)
    {
        final int largest = transport.startsWith("entangle") || transport.equals(Transports.CHRONICLE) ?
            1 << 20 : 64;
        try (Link link = Transports.open(transport, dir, largest))
        {
            final byte[] small = new byte[64];
            for (int i = 0; i < 500; i++)
            {
                link.roundTrip(small, small.length);
            }
            final byte[] large = new byte[largest];
            link.roundTrip(large, large.length);
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "an echo peer outlived its link");
    }
}
