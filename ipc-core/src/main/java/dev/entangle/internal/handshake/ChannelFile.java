package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneDescriptor;
import dev.entangle.internal.lane.LaneFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * A channel's shared file: who owns each of its two ports, and the control blocks of its two lanes.
 * <pre>
 *    0 | magic (int) | version (int, written last, release) | channel id high | low | created (ms) |
 *   64 | ownership record of port1 (128 bytes)                                                       |
 *  192 | ownership record of port2 (128 bytes)                                                       |
 *  320 | control block of lane a: port1 writes, port2 reads (192 bytes)                              |
 *  512 | control block of lane b: port2 writes, port1 reads (192 bytes)                              |
 *  704 | unused to 1024                                                                              |
 * </pre>
 * Its folder also holds the lanes' rings, {@code a.<generation>} and {@code b.<generation>}.
 */
public final class ChannelFile implements AutoCloseable
{
    /** Name of the file in the channel's folder. */
    public static final String FILE_NAME = "channel";
    /** Length of the file. */
    public static final int LENGTH = 1024;

    private static final int MAGIC = 0x454E_4348;
    private static final int VERSION = 2;
    private static final int VERSION_OFFSET = 4;
    private static final int ID_HIGH_OFFSET = 8;
    private static final int ID_LOW_OFFSET = 16;
    private static final int CREATED_OFFSET = 24;
    private static final int RECORDS_OFFSET = 64;
    private static final int LANES_OFFSET = RECORDS_OFFSET + 2 * OwnershipRecord.LENGTH;

    private final ChannelId id;
    private final Path folder;
    private final MappedRegion region;
    private final OwnershipRecord[] records = new OwnershipRecord[2];
    private final LaneControl[] lanes = new LaneControl[2];

    private ChannelFile(final ChannelId id, final Path folder, final MappedRegion region)
    {
        this.id = id;
        this.folder = folder;
        this.region = region;
        final UnsafeBuffer buffer = region.buffer();
        for (int side = 0; side < 2; side++)
        {
            records[side] = new OwnershipRecord(buffer, RECORDS_OFFSET + side * OwnershipRecord.LENGTH);
            lanes[side] = new LaneControl(buffer, LANES_OFFSET + side * LaneDescriptor.CONTROL_LENGTH);
        }
    }

    /**
     * Creates a new channel's file in its (new) folder, both ports owned by {@code owner}.
     *
     * @param folder the channel's folder, already created.
     * @param id     the channel's id.
     * @param owner  the owner of both ports.
     * @return the mapped file.
     * @throws FileAlreadyExistsException when a file is there already.
     */
    public static ChannelFile create(final Path folder, final ChannelId id, final Owner owner)
        throws FileAlreadyExistsException
    {
        final ChannelFile file = new ChannelFile(id, folder, MappedRegion.create(folder.resolve(FILE_NAME), LENGTH));
        final UnsafeBuffer buffer = file.region.buffer();
        buffer.putInt(0, MAGIC);
        buffer.putLong(ID_HIGH_OFFSET, id.high());
        buffer.putLong(ID_LOW_OFFSET, id.low());
        final long now = System.currentTimeMillis();
        buffer.putLong(CREATED_OFFSET, now);
        for (int side = 0; side < 2; side++)
        {
            file.records[side].initialise(owner);
            file.lanes[side].initialise(now);
        }
        buffer.putIntRelease(VERSION_OFFSET, VERSION);
        return file;
    }

    /**
     * Maps an existing channel's file.
     *
     * @param folder the channel's folder.
     * @param id     the id its name says.
     * @return the file, or null when it is missing, incomplete, of another format or of another channel.
     */
    public static ChannelFile open(final Path folder, final ChannelId id)
    {
        final MappedRegion region = MappedRegion.openExisting(folder.resolve(FILE_NAME), LENGTH, LENGTH);
        if (region == null)
        {
            return null;
        }
        final UnsafeBuffer buffer = region.buffer();
        if (buffer.getInt(0) != MAGIC || buffer.getIntAcquire(VERSION_OFFSET) != VERSION ||
            buffer.getLong(ID_HIGH_OFFSET) != id.high() || buffer.getLong(ID_LOW_OFFSET) != id.low())
        {
            region.close();
            return null;
        }
        return new ChannelFile(id, folder, region);
    }

    /**
     * @return the channel's id.
     */
    public ChannelId id()
    {
        return id;
    }

    /**
     * @return the channel's folder.
     */
    public Path folder()
    {
        return folder;
    }

    /**
     * @param side 0 for port1, 1 for port2.
     * @return that port's ownership record.
     */
    public OwnershipRecord record(final int side)
    {
        return records[side];
    }

    /**
     * @param side the writing port's side.
     * @return the control block of the lane that port writes.
     */
    public LaneControl outgoing(final int side)
    {
        return lanes[side];
    }

    /**
     * @param side the reading port's side.
     * @return the control block of the lane that port reads.
     */
    public LaneControl incoming(final int side)
    {
        return lanes[1 - side];
    }

    /**
     * @param side the writing port's side.
     * @return where the rings of the lane that port writes live.
     */
    public LaneFiles outgoingFiles(final int side)
    {
        return new LaneFiles(folder, side == 0 ? "a" : "b");
    }

    /**
     * @param side the reading port's side.
     * @return where the rings of the lane that port reads live.
     */
    public LaneFiles incomingFiles(final int side)
    {
        return outgoingFiles(1 - side);
    }

    /**
     * @return true when both ports are closed: nobody can write to its lanes any more.
     */
    public boolean bothClosed()
    {
        return records[0].state() == OwnershipRecord.CLOSED && records[1].state() == OwnershipRecord.CLOSED;
    }

    /**
     * @return when the channel was made, epoch milliseconds.
     */
    public long createdMillis()
    {
        return region.buffer().getLong(CREATED_OFFSET);
    }

    /**
     * @return the mapping, for fault diagnosis.
     */
    public MappedRegion region()
    {
        return region;
    }

    /**
     * Unmaps. The caller guarantees no thread of this JVM still uses it.
     */
    @Override
    public void close()
    {
        region.close();
    }
}
