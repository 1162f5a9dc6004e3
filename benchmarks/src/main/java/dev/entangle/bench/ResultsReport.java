package dev.entangle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a run's rows into the files people read: {@code latest.json} (every figure), {@code latest.md} (tables with
 * each transport's ratio to Entangle's MessagePort, and the targets) and {@code latest.svg} (the latency percentile
 * distribution of every transport on one chart).
 */
final class ResultsReport
{
    static final String MESSAGE_PORT = "entangle-spin";

    private final List<ResultRow> rows;
    private final String command;
    private final String profile;
    private final long seconds;

    ResultsReport(final List<ResultRow> rows, final String command, final String profile, final long seconds)
    {
        this.rows = rows;
        this.command = command;
        this.profile = profile;
        this.seconds = seconds;
    }

    void write(final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("latest.json"),
            rows.stream().map(ResultRow::toJson).collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n")));
        Files.writeString(dir.resolve("latest.md"), markdown());
        Files.writeString(dir.resolve("latest.svg"), new PercentileChart(of("round_trip")).svg());
    }

    private List<ResultRow> of(final String benchmark)
    {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
    }

    private Optional<ResultRow> find(final String benchmark, final String transport, final int payload)
    {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark) && r.transport().equals(transport) &&
            r.payloadBytes() == payload).findFirst();
    }

    private String markdown() throws IOException
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Command: `").append(command).append("` (").append(profile).append(" profile, ")
            .append(seconds).append(" s), ").append(Instant.now()).append("\n\n");
        md.append("Machine: ").append(BenchMain.machine()).append("\n\n");
        md.append("Every figure comes from the same run. Latency is a round trip between this JVM and an echo peer ")
            .append("in a second JVM (JMH `SampleTime`), in microseconds; a ratio is the transport's figure divided ")
            .append("by Entangle `MessagePort`'s (`entangle-spin`), so above 1 means slower than `MessagePort`.\n\n");

        md.append("## Round trip, 64 B\n\n");
        final Optional<ResultRow> port = find("round_trip", MESSAGE_PORT, 64);
        md.append("| transport | p50 | p90 | p99 | p99.9 | max | p50 ratio | p99 ratio |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (final ResultRow row : of("round_trip"))
        {
            md.append(latencyLine(row)).append(" | ").append(ratio(row.p50Ns(), port.map(ResultRow::p50Ns)))
                .append(" | ").append(ratio(row.p99Ns(), port.map(ResultRow::p99Ns))).append(" |\n");
        }
        md.append("\n![latency percentiles](latest.svg)\n\n");

        md.append("## Payload sizes\n\n| transport | payload | p50 | p90 | p99 | p99.9 | max |\n")
            .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        of("payload").forEach(r -> md.append("| ").append(r.transport()).append(" | ").append(r.payloadBytes())
            .append(" B | ").append(latencies(r)).append(" |\n"));

        md.append("\n## One-way throughput, 64 B\n\n| transport | messages/s | ratio to MessagePort |\n")
            .append("| --- | ---: | ---: |\n");
        final Optional<ResultRow> portThroughput = find("throughput", MESSAGE_PORT, 64);
        of("throughput").forEach(r -> md.append("| ").append(r.transport()).append(" | ")
            .append(String.format(Locale.ROOT, "%,.0f", r.throughputMsgsPerS())).append(" | ")
            .append(ratio(r.throughputMsgsPerS(), portThroughput.map(ResultRow::throughputMsgsPerS)))
            .append(" |\n"));

        md.append("\n## Idle ports in the echo peer's context (doorbell on, and off)\n\n")
            .append("| configuration | p50 | p90 | p99 | p99.9 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        of("idle_scale").forEach(r -> md.append(latencyLine(r)).append(" |\n"));

        md.append("\n## Pre-faulter on and off\n\n| configuration | p50 | p90 | p99 | p99.9 | max |\n")
            .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        of("fast_path").forEach(r -> md.append(latencyLine(r)).append(" |\n"));

        md.append("\n## Fixed rate, 100,000 round trips/s, corrected for coordinated omission\n\n")
            .append("Histograms: `fixed-rate-<transport>.hlog`.\n\n")
            .append("| transport | p50 | p90 | p99 | p99.9 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        of("fixed_rate_100k").forEach(r -> md.append(latencyLine(r)).append(" |\n"));

        md.append("\n## Targets\n\n");
        target(md, "MessagePort p50 at most 1.5x raw Chronicle Queue's", "round_trip", "chronicle-queue",
            ResultRow::p50Ns, 1.5, true);
        target(md, "MessagePort p99 no worse than raw Chronicle Queue's", "round_trip", "chronicle-queue",
            ResultRow::p99Ns, 1.0, true);
        target(md, "MessagePort p99 within 3x of the Agrona ring buffer's", "round_trip", "agrona-ring-buffer",
            ResultRow::p99Ns, 3.0, true);
        target(md, "MessagePort at least 30x faster than a blocking Unix socket at p50", "round_trip",
            "uds-blocking", ResultRow::p50Ns, 1.0 / 30, true);
        target(md, "MessagePort throughput at least half of raw Chronicle Queue's", "throughput", "chronicle-queue",
            ResultRow::throughputMsgsPerS, 0.5, false);
        final Optional<ResultRow> idle0 = find("idle_scale", "entangle-spin idle=0 doorbell", 64);
        final Optional<ResultRow> idle10k = find("idle_scale", "entangle-spin idle=10000 doorbell", 64);
        if (idle0.isPresent() && idle10k.isPresent())
        {
            final double factor = idle10k.get().p50Ns() / idle0.get().p50Ns();
            md.append(String.format(Locale.ROOT, "- with 10,000 idle ports p50 at most 1.5x the one-port figure: " +
                "%.2fx — %s\n", factor, factor <= 1.5 ? "met" : "missed"));
        }
        return md.toString();
    }

    private void target(
        final StringBuilder md, final String what, final String benchmark, final String other,
        final Function<ResultRow, Double> figure, final double limit, final boolean lowerIsBetter)
    {
        final Optional<ResultRow> port = find(benchmark, MESSAGE_PORT, 64);
        final Optional<ResultRow> peer = find(benchmark, other, 64);
        if (port.isEmpty() || peer.isEmpty())
        {
            return;
        }
        final double ratio = figure.apply(port.get()) / figure.apply(peer.get());
        final boolean met = lowerIsBetter ? ratio <= limit : ratio >= limit;
        md.append(String.format(Locale.ROOT, "- %s: MessagePort / %s = %.2f — %s\n", what, other, ratio,
            met ? "met" : "missed"));
    }

    private static String latencyLine(final ResultRow r)
    {
        return "| " + r.transport() + " | " + latencies(r);
    }

    private static String latencies(final ResultRow r)
    {
        return micros(r.p50Ns()) + " | " + micros(r.p90Ns()) + " | " + micros(r.p99Ns()) + " | " +
            micros(r.p999Ns()) + " | " + micros(r.maxNs());
    }

    private static String micros(final Double ns)
    {
        return ns == null ? "" : String.format(Locale.ROOT, ns < 10_000 ? "%.2f µs" : "%.0f µs", ns / 1000);
    }

    private static String ratio(final Double value, final Optional<Double> base)
    {
        return value == null || base.isEmpty() || base.get() == null ? "" :
            String.format(Locale.ROOT, "%.2f", value / base.get());
    }
}
