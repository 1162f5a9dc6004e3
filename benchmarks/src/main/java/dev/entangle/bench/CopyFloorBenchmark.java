package dev.entangle.bench;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The floor under a payload round trip, in one JVM: the payload is copied from the heap into memory mapped from a
 * file under {@code /dev/shm}, then out into a newly allocated {@code byte[]}, as a sender writes a message and a
 * receiver decodes it; then the same way back, as the echo does. No transport can move a {@code byte[]} message
 * between JVMs and hand the receiver its own array for less, so MessagePort's figure over this one is its overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CopyFloorBenchmark extends ForkedBenchmark
{
    /** The size of the payload. */
    @Param({ "65536", "1048576", "67108864" })
    public int payloadBytes;

    private Path dir;
    private MappedByteBuffer mapped;
    private UnsafeBuffer there;
    private UnsafeBuffer back;
    private byte[] payload;

    /**
     * Maps two payload-sized regions, one per direction as a link has, already touched so page faults stay out of
     * the figure: a warm link's pages are resident too.
     */
    @Setup(Level.Trial)
    public void open()
    {
        dir = LinkState.freshDirectory();
        // mapNewFile fills the file with zeros, which touches every page.
        mapped = IoUtil.mapNewFile(dir.resolve("copy-floor").toFile(), 2L * payloadBytes);
        there = new UnsafeBuffer(mapped, 0, payloadBytes);
        back = new UnsafeBuffer(mapped, payloadBytes, payloadBytes);
        payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++)
        {
            payload[i] = (byte)i;
        }
    }

    /**
     * Heap to mapped memory to a new heap array, twice.
     *
     * @return the array that came back, so the copies cannot be optimised away.
     */
    @Benchmark
    public byte[] roundTrip()
    {
        there.putBytes(0, payload);
        final byte[] received = new byte[payloadBytes];
        there.getBytes(0, received);
        back.putBytes(0, received);
        final byte[] echoed = new byte[payloadBytes];
        back.getBytes(0, echoed);
        return echoed;
    }

    /**
     * Unmaps the file and deletes it.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        IoUtil.unmap(mapped);
        LinkState.delete(dir);
    }
}
