package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.TimeUnit;

/**
 * One-way throughput of 64-byte messages to a peer in a second JVM, with flow control by windows: the peer
 * acknowledges every {@link #WINDOW}th message, and the sender never has more than two windows unacknowledged. Each
 * invocation sends one window, then waits for the acknowledgement of the window before it, so the stream never stops
 * while what is buffered stays bounded (about 2 x 1,000 x 64 B, far under the 64 MiB at which Entangle ports will
 * refuse a post). A score is messages per second.
 * <p>
 * Once {@code MessagePort.offerMessage} exists, the Entangle sender can instead offer each message and spin while it
 * returns false ({@code EntangleLink.send}); the windows then only keep the comparison the same for every transport.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark extends ForkedBenchmark
{
    /** Messages per acknowledgement. */
    static final int WINDOW = 1000;

    /** The transport measured. */
    @Param({ "entangle-spin", "chronicle-queue", "agrona-ring-buffer" })
    public String transport;

    private LinkState state;
    /** Whether a window was sent whose acknowledgement has not been taken yet. */
    private boolean windowInFlight;

    /**
     * Opens the link; the echo peer acknowledges once per window.
     */
    @Setup(Level.Trial)
    public void open()
    {
        System.setProperty(EchoPeer.ACK_EVERY_PROP, Integer.toString(WINDOW));
        state = new LinkState(transport, 64, 0);
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
     * Sends one window and takes the acknowledgement of the previous one.
     */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public void stream()
    {
        for (int i = 0; i < WINDOW; i++)
        {
            state.link.send(state.payload, state.payload.length);
        }
        if (windowInFlight)
        {
            state.link.receive();
        }
        windowInFlight = true;
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
     * Takes the last acknowledgement, so nothing is in flight, and closes the link.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        try
        {
            if (windowInFlight)
            {
                state.link.receive();
                windowInFlight = false;
            }
        }
        finally
        {
            state.close();
        }
    }
}
