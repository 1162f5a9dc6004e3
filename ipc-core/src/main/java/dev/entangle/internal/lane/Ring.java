package dev.entangle.internal.lane;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.SafeFiles;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One generation's ring file, mapped.
 */
final class Ring implements AutoCloseable
{
    final long generation;
    final long base;
    final int capacity;
    final UnsafeBuffer buffer;
    private final MappedRegion region;
    private final ByteBuffer view;
    private final CRC32C crc = new CRC32C();

    private Ring(final MappedRegion region, final long generation, final long base)
    {
        this.region = region;
        this.generation = generation;
        this.base = base;
        this.capacity = region.length();
        this.buffer = region.buffer();
        this.view = region.byteBuffer();
    }

    /**
     * Creates the ring of a new generation; a file left at that name by a writer that died mid-switch is replaced.
     */
    static Ring create(final LaneFiles files, final long generation, final long base, final int capacity)
    {
        final Path file = files.ring(generation);
        try
        {
            return new Ring(MappedRegion.create(file, capacity), generation, base);
        }
        catch (final FileAlreadyExistsException stale)
        {
            SafeFiles.delete(file);
            try
            {
                return new Ring(MappedRegion.create(file, capacity), generation, base);
            }
            catch (final FileAlreadyExistsException again)
            {
                throw new LaneDamagedException("ring " + file + " is being created by two writers at once");
            }
        }
    }

    /**
     * Maps an existing generation's ring; its capacity is its file's length.
     *
     * @throws LaneDamagedException when the file is missing or not a valid ring.
     */
    static Ring open(final LaneFiles files, final long generation, final long base)
    {
        final Path file = files.ring(generation);
        final MappedRegion region =
            MappedRegion.openExisting(file, LaneDescriptor.MIN_CAPACITY, LaneDescriptor.MAX_CAPACITY);
        if (region == null)
        {
            throw new LaneDamagedException("ring " + file + " is missing or not a valid ring file (length " +
                SafeFiles.sizeOf(file) + ")");
        }
        if (!LaneDescriptor.isValidCapacity(region.length()))
        {
            region.close();
            throw new LaneDamagedException("ring " + file + " has length " + region.length() +
                ", not a power of two");
        }
        return new Ring(region, generation, base);
    }

    int offsetOf(final long position)
    {
        return (int)((position - base) & (capacity - 1));
    }

    /**
     * @return the CRC32C of a range of the ring.
     */
    int checksum(final int offset, final int length)
    {
        view.limit(offset + length).position(offset);
        crc.reset();
        crc.update(view);
        return (int)crc.getValue();
    }

    Path file()
    {
        return region.file();
    }

    MappedRegion region()
    {
        return region;
    }

    @Override
    public void close()
    {
        region.close();
    }

    /**
     * Unmaps and deletes the file: its memory goes back to the system once no other process maps it.
     */
    void delete()
    {
        region.close();
        SafeFiles.delete(region.file());
    }

    /**
     * Writes a frame header's fields, all but its position check: the frame is not published until
     * {@link #publish} writes that.
     */
    void putHeader(final int offset, final int bodyLength, final int type, final int checksum)
    {
        buffer.putInt(offset + LaneDescriptor.BODY_LENGTH_FIELD, bodyLength);
        buffer.putInt(offset + LaneDescriptor.TYPE_FIELD, type);
        buffer.putInt(offset + LaneDescriptor.CHECKSUM_FIELD, checksum);
    }

    /**
     * Publishes the frame at {@code offset}: its position check, written last and ordered after every byte of the
     * frame, is what a reader waits for.
     */
    void publish(final int offset, final long position)
    {
        buffer.putIntRelease(offset + LaneDescriptor.POSITION_FIELD, LaneDescriptor.positionCheck(position));
    }

    /**
     * Clears the position check of the frame slot at {@code offset}, which must be free space: a reader that gets
     * there finds nothing published until a frame is, whatever bytes an earlier lap left.
     */
    void clearSlot(final int offset)
    {
        buffer.putInt(offset + LaneDescriptor.POSITION_FIELD, 0);
    }

    /**
     * @return the position check at {@code offset}, read with acquire ordering: 0 when nothing is published there.
     */
    int publishedCheck(final int offset)
    {
        return buffer.getIntAcquire(offset + LaneDescriptor.POSITION_FIELD);
    }

    /**
     * Writes a frame body: the concatenation of two ranges.
     */
    void putBody(final int at, final DirectBuffer head, final int headOffset, final int headLength,
        final DirectBuffer body, final int bodyOffset, final int bodyLength)
    {
        if (headLength > 0)
        {
            buffer.putBytes(at, head, headOffset, headLength);
        }
        if (bodyLength > 0)
        {
            buffer.putBytes(at + headLength, body, bodyOffset, bodyLength);
        }
    }
}
