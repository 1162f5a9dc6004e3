package dev.entangle.internal.lane;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.entangle.internal.lane.LaneDescriptor.*;

/**
 * Where one reader of a lane stands: its position, the bytes and messages it consumed, and the ring it reads. Only
 * that reader writes its line; writers read the position to learn how far behind it is.
 */
public final class ReaderLine
{
    private final UnsafeBuffer buffer;
    private final int offset;

    /**
     * @param buffer the mapped record file.
     * @param offset where the line starts.
     */
    public ReaderLine(final UnsafeBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /**
     * @return the position after the last frame consumed.
     */
    public long head()
    {
        return buffer.getLongAcquire(offset + HEAD_OFFSET);
    }

    /**
     * @return message bytes consumed.
     */
    public long readBytes()
    {
        return buffer.getLongVolatile(offset + READ_BYTES_OFFSET);
    }

    /**
     * @return messages consumed.
     */
    public long messagesRead()
    {
        return buffer.getLongVolatile(offset + MESSAGES_READ_OFFSET);
    }

    /**
     * Starts the line at a position, as a receiver that joins late does: it reads from there on.
     *
     * @param position   where reading starts.
     * @param generation the ring that holds it.
     * @param base       that ring's base.
     * @param capacity   that ring's capacity, or 0 when not known yet.
     * @param readBytes  the bytes counted as read so far.
     */
    public void reset(
        final long position, final long generation, final long base, final long capacity, final long readBytes)
    {
        buffer.putLong(offset + READ_BYTES_OFFSET, readBytes);
        buffer.putLong(offset + MESSAGES_READ_OFFSET, 0);
        buffer.putLong(offset + READER_GENERATION_OFFSET, generation);
        buffer.putLong(offset + READER_BASE_OFFSET, base);
        buffer.putLong(offset + READER_CAPACITY_OFFSET, capacity);
        buffer.putLongRelease(offset + HEAD_OFFSET, position);
    }

    void consumed(final long head, final long bytes)
    {
        buffer.putLongRelease(offset + READ_BYTES_OFFSET, buffer.getLong(offset + READ_BYTES_OFFSET) + bytes);
        buffer.putLongRelease(offset + MESSAGES_READ_OFFSET, buffer.getLong(offset + MESSAGES_READ_OFFSET) + 1);
        buffer.putLongRelease(offset + HEAD_OFFSET, head);
    }

    void skipped(final long head)
    {
        buffer.putLongRelease(offset + HEAD_OFFSET, head);
    }

    /**
     * Copies this line into memory of the caller's own, for a reader that must show the lane without moving its
     * real reader (an operator's tool): a {@link LaneReader} given the copy writes its progress there only. The
     * copy is consistent: its position lies in the ring it names, even while the real reader moves on.
     *
     * @return the copy.
     */
    public ReaderLine privateCopy()
    {
        final UnsafeBuffer copy = new UnsafeBuffer(BufferUtil.allocateDirectAligned(READER_LINE_LENGTH, 64));
        while (true)
        {
            // The reader publishes a new ring before a position in it, so a position read before and after the
            // ring, unchanged and not before the ring's base, lies in that ring.
            final long before = head();
            final long generation = generation();
            final long base = base();
            final long capacity = capacity();
            final long readBytes = readBytes();
            final long messagesRead = messagesRead();
            if (head() == before && before >= base)
            {
                copy.putLong(READ_BYTES_OFFSET, readBytes);
                copy.putLong(MESSAGES_READ_OFFSET, messagesRead);
                copy.putLong(READER_GENERATION_OFFSET, generation);
                copy.putLong(READER_BASE_OFFSET, base);
                copy.putLong(READER_CAPACITY_OFFSET, capacity);
                copy.putLongRelease(HEAD_OFFSET, before);
                return new ReaderLine(copy, 0);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Counts bytes that travelled beside a frame (transferred buffers) as read.
     *
     * @param bytes to add.
     */
    public void addReadBeside(final long bytes)
    {
        buffer.getAndAddLong(offset + READ_BYTES_OFFSET, bytes);
    }

    long generation()
    {
        return buffer.getLongVolatile(offset + READER_GENERATION_OFFSET);
    }

    long base()
    {
        return buffer.getLongVolatile(offset + READER_BASE_OFFSET);
    }

    long capacity()
    {
        return buffer.getLongVolatile(offset + READER_CAPACITY_OFFSET);
    }

    void ring(final long generation, final long base, final long capacity)
    {
        buffer.putLongRelease(offset + READER_GENERATION_OFFSET, generation);
        buffer.putLongRelease(offset + READER_BASE_OFFSET, base);
        buffer.putLongRelease(offset + READER_CAPACITY_OFFSET, capacity);
    }
}
