package dev.entangle.handshake;

import dev.entangle.transport.OwnerOnlyFiles;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import static dev.entangle.handshake.PortRecordDescriptor.*;

/**
 * The memory-mapped handshake file of one channel, shared by every context of this JVM that uses the channel and
 * unmapped when the last releases it. All methods are thread-safe; state changes are compare-and-set.
 */
public final class PortRecords
{
    /** Name of the handshake file inside a channel's folder. */
    public static final String FILE_NAME = "ports";

    private static final Map<Path, PortRecords> OPEN = new HashMap<>();

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private int references;

    private PortRecords(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Creates the handshake file of a new channel, both ports owned by the given context.
     *
     * @param channelDir  the channel's folder (created).
     * @param channelHigh high half of the channel id.
     * @param channelLow  low half of the channel id.
     * @param contextId   the owning context's id.
     * @return the records, with one reference taken.
     */
    public static PortRecords create(
        final Path channelDir, final long channelHigh, final long channelLow, final long contextId)
    {
        OwnerOnlyFiles.createDirectories(channelDir);
        final Path file = channelDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        try
        {
            Files.createFile(file);
            OwnerOnlyFiles.restrict(file, OwnerOnlyFiles.FILE);
            final MappedByteBuffer mapped = map(file, true);
            final PortRecords records = new PortRecords(file, mapped);
            final UnsafeBuffer buffer = records.buffer;
            buffer.putInt(MAGIC_OFFSET, MAGIC);
            buffer.putLong(CHANNEL_HIGH_OFFSET, channelHigh);
            buffer.putLong(CHANNEL_LOW_OFFSET, channelLow);
            for (int side = 0; side < 2; side++)
            {
                final int at = recordOffset(side);
                buffer.putLong(at + OWNER_PID_OFFSET, ProcessLiveness.SELF_PID);
                buffer.putLong(at + OWNER_START_OFFSET, ProcessLiveness.SELF_START);
                buffer.putLong(at + OWNER_CONTEXT_OFFSET, contextId);
                buffer.putLong(at + CONSUMED_INDEX_OFFSET, -1);
                buffer.putLongVolatile(at + STATE_OFFSET, word(0, OWNED));
            }
            buffer.putIntRelease(VERSION_OFFSET, VERSION);
            synchronized (OPEN)
            {
                records.references = 1;
                OPEN.put(file, records);
            }
            return records;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Maps the handshake file of an existing channel, or takes another reference when this JVM has it mapped.
     *
     * @param channelDir the channel's folder.
     * @return the records, or null when the channel's file is missing or not valid (the channel is gone).
     */
    public static PortRecords open(final Path channelDir)
    {
        final Path file = channelDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        synchronized (OPEN)
        {
            PortRecords records = OPEN.get(file);
            if (records == null)
            {
                try
                {
                    if (Files.size(file) < FILE_LENGTH)
                    {
                        return null;
                    }
                    records = new PortRecords(file, map(file, false));
                }
                catch (final IOException ex)
                {
                    return null;
                }
                if (records.buffer.getInt(MAGIC_OFFSET) != MAGIC ||
                    records.buffer.getIntAcquire(VERSION_OFFSET) != VERSION)
                {
                    IoUtil.unmap(records.mapped);
                    return null;
                }
                OPEN.put(file, records);
            }
            records.references++;
            return records;
        }
    }

    /**
     * Drops one reference; the last one unmaps the file.
     */
    public void release()
    {
        synchronized (OPEN)
        {
            if (--references == 0)
            {
                OPEN.remove(file);
                IoUtil.unmap(mapped);
            }
        }
    }

    /**
     * @param side the port's side.
     * @return its state word, read with acquire semantics.
     */
    public long stateWord(final int side)
    {
        return buffer.getLongVolatile(recordOffset(side) + STATE_OFFSET);
    }

    /**
     * @param side     the port's side.
     * @param expected the state word expected now.
     * @param update   the new state word.
     * @return true when the record moved from expected to update.
     */
    public boolean compareAndSet(final int side, final long expected, final long update)
    {
        return buffer.compareAndSetLong(recordOffset(side) + STATE_OFFSET, expected, update);
    }

    /**
     * Moves a record to closed from whatever state it is in.
     *
     * @param side the port's side.
     * @return true when this call closed it, false when it was closed already.
     */
    public boolean close(final int side)
    {
        while (true)
        {
            final long word = stateWord(side);
            if (state(word) == CLOSED)
            {
                return false;
            }
            if (compareAndSet(side, word, word(epoch(word) + 1, CLOSED)))
            {
                return true;
            }
        }
    }

    /**
     * @param side   the port's side.
     * @param offset a field offset within the record.
     * @return that field.
     */
    public long get(final int side, final int offset)
    {
        return buffer.getLongVolatile(recordOffset(side) + offset);
    }

    /**
     * @param side   the port's side.
     * @param offset a field offset within the record.
     * @param value  to write, with release semantics.
     */
    public void put(final int side, final int offset, final long value)
    {
        buffer.putLongRelease(recordOffset(side) + offset, value);
    }

    /**
     * @return true when both ports of the channel are closed: nobody can write to its queues any more.
     */
    public boolean bothClosed()
    {
        return state(stateWord(0)) == CLOSED && state(stateWord(1)) == CLOSED;
    }

    private static MappedByteBuffer map(final Path file, final boolean create) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            if (create)
            {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.allocate(FILE_LENGTH));
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH);
        }
    }
}
