package dev.entangle.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Round trips of 64 B to 1 MiB messages through Entangle and through raw Chronicle Queue, with the echo peer in a
 * second JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    BenchFlags.ADD_EXPORTS_REF, BenchFlags.ADD_EXPORTS_NIO, BenchFlags.ADD_EXPORTS_MISC, BenchFlags.ADD_EXPORTS_UTIL,
    BenchFlags.ADD_OPENS_LANG, BenchFlags.ADD_OPENS_REFLECT, BenchFlags.ADD_OPENS_IO, BenchFlags.ADD_OPENS_NIO,
    BenchFlags.ADD_OPENS_NIO_CH, BenchFlags.ADD_OPENS_UTIL, BenchFlags.NO_ANALYTICS, BenchFlags.HEAP })
public class PayloadBenchmark
{
    @Param({ "entangle-spin", "chronicle-queue" })
    public String transport;

    @Param({ "64", "1024", "65536", "1048576" })
    public int payloadBytes;

    private LinkState state;

    @Setup(Level.Trial)
    public void open()
    {
        state = new LinkState(transport, payloadBytes);
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
