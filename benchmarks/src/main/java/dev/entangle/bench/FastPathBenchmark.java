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
 * The pre-faulter's effect: the Entangle round trip with it (the default) and without it, in both JVMs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    BenchFlags.ADD_EXPORTS_REF, BenchFlags.ADD_EXPORTS_NIO, BenchFlags.ADD_EXPORTS_MISC, BenchFlags.ADD_EXPORTS_UTIL,
    BenchFlags.ADD_OPENS_LANG, BenchFlags.ADD_OPENS_REFLECT, BenchFlags.ADD_OPENS_IO, BenchFlags.ADD_OPENS_NIO,
    BenchFlags.ADD_OPENS_NIO_CH, BenchFlags.ADD_OPENS_UTIL, BenchFlags.NO_ANALYTICS, BenchFlags.HEAP })
public class FastPathBenchmark
{
    @Param({ "true", "false" })
    public String prefault;

    private LinkState state;

    @Setup(Level.Trial)
    public void open()
    {
        // Read by the library when it first loads in this JVM, and passed on to the echo peer's.
        System.setProperty("entangle.prefault", prefault);
        state = new LinkState("entangle-spin", 64);
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
