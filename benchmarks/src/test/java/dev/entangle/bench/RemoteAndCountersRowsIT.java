package dev.entangle.bench;

import dev.entangle.Configuration;
import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Remote rows and the counters rows: one short fork of each, and the counters setting reaching the echo peer's
 * JVM. Speed is not looked at here.
 */
@Timeout(180)
class RemoteAndCountersRowsIT
{
    private static final Profile SMOKE = new Profile("smoke", 1, 1, 1, Duration.ofMillis(100), 1,
        Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofMillis(300), Duration.ofMillis(600));

    @TempDir
    Path dir;

    @BeforeAll
    static void measuringNothing()
    {
        System.setProperty("jmh.ignoreLock", "true");
    }

    @AfterEach
    void noChildProcessIsLeft()
    {
        System.clearProperty(Configuration.COUNTERS_PROP_NAME);
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a child JVM outlived its test");
    }

    @Test
    void theRemoteRowsMeasure() throws Exception
    {
        for (final String id : List.of("remote/" + Rows.REMOTE_CALL, "remote/" + Rows.REMOTE_RECORD))
        {
            final Measurement fork = BufferRowsIT.row(id).measure(SMOKE, 1, dir, dir.resolve("jmh.log"));
            assertTrue(fork.samples() > 0 && fork.p50Ns() > 0 && fork.p50Ns() <= fork.p99Ns(), id + ": " + fork);
            assertTrue(fork.benchBytesPerOp() >= 0, id + " allocation: " + fork);
        }
    }

    @Test
    void theCountersSettingReachesTheEchoPeer()
    {
        System.setProperty(Configuration.COUNTERS_PROP_NAME, "false");
        try (Link link = Transports.open(Transports.ENTANGLE_SPIN, dir, 64))
        {
            link.roundTrip(new byte[64], 64);
            final String[] arguments = link.echo().handle().info().arguments().orElse(new String[0]);
            assertTrue(Arrays.asList(arguments).contains("-D" + Configuration.COUNTERS_PROP_NAME + "=false"),
                Arrays.toString(arguments));
        }
    }

    @Test
    void bothCountersRowsMeasure() throws Exception
    {
        for (final String id : List.of("counters/" + Rows.COUNTERS_ON + "/64", "counters/" + Rows.COUNTERS_OFF + "/64"))
        {
            final Measurement fork = BufferRowsIT.row(id).measure(SMOKE, 1, dir, dir.resolve("jmh.log"));
            // The echo peer's allocation is not asserted: in a fork this short on a busy machine, its measured
            // period may hold no message (HarnessSmokeIT covers that measurement).
            assertTrue(fork.samples() > 0 && fork.p50Ns() > 0, id + ": " + fork);
            assertTrue(fork.benchBytesPerOp() >= 0, id + " allocation: " + fork);
        }
    }
}
