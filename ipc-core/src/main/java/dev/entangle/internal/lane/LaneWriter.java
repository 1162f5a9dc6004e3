package dev.entangle.internal.lane;

import org.agrona.DirectBuffer;


import static dev.entangle.internal.lane.LaneDescriptor.*;

/**
 * Appends frames to a lane. A port's lane has one writer at a time, handed over with the port; a context's inbox
 * has many, which take the lane's lock (a word in the control block, stolen only from a holder whose process is
 * gone) around each append. Not thread-safe: the owner serializes calls.
 */
public final class LaneWriter implements AutoCloseable
{
    /** {@link #append} result: the lane was retired (its files deleted); look it up again. */
    public static final long RETIRED = -1;

    private static final int MOVED_LENGTH = HEADER_LENGTH;

    private final LaneControl control;
    private final SlowestReader readers;
    private final LaneFiles files;
    private final LaneSettings settings;
    private final boolean shared;
    private final LaneLock lock;
    private Ring ring;
    private long tail;
    /** Where the slowest reader stood when last asked: asked again only when a frame does not fit behind it. */
    private long cachedHead;
    private final ShrinkTiming shrinkTiming;

    /**
     * @param control  the lane's control block.
     * @param files    where its rings live.
     * @param settings ring sizes and checksums.
     * @param shared   true when writers in other processes append too (an inbox): each append takes the lock.
     */
    public LaneWriter(final LaneControl control, final LaneFiles files, final LaneSettings settings,
        final boolean shared)
    {
        this(control, control.readerLine()::head, files, settings, shared);
    }

    /**
     * @param control  the lane's control block.
     * @param readers  where the slowest reader stands, for a lane that many read.
     * @param files    where its rings live.
     * @param settings ring sizes and checksums.
     * @param shared   true when writers in other processes append too: each append takes the lock.
     */
    public LaneWriter(final LaneControl control, final SlowestReader readers, final LaneFiles files,
        final LaneSettings settings, final boolean shared)
    {
        this.control = control;
        this.readers = readers;
        this.files = files;
        this.settings = settings;
        this.shared = shared;
        this.lock = new LaneLock(control.buffer(), control.offset());
        this.shrinkTiming = new ShrinkTiming(settings.shrinkAfterNanos());
    }

    /**
     * Appends one frame whose body is the concatenation of two ranges (an envelope and a payload), growing the ring
     * when the frame does not fit.
     *
     * @param type       the frame's type, in [1, {@link LaneDescriptor#MAX_USER_TYPE}].
     * @param head       first range (may be null when its length is 0).
     * @param headOffset of the first range.
     * @param headLength of the first range.
     * @param body       second range (may be null when its length is 0).
     * @param bodyOffset of the second range.
     * @param bodyLength of the second range.
     * @return the lane's tail after the frame, or {@link #RETIRED}.
     * @throws LaneDamagedException when the control block or a ring is not what this writer left.
     */
    public long append(
        final int type,
        final DirectBuffer head,
        final int headOffset,
        final int headLength,
        final DirectBuffer body,
        final int bodyOffset,
        final int bodyLength)
    {
        if (type < 1 || type > MAX_USER_TYPE)
        {
            throw new IllegalArgumentException("frame type out of range: " + type);
        }
        if (shared)
        {
            lock.lock();
            try
            {
                if (control.isRetired())
                {
                    return RETIRED;
                }
                tail = control.tail();
                return write(type, head, headOffset, headLength, body, bodyOffset, bodyLength);
            }
            finally
            {
                lock.unlock();
            }
        }
        return write(type, head, headOffset, headLength, body, bodyOffset, bodyLength);
    }

    /**
     * Gives a ring much larger than its backlog back: once it has not needed to grow for a while, the writer moves
     * to a ring of the initial size and the reader deletes the large one when it leaves it. Call now and then, with
     * the same exclusion as {@link #append}.
     *
     * @param nowNanos the time now.
     * @return true when the ring was replaced.
     */
    public boolean shrinkIfIdle(final long nowNanos)
    {
        if (!shrinkTiming.dueWhenIdle(nowNanos) || ring == null || ring.capacity <= settings.initialCapacity())
        {
            return false;
        }
        if (shared)
        {
            lock.lock();
            try
            {
                if (control.isRetired())
                {
                    return false;
                }
                tail = control.tail();
                syncRing();
                return shrinkUnlocked(nowNanos);
            }
            finally
            {
                lock.unlock();
            }
        }
        return shrinkUnlocked(nowNanos);
    }

    private boolean shrinkUnlocked(final long nowNanos)
    {
        if (!RingSizes.backlogGone(ring.capacity, tail - Math.max(readers.head(), ring.base),
            settings.initialCapacity()))
        {
            return false;
        }
        moveTo(settings.initialCapacity());
        shrinkTiming.resized(nowNanos);
        return true;
    }

    /**
     * Retires a shared lane that nothing waits in: under the lock, so no writer appends meanwhile, it is marked
     * retired and {@code deleteFiles} runs; writers that mapped it see the mark and look the lane up again.
     *
     * @param deleteFiles removes the lane's files (and its owner's), run while the lock is held.
     * @return true when the lane was empty and is now retired.
     */
    public boolean retireIfDrained(final Runnable deleteFiles)
    {
        lock.lock();
        try
        {
            if (control.isRetired() || control.tail() != readers.head())
            {
                return false;
            }
            control.retire();
            close();
            deleteFiles.run();
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} holding the lane's lock, so that no writer appends meanwhile: a lane that many read has
     * its readers join, leave and skip ahead under the same exclusion as the appends. Not reentrant: the action
     * must not append through this writer.
     *
     * @param action run under the lock.
     */
    public void locked(final Runnable action)
    {
        lock.lock();
        try
        {
            action.run();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return this writer's position: after the last frame it appended.
     */
    public long position()
    {
        return tail;
    }

    /**
     * @return the capacity of the ring this writer writes, 0 before the first append.
     */
    public int capacity()
    {
        return ring == null ? 0 : ring.capacity;
    }

    /**
     * @return the ring's mapping, or null; for fault diagnosis.
     */
    public dev.entangle.internal.fs.MappedRegion region()
    {
        return ring == null ? null : ring.region();
    }

    /**
     * Unmaps this writer's ring; the lane and its files stay.
     */
    @Override
    public void close()
    {
        if (ring != null)
        {
            ring.close();
            ring = null;
        }
    }

    private long write(
        final int type,
        final DirectBuffer head,
        final int headOffset,
        final int headLength,
        final DirectBuffer body,
        final int bodyOffset,
        final int bodyLength)
    {
        syncRing();
        if (shared)
        {
            adoptPublished();
        }
        final int bodyTotal = headLength + bodyLength;
        final int frameLength = frameLength(bodyTotal);
        shrinkTiming.appended();
        boolean headFresh = false;
        while (true)
        {
            final Ring ring = this.ring;
            final long readerHead = cachedHead;
            final long used = tail - Math.max(readerHead, ring.base);
            if ((used < 0 || used > ring.capacity) && !headFresh)
            {
                // Other writers of a shared lane may have moved the tail a long way since the head was cached.
                cachedHead = readers.head();
                headFresh = true;
                continue;
            }
            if (used < 0 || used > ring.capacity)
            {
                throw new LaneDamagedException("lane " + files.ring(ring.generation) + ": tail " + tail +
                    " and reader position " + readerHead + " are " + used + " bytes apart in a ring of " +
                    ring.capacity);
            }
            final int offset = ring.offsetOf(tail);
            final int toEnd = ring.capacity - offset;
            final int padding = frameLength > toEnd ? toEnd : 0;
            final boolean fits = used + padding + frameLength + MOVED_LENGTH <= ring.capacity;
            final boolean shrinkDue = ring.capacity > settings.initialCapacity() && shrinkTiming.dueDuringStream();
            if (!headFresh && (!fits || shrinkDue))
            {
                // The reader is further on than last seen: ask before growing or shrinking (not at every append to
                // a large ring: the reader writes its line at every message, and reading it costs a cache miss).
                cachedHead = readers.head();
                headFresh = true;
                continue;
            }
            if (fits)
            {
                if (shrinkDue &&
                    RingSizes.backlogGoneBefore(ring.capacity, used, frameLength, settings.initialCapacity()))
                {
                    // A backlog is long gone: give the large ring back.
                    moveTo(settings.initialCapacity());
                    shrinkTiming.resized(System.nanoTime());
                    continue;
                }
                if (padding > 0)
                {
                    // The frame goes at the ring's start: nothing may look published there once the padding is.
                    ring.clearSlot(0);
                    ring.putHeader(offset, 0, TYPE_PADDING, 0);
                    ring.publish(offset, tail);
                    tail += padding;
                }
                final int at = ring.offsetOf(tail);
                ring.putBody(at + HEADER_LENGTH, head, headOffset, headLength, body, bodyOffset, bodyLength);
                final int checksum = settings.checksums() ? ring.checksum(at + HEADER_LENGTH, bodyTotal) : 0;
                ring.putHeader(at, bodyTotal, settings.checksums() ? type | CHECKSUMMED : type, checksum);
                // The slot after the frame is free (the fit keeps room for a MOVED frame there): cleared before the
                // frame is published, it reads as empty to a reader that gets there, not as what a lap left.
                ring.clearSlot(ring.offsetOf(tail + frameLength));
                // Counted before it is published: a reader may take the frame at once, before the tail moves, and
                // the bytes it counts as read must never exceed those counted as written (bufferedAmount, and the
                // low-water signal that it answers, would see a backlog gone that is not).
                control.addWritten(bodyTotal);
                ring.publish(at, tail);
                tail += frameLength;
                control.tail(tail);
                return tail;
            }
            moveTo(RingSizes.grown(ring.capacity, frameLength + MOVED_LENGTH + Math.min(used, MAX_CAPACITY / 2),
                frameLength, settings.initialCapacity()));
            shrinkTiming.resized(System.nanoTime());
        }
    }

    /**
     * A writer of a shared lane that died holding the lock may have published frames and not the tail after them
     * (a reader may have read them already): each is whole, since its position check is written last, so the tail
     * moves past them, following a MOVED frame into the ring it names.
     */
    private void adoptPublished()
    {
        final long start = tail;
        if (tail == ring.base - MOVED_LENGTH)
        {
            // It named the next ring in the control block after publishing the MOVED frame, then died.
            tail = ring.base;
        }
        while (true)
        {
            final Ring ring = this.ring;
            final int offset = ring.offsetOf(tail);
            if (ring.publishedCheck(offset) != positionCheck(tail))
            {
                break;
            }
            final int type = ring.buffer.getInt(offset + TYPE_FIELD) & ~CHECKSUMMED;
            final int bodyLength = ring.buffer.getInt(offset + BODY_LENGTH_FIELD);
            if (type == TYPE_PADDING)
            {
                tail += ring.capacity - offset;
            }
            else if (type == TYPE_MOVED)
            {
                final long nextBase = tail + MOVED_LENGTH;
                final Ring next = Ring.open(files, ring.generation + 1, nextBase);
                control.writerRing(next.generation, nextBase, next.capacity);
                this.ring = next;
                tail = nextBase;
                ring.close();
            }
            else if (bodyLength >= 0 && frameLength(bodyLength) <= ring.capacity - offset)
            {
                tail += frameLength(bodyLength);
            }
            else
            {
                throw new LaneDamagedException("lane " + files.ring(ring.generation) + ": a malformed frame is " +
                    "published at the tail " + tail);
            }
        }
        if (tail != start)
        {
            control.tail(tail);
        }
    }

    /**
     * Starts the next generation: its ring is created before the frame that points to it is published.
     */
    private void moveTo(final int capacity)
    {
        final Ring old = ring;
        final long nextBase = tail + MOVED_LENGTH;
        final Ring next = Ring.create(files, old.generation + 1, nextBase, capacity);
        old.putHeader(old.offsetOf(tail), 0, TYPE_MOVED, 0);
        old.publish(old.offsetOf(tail), tail);
        control.writerRing(next.generation, nextBase, capacity);
        tail = nextBase;
        control.tail(tail);
        ring = next;
        old.close();
    }

    /**
     * Maps the ring the control block names, creating the first one on a new lane.
     */
    private void syncRing()
    {
        final long generation = control.writerGeneration();
        if (ring != null && ring.generation == generation)
        {
            return;
        }
        if (ring != null)
        {
            ring.close();
            ring = null;
        }
        final long capacity = control.writerCapacity();
        if (capacity == 0)
        {
            ring = Ring.create(files, generation, control.writerBase(), settings.initialCapacity());
            control.writerRing(generation, ring.base, ring.capacity);
        }
        else
        {
            ring = Ring.open(files, generation, control.writerBase());
            if (ring.capacity != capacity)
            {
                final int actual = ring.capacity;
                ring.close();
                ring = null;
                throw new LaneDamagedException("ring " + files.ring(generation) + " is " + actual +
                    " bytes, its control block says " + capacity);
            }
        }
        tail = control.tail();
        cachedHead = readers.head();
        shrinkTiming.resized(System.nanoTime());
    }
}
