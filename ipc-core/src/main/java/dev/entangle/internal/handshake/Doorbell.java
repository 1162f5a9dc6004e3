package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.PublishedFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * A context's doorbell: a small shared file that writers ring after appending to one of the context's lanes, so an
 * idle event loop reads one word per cycle however many ports it holds, and on a ring polls only the ports rung.
 * <pre>
 *    0 | magic (int) | version (int)                                  |
 *    8 | owner pid | owner process start                              |
 *   64 | ring sequence | summary: one bit per bitmap word (4 longs)   |  one cache line, written by every ring
 *  104 | overflow flag | bitmap word 0 (slots 0-63)                   |
 *  128 | bitmap words 1 to 255 (slots 64-16383)                       |
 * </pre>
 * The sequence, the summary and the first bitmap word share a cache line: a ring for one of a context's first 64
 * slots moves that one line between the writer's core and the reader's, and nothing else.
 * A writer sets the slot's bit, then the summary bit, then bumps the sequence; the owner reads the sequence, takes
 * (reads and clears) the summary words and then the bitmap words they name, and polls those slots. A bit set after
 * the owner took its word stays set for the next cycle, so no append is ever left unnoticed: the append happens
 * before its bit is set, and the owner polls after taking the bit.
 */
public final class Doorbell implements AutoCloseable
{
    /** Slots a context can give out; sources beyond share the overflow flag. */
    public static final int SLOTS = 16384;
    /** No slot: rings set the overflow flag. */
    public static final int NO_SLOT = -1;
    /** Bitmap words the summary covers, 64 per summary word. */
    public static final int SUMMARY_WORDS = SLOTS / 64 / 64;

    private static final int MAGIC = 0x454E_4442;
    private static final int VERSION = 3;
    private static final int PID_OFFSET = 8;
    private static final int START_OFFSET = 16;
    private static final int SEQUENCE_OFFSET = 64;
    private static final int SUMMARY_OFFSET = 72;
    private static final int OVERFLOW_OFFSET = 104;
    private static final int FIRST_WORD_OFFSET = 112;
    private static final int OTHER_WORDS_OFFSET = 128;
    private static final int WORDS = SLOTS / 64;
    /** Length of the file. */
    public static final int LENGTH = OTHER_WORDS_OFFSET + (WORDS - 1) * 8;

    private final MappedRegion region;
    private final UnsafeBuffer buffer;
    private volatile boolean damaged;

    private Doorbell(final MappedRegion region)
    {
        this.region = region;
        this.buffer = region.buffer();
    }

    /**
     * Creates the doorbell of a context that is opening.
     *
     * @param file  its file; replaced when one was left there.
     * @param pid   the owner's pid.
     * @param start the owner's process start time.
     * @return the doorbell.
     */
    public static Doorbell create(final Path file, final long pid, final long start)
    {
        MappedRegion region;
        try
        {
            region = MappedRegion.create(file, LENGTH);
        }
        catch (final FileAlreadyExistsException stale)
        {
            dev.entangle.internal.fs.SafeFiles.delete(file);
            try
            {
                region = MappedRegion.create(file, LENGTH);
            }
            catch (final FileAlreadyExistsException again)
            {
                throw new IllegalStateException("doorbell " + file + " is being created twice");
            }
        }
        final Doorbell bell = new Doorbell(region);
        bell.buffer.putLong(PID_OFFSET, pid);
        bell.buffer.putLong(START_OFFSET, start);
        bell.buffer.putInt(0, MAGIC);
        bell.buffer.putIntRelease(4, VERSION);
        return bell;
    }

    /**
     * Maps another context's doorbell, to ring it.
     *
     * @param file its file.
     * @return the doorbell, or null when no valid one is there.
     */
    public static Doorbell open(final Path file)
    {
        final MappedRegion region = PublishedFile.open(file, LENGTH, MAGIC, 4, VERSION);
        return region == null ? null : new Doorbell(region);
    }

    /**
     * @return the owner's pid.
     */
    public long ownerPid()
    {
        return buffer.getLong(PID_OFFSET);
    }

    /**
     * @return the owner's process start time.
     */
    public long ownerStart()
    {
        return buffer.getLong(START_OFFSET);
    }

    /**
     * Tells the owner that the source in {@code slot} has something to read. Call after the append is published.
     *
     * @param slot the source's slot, or {@link #NO_SLOT}.
     */
    public void ring(final int slot)
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

    /**
     * @return the ring sequence; it moves whenever anything was rung.
     */
    public long sequence()
    {
        return buffer.getLongVolatile(SEQUENCE_OFFSET);
    }

    /**
     * @param index a summary word.
     * @return its bits, cleared in the file.
     */
    public long takeSummary(final int index)
    {
        final int offset = SUMMARY_OFFSET + index * 8;
        return buffer.getLongVolatile(offset) == 0 ? 0 : buffer.getAndSetLong(offset, 0);
    }

    /**
     * @param index a bitmap word.
     * @return its bits, cleared in the file.
     */
    public long takeWord(final int index)
    {
        return buffer.getAndSetLong(wordOffset(index), 0);
    }

    /**
     * @return true when a source without a slot was rung since the last call.
     */
    public boolean takeOverflow()
    {
        return buffer.getLongVolatile(OVERFLOW_OFFSET) != 0 && buffer.getAndSetLong(OVERFLOW_OFFSET, 0) != 0;
    }

    /**
     * @return true once a fault scan found the file truncated: it must not be touched again.
     */
    public boolean isDamaged()
    {
        return damaged;
    }

    /**
     * Checks the file after a fault.
     *
     * @return true when it was found truncated by this call.
     */
    public boolean checkDamage()
    {
        if (!damaged && region.isTruncated())
        {
            damaged = true;
            return true;
        }
        return false;
    }

    /**
     * @return the mapping, for fault diagnosis.
     */
    public MappedRegion region()
    {
        return region;
    }

    /**
     * Unmaps. The caller guarantees that no thread of this JVM still rings or reads it.
     */
    @Override
    public void close()
    {
        region.close();
    }

    private static int wordOffset(final int word)
    {
        return word == 0 ? FIRST_WORD_OFFSET : OTHER_WORDS_OFFSET + (word - 1) * 8;
    }

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
}
