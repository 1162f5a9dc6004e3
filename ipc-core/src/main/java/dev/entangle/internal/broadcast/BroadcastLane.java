package dev.entangle.internal.broadcast;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneDamagedException;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.lane.LaneReaders;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.lane.ReaderLine;
import dev.entangle.internal.process.ProcessWatch;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static dev.entangle.internal.broadcast.BroadcastDescriptor.*;

/**
 * One participant of a broadcast channel: it holds a slot, appends each message once to the channel's lane, and
 * reads every message through its slot's reader line. A reader that a writer left out (too far behind) finds out
 * before it takes a frame that may have been overwritten, and {@link #skipAhead() skips ahead} to the oldest message
 * still kept, counting what it missed. Appending, skipping and leaving may be called from any thread and are
 * serialized here; {@link #poll} only from the one thread that reads.
 */
public final class BroadcastLane implements AutoCloseable
{
    /** {@link #poll} result: nothing waits. */
    public static final int NONE = 0;
    /** {@link #poll} result: a message from another participant (or a malformed frame) went to the handler. */
    public static final int MESSAGE = 1;
    /** {@link #poll} result: this participant's own message, taken and not shown. */
    public static final int OWN = 2;
    /** {@link #poll} result: a writer left this reader out; what the handler saw waits on {@link #skipAhead()}. */
    public static final int LEFT_OUT = -1;
    /** {@link #skipAhead()} result: nothing was skipped, and the frame read last (if any) stands. */
    public static final long STAYED = -1;

    /**
     * Receives the payload of one message, valid only during the call.
     */
    @FunctionalInterface
    public interface MessageHandler
    {
        /**
         * @param buffer holds the payload, or null when the frame is no broadcast message (of another type, or too
         *               short for its header).
         * @param offset where the payload starts.
         * @param length its length.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private static final int FULL = -1;
    private static final int RETIRED = -2;

    private final BroadcastFile file;
    private final BroadcastTable table;
    private final LaneControl control;
    private final LaneFiles rings;
    private final LaneWriter writer;
    private final BroadcastMember member;
    private final int slot;
    private final ReaderLine line;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final LaneReader.FrameHandler onFrame = this::onFrame;
    private LaneReader reader;
    private MessageHandler handler;
    private boolean ownFrame;
    private boolean pending;
    private long pendingFrom;
    private long nextIndex;
    private long ownPosted;
    private long ownTaken;
    private long readerGeneration;
    private boolean left;

    private BroadcastLane(
        final BroadcastFile file, final BroadcastTable table, final LaneWriter writer, final BroadcastMember member,
        final int slot)
    {
        this.file = file;
        this.table = table;
        this.control = file.lane();
        this.rings = file.rings();
        this.writer = writer;
        this.member = member;
        this.slot = slot;
        this.line = file.line(slot);
        this.reader = new LaneReader(control, line, rings, false);
        this.readerGeneration = LaneReaders.generation(line);
    }

    /**
     * Joins the channel of an origin and name: maps (or creates) its folder and claims a slot whose reader starts
     * at the tail, so it sees only what is posted from now on.
     *
     * @param folder   the channel's folder, {@code broadcast/<key>}, whose parent exists.
     * @param origin   the participants' origin.
     * @param name     the channel's name.
     * @param member   who joins.
     * @param settings ring sizes and checksums for this participant's appends.
     * @param watch    the liveness of the other participants' processes.
     * @return the participant.
     * @throws IllegalStateException when every slot is taken, or the folder is not a valid channel.
     */
    public static BroadcastLane join(
        final Path folder,
        final String origin,
        final String name,
        final BroadcastMember member,
        final LaneSettings settings,
        final ProcessWatch watch)
    {
        while (true)
        {
            final BroadcastFile file = BroadcastFile.openFolder(folder, origin, name);
            final BroadcastTable table = new BroadcastTable(file, watch);
            final LaneWriter writer = new LaneWriter(file.lane(), table::slowestHead, file.rings(), settings, true);
            final int[] claimed = {RETIRED};
            final long[] joinedAt = {0};
            try
            {
                writer.locked(() ->
                {
                    claimed[0] = LaneReaders.isRetired(file.lane()) ? RETIRED : table.claim(member);
                    joinedAt[0] = file.lane().messagesWritten();
                });
            }
            catch (final RuntimeException ex)
            {
                file.close();
                throw ex;
            }
            if (claimed[0] >= 0)
            {
                final BroadcastLane lane = new BroadcastLane(file, table, writer, member, claimed[0]);
                synchronized (lane)
                {
                    lane.nextIndex = joinedAt[0];
                }
                return lane;
            }
            file.close();
            if (claimed[0] == FULL)
            {
                throw new IllegalStateException("broadcast channel \"" + name + "\" of " + origin + " has " + SLOTS +
                    " live participants, as many as it can hold");
            }
        }
    }

    /**
     * Appends one message, written once for every receiver. A receiver too far behind never stops it: it is left
     * out, and a dead one freed.
     *
     * @param body   the payload.
     * @param offset where it starts.
     * @param length its length.
     * @throws IllegalStateException when the channel's folder was removed under this participant.
     */
    public synchronized void append(final DirectBuffer body, final int offset, final int length)
    {
        header.putLong(0, member.receiverId());
        if (writer.append(FRAME_TYPE, header, 0, HEADER_LENGTH, body, offset, length) == LaneWriter.RETIRED)
        {
            throw new IllegalStateException("the broadcast channel's folder " + file.folder() + " was removed");
        }
        ownPosted++;
        if (table.takeFreedDead())
        {
            writer.locked(table::deleteUnreadRings);
        }
    }

    /**
     * Takes the next frame, on the reading thread. A frame from another participant goes to the handler, but is
     * valid only if this returns {@link #MESSAGE}: on {@link #LEFT_OUT} call {@link #skipAhead()}, which says
     * whether it stands.
     *
     * @param handler receives the payload of a message from another participant.
     * @return {@link #NONE}, {@link #MESSAGE}, {@link #OWN} or {@link #LEFT_OUT}.
     * @throws LaneDamagedException when the lane's bytes are not valid and no writer left this reader out.
     */
    public int poll(final MessageHandler handler)
    {
        final LaneReader reader = this.reader;
        if (file.state(slot) == LAPPED)
        {
            return leftOut(false, reader.head());
        }
        final long before = reader.head();
        this.handler = handler;
        final int read;
        try
        {
            read = reader.poll(onFrame);
        }
        catch (final LaneDamagedException ex)
        {
            // Bytes overwritten under a reader that was left out: not damage.
            if (file.state(slot) == LAPPED)
            {
                return leftOut(false, before);
            }
            throw ex;
        }
        finally
        {
            this.handler = null;
        }
        if (read == 0)
        {
            // Nothing published at this position may also be a frame written over by writers that left this reader
            // out (they mark it first): its bytes now read as an empty slot.
            return file.state(slot) == LAPPED ? leftOut(false, before) : NONE;
        }
        // The frame's bytes were read before the state: seen active, no writer had overwritten them.
        VarHandle.acquireFence();
        if (file.state(slot) == LAPPED)
        {
            return leftOut(true, before);
        }
        return take();
    }

    private int leftOut(final boolean frameRead, final long from)
    {
        pending = frameRead;
        pendingFrom = from;
        return LEFT_OUT;
    }

    private int take()
    {
        nextIndex++;
        if (ownFrame)
        {
            ownTaken++;
            return OWN;
        }
        return MESSAGE;
    }

    private void onFrame(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type != FRAME_TYPE || length < HEADER_LENGTH)
        {
            ownFrame = false;
            handler.onMessage(null, 0, 0);
            return;
        }
        ownFrame = buffer.getLong(offset) == member.receiverId();
        if (!ownFrame)
        {
            handler.onMessage(buffer, offset + HEADER_LENGTH, length - HEADER_LENGTH);
        }
    }

    /**
     * After {@link #LEFT_OUT}: under the lane's lock, moves this reader to the oldest message still kept (where the
     * slowest active receiver stands, or the tail) and makes it count again. When that is not ahead of this reader,
     * nothing was lost and it stays where it is.
     *
     * @return {@link #STAYED} when the frame the handler saw last (if any) stands; otherwise it is dropped and the
     * result is how many messages of other participants this reader missed.
     */
    public synchronized long skipAhead()
    {
        final long[] missed = {STAYED};
        writer.locked(() -> missed[0] = skipAheadLocked());
        return missed[0];
    }

    private long skipAheadLocked()
    {
        final int other = table.slowestOther(slot);
        final ReaderLine target = other < 0 ? null : file.line(other).privateCopy();
        final long position = target == null ? control.tail() : target.head();
        if (file.state(slot) != LAPPED || position <= pendingFrom)
        {
            // Whatever stands from here on was never overwritten: the frame just read is good.
            file.compareAndSetState(slot, LAPPED, ACTIVE);
            if (pending)
            {
                pending = false;
                take();
            }
            return STAYED;
        }
        final BroadcastTable.Walked walked = target == null ? BroadcastTable.Walked.NOTHING :
            table.walk(target, member.receiverId());
        final long indexThere = control.messagesWritten() - walked.frames();
        final long ownSkipped = ownPosted - ownTaken - walked.own();
        final long missed = indexThere - nextIndex - ownSkipped;
        if (target == null)
        {
            LaneReaders.startAtTail(control, line);
        }
        else
        {
            LaneReaders.startAt(line, target, control.writtenBytes() - walked.bytes());
        }
        nextIndex = indexThere;
        ownTaken = ownPosted - walked.own();
        pending = false;
        reader.close();
        reader = new LaneReader(control, line, rings, false);
        readerGeneration = LaneReaders.generation(line);
        file.compareAndSetState(slot, LAPPED, ACTIVE);
        table.deleteUnreadRings();
        return Math.max(0, missed);
    }

    /**
     * After reading, on the reading thread: when this reader moved to a newer ring, deletes the rings that no live
     * receiver reads any more.
     *
     * @return true when this reader had moved.
     */
    public boolean releaseRingsLeft()
    {
        final long generation = LaneReaders.generation(line);
        if (generation == readerGeneration)
        {
            return false;
        }
        readerGeneration = generation;
        synchronized (this)
        {
            if (!left)
            {
                writer.locked(table::deleteUnreadRings);
            }
        }
        return true;
    }

    /**
     * @return the channel's control file, for the receivers' doorbells.
     */
    public BroadcastFile file()
    {
        return file;
    }

    /**
     * @return this participant's slot.
     */
    public int slot()
    {
        return slot;
    }

    /**
     * @return the mappings this participant reads and writes, for fault diagnosis: the control file, the ring it
     * reads and the ring it writes (null where none).
     */
    public MappedRegion[] regions()
    {
        return new MappedRegion[] {file.region(), reader.region(), writer.region()};
    }

    /**
     * Leaves the channel: frees the slot; the last participant to leave deletes the folder. Then unmaps everything;
     * the caller guarantees that no other thread still reads through this participant. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (left)
        {
            return;
        }
        left = true;
        try
        {
            writer.locked(() ->
            {
                table.free(slot);
                if (table.isEmpty())
                {
                    LaneReaders.retire(control);
                    file.deleteFiles();
                }
                else
                {
                    table.deleteUnreadRings();
                }
            });
        }
        finally
        {
            reader.close();
            writer.close();
            file.close();
        }
    }
}
