package dev.entangle.internal.lane;

import dev.entangle.internal.fs.MappedRegion;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.entangle.internal.lane.LaneDescriptor.*;

/**
 * Consumes frames from a lane, from the position its reader line records, checking every frame against the bytes
 * the writer published: a frame that does not parse is a {@link LaneDamagedException}, never a silent stall. Not
 * thread-safe: the owner serializes calls.
 */
public final class LaneReader implements AutoCloseable
{
    private static final int DAMAGE_LOOK_MASK = 255;

    /**
     * Receives one frame's body, which stays valid only during the call.
     */
    @FunctionalInterface
    public interface FrameHandler
    {
        /**
         * @param type   the frame's type.
         * @param buffer holds the body.
         * @param offset where the body starts.
         * @param length the body's length.
         */
        void onFrame(int type, DirectBuffer buffer, int offset, int length);
    }

    private final LaneControl control;
    private final ReaderLine line;
    private final LaneFiles files;
    private final boolean deletesRings;
    private Ring ring;
    private long head;
    private int nextLength;
    /** Set once a frame is consumed: the next look that finds nothing fences first (see {@link #nextType}). */
    private boolean fenceBeforeIdle;
    /**
     * Looks that found nothing since a frame was last consumed; every {@link #DAMAGE_LOOK_MASK} + 1-th also asks the
     * tail, to tell damage from an empty lane without reading the writer's line, which it writes at every message,
     * at every look. Counted from the last frame, so that a reader that keeps receiving never reads that line (a
     * read of it while a message arrives delays the message), while a lane that damage stopped is still found.
     */
    private int emptyLooks;
    /** {@link #hasWaiting} saw the tail beyond this reader: the next look that finds nothing asks the tail too. */
    private boolean tailSeenAhead;
    /**
     * The position of the last frame whose body passed its checksum: a frame left in place (a filter that did not
     * take it, a peek) is not summed again when it is looked at again, for a large body a whole pass over its bytes.
     */
    private long checksummedAt = -1;

    /**
     * @param control      the lane's control block.
     * @param line         this reader's line.
     * @param files        where the rings live.
     * @param deletesRings true when this reader is the only one, so it deletes each ring it leaves.
     */
    public LaneReader(final LaneControl control, final ReaderLine line, final LaneFiles files,
        final boolean deletesRings)
    {
        this.control = control;
        this.line = line;
        this.files = files;
        this.deletesRings = deletesRings;
        this.head = line.head();
    }

    /**
     * @return true when the writer has published frames this reader has not consumed (padding included).
     */
    public boolean hasWaiting()
    {
        // A frame can be read before the writer publishes the tail after it: then the head is ahead for a moment.
        final boolean waiting = control.tail() - head > 0;
        tailSeenAhead |= waiting;
        return waiting;
    }

    /**
     * @return the position after the last frame consumed.
     */
    public long head()
    {
        return head;
    }

    /**
     * Decides whether a reader takes a frame, from its body, before it is consumed.
     */
    @FunctionalInterface
    public interface FrameFilter
    {
        /**
         * @return true to consume the frame; false to leave it first in the lane.
         */
        boolean take(int type, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Consumes the next frame if the filter takes it; validates it once either way (a second look at a frame left
     * in place validates it again).
     *
     * @param filter sees its body; the frame stays in place when the filter throws.
     * @return 1 when a frame was consumed, 0 when none waits, -1 when the filter left it.
     * @throws LaneDamagedException when the lane's bytes are not valid.
     */
    public int pollIf(final FrameFilter filter)
    {
        final int type = nextType();
        if (type == 0)
        {
            return 0;
        }
        final int bodyLength = bodyLength();
        if (!filter.take(type, ring.buffer, bodyOffset(), bodyLength))
        {
            return -1;
        }
        consume(bodyLength);
        return 1;
    }

    /**
     * Consumes the next frame, if any.
     *
     * @param handler receives its body; the frame counts as consumed even when the handler throws.
     * @return 1 when a frame was consumed, 0 when none waits.
     * @throws LaneDamagedException when the lane's bytes are not valid.
     */
    public int poll(final FrameHandler handler)
    {
        final int type = nextType();
        if (type == 0)
        {
            return 0;
        }
        final int bodyLength = bodyLength();
        try
        {
            handler.onFrame(type, ring.buffer, bodyOffset(), bodyLength);
        }
        finally
        {
            consume(bodyLength);
        }
        return 1;
    }

    /** The length of the body of the frame at the head, which {@link #nextType()} validated. */
    private int bodyLength()
    {
        return ring.buffer.getInt(ring.offsetOf(head) + BODY_LENGTH_FIELD);
    }

    private int bodyOffset()
    {
        return ring.offsetOf(head) + HEADER_LENGTH;
    }

    private void consume(final int bodyLength)
    {
        head += nextLength;
        line.consumed(head, bodyLength);
        fenceBeforeIdle = true;
        emptyLooks = 0;
    }

    /**
     * Shows the next frame to {@code handler} without consuming it.
     *
     * @param handler receives its body.
     * @return 1 when a frame was there, 0 when none waits.
     * @throws LaneDamagedException when the lane's bytes are not valid.
     */
    public int peek(final FrameHandler handler)
    {
        final int type = nextType();
        if (type == 0)
        {
            return 0;
        }
        handler.onFrame(type, ring.buffer, bodyOffset(), bodyLength());
        return 1;
    }

    /**
     * Looks at the next frame without consuming it, stepping over padding and into the next generation's ring.
     *
     * @return the next frame's type, or 0 when none waits.
     * @throws LaneDamagedException when the lane's bytes are not valid.
     */
    public int nextType()
    {
        while (true)
        {
            if (ring == null)
            {
                // Unmapped (new, or idle for a while): the tail says whether there is anything to map the ring for.
                if (control.tail() - head <= 0)
                {
                    if (fenceBeforeIdle)
                    {
                        fenceBeforeIdle = false;
                        java.lang.invoke.VarHandle.fullFence();
                        continue;
                    }
                    return 0;
                }
                syncRing();
            }
            final Ring ring = this.ring;
            final UnsafeBuffer buffer = ring.buffer;
            final int offset = ring.offsetOf(head);
            final int check = ring.publishedCheck(offset);
            if (check != positionCheck(head))
            {
                if (check != 0)
                {
                    throw damaged("the frame at position " + head + " carries another position: stale or " +
                        "overwritten");
                }
                if (fenceBeforeIdle)
                {
                    // A writer rings only when this reader had consumed everything before its frame; it publishes
                    // the frame, fences, then reads this reader's head. Publishing the head, fencing, then looking
                    // again means that either the writer saw the head and rang, or the frame is seen here.
                    fenceBeforeIdle = false;
                    java.lang.invoke.VarHandle.fullFence();
                    continue;
                }
                if (tailSeenAhead || (++emptyLooks & DAMAGE_LOOK_MASK) == 0)
                {
                    tailSeenAhead = false;
                    checkNothingPublished(ring, offset);
                }
                return 0;
            }
            final int bodyLength = buffer.getInt(offset + BODY_LENGTH_FIELD);
            final int typeWord = buffer.getInt(offset + TYPE_FIELD);
            final int type = typeWord & ~CHECKSUMMED;
            if (type == TYPE_PADDING)
            {
                if (bodyLength != 0)
                {
                    throw damaged("padding at position " + head + " is malformed");
                }
                head += ring.capacity - offset;
                line.skipped(head);
                continue;
            }
            if (type == TYPE_MOVED)
            {
                moveToNextRing();
                continue;
            }
            if (type < 1 || type > MAX_USER_TYPE)
            {
                throw damaged("unknown frame type " + typeWord + " at position " + head);
            }
            final int length = frameLength(bodyLength);
            if (bodyLength < 0 || length > ring.capacity - offset)
            {
                throw damaged("frame of " + bodyLength + " bytes at position " + head + " overruns the ring");
            }
            if ((typeWord & CHECKSUMMED) != 0 && head != checksummedAt)
            {
                if (ring.checksum(offset + HEADER_LENGTH, bodyLength) != buffer.getInt(offset + CHECKSUM_FIELD))
                {
                    throw damaged("the body of the frame at position " + head + " fails its checksum");
                }
                checksummedAt = head;
            }
            nextLength = length;
            return type;
        }
    }

    /**
     * No frame is published at this reader's position: damage when the tail says there is one. The writer publishes
     * the frame before the tail, so a tail read first that is beyond the position proves the frame was published.
     */
    private void checkNothingPublished(final Ring ring, final int offset)
    {
        if (control.tail() - head > 0 && ring.publishedCheck(offset) != positionCheck(head))
        {
            throw damaged("the tail " + control.tail() + " is beyond the reader's position " + head +
                " but no frame is published there");
        }
    }

    /**
     * Moves this reader back to the oldest frame still intact in the ring it reads, so that frames already consumed
     * are shown again. Only for a reader over a {@link ReaderLine#privateCopy() private copy} of a line (an
     * operator's tool), never for a lane's real reader: it would deliver messages twice.
     * <p>
     * Consumed frames stay in a ring until the writer writes over them, so the oldest intact frame is the first
     * position, from {@code capacity} bytes before the newest data on, whose header carries its own position and
     * from which whole frames lead to this reader's position.
     *
     * @return the position this reader now stands at; unchanged when nothing before it is intact.
     * @throws LaneDamagedException when the ring cannot be mapped.
     */
    public long rewindToOldest()
    {
        if (control.tail() == 0)
        {
            return head;
        }
        syncRing();
        final Ring ring = this.ring;
        final long newest = ring.generation == control.writerGeneration() ? control.tail() : head;
        long candidate = Math.max(ring.base, newest - ring.capacity);
        candidate = (candidate + ALIGNMENT - 1) & -ALIGNMENT;
        for (; candidate < head; candidate += ALIGNMENT)
        {
            if (ring.buffer.getInt(ring.offsetOf(candidate) + POSITION_FIELD) == positionCheck(candidate) &&
                framesLeadTo(ring, candidate, head))
            {
                head = candidate;
                checksummedAt = -1;
                line.skipped(head);
                return head;
            }
        }
        return head;
    }

    private static boolean framesLeadTo(final Ring ring, final long from, final long to)
    {
        long position = from;
        while (position < to)
        {
            final int offset = ring.offsetOf(position);
            final int bodyLength = ring.buffer.getInt(offset + BODY_LENGTH_FIELD);
            final int type = ring.buffer.getInt(offset + TYPE_FIELD) & ~CHECKSUMMED;
            if (ring.buffer.getInt(offset + POSITION_FIELD) != positionCheck(position) || bodyLength < 0)
            {
                return false;
            }
            if (type == TYPE_PADDING)
            {
                position += ring.capacity - offset;
            }
            else if (type >= 1 && type <= MAX_USER_TYPE && frameLength(bodyLength) <= ring.capacity - offset)
            {
                position += frameLength(bodyLength);
            }
            else
            {
                return false;
            }
        }
        return position == to;
    }

    /**
     * @return this reader's ring's mapping, or null; for fault diagnosis.
     */
    public MappedRegion region()
    {
        return ring == null ? null : ring.region();
    }

    /**
     * Unmaps the ring; the position stays in the reader line for whoever reads next.
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

    private void syncRing()
    {
        if (ring != null)
        {
            return;
        }
        final long generation = line.generation();
        ring = Ring.open(files, generation, line.base());
        if (line.capacity() == 0)
        {
            line.ring(generation, ring.base, ring.capacity);
        }
        else if (line.capacity() != ring.capacity)
        {
            final int actual = ring.capacity;
            ring.close();
            ring = null;
            throw damaged("ring " + files.ring(generation) + " is " + actual + " bytes, the reader recorded " +
                line.capacity());
        }
    }

    private void moveToNextRing()
    {
        final Ring old = ring;
        final long nextBase = head + HEADER_LENGTH;
        final Ring next = Ring.open(files, old.generation + 1, nextBase);
        line.ring(next.generation, nextBase, next.capacity);
        head = nextBase;
        line.skipped(head);
        ring = next;
        if (deletesRings)
        {
            old.delete();
        }
        else
        {
            old.close();
        }
    }

    private LaneDamagedException damaged(final String what)
    {
        return new LaneDamagedException("lane " + files.folder().resolve(files.prefix()) + ": " + what);
    }
}
