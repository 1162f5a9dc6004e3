package dev.entangle.bridge;

import dev.entangle.internal.federation.Address;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.runtime.Discards;
import dev.entangle.internal.stats.CloseCause;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Builds the frames a link sends from what its local lanes hold: a window message from the inbox becomes an
 * ENVELOPE, a port's frame becomes a DATA; the clone body is copied as it is and only the transfer entries are
 * rewritten (ports claimed here, named by refs). A message larger than the link carries is not sent: its ports and
 * buffers are closed for their peers, and for a port both ends get a messageerror in its place.
 */
final class LinkEncoder
{
    private static final long[] NONE = new long[0];

    private final Participant participant;
    private final Splices splices;
    private final Outlet outlet;
    private final Consumer<String> log;
    private final Envelope.Parsed parsed = new Envelope.Parsed();
    private final ExpandableDirectByteBuffer errorHead = new ExpandableDirectByteBuffer(256);
    final LaneReader.FrameHandler envelope = this::onInboxFrame;
    final LaneReader.FrameHandler data = this::onPortFrame;
    private AckedTail tail;
    private long start;
    private Splice splice;
    private int length;

    LinkEncoder(final Participant participant, final Splices splices, final Outlet outlet, final Consumer<String> log)
    {
        this.participant = participant;
        this.splices = splices;
        this.outlet = outlet;
        this.log = log;
    }

    /**
     * Starts a frame from the lane frame at {@code start} of {@code tail}.
     */
    void begin(final long start, final AckedTail tail)
    {
        this.start = start;
        this.tail = tail;
        this.length = 0;
        this.splice = null;
    }

    void splice(final Splice splice)
    {
        this.splice = splice;
    }

    /**
     * @return the length of the frame built, 0 when the lane frame is not to be sent.
     */
    int length()
    {
        return length;
    }

    private void onInboxFrame(final int type, final DirectBuffer buffer, final int offset, final int frameLength)
    {
        if (type != Envelope.WINDOW_FORWARD && type != Envelope.WINDOW_MESSAGE)
        {
            log.accept("a frame of type " + type + " in the inbox " + participant.name() + " was dropped");
            return;
        }
        try
        {
            parsed.parse(type, buffer, offset, frameLength);
        }
        catch (final IllegalArgumentException ex)
        {
            log.accept("a corrupt message in the inbox " + participant.name() + " was dropped: " + ex.getMessage());
            return;
        }
        final boolean forEarlierBridge = type == Envelope.WINDOW_FORWARD && parsed.targetContextId != 0 &&
            parsed.targetContextId != participant.contextId();
        final int size = envelopeSize();
        String problem = null;
        if (type != Envelope.WINDOW_FORWARD)
        {
            problem = "it was posted to the bridge's own name";
        }
        else if (!forEarlierBridge && System.currentTimeMillis() - parsed.postedMillis > parsed.expiryMillis)
        {
            problem = "it waited longer than its sender's inbox expiry of " + parsed.expiryMillis + " ms";
        }
        else if (size > outlet.maxFrame())
        {
            problem = "its " + size + " bytes exceed the " + outlet.maxFrame() + " bytes the link carries";
        }
        if (problem != null || forEarlierBridge)
        {
            // Addressed to an earlier bridge of this name: what it carries was lost with that bridge.
            if (tail.carried(start) == null)
            {
                Discards.discard(participant.runtime(), parsed.entries);
                tail.carried(start, NONE);
                if (problem != null)
                {
                    log.accept("a message to " + parsed.targetAddress + " from " + parsed.senderName +
                        " was dropped: " + problem);
                }
            }
            return;
        }
        final UnsafeBuffer out = outlet.frame();
        Wire.header(out, Wire.ENVELOPE, (short)0);
        Wire.putLong(out, Wire.ENVELOPE_POSTED, parsed.postedMillis);
        Wire.putLong(out, Wire.ENVELOPE_EXPIRY, parsed.expiryMillis);
        int at = Wire.putString(out, Wire.ENVELOPE_STRINGS, Address.name(parsed.targetAddress));
        at = Wire.putString(out, at, parsed.senderName);
        at = Wire.putString(out, at, parsed.senderOrigin);
        at = Wire.putString(out, at, parsed.targetOrigin);
        at = writeEntries(out, at);
        out.putBytes(at, buffer, parsed.payloadOffset, parsed.payloadLength);
        length = at + parsed.payloadLength;
    }

    private int envelopeSize()
    {
        return Wire.ENVELOPE_STRINGS + 8 + utf8(parsed.targetAddress) + utf8(parsed.senderName) +
            utf8(parsed.senderOrigin) + utf8(parsed.targetOrigin) + 2 + parsed.entries.size() * Wire.ENTRY_LENGTH +
            parsed.payloadLength;
    }

    private static int utf8(final String value)
    {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    private int writeEntries(final UnsafeBuffer out, final int at)
    {
        if (parsed.entries.isEmpty())
        {
            out.putShort(at, (short)0, Wire.ORDER);
            return at + 2;
        }
        final long[] memo = tail.carried(start);
        final long[] claimed = memo != null ? memo : new long[parsed.entries.size()];
        final int end = splices.writeOutbound(parsed.entries, memo, claimed, out, at);
        if (memo == null)
        {
            tail.carried(start, claimed);
            releaseBeside();
        }
        return end;
    }

    /**
     * The array buffers a port's message carried stay here (freed): the sender's buffered amount lets go of them.
     */
    private void releaseBeside()
    {
        if (splice != null)
        {
            long beside = 0;
            for (final TransferEntry entry : parsed.entries)
            {
                beside += entry.kind() == TransferEntry.ARRAY_BUFFER ? entry.size() : 0;
            }
            tail.readBeside(beside);
        }
    }

    private void onPortFrame(final int type, final DirectBuffer buffer, final int offset, final int frameLength)
    {
        final UnsafeBuffer out = outlet.frame();
        Wire.header(out, Wire.DATA, (short)0);
        Wire.putLong(out, Wire.DATA_REF, splice.ref());
        Wire.putInt(out, Wire.DATA_FRAME_TYPE, type);
        Wire.putInt(out, Wire.DATA_CAUSE, type == Envelope.PORT_CLOSE ? (int)splice.peerCloseCause() : 0);
        if (type != Envelope.PORT_MESSAGE)
        {
            out.putShort(Wire.DATA_ENTRIES, (short)0, Wire.ORDER);
            out.putBytes(Wire.DATA_ENTRIES + 2, buffer, offset, frameLength);
            length = Wire.DATA_ENTRIES + 2 + frameLength;
            return;
        }
        try
        {
            parsed.parse(type, buffer, offset, frameLength);
        }
        catch (final IllegalArgumentException ex)
        {
            portError("a corrupt message on a port between hosts was not carried: " + ex.getMessage());
            return;
        }
        final int size = Wire.DATA_ENTRIES + 2 + parsed.entries.size() * Wire.ENTRY_LENGTH + parsed.payloadLength;
        if (size > outlet.maxFrame())
        {
            if (tail.carried(start) == null)
            {
                Discards.discard(participant.runtime(), parsed.entries);
                tail.carried(start, NONE);
                releaseBeside();
                final String reason = "a message of " + parsed.payloadLength + " bytes on a port between hosts " +
                    "was not carried: the bridges carry at most " + (outlet.maxFrame() - Wire.MAX_OVERHEAD) +
                    " bytes";
                log.accept(reason);
                // The sending end hears of it too, in order, on the port it posted on.
                splice.appendLocal(Envelope.PORT_ERROR, errorHead, Envelope.writeError(errorHead, reason));
                portError(reason);
            }
            else
            {
                portError("a message on a port between hosts was not carried: too large");
            }
            return;
        }
        int at = writeEntries(out, Wire.DATA_ENTRIES);
        out.putBytes(at, buffer, parsed.payloadOffset, parsed.payloadLength);
        at += parsed.payloadLength;
        length = at;
    }

    private void portError(final String reason)
    {
        final UnsafeBuffer out = outlet.frame();
        Wire.putInt(out, Wire.DATA_FRAME_TYPE, Envelope.PORT_ERROR);
        out.putShort(Wire.DATA_ENTRIES, (short)0, Wire.ORDER);
        final int bodyLength = Envelope.writeError(errorHead, reason);
        out.putBytes(Wire.DATA_ENTRIES + 2, errorHead, 0, bodyLength);
        length = Wire.DATA_ENTRIES + 2 + bodyLength;
    }

    /**
     * Builds the close of a splice whose local peer went without a close marker (it died, or never wrote).
     *
     * @return the frame's length.
     */
    int close(final Splice splice, final long end, final CloseCause cause)
    {
        final UnsafeBuffer out = outlet.frame();
        Wire.header(out, Wire.DATA, (short)0);
        Wire.putLong(out, Wire.DATA_REF, splice.ref());
        Wire.putLong(out, Wire.DATA_END, end);
        Wire.putInt(out, Wire.DATA_FRAME_TYPE, Envelope.PORT_CLOSE);
        Wire.putInt(out, Wire.DATA_CAUSE, cause.ordinal());
        out.putShort(Wire.DATA_ENTRIES, (short)0, Wire.ORDER);
        return Wire.DATA_ENTRIES + 2;
    }
}
