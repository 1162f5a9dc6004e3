package dev.entangle.internal.broadcast;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.PublishedFile;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReaders;
import dev.entangle.internal.lane.ReaderLine;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static dev.entangle.internal.broadcast.BroadcastDescriptor.*;

/**
 * A broadcast channel's control file, mapped: its header, its lane's control block and its table of receiver slots
 * (see {@link BroadcastDescriptor}). Every shared field is read and written with ordered or volatile access.
 */
public final class BroadcastFile implements AutoCloseable
{
    private static final long INITIALISE_WAIT_NANOS = 2_000_000_000L;
    private static final int OPEN_ATTEMPTS = 100;

    private final Path folder;
    private final MappedRegion region;
    private final UnsafeBuffer buffer;
    private final LaneControl lane;
    private final ReaderLine[] lines = new ReaderLine[SLOTS];

    private BroadcastFile(final Path folder, final MappedRegion region)
    {
        this.folder = folder;
        this.region = region;
        this.buffer = region.buffer();
        this.lane = new LaneControl(buffer, LANE_OFFSET);
    }

    /**
     * Maps the control file of a channel's folder, creating it when missing.
     *
     * @param folder the channel's folder, which exists.
     * @param origin the participants' origin.
     * @param name   the channel's name.
     * @return the file.
     * @throws IllegalStateException when the file exists but is damaged, of another version, or of another origin
     *                               and name.
     * @throws java.io.UncheckedIOException when the folder vanished meanwhile.
     */
    public static BroadcastFile openOrCreate(final Path folder, final String origin, final String name)
    {
        final Path path = folder.resolve(FILE_NAME);
        MappedRegion region = null;
        for (int attempt = 0; region == null; attempt++)
        {
            try
            {
                region = MappedRegion.create(path, LENGTH);
            }
            catch (final FileAlreadyExistsException exists)
            {
                // Missing again: its folder is being removed. Shorter: its creator is sizing it.
                region = MappedRegion.openExisting(path, LENGTH, LENGTH);
                if (region == null && attempt >= OPEN_ATTEMPTS)
                {
                    if (SafeFiles.exists(path))
                    {
                        throw new IllegalStateException("the broadcast channel file " + path + " is damaged (not " +
                            LENGTH + " bytes)");
                    }
                    throw new UncheckedIOException(new NoSuchFileException(path.toString(), null,
                        "removed as often as it was made"));
                }
                Thread.yield();
            }
        }
        final BroadcastFile file = new BroadcastFile(folder, region);
        try
        {
            file.initialiseOnce(origin, name);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
        return file;
    }

    /**
     * Makes a channel's folder if missing and maps its control file, again when the last participant removed the
     * folder meanwhile.
     *
     * @param folder the channel's folder, whose parent exists.
     * @param origin the participants' origin.
     * @param name   the channel's name.
     * @return the file.
     * @throws IllegalStateException when the file is damaged or of another origin and name.
     */
    public static BroadcastFile openFolder(final Path folder, final String origin, final String name)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                SafeFiles.createDirectory(folder);
                return openOrCreate(folder, origin, name);
            }
            catch (final UncheckedIOException ex)
            {
                if (attempt >= OPEN_ATTEMPTS)
                {
                    throw ex;
                }
            }
        }
    }

    /**
     * Maps the control file of a folder if it exists and is valid; for sweeps and tools, which create nothing.
     *
     * @param folder a channel's folder.
     * @return the file, or null.
     */
    public static BroadcastFile openExisting(final Path folder)
    {
        final MappedRegion region = PublishedFile.open(folder.resolve(FILE_NAME), LENGTH, MAGIC, VERSION_OFFSET,
            VERSION);
        return region == null ? null : new BroadcastFile(folder, region);
    }

    private void initialiseOnce(final String origin, final String name)
    {
        final boolean published = PublishedFile.initialiseOnce(buffer, MAGIC, VERSION_OFFSET, VERSION, () ->
        {
            buffer.putLong(CREATED_OFFSET, System.currentTimeMillis());
            BroadcastNames.put(buffer, origin, name);
            lane.initialise(System.currentTimeMillis());
        }, INITIALISE_WAIT_NANOS);
        if (!published)
        {
            throw new IllegalStateException("the broadcast channel file " + folder.resolve(FILE_NAME) +
                " is damaged or of another version");
        }
        if (!BroadcastNames.matches(buffer, origin, name))
        {
            throw new IllegalStateException("the broadcast channel file " + folder.resolve(FILE_NAME) +
                " belongs to another origin and name: " + origin() + " \"" + name() + "\"");
        }
    }

    /**
     * @return the origin of the participants, as stored (its first 254 bytes).
     */
    public String origin()
    {
        return BroadcastNames.origin(buffer);
    }

    /**
     * @return the channel's name, as stored: whole unless very long.
     */
    public String name()
    {
        return BroadcastNames.name(buffer);
    }

    /**
     * @return when the file was created, epoch milliseconds.
     */
    public long createdMillis()
    {
        return buffer.getLongVolatile(CREATED_OFFSET);
    }

    /**
     * @return the lane's control block.
     */
    public LaneControl lane()
    {
        return lane;
    }

    /**
     * @return where the lane's rings live.
     */
    public LaneFiles rings()
    {
        return new LaneFiles(folder, RING_PREFIX);
    }

    /**
     * @return one past the highest slot ever claimed: no slot at or above it is in use.
     */
    public int slotsUsed()
    {
        return (int)Math.min(SLOTS, Math.max(0, buffer.getLongVolatile(SLOTS_USED_OFFSET)));
    }

    void slotsUsed(final int count)
    {
        buffer.putLongRelease(SLOTS_USED_OFFSET, count);
    }

    long oldestRing()
    {
        return buffer.getLongVolatile(OLDEST_RING_OFFSET);
    }

    void oldestRing(final long generation)
    {
        buffer.putLongRelease(OLDEST_RING_OFFSET, generation);
    }

    /**
     * @param slot a slot.
     * @return its state: {@link BroadcastDescriptor#FREE}, {@link BroadcastDescriptor#ACTIVE} or
     * {@link BroadcastDescriptor#LAPPED}.
     */
    public long state(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + STATE_FIELD);
    }

    boolean compareAndSetState(final int slot, final long expected, final long state)
    {
        return buffer.compareAndSetLong(slotOffset(slot) + STATE_FIELD, expected, state);
    }

    /**
     * @param slot a slot.
     * @return the id of the receiver that holds it, written after its other fields: read it first, and again after
     * them to know they belong to it.
     */
    public long receiverId(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + RECEIVER_FIELD);
    }

    /**
     * @param slot a slot.
     * @return the pid of the process of the receiver that holds it.
     */
    public long pid(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + PID_FIELD);
    }

    /**
     * @param slot a slot.
     * @return the start time of that process, milliseconds.
     */
    public long start(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + START_FIELD);
    }

    /**
     * @param slot a slot.
     * @return the id of the context whose doorbell wakes the receiver.
     */
    public long contextId(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + CONTEXT_FIELD);
    }

    /**
     * @param slot a slot.
     * @return the receiver's slot in that doorbell.
     */
    public int doorbellSlot(final int slot)
    {
        return (int)buffer.getLongVolatile(slotOffset(slot) + DOORBELL_FIELD);
    }

    /**
     * @param slot a slot.
     * @return how many bytes the receiver may fall behind before it may be left out.
     */
    public long limit(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + LIMIT_FIELD);
    }

    /**
     * @param slot a slot.
     * @return when the receiver joined, epoch milliseconds.
     */
    public long joinedMillis(final int slot)
    {
        return buffer.getLongVolatile(slotOffset(slot) + JOINED_FIELD);
    }

    /**
     * @param slot a slot.
     * @return its reader line.
     */
    public ReaderLine line(final int slot)
    {
        ReaderLine line = lines[slot];
        if (line == null)
        {
            line = new ReaderLine(buffer, slotOffset(slot) + LINE_FIELD);
            lines[slot] = line;
        }
        return line;
    }

    /**
     * Writes a member's fields into a free slot; its line and state are set by the caller, state last.
     */
    void fill(final int slot, final BroadcastMember member)
    {
        final int at = slotOffset(slot);
        buffer.putLong(at + PID_FIELD, member.pid());
        buffer.putLong(at + START_FIELD, member.start());
        buffer.putLong(at + CONTEXT_FIELD, member.contextId());
        buffer.putLong(at + DOORBELL_FIELD, member.doorbellSlot());
        buffer.putLong(at + LIMIT_FIELD, member.limit());
        buffer.putLong(at + JOINED_FIELD, System.currentTimeMillis());
        // The receiver id last: whoever reads a new id reads the fields that go with it.
        buffer.putLongRelease(at + RECEIVER_FIELD, member.receiverId());
    }

    /**
     * Deletes the channel's files once its lane is retired, holding the lane's lock: the rings, then this control
     * file, then the folder if nothing else is in it. Nothing else is touched: a participant that joins meanwhile
     * makes a new control file only once this one is gone, so its files are never deleted here.
     */
    void deleteFiles()
    {
        final LaneFiles rings = rings();
        final long newest = Math.max(0, LaneReaders.writerGeneration(lane)) + 1;
        for (long generation = Math.min(oldestRing(), newest); generation <= newest; generation++)
        {
            SafeFiles.delete(rings.ring(generation));
        }
        SafeFiles.delete(folder.resolve(FILE_NAME));
        SafeFiles.delete(folder);
    }

    /**
     * @return the folder.
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

    /**
     * Unmaps; the caller guarantees that no thread of this JVM still uses it.
     */
    @Override
    public void close()
    {
        region.close();
    }
}
