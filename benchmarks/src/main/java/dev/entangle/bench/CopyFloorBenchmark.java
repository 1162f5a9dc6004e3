package dev.entangle.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * The {@link CopyFloor} of each payload size as a JMH benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CopyFloorBenchmark extends ForkedBenchmark
{
    /** The size of the payload. */
    @Param({ "65536", "1048576", "67108864" })
    public int payloadBytes;

    private CopyFloor floor;

    /**
     * Maps the floor's memory.
     */
    @Setup(Level.Trial)
    public void open()
    {
        floor = new CopyFloor(payloadBytes);
    }

    /**
     * Heap to mapped memory to a new heap array, twice.
     *
     * @return the array that came back, so the copies cannot be optimised away.
     */
    @Benchmark
    public byte[] roundTrip()
    {
        return floor.roundTrip();
    }

    /**
     * Unmaps the file and deletes it.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        floor.close();
    }
}
