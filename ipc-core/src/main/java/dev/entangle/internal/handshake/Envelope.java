package dev.entangle.internal.handshake;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame body around a message: the transferables it carries and, for a message to a context, the addressing
 * header. The structured-clone payload follows.
 * <pre>
 * port message:   count (int) | count x entry | payload
 * window message: target context id (long) | posted (ms) | expires after (ms) | sender name | sender origin
 *                 | target origin | count (int) | count x entry | payload
 * forwarded:      target address (name@host) | window message          (in a bridge's inbox, for another host)
 * port error:     reason                                                (a message the bridge could not carry)
 * entry:          kind (byte) | id high, low (long, long) | side (byte) | epoch | token high, low | size (longs)
 * string:         length (short) | UTF-8 bytes
 * </pre>
 * Frame types say which of these a frame holds.
 */
public final class Envelope
{
    /** A message on a port. */
    public static final int PORT_MESSAGE = 1;
    /** A port's close marker: the peer closed after everything before it. */
    public static final int PORT_CLOSE = 2;
    /** A message to a context, in its inbox. */
    public static final int WINDOW_MESSAGE = 3;
    /** A message on a broadcast channel. */
    public static final int BROADCAST_MESSAGE = 4;
    /** A message to a context on another host, in the inbox of this host's bridge, with its target address. */
    public static final int WINDOW_FORWARD = 5;
    /** In a port's lane, in place of a message that could not be carried to it: the receiver's messageerror. */
    public static final int PORT_ERROR = 6;

    private Envelope()
    {
    }

    /**
     * @param head    where to write.
     * @param entries the transferables.
     * @return bytes written.
     */
    public static int writePortMessage(final MutableDirectBuffer head, final List<TransferEntry> entries)
    {
        return writeEntries(head, 0, entries);
    }

    /**
     * @param head            where to write.
     * @param targetContextId the context the message is for, or 0 for the next holder of the name.
     * @param postedMillis    when it was posted.
     * @param expiryMillis    how long it may wait for a holder of the name.
     * @param senderName      the sender's name.
     * @param senderOrigin    the sender's origin.
     * @param targetOrigin    the origin the receiver must have, or "*".
     * @param entries         the transferables.
     * @return bytes written.
     */
    public static int writeWindowMessage(
        final MutableDirectBuffer head,
        final long targetContextId,
        final long postedMillis,
        final long expiryMillis,
        final String senderName,
        final String senderOrigin,
        final String targetOrigin,
        final List<TransferEntry> entries)
    {
        return writeWindowAt(head, 0, targetContextId, postedMillis, expiryMillis, senderName, senderOrigin,
            targetOrigin, entries);
    }

    private static int writeWindowAt(
        final MutableDirectBuffer head,
        final int offset,
        final long targetContextId,
        final long postedMillis,
        final long expiryMillis,
        final String senderName,
        final String senderOrigin,
        final String targetOrigin,
        final List<TransferEntry> entries)
    {
        int at = offset;
        head.putLong(at, targetContextId);
        head.putLong(at + 8, postedMillis);
        head.putLong(at + 16, expiryMillis);
        at += 24;
        at = writeString(head, at, senderName);
        at = writeString(head, at, senderOrigin);
        at = writeString(head, at, targetOrigin);
        return writeEntries(head, at, entries);
    }

    /**
     * A window message for a context on another host, written into the inbox of the bridge that carries it.
     *
     * @param head            where to write.
     * @param targetAddress   the target, {@code name@host}.
     * @param targetContextId the bridge's context that reads the inbox, or 0.
     * @param postedMillis    when it was posted.
     * @param expiryMillis    how long it may wait.
     * @param senderName      the sender's name.
     * @param senderOrigin    the sender's origin.
     * @param targetOrigin    the origin the receiver must have, or "*".
     * @param entries         the transferables.
     * @return bytes written.
     */
    public static int writeForwardedWindowMessage(
        final MutableDirectBuffer head,
        final String targetAddress,
        final long targetContextId,
        final long postedMillis,
        final long expiryMillis,
        final String senderName,
        final String senderOrigin,
        final String targetOrigin,
        final List<TransferEntry> entries)
    {
        return writeWindowAt(head, writeString(head, 0, targetAddress), targetContextId, postedMillis, expiryMillis,
            senderName, senderOrigin, targetOrigin, entries);
    }

    /**
     * @param head   where to write the body of a {@link #PORT_ERROR} frame.
     * @param reason why the message could not be carried.
     * @return bytes written.
     */
    public static int writeError(final MutableDirectBuffer head, final String reason)
    {
        return writeString(head, 0, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    }

    /**
     * @param buffer the body of a {@link #PORT_ERROR} frame.
     * @param offset where it starts.
     * @param length its length.
     * @return the reason it carries.
     */
    public static String readError(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            return Parsed.readString(buffer, offset, offset + length);
        }
        catch (final IllegalArgumentException ex)
        {
            return "a message could not be carried to this port";
        }
    }

    private static int writeEntries(final MutableDirectBuffer head, final int offset, final List<TransferEntry> entries)
    {
        int at = offset;
        head.putInt(at, entries.size());
        at += 4;
        // Indexed, not an iterator: the common message carries nothing and must allocate nothing.
        for (int i = 0; i < entries.size(); i++)
        {
            final TransferEntry entry = entries.get(i);
            head.putByte(at, (byte)entry.kind());
            head.putLong(at + 1, entry.high());
            head.putLong(at + 9, entry.low());
            head.putByte(at + 17, (byte)entry.side());
            head.putLong(at + 18, entry.ticket().epoch());
            head.putLong(at + 26, entry.ticket().tokenHigh());
            head.putLong(at + 34, entry.ticket().tokenLow());
            head.putLong(at + 42, entry.size());
            at += TransferEntry.LENGTH;
        }
        return at;
    }

    /**
     * @param head  where to write.
     * @param at    where in it.
     * @param value the string.
     * @return the offset after it.
     */
    public static int writeString(final MutableDirectBuffer head, final int at, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        head.putShort(at, (short)bytes.length);
        head.putBytes(at + 2, bytes);
        return at + 2 + bytes.length;
    }

    /**
     * A parsed envelope. Every length is checked against the frame, so a corrupt one is reported, not misread.
     */
    public static final class Parsed
    {
        /** For a forwarded window message: its target, {@code name@host}. */
        public String targetAddress;
        /** For a window message: the context it is for, or 0. */
        public long targetContextId;
        /** For a window message: when it was posted. */
        public long postedMillis;
        /** For a window message: how long it may wait. */
        public long expiryMillis;
        /** For a window message: the sender's name. */
        public String senderName;
        /** For a window message: the sender's origin. */
        public String senderOrigin;
        /** For a window message: the origin the receiver must have. */
        public String targetOrigin;
        /** The transferables. */
        public final List<TransferEntry> entries = new ArrayList<>();
        /** Where the payload starts. */
        public int payloadOffset;
        /** The payload's length. */
        public int payloadLength;

        /**
         * @param type   the frame type.
         * @param buffer the frame body.
         * @param offset where it starts.
         * @param length its length.
         * @throws IllegalArgumentException when it is malformed.
         */
        public void parse(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            entries.clear();
            targetAddress = null;
            final int end = offset + length;
            int at = offset;
            if (type == WINDOW_FORWARD)
            {
                targetAddress = readString(buffer, at, end);
                at += 2 + utf8Length(buffer, at);
            }
            if (type == WINDOW_MESSAGE || type == WINDOW_FORWARD)
            {
                need(at, 24, end);
                targetContextId = buffer.getLong(at);
                postedMillis = buffer.getLong(at + 8);
                expiryMillis = buffer.getLong(at + 16);
                at += 24;
                senderName = readString(buffer, at, end);
                at += 2 + utf8Length(buffer, at);
                senderOrigin = readString(buffer, at, end);
                at += 2 + utf8Length(buffer, at);
                targetOrigin = readString(buffer, at, end);
                at += 2 + utf8Length(buffer, at);
            }
            else if (type != PORT_MESSAGE)
            {
                throw new IllegalArgumentException("frame type " + type + " carries no envelope");
            }
            need(at, 4, end);
            final int count = buffer.getInt(at);
            at += 4;
            if (count < 0 || (long)count * TransferEntry.LENGTH > end - at)
            {
                throw new IllegalArgumentException("transfer count " + count + " exceeds the frame");
            }
            for (int i = 0; i < count; i++)
            {
                final int kind = buffer.getByte(at);
                if (kind != TransferEntry.PORT && kind != TransferEntry.ARRAY_BUFFER &&
                    kind != TransferEntry.SHARED_BUFFER)
                {
                    throw new IllegalArgumentException("transfer entry " + i + " has unknown kind " + kind);
                }
                final int side = buffer.getByte(at + 17) & 0xFF;
                entries.add(new TransferEntry(kind, buffer.getLong(at + 1), buffer.getLong(at + 9),
                    kind == TransferEntry.PORT ? side & 1 : side,
                    new TransitTicket(buffer.getLong(at + 18), buffer.getLong(at + 26), buffer.getLong(at + 34)),
                    buffer.getLong(at + 42)));
                at += TransferEntry.LENGTH;
            }
            payloadOffset = at;
            payloadLength = end - at;
        }

        private static int utf8Length(final DirectBuffer buffer, final int at)
        {
            return buffer.getShort(at) & 0xFFFF;
        }

        static String readString(final DirectBuffer buffer, final int at, final int end)
        {
            need(at, 2, end);
            final int length = utf8Length(buffer, at);
            need(at + 2, length, end);
            final byte[] bytes = new byte[length];
            buffer.getBytes(at + 2, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static void need(final int at, final int length, final int end)
        {
            if (length > end - at)
            {
                throw new IllegalArgumentException("envelope truncated");
            }
        }
    }
}
