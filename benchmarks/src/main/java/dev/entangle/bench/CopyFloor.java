package dev.entangle.bench;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The floor under a payload round trip, in one JVM: the payload is copied from the heap into memory mapped from a
 * file under {@code /dev/shm}, then out into a newly allocated {@code byte[]}, as a sender writes a message and a
 * receiver decodes it; then the same way back, as the echo does. No transport can move a {@code byte[]} message
 * between JVMs and hand the receiver its own array for less, so MessagePort's figure over this one is its overhead.
 */
final class CopyFloor implements AutoCloseable
{
    private final int payloadBytes;
    private final Path dir;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer there;
    private final UnsafeBuffer back;
    private final byte[] payload;

    /**
     * Maps two payload-sized regions, one per direction as a link has, already touched so page faults stay out of
     * the figure: a warm link's pages are resident too.
     *
     * @param payloadBytes the size of the payload.
     */
    CopyFloor(final int payloadBytes)
    {
        this.payloadBytes = payloadBytes;
        this.dir = LinkState.freshDirectory();
        // mapNewFile fills the file with zeros, which touches every page.
        this.mapped = IoUtil.mapNewFile(dir.resolve("copy-floor").toFile(), 2L * payloadBytes);
        this.there = new UnsafeBuffer(mapped, 0, payloadBytes);
        this.back = new UnsafeBuffer(mapped, payloadBytes, payloadBytes);
        this.payload = new byte[payloadBytes];
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
    byte[] roundTrip()
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
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
        LinkState.delete(dir);
    }
}
