package dev.entangle.internal.broadcast;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneDescriptor;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.lane.LaneReaders;
import dev.entangle.internal.lane.ReaderLine;
import dev.entangle.internal.process.ProcessWatch;

import java.util.concurrent.TimeUnit;

import static dev.entangle.internal.broadcast.BroadcastDescriptor.*;

/**
 * The rules of a broadcast channel's slot table, each applied holding the lane's lock: claiming a slot, freeing the
 * slots of dead processes, where the slowest receiver stands (leaving out those too far behind), and deleting the
 * rings that no live receiver reads any more. Not thread-safe: the owner serializes calls.
 */
final class BroadcastTable
{
    /** A process watch that nobody asks about is forgotten after a minute: look it up again well before. */
    private static final long REFETCH_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The most any receiver may hold back, whatever its own limit: the backlog must fit in the largest ring, so that
     * posting never fails for a slow receiver.
     */
    static final long MAX_BEHIND = LaneDescriptor.MAX_CAPACITY / 4;

    private final BroadcastFile file;
    private final LaneControl lane;
    private final LaneFiles rings;
    private final ProcessWatch watch;
    private final ProcessWatch.Watched[] watched = new ProcessWatch.Watched[SLOTS];
    private final long[] watchedAt = new long[SLOTS];
    private boolean freedDead;

    BroadcastTable(final BroadcastFile file, final ProcessWatch watch)
    {
        this.file = file;
        this.lane = file.lane();
        this.rings = file.rings();
        this.watch = watch;
    }

    /**
     * Claims a free slot for a member, its reader line at the lane's tail.
     *
     * @return the slot, or -1 when all are taken by live receivers.
     */
    int claim(final BroadcastMember member)
    {
        freeDead();
        final int used = file.slotsUsed();
        int slot = 0;
        while (slot < used && file.state(slot) != FREE)
        {
            slot++;
        }
        if (slot == SLOTS)
        {
            return -1;
        }
        file.fill(slot, member);
        LaneReaders.startAtTail(lane, file.line(slot));
        if (slot == used)
        {
            file.slotsUsed(used + 1);
        }
        file.compareAndSetState(slot, FREE, ACTIVE);
        return slot;
    }

    /**
     * Frees a slot; the slots used shrink past free slots at the top.
     */
    void free(final int slot)
    {
        final long state = file.state(slot);
        if (state != FREE)
        {
            file.compareAndSetState(slot, state, FREE);
        }
        int used = file.slotsUsed();
        while (used > 0 && file.state(used - 1) == FREE)
        {
            used--;
        }
        file.slotsUsed(used);
    }

    /**
     * @return how many slots of dead processes were freed.
     */
    int freeDead()
    {
        final long now = System.nanoTime();
        int freed = 0;
        for (int slot = file.slotsUsed() - 1; slot >= 0; slot--)
        {
            if (file.state(slot) != FREE && !isAlive(slot, now))
            {
                free(slot);
                freed++;
            }
        }
        return freed;
    }

    /**
     * @return true when no slot is held (dead holders freed first).
     */
    boolean isEmpty()
    {
        freeDead();
        return file.slotsUsed() == 0;
    }

    /**
     * Where the writers must stop: the lowest position of the live active receivers that are within their limit.
     * An active receiver beyond its limit is left out ({@link BroadcastDescriptor#LAPPED}) when it stands before
     * that position, and costs nothing when it stands after it; a dead one is freed.
     *
     * @return that position, or the tail when no receiver holds the writers back.
     */
    long slowestHead()
    {
        final long tail = lane.tail();
        final long written = lane.writtenBytes();
        final long now = System.nanoTime();
        final int used = file.slotsUsed();
        long within = Long.MAX_VALUE;
        boolean beyond = false;
        for (int slot = 0; slot < used; slot++)
        {
            if (file.state(slot) != ACTIVE)
            {
                continue;
            }
            if (!isAlive(slot, now))
            {
                free(slot);
                freedDead = true;
                continue;
            }
            final ReaderLine line = file.line(slot);
            if (written - line.readBytes() <= limit(slot))
            {
                within = Math.min(within, line.head());
            }
            else
            {
                beyond = true;
            }
        }
        if (beyond)
        {
            for (int slot = 0; slot < used; slot++)
            {
                final ReaderLine line = file.line(slot);
                if (file.state(slot) == ACTIVE && written - line.readBytes() > limit(slot) &&
                    line.head() < within)
                {
                    file.compareAndSetState(slot, ACTIVE, LAPPED);
                }
            }
        }
        return within == Long.MAX_VALUE ? tail : Math.min(within, tail);
    }

    private long limit(final int slot)
    {
        return Math.min(file.limit(slot), MAX_BEHIND);
    }

    /**
     * @param except a slot to leave out (the caller's own).
     * @return the live active slot within its limit that stands furthest behind, or -1 when there is none.
     */
    int slowestOther(final int except)
    {
        final long now = System.nanoTime();
        final long written = lane.writtenBytes();
        int slowest = -1;
        long lowest = Long.MAX_VALUE;
        for (int slot = 0, used = file.slotsUsed(); slot < used; slot++)
        {
            // One beyond its own limit holds nothing back (see slowestHead): skipping to it would leave the skipper
            // beyond its limit again, to be left out at the next append.
            if (slot != except && file.state(slot) == ACTIVE && isAlive(slot, now) &&
                written - file.line(slot).readBytes() <= limit(slot))
            {
                final long head = file.line(slot).head();
                if (head < lowest)
                {
                    lowest = head;
                    slowest = slot;
                }
            }
        }
        return slowest;
    }

    /**
     * What lies between a position and the tail.
     *
     * @param frames messages.
     * @param bytes  their bodies' bytes.
     * @param own    messages of the participant that asked.
     */
    record Walked(long frames, long bytes, long own)
    {
        static final Walked NOTHING = new Walked(0, 0, 0);
    }

    /**
     * Counts the messages from where a line stands to the tail, under the lock, so that no writer appends or
     * overwrites meanwhile (a live active receiver stands at or before the line).
     *
     * @param from       a private copy of the line, which the walk moves.
     * @param receiverId whose own messages to count apart.
     * @return what lies there.
     */
    Walked walk(final ReaderLine from, final long receiverId)
    {
        final long[] counts = new long[3];
        final LaneReader.FrameHandler count = (type, buffer, offset, length) ->
        {
            counts[0]++;
            counts[1] += length;
            if (type == FRAME_TYPE && length >= HEADER_LENGTH && buffer.getLong(offset) == receiverId)
            {
                counts[2]++;
            }
        };
        try (LaneReader walker = new LaneReader(lane, from.privateCopy(), rings, false))
        {
            while (walker.poll(count) > 0)
            {
                // Each poll counts one message.
            }
        }
        return new Walked(counts[0], counts[1], counts[2]);
    }

    /**
     * Deletes the rings older than the ring of every live active receiver and of the writers: nobody can read them
     * any more (a receiver that was left out skips past them).
     *
     * @return how many rings were deleted.
     */
    int deleteUnreadRings()
    {
        final long writerGeneration = LaneReaders.writerGeneration(lane);
        if (writerGeneration < 0)
        {
            return 0;
        }
        final long now = System.nanoTime();
        long lowest = writerGeneration;
        for (int slot = 0, used = file.slotsUsed(); slot < used; slot++)
        {
            if (file.state(slot) == ACTIVE && isAlive(slot, now))
            {
                lowest = Math.min(lowest, LaneReaders.generation(file.line(slot)));
            }
        }
        final long oldest = file.oldestRing();
        for (long generation = oldest; generation < lowest; generation++)
        {
            SafeFiles.delete(rings.ring(generation));
        }
        if (lowest > oldest)
        {
            file.oldestRing(lowest);
            return (int)(lowest - oldest);
        }
        return 0;
    }

    /**
     * @return true once since the last call when the slowest head freed a dead receiver's slot, whose rings may
     * then be deleted.
     */
    boolean takeFreedDead()
    {
        final boolean freed = freedDead;
        freedDead = false;
        return freed;
    }

    private boolean isAlive(final int slot, final long nowNanos)
    {
        final long pid = file.pid(slot);
        final long start = file.start(slot);
        ProcessWatch.Watched known = watched[slot];
        if (known == null || known.pid() != pid || known.start() != start ||
            nowNanos - watchedAt[slot] > REFETCH_NANOS)
        {
            known = watch.watch(pid, start);
            watched[slot] = known;
            watchedAt[slot] = nowNanos;
        }
        return !known.isGone();
    }
}
