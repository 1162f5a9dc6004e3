package dev.entangle.bench;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The figures of one fork of one row. A figure that does not apply, or was not measured, is NaN.
 *
 * @param fork            the fork's number, from 1: forks of the same number ran in the same round.
 * @param p50Ns           median latency.
 * @param p90Ns           90th percentile.
 * @param p99Ns           99th percentile.
 * @param p999Ns          99.9th percentile.
 * @param meanNs          mean latency.
 * @param maxNs           largest latency.
 * @param samples         how many latencies the percentiles come from (operations, for throughput).
 * @param opsPerSecond    throughput.
 * @param benchBytesPerOp bytes the benchmark's JVM allocated per operation ({@code -prof gc}).
 * @param echoBytesPerOp  bytes the echo peer's echo thread allocated per message it took.
 */
record Measurement(
    int fork,
    double p50Ns,
    double p90Ns,
    double p99Ns,
    double p999Ns,
    double meanNs,
    double maxNs,
    long samples,
    double opsPerSecond,
    double benchBytesPerOp,
    double echoBytesPerOp)
{
    private static final String GC_NORM = "gc.alloc.rate.norm";
    private static final String GC_RATE = "gc.alloc.rate";

    /**
     * @param fork the fork's number.
     * @param run  what JMH returned for that fork.
     * @return its figures, in nanoseconds and per second whatever the benchmark's time unit.
     */
    static Measurement of(final int fork, final RunResult run)
    {
        final Result<?> primary = run.getPrimaryResult();
        final long unitNs = run.getParams().getTimeUnit().toNanos(1);
        final double bench = benchAllocation(run);
        final Result<?> echo = run.getSecondaryResults().get(EchoAllocationProfiler.LABEL);
        final double echoBytes = echo == null ? Double.NaN : echo.getScore();
        if (run.getParams().getMode() == Mode.Throughput)
        {
            return new Measurement(fork, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                primary.getSampleCount(), primary.getScore() * 1e9 / unitNs, bench, echoBytes);
        }
        final Statistics stats = primary.getStatistics();
        return new Measurement(fork, stats.getPercentile(50) * unitNs, stats.getPercentile(90) * unitNs,
            stats.getPercentile(99) * unitNs, stats.getPercentile(99.9) * unitNs, stats.getMean() * unitNs,
            stats.getMax() * unitNs, stats.getN(), Double.NaN, bench, echoBytes);
    }

    /**
     * @param fork      the fork's number.
     * @param histogram latencies in nanoseconds.
     * @return its figures; nothing is known of allocation.
     */
    static Measurement of(final int fork, final Histogram histogram)
    {
        return new Measurement(fork, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMean(),
            histogram.getMaxValue(), histogram.getTotalCount(), Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * {@code -prof gc} reports no normalised figure for an iteration that allocated nothing, only the rate; a rate
     * without a normalised figure therefore means zero.
     */
    private static double benchAllocation(final RunResult run)
    {
        double norm = Double.NaN;
        boolean rate = false;
        for (final String label : run.getSecondaryResults().keySet())
        {
            if (label.endsWith(GC_NORM))
            {
                final Result<?> result = run.getSecondaryResults().get(label);
                norm = result.getScore();
            }
            else if (label.endsWith(GC_RATE))
            {
                rate = true;
            }
        }
        return Double.isNaN(norm) && rate ? 0 : norm;
    }
}
