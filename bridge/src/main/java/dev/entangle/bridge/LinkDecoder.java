package dev.entangle.bridge;

import dev.entangle.internal.federation.Address;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies the frames a link receives: an ENVELOPE goes into the target name's inbox, a DATA into its splice's local
 * channel, an ACK moves a stream's acknowledged position, a CLOSE closes a splice here. Each stream drops what it
 * already applied (a resend after a broken link) and acknowledges it again. Also sends the link's
 * acknowledgements: of window messages once applied, of port messages once the local peer read them.
 */
final class LinkDecoder
{
    private final String peerHost;
    private final Splices splices;
    private final Outlet outlet;
    private final InboxDelivery delivery;
    private final AckedTail inbox;
    private final Consumer<String> log;
    private final ExpandableDirectByteBuffer head = new ExpandableDirectByteBuffer(512);
    private final List<TransferEntry> entries = new ArrayList<>();
    private long inboxApplied;
    private boolean inboxAckDue;

    LinkDecoder(final String peerHost, final Splices splices, final Outlet outlet, final InboxDelivery delivery,
        final AckedTail inbox, final Consumer<String> log)
    {
        this.peerHost = peerHost;
        this.splices = splices;
        this.outlet = outlet;
        this.delivery = delivery;
        this.inbox = inbox;
        this.log = log;
    }

    /**
     * A frame from the other bridge, other than HELLO.
     */
    void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            switch (Wire.type(buffer, offset))
            {
                case Wire.ENVELOPE -> onEnvelope(buffer, offset, offset + length);
                case Wire.DATA -> onData(buffer, offset, offset + length);
                case Wire.ACK -> onAck(Wire.getLong(buffer, offset + Wire.ACK_REF),
                    Wire.getLong(buffer, offset + Wire.ACK_END));
                case Wire.CLOSE -> onClose(Wire.getLong(buffer, offset + Wire.CLOSE_REF),
                    Wire.getInt(buffer, offset + Wire.CLOSE_CAUSE));
                default -> log.accept("a frame of unknown type " + Wire.type(buffer, offset) + " from host " +
                    peerHost + " was dropped");
            }
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            log.accept("a malformed frame from host " + peerHost + " was dropped: " + ex.getMessage());
        }
    }

    private void onEnvelope(final DirectBuffer buffer, final int offset, final int end)
    {
        final long position = Wire.getLong(buffer, offset + Wire.ENVELOPE_END);
        inboxAckDue = true;
        if (position <= inboxApplied)
        {
            return;
        }
        int at = offset + Wire.ENVELOPE_STRINGS;
        final String target = Wire.getString(buffer, at, end);
        at = Wire.skipString(buffer, at);
        final String sender = Wire.getString(buffer, at, end);
        at = Wire.skipString(buffer, at);
        final String senderOrigin = Wire.getString(buffer, at, end);
        at = Wire.skipString(buffer, at);
        final String targetOrigin = Wire.getString(buffer, at, end);
        at = Wire.skipString(buffer, at);
        inboxApplied = position;
        if (!Address.isName(target) || !Address.isName(sender))
        {
            log.accept("a message from host " + peerHost + " with an invalid target or sender was dropped: " +
                target + " from " + sender);
            return;
        }
        final List<TransferEntry> local = splices.readInbound(buffer, at, end, delivery.custodian(target), entries);
        at += Splices.entriesLength(buffer, at);
        delivery.deliver(target, Wire.getLong(buffer, offset + Wire.ENVELOPE_POSTED),
            Wire.getLong(buffer, offset + Wire.ENVELOPE_EXPIRY), Address.of(sender, peerHost), senderOrigin,
            targetOrigin, local, buffer, at, end - at);
    }

    private void onData(final DirectBuffer buffer, final int offset, final int end)
    {
        final long ref = Wire.getLong(buffer, offset + Wire.DATA_REF);
        final long position = Wire.getLong(buffer, offset + Wire.DATA_END);
        final int frameType = Wire.getInt(buffer, offset + Wire.DATA_FRAME_TYPE);
        final Splice splice = Wire.madeBySender(ref) ? splices.receiving(ref) : splices.find(ref);
        if (splice == null)
        {
            // Closed here: the other bridge hears so (its own close of it, crossing this, needs no answer).
            if (frameType != Envelope.PORT_CLOSE)
            {
                sendClose(ref ^ Wire.MADE_BY_SENDER, CloseCause.CLOSED.ordinal());
            }
            else
            {
                sendAck(ref ^ Wire.MADE_BY_SENDER, position);
            }
            return;
        }
        if (!splice.accept(position))
        {
            return;
        }
        final int entriesAt = offset + Wire.DATA_ENTRIES;
        if (frameType == Envelope.PORT_CLOSE)
        {
            splice.closeFromRemote(CloseCause.of(Wire.getInt(buffer, offset + Wire.DATA_CAUSE)));
            splices.remove(splice);
            sendAck(splice.ref(), position);
            return;
        }
        final int bodyAt = entriesAt + Splices.entriesLength(buffer, entriesAt);
        if (frameType == Envelope.PORT_MESSAGE)
        {
            final List<TransferEntry> local = splices.readInbound(buffer, entriesAt, end,
                new Custodian.Port(splice.channel.id().high(), splice.channel.id().low(), 1 - splice.side), entries);
            final int headLength = Envelope.writePortMessage(head, local);
            splice.append(frameType, head, headLength, buffer, bodyAt, end - bodyAt, position);
        }
        else
        {
            splice.append(frameType, null, 0, buffer, bodyAt, end - bodyAt, position);
        }
    }

    private void onAck(final long ref, final long position)
    {
        if (ref == 0)
        {
            inbox.acknowledge(position);
            return;
        }
        final Splice splice = splices.find(ref);
        if (splice != null)
        {
            splice.acknowledged(position);
            if (splice.state() == Splice.State.CLOSED)
            {
                splices.remove(splice);
            }
        }
    }

    private void onClose(final long ref, final int cause)
    {
        final Splice splice = splices.find(ref);
        if (splice != null)
        {
            splice.closeFromRemote(CloseCause.of(cause));
            splices.remove(splice);
        }
    }

    /**
     * Sends the acknowledgements due.
     *
     * @return how many.
     */
    int sendAcks()
    {
        int work = 0;
        if (inboxAckDue)
        {
            if (!sendAck(0, inboxApplied))
            {
                return work;
            }
            inboxAckDue = false;
            work++;
        }
        for (final Splice splice : splices.all())
        {
            final long end = splice.takeAck();
            if (end >= 0)
            {
                if (!sendAck(splice.ref(), end))
                {
                    splice.reacknowledge();
                    return work;
                }
                work++;
            }
        }
        return work;
    }

    /**
     * The other bridge may have lost the acknowledgements: they go again.
     */
    void reacknowledge()
    {
        inboxAckDue = inboxApplied > 0;
        for (final Splice splice : splices.all())
        {
            splice.reacknowledge();
        }
    }

    /**
     * The other bridge's inbox lane is a new one: its positions start again.
     */
    void resetInbox()
    {
        inboxApplied = 0;
    }

    private boolean sendAck(final long ref, final long position)
    {
        Wire.ack(outlet.control(), ref, position);
        return outlet.sendControl(Wire.ACK_LENGTH);
    }

    private void sendClose(final long ref, final int cause)
    {
        Wire.close(outlet.control(), ref, cause);
        outlet.sendControl(Wire.CLOSE_LENGTH);
    }
}
