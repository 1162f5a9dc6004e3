package dev.entangle.bridge;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.process.ProcessWatch;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.PortFate;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayQueue;

/**
 * One port spliced across two hosts, at one end: a local channel of which the bridge owns one port, the proxy.
 * What the local peer port writes, the bridge reads ({@link AckedTail}) and sends; what arrives from the other host
 * the bridge appends for the local peer, and acknowledges once the peer has read it. At the sending end the proxy
 * is the port that was posted to the other host, claimed by the bridge; at the receiving end it is port1 of a new
 * channel whose port2 the bridge hands to the receiver.
 */
final class Splice implements AutoCloseable
{
    enum State
    {
        /** Carrying both ways. */
        OPEN,
        /** This side's close went out; waiting for its acknowledgement. */
        CLOSING,
        /** Closed here; nothing more is carried. */
        CLOSED
    }

    final long id;
    final boolean mine;
    final ChannelFile channel;
    final int side;
    final AckedTail incoming;
    private final DirectoryRuntime runtime;
    private final OwnershipRecord proxy;
    private final OwnershipRecord peer;
    private final LaneSettings laneSettings;
    private final LongArrayQueue localEnds = new LongArrayQueue(Long.MIN_VALUE);
    private final LongArrayQueue remoteEnds = new LongArrayQueue(Long.MIN_VALUE);
    private LaneWriter outgoing;
    private State state = State.OPEN;
    private long appliedEnd;
    private long ackedEnd;
    private boolean ackDue;
    private long closeEnd;
    private boolean closeSent;
    private boolean handedOut;
    private boolean released;
    private CloseCause goneCause;
    private long peerEpoch = -1;
    private ProcessWatch.Watched peerOwner;
    private Doorbell bell;
    private long bellContext;

    private Splice(final long id, final boolean mine, final ChannelFile channel, final int side,
        final DirectoryRuntime runtime, final LaneSettings laneSettings)
    {
        this.id = id;
        this.mine = mine;
        this.channel = channel;
        this.side = side;
        this.runtime = runtime;
        this.laneSettings = laneSettings;
        this.proxy = channel.record(side);
        this.peer = channel.record(1 - side);
        this.incoming = new AckedTail(channel.incoming(side), channel.incomingFiles(side));
        this.handedOut = mine;
    }

    /**
     * The sending end: a port that a message carried to the bridge, claimed by it.
     *
     * @return the splice, or null when the claim failed (the port was closed or lost meanwhile).
     */
    static Splice claim(final long id, final DirectoryRuntime runtime, final TransferEntry entry, final Owner owner,
        final LaneSettings laneSettings)
    {
        final ChannelFile file = entry.ticket().isLost() ? null : runtime.channels().acquire(
            new dev.entangle.internal.handshake.ChannelId(entry.high(), entry.low()));
        if (file == null)
        {
            return null;
        }
        if (!file.record(entry.side()).claim(entry.ticket(), owner))
        {
            runtime.channels().release(file);
            return null;
        }
        return new Splice(id, true, file, entry.side(), runtime, laneSettings);
    }

    /**
     * The receiving end: a new channel, both ports owned by the bridge until port2 is handed to a receiver.
     */
    static Splice create(final long id, final DirectoryRuntime runtime, final Owner owner,
        final LaneSettings laneSettings)
    {
        return new Splice(id, false, runtime.channels().create(owner), 0, runtime, laneSettings);
    }

    State state()
    {
        return state;
    }

    /**
     * @return the ref that names this splice in a frame this bridge sends.
     */
    long ref()
    {
        return mine ? id | Wire.MADE_BY_SENDER : id;
    }

    /**
     * Hands the receiving end's port2 to a message that carries it to a local context.
     *
     * @param custodian what carries that message.
     * @return the entry that lets the receiver claim it; a lost one when it was handed out already or closed.
     */
    TransferEntry handOut(final Custodian custodian)
    {
        final OwnershipRecord record = channel.record(1);
        final TransitTicket ticket = mine || handedOut ? TransitTicket.LOST :
            record.beginTransit(custodian, runtime.random());
        if (!mine && !handedOut)
        {
            handedOut = true;
            runtime.channels().release(channel);
        }
        return new TransferEntry(TransferEntry.PORT, channel.id().high(), channel.id().low(), 1, ticket, 0);
    }

    /**
     * @param end the position after a frame from the other host.
     * @return true when it is new; false when it was applied already (a resend after a broken link), which is then
     * acknowledged again.
     */
    boolean accept(final long end)
    {
        if (end <= appliedEnd || state == State.CLOSED)
        {
            ackDue = true;
            return false;
        }
        appliedEnd = end;
        return true;
    }

    /**
     * Appends a frame from the other host for the local peer; acknowledged once the peer has read it.
     */
    void append(final int frameType, final DirectBuffer head, final int headLength, final DirectBuffer body,
        final int bodyOffset, final int bodyLength, final long end)
    {
        final long tail = writer().append(frameType, head, 0, headLength, body, bodyOffset, bodyLength);
        localEnds.addLong(tail);
        remoteEnds.addLong(end);
        ringPeer();
    }

    private LaneWriter writer()
    {
        if (outgoing == null)
        {
            outgoing = new LaneWriter(channel.outgoing(side), channel.outgoingFiles(side), laneSettings, false);
        }
        return outgoing;
    }

    /**
     * @return the end to acknowledge now (what the local peer has read), or -1 when nothing new.
     */
    long takeAck()
    {
        if (!localEnds.isEmpty())
        {
            final long read = channel.outgoing(side).readerLine().head();
            while (!localEnds.isEmpty() && localEnds.peekLong() <= read)
            {
                localEnds.pollLong();
                ackedEnd = remoteEnds.pollLong();
                ackDue = true;
            }
        }
        if (ackDue)
        {
            ackDue = false;
            return ackedEnd;
        }
        return -1;
    }

    /**
     * Asks for the acknowledged position to be sent again (the other side lost it with a broken link).
     */
    void reacknowledge()
    {
        ackDue = ackedEnd > 0;
    }

    /**
     * The other host acknowledged up to {@code end}: the real reader follows, and the local writer hears of it.
     */
    void acknowledged(final long end)
    {
        if (incoming.acknowledge(end))
        {
            ringPeer();
        }
        if (state == State.CLOSING && closeSent && end >= closeEnd)
        {
            close(CloseCause.CLOSED);
        }
    }

    /**
     * Checks whether the local peer port is gone, for the send loop to close the splice once it sent everything.
     */
    void checkPeer()
    {
        if (state == State.OPEN && goneCause == null)
        {
            goneCause = peerGone();
        }
    }

    /**
     * @return why the local peer port went, as last checked, or null while it lives.
     */
    CloseCause goneCause()
    {
        return goneCause;
    }

    /**
     * @return the close cause the local peer recorded.
     */
    long peerCloseCause()
    {
        return peer.closeCause();
    }

    /**
     * Appends a frame for the local peer that no frame of the other host stands behind (a messageerror in place of
     * a message that could not be carried).
     */
    void appendLocal(final int frameType, final DirectBuffer head, final int headLength)
    {
        writer().append(frameType, head, 0, headLength, null, 0, 0);
        ringPeer();
    }

    /**
     * @return why the local peer port can never again write or read, or null while it can.
     */
    CloseCause peerGone()
    {
        final long word = peer.stateWord();
        switch (OwnershipRecord.state(word))
        {
            case OwnershipRecord.CLOSED:
                return CloseCause.of(peer.closeCause());
            case OwnershipRecord.OWNED:
                final long epoch = OwnershipRecord.epoch(word);
                if (epoch != peerEpoch || peerOwner == null)
                {
                    final Owner owner = peer.owner();
                    peerOwner = runtime.processWatch().watch(owner.pid(), owner.start());
                    peerEpoch = epoch;
                }
                return peerOwner.isGone() ? CloseCause.PROCESS_DIED : null;
            case OwnershipRecord.IN_TRANSIT:
                return PortFate.isGone(runtime, peer) ? CloseCause.of(peer.closeCause()) : null;
            default:
                return null;
        }
    }

    /**
     * This side's close goes out at {@code end}, after everything the local peer wrote.
     */
    void closing(final long end)
    {
        state = State.CLOSING;
        closeEnd = end;
        closeSent = true;
    }

    /**
     * After a broken link, a close sent may be lost: it goes out again once the resent frames before it have.
     */
    void rewind()
    {
        incoming.rewind();
        if (state == State.CLOSING)
        {
            closeSent = false;
            state = State.OPEN;
        }
    }

    /**
     * The other host's side closed, or the link was lost: the local peer sees {@code close} after what was
     * applied, and the bridge lets go of the channel.
     */
    void closeFromRemote(final CloseCause cause)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        if (proxy.state() == OwnershipRecord.OWNED)
        {
            proxy.noteCloseCause(cause.ordinal());
            writer().append(Envelope.PORT_CLOSE, null, 0, 0, null, 0, 0);
            ringPeer();
        }
        close(cause);
    }

    private void close(final CloseCause cause)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        proxy.close(cause.ordinal());
        if (!mine && !handedOut)
        {
            channel.record(1).close(cause.ordinal());
            handedOut = true;
            runtime.channels().release(channel);
        }
        close();
    }

    /**
     * Rings the doorbell of the context that owns the local peer now, after an append or a low-water crossing.
     */
    void ringPeer()
    {
        java.lang.invoke.VarHandle.fullFence();
        final long ownerContext = peer.ownerContextId();
        if (bell == null || bellContext != ownerContext)
        {
            if (bell != null)
            {
                runtime.doorbells().release(bellContext, bell);
            }
            bell = runtime.doorbells().acquire(ownerContext);
            bellContext = ownerContext;
        }
        if (bell != null && !bell.isDamaged())
        {
            bell.ring(peer.ownerSlot());
        }
    }

    @Override
    public void close()
    {
        if (released)
        {
            return;
        }
        released = true;
        incoming.close();
        if (outgoing != null)
        {
            outgoing.close();
            outgoing = null;
        }
        if (bell != null)
        {
            runtime.doorbells().release(bellContext, bell);
            bell = null;
        }
        runtime.channels().release(channel);
    }

    @Override
    public String toString()
    {
        return "splice " + (mine ? "" : "peer-") + id + " of channel " + channel.id() + "/" + (side + 1) + " " + state;
    }
}
