package dev.entangle;

import dev.entangle.handshake.ProcessLiveness;
import dev.entangle.transport.OwnerOnlyFiles;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A context's doorbell: a small shared file that writers ring after appending to one of the context's ports, so an
 * idle event loop reads one word per cycle however many ports it holds, and on a ring polls only the ports rung.
 * <pre>
 *    0 | magic (int) | version (int)                                  |
 *    8 | owner pid | owner process start                              |
 *   64 | ring sequence | summary: one bit per bitmap word (4 longs)   |  one cache line, written by every ring
 *  104 | overflow flag | bitmap word 0 (slots 0-63)                   |
 *  128 | bitmap words 1 to 255 (slots 64-16383)                       |
 * </pre>
 * The sequence, the summary and the first bitmap word share a cache line: a ring for one of a context's first 64
 * ports moves that one line between the writer's core and the reader's, and nothing else.
 * A writer sets the port's bit, then the summary bit, then bumps the sequence; the owner reads the sequence, takes
 * (reads and clears) the summary words and then the bitmap words they name, and polls those ports. A bit set after
 * the owner took its word stays set for the next cycle, so no append is ever left unnoticed: the append happens
 * before its bit is set, and the owner polls after taking the bit.
 */
final class Doorbell
{
    /** Ports a context can hold with a slot of their own; any beyond share the overflow flag. */
    static final int SLOTS = 16384;
    static final int NO_SLOT = -1;

    private static final int MAGIC = 0x454E4442;
    private static final int VERSION = 2;
    private static final int PID_OFFSET = 8;
    private static final int START_OFFSET = 16;
    private static final int SEQUENCE_OFFSET = 64;
    private static final int SUMMARY_OFFSET = 72;
    private static final int OVERFLOW_OFFSET = 104;
    private static final int FIRST_WORD_OFFSET = 112;
    private static final int OTHER_WORDS_OFFSET = 128;
    private static final int WORDS = SLOTS / 64;
    static final int SUMMARY_WORDS = WORDS / 64;
    private static final int FILE_LENGTH = OTHER_WORDS_OFFSET + (WORDS - 1) * 8;

    /** Doorbells of other contexts this JVM has rung, by file. */
    private static final Map<Path, Doorbell> RUNG = new HashMap<>();
    private static final int RUNG_LIMIT = 4096;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private Doorbell(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Creates the doorbell of a context that is opening.
     */
    static Doorbell create(final Path file)
    {
        OwnerOnlyFiles.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            OwnerOnlyFiles.restrict(file, OwnerOnlyFiles.FILE);
            channel.write(ByteBuffer.allocate(FILE_LENGTH));
            final Doorbell bell = new Doorbell(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH));
            bell.buffer.putLong(PID_OFFSET, ProcessLiveness.SELF_PID);
            bell.buffer.putLong(START_OFFSET, ProcessLiveness.SELF_START);
            bell.buffer.putInt(0, MAGIC);
            bell.buffer.putIntRelease(4, VERSION);
            return bell;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create doorbell " + file, ex);
        }
    }

    /**
     * @return the doorbell at {@code file}, mapped once per JVM, or null when no live context has one there.
     */
    static Doorbell lookup(final Path file)
    {
        synchronized (RUNG)
        {
            Doorbell bell = RUNG.get(file);
            if (bell == null)
            {
                bell = map(file);
                if (bell != null)
                {
                    if (RUNG.size() >= RUNG_LIMIT)
                    {
                        // Ports keep the bells they hold; forgetting the rest only costs a remap.
                        RUNG.clear();
                    }
                    RUNG.put(file, bell);
                }
            }
            return bell;
        }
    }

    /**
     * @return true when the doorbell file names a process that is gone: a dead context left it behind.
     */
    static boolean isStale(final Path file)
    {
        final Doorbell bell = map(file);
        if (bell == null)
        {
            return true;
        }
        try
        {
            return !ProcessLiveness.isAlive(bell.buffer.getLong(PID_OFFSET), bell.buffer.getLong(START_OFFSET));
        }
        finally
        {
            IoUtil.unmap(bell.mapped);
        }
    }

    private static Doorbell map(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            if (channel.size() < FILE_LENGTH)
            {
                return null;
            }
            final Doorbell bell = new Doorbell(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH));
            if (bell.buffer.getInt(0) != MAGIC || bell.buffer.getIntAcquire(4) != VERSION)
            {
                IoUtil.unmap(bell.mapped);
                return null;
            }
            return bell;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * Tells the owner that the port in {@code slot} has something to read. Call after the append is complete.
     */
    void ring(final int slot)
    {
        if (slot < 0 || slot >= SLOTS)
        {
            buffer.putLongVolatile(OVERFLOW_OFFSET, 1);
        }
        else
        {
            final int word = slot >>> 6;
            if (!setBit(wordOffset(word), 1L << (slot & 63)))
            {
                // Whoever set it sets the summary and bumps the sequence, and the owner has not taken it yet.
                return;
            }
            setBit(SUMMARY_OFFSET + (word >>> 6) * 8, 1L << (word & 63));
        }
        buffer.getAndAddLong(SEQUENCE_OFFSET, 1);
    }

    private static int wordOffset(final int word)
    {
        return word == 0 ? FIRST_WORD_OFFSET : OTHER_WORDS_OFFSET + (word - 1) * 8;
    }

    /**
     * @return true when this call set the bit, false when it was set already.
     */
    private boolean setBit(final int offset, final long bit)
    {
        while (true)
        {
            final long current = buffer.getLongVolatile(offset);
            if ((current & bit) != 0)
            {
                return false;
            }
            if (buffer.compareAndSetLong(offset, current, current | bit))
            {
                return true;
            }
        }
    }

    long sequence()
    {
        return buffer.getLongVolatile(SEQUENCE_OFFSET);
    }

    /**
     * @return the bits of summary word {@code index}, cleared in the file.
     */
    long takeSummary(final int index)
    {
        final int offset = SUMMARY_OFFSET + index * 8;
        return buffer.getLongVolatile(offset) == 0 ? 0 : buffer.getAndSetLong(offset, 0);
    }

    /**
     * @return the bits of bitmap word {@code index}, cleared in the file.
     */
    long takeWord(final int index)
    {
        return buffer.getAndSetLong(wordOffset(index), 0);
    }

    /**
     * @return true when a port without a slot was rung since the last call.
     */
    boolean takeOverflow()
    {
        return buffer.getLongVolatile(OVERFLOW_OFFSET) != 0 && buffer.getAndSetLong(OVERFLOW_OFFSET, 0) != 0;
    }

    /**
     * Unmaps and deletes the doorbell of a context that closed.
     */
    void delete()
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // A leftover doorbell is swept by the next context that opens the directory.
        }
        IoUtil.unmap(mapped);
    }
}
