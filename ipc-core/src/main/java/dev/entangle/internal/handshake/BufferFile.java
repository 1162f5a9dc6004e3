package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The shared memory of an array buffer or a shared array buffer, with who holds it.
 * <pre>
 *      0 | magic (int) | version (int, written last) | kind (int) | byte length (int) | id high | id low | created |
 *     64 | holder slot 0: an ownership record (128 bytes)                                                          |
 *    192 | holder slot 1 ... (a shared array buffer has {@link #SHARED_SLOTS}, an array buffer one)                |
 *  16384 | the data: byte length bytes                                                                               |
 * </pre>
 * A holder slot is an {@link OwnershipRecord}: OWNED by the context that holds the memory, IN_TRANSIT while a message
 * carries it (claimed by the receiver with the message's ticket), CLOSED when free. An array buffer has one slot,
 * which moves with it; a shared array buffer has one per holder and one per message in flight. The memory is freed
 * (the file deleted) when no slot is held by a live owner or carried by a message that can still arrive.
 */
public final class BufferFile
{
    /** An {@code ArrayBuffer}: one holder, moved by transfer, copied otherwise. */
    public static final int ARRAY_BUFFER = 1;
    /** A {@code SharedArrayBuffer}: many holders of the same memory. */
    public static final int SHARED_ARRAY_BUFFER = 2;
    /** Holder slots of a shared array buffer: holders and messages in flight at once. */
    public static final int SHARED_SLOTS = 120;
    /** Where the data starts. */
    public static final int DATA_OFFSET = 16384;
    /** The largest byte length. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - DATA_OFFSET - 4096;

    private static final int MAGIC = 0x454E_4246;
    private static final int VERSION = 1;
    private static final int VERSION_OFFSET = 4;
    private static final int KIND_OFFSET = 8;
    private static final int LENGTH_OFFSET = 12;
    private static final int ID_HIGH_OFFSET = 16;
    private static final int ID_LOW_OFFSET = 24;
    private static final int CREATED_OFFSET = 32;
    private static final int SLOTS_OFFSET = 64;

    private final ChannelId id;
    private final MappedRegion region;
    private final int kind;
    private final int byteLength;

    private BufferFile(final ChannelId id, final MappedRegion region)
    {
        this.id = id;
        this.region = region;
        this.kind = region.buffer().getInt(KIND_OFFSET);
        this.byteLength = region.buffer().getInt(LENGTH_OFFSET);
    }

    /**
     * Creates a buffer's file, its first slot held by {@code owner}.
     *
     * @param file       the file; nothing may exist there.
     * @param id         the buffer's id.
     * @param kind       {@link #ARRAY_BUFFER} or {@link #SHARED_ARRAY_BUFFER}.
     * @param byteLength its length.
     * @param owner      the first holder.
     * @return the mapped file.
     * @throws FileAlreadyExistsException when something exists there.
     */
    public static BufferFile create(
        final Path file, final ChannelId id, final int kind, final int byteLength, final Owner owner)
        throws FileAlreadyExistsException
    {
        if (byteLength < 0 || byteLength > MAX_LENGTH)
        {
            throw new IllegalArgumentException("byteLength must be in [0, " + MAX_LENGTH + "]: " + byteLength);
        }
        final MappedRegion region = MappedRegion.create(file, DATA_OFFSET + byteLength);
        final UnsafeBuffer buffer = region.buffer();
        buffer.putInt(0, MAGIC);
        buffer.putInt(KIND_OFFSET, kind);
        buffer.putInt(LENGTH_OFFSET, byteLength);
        buffer.putLong(ID_HIGH_OFFSET, id.high());
        buffer.putLong(ID_LOW_OFFSET, id.low());
        buffer.putLong(CREATED_OFFSET, System.currentTimeMillis());
        final BufferFile created = new BufferFile(id, region);
        created.record(0).initialise(owner);
        buffer.putIntRelease(VERSION_OFFSET, VERSION);
        return created;
    }

    /**
     * Maps an existing buffer's file.
     *
     * @param file the file.
     * @param id   the id its name says.
     * @return it, or null when missing or not valid.
     */
    public static BufferFile open(final Path file, final ChannelId id)
    {
        final MappedRegion region = MappedRegion.openExisting(file, DATA_OFFSET, Integer.MAX_VALUE);
        if (region == null)
        {
            return null;
        }
        final UnsafeBuffer buffer = region.buffer();
        final int kind = buffer.getInt(KIND_OFFSET);
        if (buffer.getInt(0) != MAGIC || buffer.getIntAcquire(VERSION_OFFSET) != VERSION ||
            buffer.getLong(ID_HIGH_OFFSET) != id.high() || buffer.getLong(ID_LOW_OFFSET) != id.low() ||
            (kind != ARRAY_BUFFER && kind != SHARED_ARRAY_BUFFER) ||
            (long)DATA_OFFSET + buffer.getInt(LENGTH_OFFSET) != region.length())
        {
            region.close();
            return null;
        }
        return new BufferFile(id, region);
    }

    /**
     * @return the buffer's id.
     */
    public ChannelId id()
    {
        return id;
    }

    /**
     * @return {@link #ARRAY_BUFFER} or {@link #SHARED_ARRAY_BUFFER}.
     */
    public int kind()
    {
        return kind;
    }

    /**
     * @return the data's length.
     */
    public int byteLength()
    {
        return byteLength;
    }

    /**
     * @return how many holder slots the file has.
     */
    public int slots()
    {
        return kind == SHARED_ARRAY_BUFFER ? SHARED_SLOTS : 1;
    }

    /**
     * @param slot a holder slot.
     * @return its record.
     */
    public OwnershipRecord record(final int slot)
    {
        if (slot < 0 || slot >= slots())
        {
            throw new IllegalArgumentException("no holder slot " + slot + " in a buffer of " + slots());
        }
        return new OwnershipRecord(region.buffer(), SLOTS_OFFSET + slot * OwnershipRecord.LENGTH);
    }

    /**
     * Takes a free slot for a new holder.
     *
     * @param owner the holder.
     * @return the slot, or -1 when every slot is in use.
     */
    public int acquireSlot(final Owner owner)
    {
        for (int slot = 0; slot < slots(); slot++)
        {
            if (record(slot).reopen(owner))
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * @return a view of the data, over the mapping (no copy).
     */
    public UnsafeBuffer data()
    {
        return new UnsafeBuffer(dataByteBuffer());
    }

    /**
     * @return the data as a byte buffer over the mapping, in native byte order like {@link #data()}; it keeps the
     * mapping alive while it is used.
     */
    public ByteBuffer dataByteBuffer()
    {
        final ByteBuffer whole = region.byteBuffer();
        whole.limit(DATA_OFFSET + byteLength).position(DATA_OFFSET);
        return whole.slice().order(java.nio.ByteOrder.nativeOrder());
    }

    /**
     * @return the mapping, for fault diagnosis.
     */
    public MappedRegion region()
    {
        return region;
    }
}
