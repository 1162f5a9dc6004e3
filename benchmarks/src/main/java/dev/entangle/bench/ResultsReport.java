package dev.entangle.bench;

import dev.entangle.bench.RowResult.Spread;
import dev.entangle.bench.Targets.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Turns a run's results into the files people read: {@code latest.json} (see {@link ResultsJson}), {@code latest.md}
 * (a table per {@link Table}, and the {@link Targets}) and {@code latest.svg} (the latency percentiles of every
 * transport's round trip on one chart). The command that produced them is written in both.
 */
final class ResultsReport
{
    private final List<Table> tables;
    private final List<RowResult> results;
    private final String command;
    private final Profile profile;
    private final long seconds;

    /**
     * @param tables  the tables, in report order.
     * @param results every row's result.
     * @param command the command that produced them, as the reader would type it.
     * @param profile the run's profile.
     * @param seconds how long the run took.
     */
    ResultsReport(
        final List<Table> tables, final List<RowResult> results, final String command, final Profile profile,
        final long seconds)
    {
        this.tables = tables;
        this.results = results;
        this.command = command;
        this.profile = profile;
        this.seconds = seconds;
    }

    /**
     * Writes the three files.
     *
     * @param dir the results folder.
     * @throws IOException when a file cannot be written.
     */
    void write(final Path dir) throws IOException
    {
        final String machine = BenchMain.machine();
        final String finished = Instant.now().toString();
        Files.writeString(dir.resolve("latest.json"),
            new ResultsJson(this, tables, results, command, profile, seconds).json(machine, finished));
        Files.writeString(dir.resolve("latest.md"), markdown(machine, finished));
        Files.writeString(dir.resolve("latest.svg"), new PercentileChart(of(Rows.ROUND_TRIP)).svg());
    }

    private List<RowResult> of(final Table table)
    {
        return results.stream().filter(r -> r.row().table().equals(table)).toList();
    }

    /**
     * @param table a table.
     * @return the rows it shows: its own, then those of other tables that it names, in that order; for a table of
     * several sizes, ordered by size first.
     */
    List<RowResult> shown(final Table table)
    {
        final List<RowResult> rows = new ArrayList<>(of(table));
        for (final String id : table.shows())
        {
            byId(id).ifPresent(rows::add);
        }
        if (table.bySize())
        {
            // A stable sort: within a size, the order above.
            rows.sort(Comparator.comparingInt(r -> r.row().payloadBytes()));
        }
        return rows;
    }

    /**
     * @param result a row's result.
     * @return the reference row of the row's own table.
     */
    Optional<RowResult> reference(final RowResult result)
    {
        return reference(result.row().table(), result);
    }

    /**
     * @param table  a table that shows the row.
     * @param result a row's result.
     * @return the table's reference row: the one it shows labelled as the table's reference, of the same payload
     * size if there is one, else of the first size.
     */
    Optional<RowResult> reference(final Table table, final RowResult result)
    {
        final List<RowResult> candidates = shown(table).stream()
            .filter(r -> r.row().label().equals(table.reference())).toList();
        return candidates.stream().filter(r -> r.row().payloadBytes() == result.row().payloadBytes()).findFirst()
            .or(() -> candidates.stream().findFirst());
    }

    Optional<RowResult> byId(final String id)
    {
        return results.stream().filter(r -> r.row().id().equals(id)).findFirst();
    }

    /** A row's label in a table; a row of another table says which. */
    private static String label(final Table table, final RowResult row)
    {
        final Table own = row.row().table();
        return own.equals(table) ? row.row().label() : row.row().label() + " *(" + own.id() + ")*";
    }

    private String markdown(final String machine, final String finished)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Command: `").append(command).append("` (").append(profile.name()).append(" profile, ")
            .append(seconds).append(" s), finished ").append(finished).append("\n\n");
        md.append("Machine: ").append(machine).append("\n\n");
        md.append("Profile: ").append(profile.describe()).append(".\n\n");
        md.append("How to read it. Every figure comes from this one run. Each fork is one JMH benchmark JVM (and the ")
            .append("echo peer's JVM that it launches) measuring one row. Forks ran interleaved, in rounds: round ")
            .append("*n* ran fork *n* of every row, forwards through the rows in odd rounds and backwards in even ")
            .append("ones, so the rows of a round ran within minutes of each other; this machine's pace can still ")
            .append("change between two forks of a round (the sliced table's contestants take turns of a tenth of ")
            .append("a second, so that no such change falls between them). Every JVM that the run starts has `")
            .append(BenchFlags.PRE_TOUCH).append("` (its heap is touched before it runs, as in a long-running ")
            .append("process). Latencies are in µs (JMH `SampleTime`); ")
            .append("p50, p99, p99.9 and mean are each the median, across forks, of that fork's own figure. A ")
            .append("ratio is the table's reference row's figure divided by this row's (the reference is Entangle ")
            .append("`MessagePort`, `entangle-spin`, unless the table says otherwise), computed between forks of the ")
            .append("same round, and shown as its median [min–max] across forks; for latency, above 1 means ")
            .append("the reference takes longer than the row. A row marked with another table's name in italics ")
            .append("is that table's row, measured once and shown again. *B/op here*: bytes allocated per operation ")
            .append("in the benchmark's JVM, all threads (`-prof gc`). *B/op echo*: bytes allocated per message by ")
            .append("the echo peer's echo thread (for `MessagePort`, its context's event loop), in its own JVM, over ")
            .append("the measured iterations.\n");
        for (final Table table : tables)
        {
            final List<RowResult> rows = shown(table);
            if (rows.isEmpty())
            {
                continue;
            }
            md.append("\n## ").append(table.title()).append("\n\n").append(table.note()).append("\n\n");
            switch (table.kind())
            {
                case THROUGHPUT -> throughputTable(md, table, rows);
                case ALLOCATION -> allocationTable(md, table, rows);
                default -> latencyTable(md, table, rows);
            }
            if (table.equals(Rows.ROUND_TRIP))
            {
                md.append("\n![latency percentiles](latest.svg)\n");
            }
        }
        targets(md);
        failures(md);
        return md.toString();
    }

    private void latencyTable(final StringBuilder md, final Table table, final List<RowResult> rows)
    {
        final boolean sizes = table.bySize();
        md.append(sizes ? "| payload " : "").append("| row | forks | p50 | p99 | p99.9 | mean | p50 by fork | ")
            .append("B/op here | B/op echo | ratio p50 | ratio p99 | ratio p99.9 | ratio mean |\n")
            .append(sizes ? "| ---: " : "")
            .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (final RowResult row : rows)
        {
            final Optional<RowResult> reference = reference(table, row);
            if (sizes)
            {
                md.append("| ").append(size(row.row().payloadBytes())).append(' ');
            }
            md.append("| ").append(label(table, row))
                .append(" | ").append(row.forks().size())
                .append(" | ").append(micros(row.median(Measurement::p50Ns)))
                .append(" | ").append(micros(row.median(Measurement::p99Ns)))
                .append(" | ").append(micros(row.median(Measurement::p999Ns)))
                .append(" | ").append(micros(row.median(Measurement::meanNs)))
                .append(" | ").append(byFork(row, Measurement::p50Ns, ResultsReport::micros))
                .append(" | ").append(bytes(row.median(Measurement::benchBytesPerOp)))
                .append(" | ").append(bytes(row.median(Measurement::echoBytesPerOp)))
                .append(" | ").append(ratio(row, reference, Measurement::p50Ns))
                .append(" | ").append(ratio(row, reference, Measurement::p99Ns))
                .append(" | ").append(ratio(row, reference, Measurement::p999Ns))
                .append(" | ").append(ratio(row, reference, Measurement::meanNs))
                .append(" |\n");
        }
    }

    private void throughputTable(final StringBuilder md, final Table table, final List<RowResult> rows)
    {
        md.append("| row | forks | messages/s | by fork | B/op here | B/op echo | ratio |\n")
            .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (final RowResult row : rows)
        {
            md.append("| ").append(label(table, row))
                .append(" | ").append(row.forks().size())
                .append(" | ").append(rate(row.median(Measurement::opsPerSecond)))
                .append(" | ").append(byFork(row, Measurement::opsPerSecond, ResultsReport::rate))
                .append(" | ").append(bytes(row.median(Measurement::benchBytesPerOp)))
                .append(" | ").append(bytes(row.median(Measurement::echoBytesPerOp)))
                .append(" | ").append(ratio(row, reference(table, row), Measurement::opsPerSecond))
                .append(" |\n");
        }
    }

    private static void allocationTable(final StringBuilder md, final Table table, final List<RowResult> rows)
    {
        md.append("| row | forks | B/op here | here by fork | B/op echo | echo by fork |\n")
            .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (final RowResult row : rows)
        {
            md.append("| ").append(label(table, row))
                .append(" | ").append(row.forks().size())
                .append(" | ").append(bytes(row.median(Measurement::benchBytesPerOp)))
                .append(" | ").append(byFork(row, Measurement::benchBytesPerOp, ResultsReport::bytes))
                .append(" | ").append(bytes(row.median(Measurement::echoBytesPerOp)))
                .append(" | ").append(byFork(row, Measurement::echoBytesPerOp, ResultsReport::bytes))
                .append(" |\n");
        }
    }

    private void targets(final StringBuilder md)
    {
        final StringBuilder lines = new StringBuilder();
        for (final Target target : Targets.ALL)
        {
            final Optional<Spread> ratio = target.ratio(this::byId);
            if (ratio.isEmpty())
            {
                continue;
            }
            lines.append("- ").append(target.what()).append(": `").append(target.numerator()).append("` ÷ `")
                .append(target.denominator()).append("`, ").append(target.figure().text()).append(", ")
                .append(target.bound()).append(": ");
            if (ratio.get().count() == 0)
            {
                lines.append("no round in which both ran — not measured\n");
            }
            else
            {
                lines.append(spread(ratio.get())).append(" over ").append(ratio.get().count())
                    .append(ratio.get().count() == 1 ? " fork" : " forks").append(" — ")
                    .append(target.met(ratio.get()) ? "met" : "missed").append('\n');
            }
        }
        if (lines.length() > 0)
        {
            md.append("\n## Targets\n\nEach target is a ratio of two rows' figures, computed fork by fork between ")
                .append("forks of the same round as in the tables, and shown as its median [min–max] across forks; ")
                .append("met or missed by its median. A row with one fork gives one ratio.\n\n").append(lines);
        }
    }

    private void failures(final StringBuilder md)
    {
        final List<String> lines = results.stream()
            .flatMap(r -> r.failures().stream().map(f -> "- " + r.row().id() + ", " + f))
            .toList();
        if (!lines.isEmpty())
        {
            md.append("\n## Failed forks\n\n").append(String.join("\n", lines)).append("\n");
        }
    }

    private static String byFork(
        final RowResult row, final ToDoubleFunction<Measurement> figure, final DoubleFunction<String> format)
    {
        return row.forks().stream().map(m -> format.apply(figure.applyAsDouble(m))).collect(Collectors.joining(", "));
    }

    private static String ratio(
        final RowResult row, final Optional<RowResult> reference, final ToDoubleFunction<Measurement> figure)
    {
        if (reference.isEmpty())
        {
            return "";
        }
        if (reference.get() == row)
        {
            return "ref";
        }
        return spread(RowResult.ratio(reference.get(), row, figure));
    }

    /**
     * @param spread a ratio across forks.
     * @return {@code median [min–max]}, or the median alone from one fork; empty when no fork had it.
     */
    static String spread(final Spread spread)
    {
        if (spread.count() == 0)
        {
            return "";
        }
        final String median = ratioText(spread.median());
        return spread.count() == 1 ? median :
            median + " [" + ratioText(spread.min()) + "–" + ratioText(spread.max()) + "]";
    }

    /** Two decimals, except where they would hide the figure: a tail ratio can be 0.004 or 4,000. */
    private static String ratioText(final double ratio)
    {
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0f" : ratio >= 0.1 ? "%.2f" : "%.2g", ratio);
    }

    /**
     * @param ns nanoseconds, or NaN.
     * @return microseconds, two decimals under 10 µs; empty for NaN.
     */
    static String micros(final double ns)
    {
        return Double.isNaN(ns) ? "" : String.format(Locale.ROOT, ns < 10_000 ? "%.2f µs" : "%.0f µs", ns / 1000);
    }

    private static String bytes(final double value)
    {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value < 10 ? "%.1f" : "%,.0f", value);
    }

    private static String rate(final double value)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String size(final int bytes)
    {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" :
            bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " B";
    }
}
