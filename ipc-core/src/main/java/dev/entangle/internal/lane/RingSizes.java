package dev.entangle.internal.lane;

import static dev.entangle.internal.lane.LaneDescriptor.MAX_CAPACITY;

/**
 * How large a lane's next ring is: when a frame does not fit, and when a large ring may be given back. The writer
 * decides when to ask ({@link ShrinkTiming}); these rules only look at sizes.
 */
final class RingSizes
{
    /**
     * How many frames of the size that made a ring grow the new ring is sized for (it holds at least half as many:
     * the size is rounded down to a power of two). Writing a frame over bytes that the reader read a lap ago, still
     * in its core's cache, costs the writer far more than writing over bytes long gone from it: a 64 KiB message
     * round trip took 30 µs in a ring of 128 or 256 KiB, 21 µs in one of 1 MiB.
     */
    static final int ROOM_FOR_LARGE_FRAMES = 16;
    /** The most {@link #ROOM_FOR_LARGE_FRAMES} grows a ring to: 1 MiB messages were slower in 16 MiB than in 4. */
    static final long LARGE_FRAME_RING_LIMIT = 4 << 20;

    private RingSizes()
    {
    }

    /**
     * A ring at least twice as large as the current one that holds {@code needed} bytes and, up to
     * {@link #LARGE_FRAME_RING_LIMIT}, from half to all of {@link #ROOM_FOR_LARGE_FRAMES} frames of the size that did
     * not fit; never below the initial size.
     *
     * @throws IllegalArgumentException when no ring can hold {@code needed} bytes.
     */
    static int grown(final int capacity, final long needed, final int frameLength, final int initialCapacity)
    {
        if (needed > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("a frame of " + needed + " bytes exceeds the largest ring");
        }
        final long doubled = Math.max((long)capacity * 2, Long.highestOneBit(Math.max(needed, 1) * 2 - 1));
        final long roomy = Math.min(LARGE_FRAME_RING_LIMIT,
            Long.highestOneBit((long)frameLength * ROOM_FOR_LARGE_FRAMES));
        return (int)Math.min(MAX_CAPACITY, Math.max(Math.max(doubled, roomy), initialCapacity));
    }

    /**
     * @return true when a ring larger than the initial size holds so little that it may be given back.
     */
    static boolean backlogGone(final int capacity, final long backlog, final int initialCapacity)
    {
        return capacity > initialCapacity && backlog * 8 <= capacity;
    }

    /**
     * @return true when, during a stream, the ring may be given back before appending a frame: what waits and the
     * frame are small against the ring, and the frame is small against the initial ring.
     */
    static boolean backlogGoneBefore(final int capacity, final long backlog, final int frameLength,
        final int initialCapacity)
    {
        return (backlog + frameLength) * 8L <= capacity && frameLength * 4L <= initialCapacity;
    }
}
