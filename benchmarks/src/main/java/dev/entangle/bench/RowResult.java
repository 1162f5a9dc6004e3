package dev.entangle.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A row's forks, as they came in, and what the report derives from them: the median of each figure across forks,
 * and ratios to another row taken fork by fork.
 */
final class RowResult
{
    private final Row row;
    private final List<Measurement> forks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    RowResult(final Row row)
    {
        this.row = row;
    }

    Row row()
    {
        return row;
    }

    /**
     * @return the forks that succeeded, in the order they ran.
     */
    List<Measurement> forks()
    {
        return Collections.unmodifiableList(forks);
    }

    /**
     * @return one line per fork that failed, saying which and why.
     */
    List<String> failures()
    {
        return Collections.unmodifiableList(failures);
    }

    void add(final Measurement fork)
    {
        forks.add(fork);
    }

    void failed(final int fork, final Throwable why)
    {
        final Throwable root = rootCause(why);
        failures.add("fork " + fork + ": " + root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    /**
     * @param figure one of {@link Measurement}'s figures.
     * @return its median across the forks that have it; NaN when none has.
     */
    double median(final ToDoubleFunction<Measurement> figure)
    {
        return Spread.of(forks.stream().mapToDouble(figure).toArray()).median();
    }

    /**
     * @return a measurement whose every figure is this row's median of it, numbered fork 0.
     */
    Measurement medians()
    {
        return new Measurement(0, median(Measurement::p50Ns), median(Measurement::p90Ns), median(Measurement::p99Ns),
            median(Measurement::p999Ns), median(Measurement::meanNs), median(Measurement::maxNs),
            (long)median(m -> m.samples()), median(Measurement::opsPerSecond), median(Measurement::benchBytesPerOp),
            median(Measurement::echoBytesPerOp));
    }

    /**
     * @param numerator   the row whose figure is divided.
     * @param denominator the row whose figure divides it.
     * @param figure      one of {@link Measurement}'s figures.
     * @return the ratio, computed fork by fork between forks of the same number (they ran in the same round, so saw
     * the same machine), summarised across forks.
     */
    static Spread ratio(
        final RowResult numerator, final RowResult denominator, final ToDoubleFunction<Measurement> figure)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final Measurement top : numerator.forks)
        {
            for (final Measurement bottom : denominator.forks)
            {
                if (top.fork() == bottom.fork())
                {
                    ratios.add(figure.applyAsDouble(top) / figure.applyAsDouble(bottom));
                }
            }
        }
        return Spread.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Throwable rootCause(final Throwable error)
    {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A figure across forks.
     *
     * @param median the median (of an even count, the mean of the middle two).
     * @param min    the smallest.
     * @param max    the largest.
     * @param count  how many forks had the figure.
     */
    record Spread(double median, double min, double max, int count)
    {
        static Spread of(final double[] values)
        {
            final double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v) && !Double.isInfinite(v))
                .sorted().toArray();
            final int n = known.length;
            if (n == 0)
            {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            final double median = n % 2 == 1 ? known[n / 2] : (known[n / 2 - 1] + known[n / 2]) / 2;
            return new Spread(median, known[0], known[n - 1], n);
        }
    }
}
