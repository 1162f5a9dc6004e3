package dev.entangle.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One short fork of each broadcast row: the receivers start in JVMs of their own, every message is acknowledged,
 * each receiver's histogram comes back, and no process is left. Speed is not looked at here.
 */
@Timeout(180)
class BroadcastRowIT
{
    private static final Profile SMOKE = new Profile("smoke", 1, 1, 1, Duration.ofMillis(100), 1,
        Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ofMillis(300), Duration.ofMillis(600));

    @TempDir
    Path dir;

    @AfterEach
    void noChildProcessIsLeft()
    {
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a receiver JVM outlived its test");
    }

    @Test
    void latencyComesFromEveryReceiversSamples() throws Exception
    {
        final Path log = dir.resolve("jmh.log");
        final Measurement latency = new BroadcastRow(Rows.BROADCAST, 2, false).measure(SMOKE, 1, dir, log);
        assertTrue(latency.samples() > 0 && latency.samples() % 2 == 0, latency.toString());
        assertTrue(latency.p50Ns() > 0 && latency.p50Ns() <= latency.p99Ns(), latency.toString());
        final String written = Files.readString(log);
        assertTrue(written.contains("receiver 0: ") && written.contains("receiver 1: "), written);
        assertTrue(written.contains("skips 0"), written);
    }

    @Test
    void throughputCountsWhatEveryReceiverAcknowledged() throws Exception
    {
        final Measurement rate = new BroadcastRow(Rows.BROADCAST_THROUGHPUT, 2, true)
            .measure(SMOKE, 1, dir, dir.resolve("jmh.log"));
        assertTrue(rate.opsPerSecond() > 0, rate.toString());
        assertEquals(0, rate.samples() % 1000, "whole windows: " + rate);
    }
}
