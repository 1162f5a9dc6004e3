package dev.entangle.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * What every round-trip benchmark shares: a link to an echo peer in a second JVM, opened for the trial, sampled
 * per round trip so that percentiles are reported, and JMH forks that carry the library's JVM flags. Subclasses
 * choose the transport, the payload and any setting that must be in place before the link opens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = BenchFlags.HEAP)
public abstract class RoundTripState
{
    private LinkState state;

    /**
     * @return the transport to measure.
     */
    protected String transport()
    {
        return "entangle-spin";
    }

    /**
     * @return the payload size.
     */
    protected int payloadBytes()
    {
        return 64;
    }

    /**
     * Sets system properties that this JVM and the echo peer's must see before the link opens.
     */
    protected void configure()
    {
    }

    @Setup(Level.Trial)
    public void open()
    {
        configure();
        state = new LinkState(transport(), payloadBytes());
    }

    @Benchmark
    public void roundTrip()
    {
        state.roundTrip();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        state.close();
    }
}
