package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows of shared memory: an {@code ArrayBuffer} transferred to the echo peer and back, and a counter handed back
 * and forth through a {@code SharedArrayBuffer}. Each carries round trips, measures both JVMs' allocation, runs one
 * short fork of its registered row and leaves no process behind. Speed is not looked at here.
 */
@Timeout(180)
class BufferRowsIT
{
    private static final Profile SMOKE = new Profile("smoke", 1, 1, 1, Duration.ofMillis(100), 1,
        Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofMillis(300), Duration.ofMillis(600));

    @TempDir
    Path dir;

    @BeforeAll
    static void measuringNothing()
    {
        // Another JMH run on the machine holds JMH's lock file; these tests measure nothing, so they need not wait.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @AfterEach
    void noChildProcessIsLeft()
    {
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a child JVM outlived its test");
    }

    @Test
    void anArrayBufferGoesThereAndBackWithItsBytes()
    {
        final LinkState state = LinkState.transferring(1 << 20);
        try
        {
            state.roundTrip();
            state.markEchoAllocation();
            for (int i = 0; i < 200; i++)
            {
                // Each round trip checks the stamp it wrote on the buffer that comes back.
                state.roundTrip();
            }
            assertTrue(state.link.echo().allocationPerMessage() >= 0, "echo allocation per message");
        }
        finally
        {
            state.close();
        }
    }

    @Test
    void theTransferRowsOfEverySizeMeasure() throws Exception
    {
        for (final String id : new String[] { "transfer/ArrayBuffer transfer/65536",
            "transfer/ArrayBuffer transfer/67108864", "transfer/copy-floor/67108864" })
        {
            final Measurement fork = row(id).measure(SMOKE, 1, dir, dir.resolve("jmh.log"));
            assertTrue(fork.samples() > 0 && fork.p50Ns() > 0 && fork.p50Ns() <= fork.p99Ns(), id + ": " + fork);
            assertTrue(fork.benchBytesPerOp() >= 0, id + " allocation: " + fork);
        }
        assertTrue(Files.readString(dir.resolve("jmh.log")).contains("=== transfer/ArrayBuffer transfer/67108864"));
    }

    @Test
    void aCounterGoesBackAndForthThroughASharedArrayBuffer()
    {
        try (Link link = Transports.open(Transports.SHARED_ARRAY_BUFFER, dir, 64))
        {
            final byte[] unused = new byte[SharedArrayBufferBenchmark.COUNTER_BYTES];
            link.echo().markAllocation();
            for (int i = 0; i < 10_000; i++)
            {
                link.roundTrip(unused, unused.length);
            }
            assertEquals(0.0, link.echo().allocationPerMessage(), 64.0, "the echo thread spins on the buffer");
        }
    }

    @Test
    void theSharedMemoryRowMeasures() throws Exception
    {
        final Measurement fork = row("shared_memory/shared-array-buffer/8").measure(SMOKE, 1, dir,
            dir.resolve("jmh.log"));
        assertTrue(fork.samples() > 0 && fork.p50Ns() > 0 && fork.p50Ns() <= fork.p99Ns(), fork.toString());
        assertTrue(fork.benchBytesPerOp() >= 0, "allocation: " + fork);
    }

    static Row row(final String id)
    {
        return Rows.all().stream().filter(r -> r.id().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no row " + id));
    }
}
