package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;
import dev.entangle.bench.transport.EchoPeer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    static final List<String> STREAMED = List.of("entangle-spin", "chronicle-queue", "agrona-ring-buffer");

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
    void theFixedRateRunRecordsEveryMessage() throws Exception
    {
        for (final String transport : List.of("entangle-spin", "chronicle-queue"))
        {
            final Histogram histogram = new FixedRateRun(transport, 10_000, 0, 1).run(dir.resolve(transport + ".hlog"));
            assertTrue(histogram.getTotalCount() >= 9_000, transport + " recorded " + histogram.getTotalCount());
        }
    }

    @Test
    void theReportWritesJsonMarkdownAndAChart() throws Exception
    {
        final List<ResultRow> rows = List.of(
            new ResultRow("round_trip", "entangle-spin", 64, 2000.0, 3000.0, 9000.0, 20000.0, 50000.0, null),
            new ResultRow("round_trip", "chronicle-queue", 64, 1500.0, 2000.0, 8000.0, 15000.0, 40000.0, null),
            new ResultRow("throughput", "entangle-spin", 64, null, null, null, null, null, 1.5e6));
        new ResultsReport(rows, "test", "none", 0).write(dir);
        final String json = java.nio.file.Files.readString(dir.resolve("latest.json"));
        assertTrue(json.contains("{\"benchmark\": \"round_trip\", \"transport\": \"entangle-spin\", " +
            "\"payload_bytes\": 64, \"p50_ns\": 2000.0, \"p90_ns\": 3000.0, \"p99_ns\": 9000.0, " +
            "\"p999_ns\": 20000.0, \"max_ns\": 50000.0, \"throughput_msgs_per_s\": null}"), json);
        assertTrue(java.nio.file.Files.readString(dir.resolve("latest.md")).contains("| chronicle-queue | 1.50 µs"));
        assertTrue(java.nio.file.Files.readString(dir.resolve("latest.svg")).contains("<polyline"));
    }
}
