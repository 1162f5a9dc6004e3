package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.PublishedFile;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The record of a context name: who holds the name now, how recently its loop ran, and the control block of the
 * name's inbox, which outlives holders so the next context of the name reads on where the last one stopped.
 * <pre>
 *    0 | magic (int) | version (int, written last, release)                       |
 *    8 | holder context id (0: nobody) | pid | process start (ms) | heartbeat (ms) |  the holder publishes the id last
 *   40 | opened (ms) | -                                                          |
 *   64 | control block of the inbox lane (192 bytes)                               |
 *  256 | holder's origin: length (short) + UTF-8 bytes (at most 250)               |
 *  512 | unused to 1024                                                            |
 * </pre>
 * The record is created by whoever first needs it, a poster or the first holder; its folder also holds the inbox's
 * rings, {@code inbox.<generation>}.
 */
public final class ContextRecord implements AutoCloseable
{
    /** Name of the file in the name's folder. */
    public static final String FILE_NAME = "context";
    /** Length of the file. */
    public static final int LENGTH = 1024;

    private static final int MAGIC = 0x454E_5443;
    private static final int VERSION = 2;
    private static final int VERSION_OFFSET = 4;
    private static final int HOLDER_ID_OFFSET = 8;
    private static final int HOLDER_PID_OFFSET = 16;
    private static final int HOLDER_START_OFFSET = 24;
    private static final int HEARTBEAT_OFFSET = 32;
    private static final int OPENED_OFFSET = 40;
    private static final int INBOX_OFFSET = 64;
    private static final int ORIGIN_OFFSET = 256;
    private static final int ORIGIN_MAX = 250;
    private static final long INITIALISE_WAIT_NANOS = 2_000_000_000L;

    private final Path folder;
    private final MappedRegion region;
    private final UnsafeBuffer buffer;
    private final LaneControl inbox;

    private ContextRecord(final Path folder, final MappedRegion region)
    {
        this.folder = folder;
        this.region = region;
        this.buffer = region.buffer();
        this.inbox = new LaneControl(buffer, INBOX_OFFSET);
    }

    /**
     * Maps the record of a name, creating it when missing.
     *
     * @param folder the name's folder, which exists.
     * @return the record.
     * @throws IllegalStateException when the file exists but never became valid.
     */
    public static ContextRecord openOrCreate(final Path folder)
    {
        final Path file = folder.resolve(FILE_NAME);
        final long deadline = System.nanoTime() + INITIALISE_WAIT_NANOS;
        MappedRegion region = null;
        while (region == null)
        {
            try
            {
                region = MappedRegion.create(file, LENGTH);
            }
            catch (final FileAlreadyExistsException exists)
            {
                region = MappedRegion.openExisting(file, LENGTH, LENGTH);
                // A file of another length may be one that its creator, a poster or the name's first holder in
                // another thread or process, has not sized yet: it is damaged only when it stays so.
                if (region == null && System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the context record " + file + " is damaged (not " + LENGTH +
                        " bytes)");
                }
                Thread.onSpinWait();
            }
        }
        final ContextRecord record = new ContextRecord(folder, region);
        record.initialiseOnce();
        return record;
    }

    /**
     * Maps the record of a name if it exists and is valid; for readers that must not create anything.
     *
     * @param folder the name's folder.
     * @return the record, or null.
     */
    public static ContextRecord openExisting(final Path folder)
    {
        final MappedRegion region = PublishedFile.open(folder.resolve(FILE_NAME), LENGTH, MAGIC, VERSION_OFFSET,
            VERSION);
        return region == null ? null : new ContextRecord(folder, region);
    }

    private void initialiseOnce()
    {
        if (!PublishedFile.initialiseOnce(buffer, MAGIC, VERSION_OFFSET, VERSION,
            () -> inbox.initialise(System.currentTimeMillis()), INITIALISE_WAIT_NANOS))
        {
            region.close();
            throw new IllegalStateException("the context record " + folder.resolve(FILE_NAME) +
                " is damaged or of another version");
        }
    }

    /**
     * Makes a context the holder of the name. Call holding the name's lock.
     *
     * @param contextId the context.
     * @param pid       its process.
     * @param start     its process start time.
     * @param origin    its origin.
     */
    public void hold(final long contextId, final long pid, final long start, final String origin)
    {
        buffer.putLongRelease(HOLDER_ID_OFFSET, 0);
        buffer.putLong(HOLDER_PID_OFFSET, pid);
        buffer.putLong(HOLDER_START_OFFSET, start);
        buffer.putLong(OPENED_OFFSET, System.currentTimeMillis());
        buffer.putLong(HEARTBEAT_OFFSET, System.currentTimeMillis());
        final byte[] bytes = origin.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(bytes.length, ORIGIN_MAX);
        buffer.putShort(ORIGIN_OFFSET, (short)length);
        buffer.putBytes(ORIGIN_OFFSET + 2, bytes, 0, length);
        buffer.putLongRelease(HOLDER_ID_OFFSET, contextId);
        // Senders append to the inbox, then read the holder; the holder publishes its id, then reads the inbox. A
        // full fence on each side means one of them sees the other: a message appended while the name was taken
        // is either found by the holder's first read or rung.
        VarHandle.fullFence();
    }

    /**
     * The holder gives the name up.
     */
    public void release()
    {
        buffer.putLongRelease(HOLDER_ID_OFFSET, 0);
    }

    /**
     * @return the holder's context id, 0 when nobody holds it (a dead holder's id stays until the next holds it).
     */
    public long holderId()
    {
        return buffer.getLongAcquire(HOLDER_ID_OFFSET);
    }

    /**
     * @return the holder's pid.
     */
    public long holderPid()
    {
        return buffer.getLongVolatile(HOLDER_PID_OFFSET);
    }

    /**
     * @return the holder's process start time.
     */
    public long holderStart()
    {
        return buffer.getLongVolatile(HOLDER_START_OFFSET);
    }

    /**
     * @return the holder's origin, as it wrote it.
     */
    public String origin()
    {
        final int length = Math.min(buffer.getShort(ORIGIN_OFFSET) & 0xFFFF, ORIGIN_MAX);
        final byte[] bytes = new byte[length];
        buffer.getBytes(ORIGIN_OFFSET + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * @param epochMillis now.
     */
    public void heartbeat(final long epochMillis)
    {
        buffer.putLongRelease(HEARTBEAT_OFFSET, epochMillis);
    }

    /**
     * @return when the holder's loop last ran, epoch milliseconds.
     */
    public long heartbeat()
    {
        return buffer.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /**
     * @return when the holder opened the name, epoch milliseconds.
     */
    public long openedMillis()
    {
        return buffer.getLongVolatile(OPENED_OFFSET);
    }

    /**
     * @return the inbox lane's control block.
     */
    public LaneControl inbox()
    {
        return inbox;
    }

    /**
     * @return where the inbox's rings live.
     */
    public LaneFiles inboxFiles()
    {
        return new LaneFiles(folder, "inbox");
    }

    /**
     * @return the name's folder.
     */
    public Path folder()
    {
        return folder;
    }

    /**
     * @return the mapping, for fault diagnosis.
     */
    public MappedRegion region()
    {
        return region;
    }

    @Override
    public void close()
    {
        region.close();
    }
}
