package dev.entangle.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.TimeUnit;

/**
 * What every round-trip benchmark shares: a link to an echo peer in a second JVM, opened for the trial, sampled
 * per round trip so that percentiles are reported, and the echo peer's allocation over each measured iteration
 * (see {@link EchoAllocationProfiler}). Subclasses choose the transport, the payload, the message type (bytes, a
 * string, or an {@code ArrayBuffer} transferred) and any setting that must be in place before the link opens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class RoundTripState extends ForkedBenchmark
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
     * @return when above 0, each round trip carries a string of this many characters instead of the payload.
     */
    protected int textChars()
    {
        return 0;
    }

    /**
     * @return true when each round trip moves an {@code ArrayBuffer} of {@link #payloadBytes()} through MessagePort
     * in the transfer list, there and back, instead of sending a payload.
     */
    protected boolean transfersArrayBuffer()
    {
        return false;
    }

    /**
     * Sets system properties that this JVM and the echo peer's must see before the link opens.
     */
    protected void configure()
    {
    }

    /**
     * Opens the link for the trial.
     */
    @Setup(Level.Trial)
    public void open()
    {
        configure();
        state = transfersArrayBuffer() ? LinkState.transferring(payloadBytes()) :
            new LinkState(transport(), payloadBytes(), textChars());
    }

    /**
     * Starts counting the echo peer's allocation when a measured iteration begins.
     *
     * @param iteration the iteration about to run.
     */
    @Setup(Level.Iteration)
    public void markEcho(final IterationParams iteration)
    {
        if (iteration.getType() == IterationType.MEASUREMENT)
        {
            state.markEchoAllocation();
        }
    }

    /**
     * One round trip.
     */
    @Benchmark
    public void roundTrip()
    {
        state.roundTrip();
    }

    /**
     * Reads the echo peer's allocation when a measured iteration ends.
     *
     * @param iteration the iteration that ran.
     */
    @TearDown(Level.Iteration)
    public void reportEcho(final IterationParams iteration)
    {
        if (iteration.getType() == IterationType.MEASUREMENT)
        {
            state.reportEchoAllocation();
        }
    }

    /**
     * Closes the link and stops the echo peer.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        state.close();
    }
}
