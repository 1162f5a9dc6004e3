package dev.entangle.bench;

import dev.entangle.bench.InterleavedRun.Step;
import dev.entangle.bench.transport.EchoPeer;
import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One short run of every benchmark harness and of the driver: each transport starts its echo peer in a second JVM,
 * carries round trips, measures the echo side's allocation and stops with no process left behind; the driver
 * interleaves JMH forks and reports every figure. Speed is not looked at here.
 */
@Timeout(120)
class HarnessSmokeIT
{
    static final List<String> TRANSPORTS = Transports.ALL;

    static final List<String> STREAMED = List.of("entangle-spin", "chronicle-queue", "agrona-ring-buffer");

    /** The transports whose benchmark side spins for the echo (the socket transports learn of a dead peer at once). */
    static final List<String> SPINNING = List.of(Transports.ENTANGLE_SPIN, Transports.ENTANGLE_BYTES,
        Transports.CHRONICLE, Transports.AGRONA, Transports.AERON, Transports.SHARED_ARRAY_BUFFER);

    /** Forks of a few hundred milliseconds: enough to run every path, far too short to mean anything. */
    static final Profile SMOKE = new Profile("smoke", 2, 1, 1, Duration.ofMillis(100), 1, Duration.ofMillis(200),
        Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(600));

    @TempDir
    Path dir;

    @AfterEach
    void noChildProcessIsLeft()
    {
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            "a child JVM outlived its test");
    }

    @ParameterizedTest
    @FieldSource("TRANSPORTS")
    void roundTripsCrossToTheEchoPeerAndBack(final String transport)
    {
        final int largest = transport.equals(Transports.AERON) || transport.startsWith("uds") ||
            transport.equals(Transports.TCP) ? 64 : 1 << 20;
        try (Link link = Transports.open(transport, dir, largest))
        {
            final byte[] small = new byte[64];
            // The echo peer knows its echo thread once that thread has taken a message.
            link.roundTrip(small, small.length);
            link.echo().markAllocation();
            for (int i = 0; i < 500; i++)
            {
                link.roundTrip(small, small.length);
            }
            final double echoBytes = link.echo().allocationPerMessage();
            assertTrue(echoBytes >= 0, transport + " echo allocation per message: " + echoBytes);
            final byte[] large = new byte[largest];
            link.roundTrip(large, large.length);
            if (transport.startsWith("entangle"))
            {
                link.roundTripText("a string of thirty-two characters");
            }
        }
    }

    /**
     * A benchmark whose echo peer dies does not hang: its side stops waiting for an answer that cannot come. The
     * timeout runs this test on a thread of its own, so that a wait that never ends fails it instead of hanging the
     * build.
     */
    @ParameterizedTest
    @FieldSource("SPINNING")
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

    @ParameterizedTest
    @FieldSource("STREAMED")
    void aStreamIsAcknowledgedOncePerBatch(final String transport)
    {
        System.setProperty(EchoPeer.ACK_EVERY_PROP, "100");
        try (Link link = Transports.open(transport, dir, 64))
        {
            final byte[] payload = new byte[64];
            for (int batch = 0; batch < 20; batch++)
            {
                for (int i = 0; i < 100; i++)
                {
                    link.send(payload, payload.length);
                }
                assertEquals(64, link.receive());
            }
        }
        finally
        {
            System.clearProperty(EchoPeer.ACK_EVERY_PROP);
        }
    }

    @Test
    void theEchoPeerHoldsIdlePortsAndStillAnswers()
    {
        System.setProperty(EchoPeer.IDLE_PORTS_PROP, "1000");
        try (Link link = Transports.open("entangle-spin", dir, 64))
        {
            for (int i = 0; i < 100; i++)
            {
                link.roundTrip(new byte[64], 64);
            }
        }
        finally
        {
            System.clearProperty(EchoPeer.IDLE_PORTS_PROP);
        }
    }

    @Test
    void theEchoPeerRunsWithTheFlagsOfItsRow()
    {
        System.setProperty(EchoPeer.JVM_FLAGS_PROP, Rows.HUGE_PAGES_FLAG + " -XX:+UseSerialGC");
        try (Link link = Transports.open("entangle-spin", dir, 64))
        {
            final List<String> arguments = link.echo().handle().info().arguments().map(List::of).orElseThrow();
            assertTrue(arguments.containsAll(List.of(Rows.HUGE_PAGES_FLAG, "-XX:+UseSerialGC")), arguments.toString());
            link.roundTrip(new byte[64], 64);
        }
        finally
        {
            System.clearProperty(EchoPeer.JVM_FLAGS_PROP);
        }
    }

    @Test
    void theFixedRateRunRecordsEveryMessage() throws Exception
    {
        for (final String transport : List.of("entangle-spin", "chronicle-queue"))
        {
            final Histogram histogram = new FixedRateRun(transport, 10_000, Duration.ZERO, Duration.ofSeconds(1))
                .run(dir.resolve(transport + ".hlog"));
            assertTrue(histogram.getTotalCount() >= 9_000, transport + " recorded " + histogram.getTotalCount());
        }
    }

    @Test
    void theCrossHostRowsMeasureRoundTripsThroughTheBridgesAndRawAeron() throws Exception
    {
        for (final Row row : Rows.all())
        {
            if (row.table() == Rows.CROSS_HOST)
            {
                final Measurement measured = row.measure(SMOKE, 1, dir, dir.resolve("log"));
                assertTrue(measured.samples() > 10, row.id() + " measured " + measured.samples() + " round trips");
                assertTrue(measured.p50Ns() > 0, row.id() + ": " + measured);
            }
        }
    }

    @Test
    void theDriverInterleavesForksAndReportsEveryFigure() throws Exception
    {
        // Another JMH run on the machine holds JMH's lock file; this test measures nothing, so it need not wait.
        System.setProperty("jmh.ignoreLock", "true");
        final Row roundTrip = Rows.all().stream().filter(r -> r.id().equals("round_trip/entangle-spin/64"))
            .findFirst().orElseThrow();
        final Row floor = Rows.all().stream().filter(r -> r.id().equals("payload/copy-floor/65536"))
            .findFirst().orElseThrow();
        // Not the registered headline row: one fork of it is enough here.
        final Row throughput = JmhRow.of(Rows.THROUGHPUT, Rows.MESSAGE_PORT, ThroughputBenchmark.class)
            .param("transport", Rows.MESSAGE_PORT);
        final Row text = Rows.all().stream().filter(r -> r.id().equals("round_trip/entangle-spin String(32)"))
            .findFirst().orElseThrow();
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final InterleavedRun run = new InterleavedRun(List.of(roundTrip, floor, throughput, text), SMOKE, dir,
            new PrintStream(progress, true, StandardCharsets.UTF_8));

        // Headline rows get two forks here, the others one; the second round runs backwards.
        assertEquals(List.of(new Step(1, roundTrip), new Step(1, floor), new Step(1, throughput), new Step(1, text),
            new Step(2, floor), new Step(2, roundTrip)), run.plan());

        final List<RowResult> results = run.run();
        for (final RowResult result : results)
        {
            assertEquals(List.of(), result.failures(), result.row().id());
        }
        final RowResult port = results.get(0);
        assertEquals(List.of(1, 2), port.forks().stream().map(Measurement::fork).toList());
        for (final Measurement fork : port.forks())
        {
            assertTrue(fork.p50Ns() > 0 && fork.p50Ns() <= fork.p99Ns() && fork.p99Ns() <= fork.p999Ns() &&
                fork.p999Ns() <= fork.maxNs() && fork.meanNs() > 0, fork.toString());
            assertTrue(fork.benchBytesPerOp() >= 0, "benchmark JVM allocation: " + fork);
            assertTrue(fork.echoBytesPerOp() >= 0, "echo JVM allocation: " + fork);
        }
        final Measurement copy = results.get(1).forks().get(0);
        assertTrue(copy.benchBytesPerOp() >= 2 * 65536, "copy-floor allocates two arrays per round trip: " + copy);
        assertTrue(Double.isNaN(copy.echoBytesPerOp()), "copy-floor has no echo peer: " + copy);
        final Measurement streamed = results.get(2).forks().get(0);
        assertTrue(streamed.opsPerSecond() > 0 && streamed.echoBytesPerOp() >= 0, streamed.toString());
        assertTrue(results.get(3).forks().get(0).echoBytesPerOp() >= 0, results.get(3).forks().toString());

        new ResultsReport(Rows.TABLES, results, "./entangle bench --smoke", SMOKE, 1).write(dir);
        final String md = Files.readString(dir.resolve("latest.md"));
        assertTrue(md.contains("Command: `./entangle bench --smoke`"), md);
        assertTrue(md.contains("| 64 KiB | copy-floor | 2 |"), md);
        assertTrue(md.contains("| entangle-spin String(32) | 1 |"), md);
        assertTrue(Files.readString(dir.resolve("latest.json")).contains("\"echo_bytes_per_op\": "));
        assertTrue(Files.readString(dir.resolve("jmh.log")).contains("=== payload/copy-floor/65536, fork 2"));
        assertFalse(progress.toString(StandardCharsets.UTF_8).contains("FAILED"), progress::toString);
    }

    @Test
    void theReportGivesMediansAcrossForksAndRatiosForkByFork() throws Exception
    {
        final RowResult port = result(Rows.ROUND_TRIP, Rows.MESSAGE_PORT, 64, 2000, 3000, 2500);
        final RowResult chronicle = result(Rows.ROUND_TRIP, Transports.CHRONICLE, 64, 1000, 2000, 2500);
        final RowResult floor = result(Rows.PAYLOAD, Rows.COPY_FLOOR, 1 << 20, 40_000, 50_000, 45_000);
        final RowResult big = result(Rows.PAYLOAD, Rows.MESSAGE_PORT, 1 << 20, 400_000, 400_000, 450_000);
        new ResultsReport(Rows.TABLES, List.of(port, chronicle, big, floor), "test", SMOKE, 0).write(dir);

        final String md = Files.readString(dir.resolve("latest.md"));
        // Medians of 1000/2000/2500 and ratios 2000/1000, 3000/2000, 2500/2500.
        assertTrue(md.contains("| chronicle-queue | 3 | 2.00 µs |"), md);
        assertTrue(md.contains("1.00 µs, 2.00 µs, 2.50 µs"), md);
        assertTrue(md.contains("| 1.50 [1.00–2.00] |"), md);
        // MessagePort over the copy floor: 10, 8, 10.
        assertTrue(md.contains("| 1 MiB | copy-floor | 3 | 45 µs |"), md);
        assertTrue(md.contains("| 10.00 [8.00–10.00] |"), md);
        assertTrue(md.contains("MessagePort p50 no worse than raw Chronicle Queue's: `round_trip/entangle-spin/64` ÷ " +
            "`round_trip/chronicle-queue/64`, p50, at most 1.00: 1.50 [1.00–2.00] over 3 forks — missed"), md);
        final String json = Files.readString(dir.resolve("latest.json"));
        assertTrue(json.contains("\"command\": \"test\""), json);
        assertTrue(json.contains(
            "\"p50\": {\"median\": 1.5000, \"min\": 1.0000, \"max\": 2.0000, \"forks\": 3}"), json);
        assertTrue(Files.readString(dir.resolve("latest.svg")).contains("<polyline"));
    }

    private static RowResult result(final Table table, final String label, final int size, final double... p50s)
    {
        final RowResult result = new RowResult(JmhRow.of(table, label, RoundTripBenchmark.class).payload(size));
        for (int i = 0; i < p50s.length; i++)
        {
            final double p50 = p50s[i];
            result.add(new Measurement(i + 1, p50, p50 * 1.2, p50 * 2, p50 * 4, p50 * 1.1, p50 * 10, 1000, Double.NaN,
                288, 96));
        }
        return result;
    }
}
