package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One-way throughput of 64-byte messages to a peer in a second JVM, which acknowledges every {@link #BATCH}th:
 * each invocation streams a batch and waits for its acknowledgement, so a score is messages per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = BenchFlags.HEAP)
public class ThroughputBenchmark
{
    static final int BATCH = 1000;

    @Param({ "entangle-spin", "chronicle-queue", "agrona-ring-buffer" })
    public String transport;

    private LinkState state;

    @Setup(Level.Trial)
    public void open()
    {
        System.setProperty(EchoPeer.ACK_EVERY_PROP, Integer.toString(BATCH));
        state = new LinkState(transport, 64);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void stream()
    {
        for (int i = 0; i < BATCH; i++)
        {
            state.link.send(state.payload, state.payload.length);
        }
        state.link.receive();
    }

    @TearDown(Level.Trial)
    public void close()
    {
        state.close();
    }
}
