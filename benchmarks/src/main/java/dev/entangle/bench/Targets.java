package dev.entangle.bench;

import dev.entangle.bench.RowResult.Spread;
import dev.entangle.bench.transport.Transports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The goals the results are held to, each a ratio of one row's figure to another's, computed fork by fork between
 * forks of the same round and judged by its median across forks. A target whose two rows are not both in the run
 * (a run of some rows only) is left out of the report.
 */
final class Targets
{
    private static final String PORT = "round_trip/entangle-spin/64";
    private static final String CHRONICLE = "round_trip/chronicle-queue/64";
    /** What the sliced table measures: its targets are the others' whose rows are these. */
    private static final List<String> SLICED_CONTESTANTS = List.of(Transports.ENTANGLE_SPIN,
        Transports.ENTANGLE_BYTES, Transports.CHRONICLE, Transports.AGRONA, Rows.COPY_FLOOR);

    /** Every target measured by JMH forks, in report order. */
    private static final List<Target> FORKED = List.of(
        new Target("MessagePort p50 no worse than raw Chronicle Queue's", PORT, CHRONICLE, Figure.P50, 1.0, true),
        new Target("MessagePort p99.9 no worse than raw Chronicle Queue's", PORT, CHRONICLE, Figure.P999, 1.0, true),
        new Target("MessagePort mean no worse than raw Chronicle Queue's", PORT, CHRONICLE, Figure.MEAN, 1.0, true),
        new Target("MessagePort p99 within 3x of the Agrona ring buffer's", PORT, "round_trip/agrona-ring-buffer/64",
            Figure.P99, 3.0, true),
        new Target("MessagePort's bytes path p99 within 3x of the Agrona ring buffer's", "round_trip/entangle-bytes/64",
            "round_trip/agrona-ring-buffer/64", Figure.P99, 3.0, true),
        new Target("MessagePort p99 with the heaps on huge pages within 3x of the Agrona ring buffer's",
            "round_trip/" + Rows.HUGE_PAGES + "/64", "round_trip/agrona-ring-buffer/64", Figure.P99, 3.0, true),
        new Target("64 KiB payload p50 within 3x of the copy floor", "payload/entangle-spin/65536",
            "payload/copy-floor/65536", Figure.P50, 3.0, true),
        new Target("1 MiB payload p50 within 3x of the copy floor", "payload/entangle-spin/1048576",
            "payload/copy-floor/1048576", Figure.P50, 3.0, true),
        new Target("64 KiB payload on the bytes path p50 within 3x of the copy floor",
            "payload/entangle-bytes/65536", "payload/copy-floor/65536", Figure.P50, 3.0, true),
        new Target("1 MiB payload on the bytes path p50 within 3x of the copy floor",
            "payload/entangle-bytes/1048576", "payload/copy-floor/1048576", Figure.P50, 3.0, true),
        new Target("MessagePort throughput at least raw Chronicle Queue's", "throughput/entangle-spin/64",
            "throughput/chronicle-queue/64", Figure.THROUGHPUT, 1.0, false),
        new Target("ArrayBuffer transfer p50 of 64 MiB within 2x of that of 64 KiB (size-independent)",
            "transfer/" + Rows.TRANSFER_LABEL + "/67108864", "transfer/" + Rows.TRANSFER_LABEL + "/65536",
            Figure.P50, 2.0, true),
        new Target("Remote call p50 at most 1.5x the MessagePort round trip's", "remote/" + Rows.REMOTE_CALL, PORT,
            Figure.P50, 1.5, true),
        new Target("counters cost at most 3% of the round trip, p50", "counters/" + Rows.COUNTERS_ON + "/64",
            "counters/" + Rows.COUNTERS_OFF + "/64", Figure.P50, 1.03, true),
        new Target("counters cost at most 3% of the round trip, mean", "counters/" + Rows.COUNTERS_ON + "/64",
            "counters/" + Rows.COUNTERS_OFF + "/64", Figure.MEAN, 1.03, true),
        new Target("with 10,000 idle ports p50 at most 1.5x the one-port figure",
            "idle_scale/entangle-spin idle=10000 doorbell", "idle_scale/entangle-spin idle=0 doorbell", Figure.P50,
            1.5, true));

    /** Every target, in report order: those of JMH forks, then those measured in turns. */
    static final List<Target> ALL = withSliced(FORKED);

    private Targets()
    {
    }

    /**
     * Adds after the targets the same goals measured in turns ({@link SlicedGroup}), for each target whose two rows
     * both have a contestant in the sliced table, except the tail of raw Chronicle Queue: its queue grows into memory
     * never touched before with every message, and with the other contestants' JVMs alive beside it those first
     * touches were slower (its p99 in turns 28–33 µs in most runs, against 9–12 µs in its own forks and when it
     * took turns alone), which would flatter any ratio to its p99.9 or mean. Its median was the same either way.
     */
    private static List<Target> withSliced(final List<Target> forked)
    {
        final List<Target> all = new ArrayList<>(forked);
        for (final Target target : forked)
        {
            final Optional<String> numerator = sliced(target.numerator());
            final Optional<String> denominator = sliced(target.denominator());
            final boolean chronicleTail = target.denominator().equals(CHRONICLE) && target.figure() != Figure.P50;
            if (numerator.isPresent() && denominator.isPresent() && !chronicleTail)
            {
                all.add(new Target(target.what() + ", in turns", numerator.get(), denominator.get(),
                    target.figure(), target.limit(), target.atMost()));
            }
        }
        return List.copyOf(all);
    }

    /** The sliced table's row of a round-trip or payload row, when it has one. */
    private static Optional<String> sliced(final String id)
    {
        for (final String table : List.of(Rows.ROUND_TRIP.id(), Rows.PAYLOAD.id()))
        {
            final String prefix = table + "/";
            if (id.startsWith(prefix))
            {
                final String rest = id.substring(prefix.length());
                for (final String contestant : SLICED_CONTESTANTS)
                {
                    if (rest.startsWith(contestant + "/"))
                    {
                        return Optional.of(Rows.SLICED.id() + "/" + rest);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A figure of {@link Measurement} that a target compares.
     */
    enum Figure
    {
        /** Median latency. */
        P50("p50", Measurement::p50Ns),
        /** 99th percentile. */
        P99("p99", Measurement::p99Ns),
        /** 99.9th percentile. */
        P999("p99.9", Measurement::p999Ns),
        /** Mean latency. */
        MEAN("mean", Measurement::meanNs),
        /** Operations per second. */
        THROUGHPUT("messages/s", Measurement::opsPerSecond);

        private final String text;
        private final ToDoubleFunction<Measurement> value;

        Figure(final String text, final ToDoubleFunction<Measurement> value)
        {
            this.text = text;
            this.value = value;
        }

        /**
         * @return its name in the report.
         */
        String text()
        {
            return text;
        }

        /**
         * @return how to read it from a fork's figures.
         */
        ToDoubleFunction<Measurement> value()
        {
            return value;
        }
    }

    /**
     * One goal: {@code numerator}'s figure divided by {@code denominator}'s, at most (or at least) {@code limit}.
     *
     * @param what        the goal in words.
     * @param numerator   the id ({@link Row#id()}) of the row whose figure is divided.
     * @param denominator the id of the row whose figure divides it.
     * @param figure      the figure compared.
     * @param limit       the bound on the ratio's median.
     * @param atMost      true when the ratio must not exceed the limit, false when it must reach it.
     */
    record Target(String what, String numerator, String denominator, Figure figure, double limit, boolean atMost)
    {
        /**
         * @param find a row's result by its id, when it ran.
         * @return the ratio across forks; empty when either row did not run.
         */
        Optional<Spread> ratio(final Function<String, Optional<RowResult>> find)
        {
            final Optional<RowResult> top = find.apply(numerator);
            final Optional<RowResult> bottom = find.apply(denominator);
            if (top.isEmpty() || bottom.isEmpty())
            {
                return Optional.empty();
            }
            return Optional.of(RowResult.ratio(top.get(), bottom.get(), figure.value()));
        }

        /**
         * @param ratio the ratio across forks.
         * @return whether its median meets the goal; false when no fork had it.
         */
        boolean met(final Spread ratio)
        {
            return ratio.count() > 0 && (atMost ? ratio.median() <= limit : ratio.median() >= limit);
        }

        /**
         * @return the bound in words, such as {@code at most 1.5}.
         */
        String bound()
        {
            return (atMost ? "at most " : "at least ") + String.format(Locale.ROOT, "%.2f", limit);
        }
    }
}
