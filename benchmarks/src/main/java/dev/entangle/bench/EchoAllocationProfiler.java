package dev.entangle.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * Adds the echo peer's allocation to JMH's results: {@value #LABEL}, the bytes that the echo JVM's echo thread
 * allocated per message it took, beside {@code -prof gc}'s {@code gc.alloc.rate.norm} for the benchmark's own JVM.
 * <p>
 * A profiler runs in the benchmark's fork but cannot reach the benchmark's state, and by the time it runs after the
 * last iteration the trial's teardown has already stopped the echo peer. So the state asks the echo peer in its
 * iteration teardown and leaves the figure here with {@link #record(double)}; {@link #afterIteration} collects it.
 * Use it from JMH's command line as {@code -prof dev.entangle.bench.EchoAllocationProfiler}.
 */
public final class EchoAllocationProfiler implements InternalProfiler
{
    /** The secondary result's name. */
    public static final String LABEL = "echo.alloc.norm";

    /** The last measured iteration's figure, NaN when none waits. Written and read by JMH's threads in turn. */
    private static volatile double lastBytesPerMessage = Double.NaN;

    /**
     * Leaves the echo peer's figure of the iteration that is ending.
     *
     * @param bytesPerMessage bytes allocated by the echo thread per message it took, NaN when not known.
     */
    static void record(final double bytesPerMessage)
    {
        lastBytesPerMessage = bytesPerMessage;
    }

    @Override
    public String getDescription()
    {
        return "allocation of the echo peer's echo thread, per message, in its own JVM";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        lastBytesPerMessage = Double.NaN;
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        final double bytes = lastBytesPerMessage;
        lastBytesPerMessage = Double.NaN;
        return Double.isNaN(bytes) ? List.of() : List.of(new ScalarResult(LABEL, bytes, "B/op", AggregationPolicy.AVG));
    }
}
