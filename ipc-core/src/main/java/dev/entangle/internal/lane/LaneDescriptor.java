package dev.entangle.internal.lane;

/**
 * Layout of a lane: its control block, which lives in a record file of its owner (a channel, a context name), and
 * the frames in its ring files.
 * <pre>
 * control block, three cache lines:
 *   0 +--------------------------------------------------------------------+  writer's line
 *     | tail | written bytes | messages written | generation | base | capacity | lock | lock pid
 *  64 +--------------------------------------------------------------------+  reader's line
 *     | head | read bytes | messages read | generation | base | capacity | -  | -
 * 128 +--------------------------------------------------------------------+  signals
 *     | low-water request | lock holder start | lock since (ms) | state | created (ms) | watched | - | -
 * 192 +--------------------------------------------------------------------+
 *
 * ring file &lt;prefix&gt;.&lt;generation&gt;: capacity bytes, a power of two, holding 16-byte aligned frames
 *   0 | body length (int) | type (int) | position check (int) | CRC32C of the body or 0 (int) |
 *  16 | body ... padded to 16 bytes
 * </pre>
 * Positions ({@code tail}, {@code head}, {@code base}) count bytes from the lane's start across all generations and
 * never go back. A ring's {@code base} is the position of its first byte, so a frame at position {@code p} sits at
 * offset {@code (p - base) & (capacity - 1)}. The writer owns the writer's line, the reader the reader's; each
 * publishes its position with one ordered store after the bytes it covers. {@code tail - head} is what is in flight.
 * <p>
 * A frame is published by its position check, the header's last field written, with an ordered store after its
 * other bytes; the tail follows. Before publishing, the writer clears the check of the slot just after the frame
 * (free space, since a frame fits only with room for a MOVED frame behind it), so the slot at the tail always reads 0
 * until its frame is there. A reader therefore waits on the header at its own position, the one cache line the
 * frame itself brings, and reads the writer's line only to tell damage from an empty lane: a tail beyond its position
 * with no frame published there.
 * <p>
 * A writer that needs room it does not have starts a new generation: it creates ring {@code g + 1}, writes a
 * {@link #TYPE_MOVED} frame in ring {@code g}, and continues in the new ring, whose base is the position just after
 * that frame. The reader follows the frame and deletes the ring it left. So a lane holds what is buffered plus its
 * current ring, and a ring is grown when a backlog needs it and shrunk again once the backlog is gone.
 */
public final class LaneDescriptor
{
    /** Bytes of a lane's control block. */
    public static final int CONTROL_LENGTH = 192;

    static final int TAIL_OFFSET = 0;
    static final int WRITTEN_BYTES_OFFSET = 8;
    static final int MESSAGES_WRITTEN_OFFSET = 16;
    static final int WRITER_GENERATION_OFFSET = 24;
    static final int WRITER_BASE_OFFSET = 32;
    static final int WRITER_CAPACITY_OFFSET = 40;
    static final int LOCK_OFFSET = 48;
    static final int LOCK_PID_OFFSET = 56;

    static final int READER_LINE_OFFSET = 64;
    /** Offsets within a reader line, which a broadcast lane repeats once per receiver. */
    static final int HEAD_OFFSET = 0;
    static final int READ_BYTES_OFFSET = 8;
    static final int MESSAGES_READ_OFFSET = 16;
    static final int READER_GENERATION_OFFSET = 24;
    static final int READER_BASE_OFFSET = 32;
    static final int READER_CAPACITY_OFFSET = 40;
    /** Bytes of one reader line. */
    public static final int READER_LINE_LENGTH = 64;

    static final int LOW_WATER_OFFSET = 128;
    static final int LOCK_START_OFFSET = 136;
    static final int LOCK_SINCE_OFFSET = 144;
    static final int STATE_OFFSET = 152;
    static final int CREATED_OFFSET = 160;
    /**
     * Non-zero while the reader's event loop looks at the lane every cycle, so a writer need not ring its doorbell:
     * the value the reader's ownership word had when it began, so a mark left by an earlier owner is not believed.
     * On a line of its own kind (rarely written), so that writers read it from their cache.
     */
    static final int WATCHED_OFFSET = 168;

    /** The lane is in use. */
    static final long STATE_LIVE = 0;
    /** The lane's files were deleted; a writer that mapped it must look again. */
    static final long STATE_RETIRED = 1;

    static final int HEADER_LENGTH = 16;
    static final int ALIGNMENT = 16;
    static final int BODY_LENGTH_FIELD = 0;
    static final int TYPE_FIELD = 4;
    static final int POSITION_FIELD = 8;
    static final int CHECKSUM_FIELD = 12;

    /** Fills the end of a ring that the next frame does not fit in; the reader skips to the ring's start. */
    static final int TYPE_PADDING = 0x1_0001;
    /** The writer went on in the next generation's ring. */
    static final int TYPE_MOVED = 0x1_0002;
    /** Set in a frame's type when its checksum field holds the body's CRC32C. */
    static final int CHECKSUMMED = 0x4000_0000;
    /** The largest type a user of a lane may give a frame. */
    public static final int MAX_USER_TYPE = 0xFFFF;

    /** The smallest ring: four pages. */
    public static final int MIN_CAPACITY = 16 << 10;
    /** The largest ring: a position offset within it must fit an int. */
    public static final int MAX_CAPACITY = 1 << 30;

    private LaneDescriptor()
    {
    }

    /**
     * @param bodyLength bytes of a frame's body.
     * @return the frame's length in the ring, header and padding included.
     */
    public static int frameLength(final int bodyLength)
    {
        return (HEADER_LENGTH + bodyLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * @param capacity a ring capacity.
     * @return true when it is a power of two within the bounds.
     */
    static boolean isValidCapacity(final long capacity)
    {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Long.bitCount(capacity) == 1;
    }

    /**
     * @param position a frame's position.
     * @return the check value written in its header, never 0.
     */
    static int positionCheck(final long position)
    {
        // Odd, so never 0, which marks a slot where nothing is published yet (positions are 16-byte aligned).
        return (int)(position ^ (position >>> 32)) | 1;
    }
}
