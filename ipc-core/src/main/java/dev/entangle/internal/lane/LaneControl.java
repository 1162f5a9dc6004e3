package dev.entangle.internal.lane;

import org.agrona.concurrent.UnsafeBuffer;

import static dev.entangle.internal.lane.LaneDescriptor.*;

/**
 * A lane's control block in a mapped record file: the writer's line, the first reader's line and the signals. Every
 * field is read and written with ordered or volatile access, because the other side is another process.
 */
public final class LaneControl
{
    private final UnsafeBuffer buffer;
    private final int offset;
    private final ReaderLine readerLine;

    /**
     * @param buffer the mapped record file.
     * @param offset where the control block starts in it.
     */
    public LaneControl(final UnsafeBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.readerLine = new ReaderLine(buffer, offset + READER_LINE_OFFSET);
    }

    /**
     * Sets up a new lane's control block: no ring yet, both positions at 0, no low-water request.
     *
     * @param nowMillis creation time.
     */
    public void initialise(final long nowMillis)
    {
        buffer.setMemory(offset, CONTROL_LENGTH, (byte)0);
        buffer.putLong(offset + LOW_WATER_OFFSET, -1);
        buffer.putLongRelease(offset + CREATED_OFFSET, nowMillis);
    }

    /**
     * @return the reader line of the lane's single reader.
     */
    public ReaderLine readerLine()
    {
        return readerLine;
    }

    /**
     * @return the position after the last frame published.
     */
    public long tail()
    {
        return buffer.getLongAcquire(offset + TAIL_OFFSET);
    }

    void tail(final long position)
    {
        buffer.putLongRelease(offset + TAIL_OFFSET, position);
    }

    /**
     * @return message bytes written since the lane began.
     */
    public long writtenBytes()
    {
        return buffer.getLongVolatile(offset + WRITTEN_BYTES_OFFSET);
    }

    void addWritten(final long bytes)
    {
        buffer.putLongRelease(offset + WRITTEN_BYTES_OFFSET, buffer.getLong(offset + WRITTEN_BYTES_OFFSET) + bytes);
        buffer.putLongRelease(
            offset + MESSAGES_WRITTEN_OFFSET, buffer.getLong(offset + MESSAGES_WRITTEN_OFFSET) + 1);
    }

    /**
     * Adds bytes that travel beside the frames (transferred buffers) to the written count.
     *
     * @param bytes to add.
     */
    public void addWrittenBeside(final long bytes)
    {
        buffer.getAndAddLong(offset + WRITTEN_BYTES_OFFSET, bytes);
    }

    /**
     * @return messages written since the lane began.
     */
    public long messagesWritten()
    {
        return buffer.getLongVolatile(offset + MESSAGES_WRITTEN_OFFSET);
    }

    long writerGeneration()
    {
        return buffer.getLongVolatile(offset + WRITER_GENERATION_OFFSET);
    }

    long writerBase()
    {
        return buffer.getLongVolatile(offset + WRITER_BASE_OFFSET);
    }

    long writerCapacity()
    {
        return buffer.getLongVolatile(offset + WRITER_CAPACITY_OFFSET);
    }

    void writerRing(final long generation, final long base, final long capacity)
    {
        buffer.putLongRelease(offset + WRITER_GENERATION_OFFSET, generation);
        buffer.putLongRelease(offset + WRITER_BASE_OFFSET, base);
        buffer.putLongRelease(offset + WRITER_CAPACITY_OFFSET, capacity);
    }

    /**
     * @return message bytes the lane's single reader has read.
     */
    public long readBytes()
    {
        return readerLine.readBytes();
    }

    /**
     * @return bytes of messages written and not yet read by the lane's single reader.
     */
    public long bufferedBytes()
    {
        final long read = buffer.getLongVolatile(offset + READER_LINE_OFFSET + READ_BYTES_OFFSET);
        return Math.max(0, writtenBytes() - read);
    }

    /**
     * @return the low-water mark the writer asked to be told about, or -1.
     */
    public long lowWater()
    {
        return buffer.getLongVolatile(offset + LOW_WATER_OFFSET);
    }

    /**
     * Asks the reader to signal when the buffered bytes fall to {@code bytes} or below; -1 withdraws the request.
     *
     * @param bytes the mark.
     */
    public void lowWater(final long bytes)
    {
        buffer.putLongVolatile(offset + LOW_WATER_OFFSET, bytes);
    }

    /**
     * Takes the low-water request if the buffered bytes are at or below it, so it is answered once.
     *
     * @return true when the writer should be signalled now.
     */
    public boolean takeLowWater()
    {
        final long mark = lowWater();
        return mark >= 0 && bufferedBytes() <= mark &&
            buffer.compareAndSetLong(offset + LOW_WATER_OFFSET, mark, -1);
    }

    /**
     * @return the mark of the reader that looks at the lane every cycle, or 0 when none does (see
     * {@link #watched(long)}).
     */
    public long watched()
    {
        return buffer.getLongVolatile(offset + WATCHED_OFFSET);
    }

    /**
     * Tells writers that the reader's event loop looks at this lane every cycle (a non-zero mark: the reader's
     * ownership word), so that they need not ring it, or that it no longer does (0). A reader that stops must fence
     * and look at the lane once more after clearing the mark: a writer that read the mark before it was cleared did
     * not ring.
     *
     * @param mark the reader's ownership word, or 0.
     */
    public void watched(final long mark)
    {
        buffer.putLongVolatile(offset + WATCHED_OFFSET, mark);
    }

    boolean isRetired()
    {
        return buffer.getLongVolatile(offset + STATE_OFFSET) == STATE_RETIRED;
    }

    void retire()
    {
        buffer.putLongVolatile(offset + STATE_OFFSET, STATE_RETIRED);
    }

    /**
     * @return when the lane was created, epoch milliseconds.
     */
    public long createdMillis()
    {
        return buffer.getLongVolatile(offset + CREATED_OFFSET);
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int offset()
    {
        return offset;
    }
}
