package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
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
 * The Entangle round trip while the echo peer's context also holds many started, idle ports, whose event loop must
 * find the one busy port among them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    BenchFlags.ADD_EXPORTS_REF, BenchFlags.ADD_EXPORTS_NIO, BenchFlags.ADD_EXPORTS_MISC, BenchFlags.ADD_EXPORTS_UTIL,
    BenchFlags.ADD_OPENS_LANG, BenchFlags.ADD_OPENS_REFLECT, BenchFlags.ADD_OPENS_IO, BenchFlags.ADD_OPENS_NIO,
    BenchFlags.ADD_OPENS_NIO_CH, BenchFlags.ADD_OPENS_UTIL, BenchFlags.NO_ANALYTICS, BenchFlags.HEAP })
public class IdleScaleBenchmark
{
    @Param({ "0", "100", "1000", "10000" })
    public int idlePorts;

    private LinkState state;

    @Setup(Level.Trial)
    public void open()
    {
        System.setProperty(EchoPeer.IDLE_PORTS_PROP, Integer.toString(idlePorts));
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
