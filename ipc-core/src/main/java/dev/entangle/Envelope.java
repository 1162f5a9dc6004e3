package dev.entangle;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frame around a message in a queue document: its kind, the transfer entries of the ports it carries and,
 * for a message to a context, the addressing header. The structured-clone payload follows the frame.
 * <pre>
 * port message:   kind=1 | count (int) | count x entry | payload
 * port close:     kind=2
 * window message: kind=3 | target context id (long) | sender name | sender origin | target origin
 *                 | count (int) | count x entry | payload
 * entry:          channel high, low (long, long) | side (byte) | token high, low (long, long) | epoch (long)
 * string:         length (short) | UTF-8 bytes
 * </pre>
 */
final class Envelope
{
    static final byte PORT_MESSAGE = 1;
    static final byte PORT_CLOSE = 2;
    static final byte WINDOW_MESSAGE = 3;

    static final int ENTRY_LENGTH = 8 + 8 + 1 + 8 + 8 + 8;

    /**
     * What a receiver needs to claim one transferred port.
     */
    record Entry(long channelHigh, long channelLow, int side, long tokenHigh, long tokenLow, long epoch)
    {
    }

    private Envelope()
    {
    }

    static int writePortMessage(final MutableDirectBuffer head, final List<Entry> entries)
    {
        head.putByte(0, PORT_MESSAGE);
        return writeEntries(head, 1, entries);
    }

    static int writePortClose(final MutableDirectBuffer head)
    {
        head.putByte(0, PORT_CLOSE);
        return 1;
    }

    static int writeWindowMessage(
        final MutableDirectBuffer head,
        final long targetContextId,
        final String senderName,
        final String senderOrigin,
        final String targetOrigin,
        final List<Entry> entries)
    {
        int at = 0;
        head.putByte(at, WINDOW_MESSAGE);
        at += 1;
        head.putLong(at, targetContextId);
        at += 8;
        at = writeString(head, at, senderName);
        at = writeString(head, at, senderOrigin);
        at = writeString(head, at, targetOrigin);
        return writeEntries(head, at, entries);
    }

    private static int writeEntries(final MutableDirectBuffer head, final int offset, final List<Entry> entries)
    {
        int at = offset;
        head.putInt(at, entries.size());
        at += 4;
        for (final Entry entry : entries)
        {
            head.putLong(at, entry.channelHigh());
            head.putLong(at + 8, entry.channelLow());
            head.putByte(at + 16, (byte)entry.side());
            head.putLong(at + 17, entry.tokenHigh());
            head.putLong(at + 25, entry.tokenLow());
            head.putLong(at + 33, entry.epoch());
            at += ENTRY_LENGTH;
        }
        return at;
    }

    private static int writeString(final MutableDirectBuffer head, final int at, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        head.putShort(at, (short)bytes.length);
        head.putBytes(at + 2, bytes);
        return at + 2 + bytes.length;
    }

    /**
     * A parsed frame. Every length is checked against the document, so a corrupt frame is reported, not misread.
     */
    static final class Parsed
    {
        byte kind;
        long targetContextId;
        String senderName;
        String senderOrigin;
        String targetOrigin;
        final List<Entry> entries = new ArrayList<>();
        int payloadOffset;
        int payloadLength;

        /**
         * @throws IllegalArgumentException when the frame is malformed.
         */
        void parse(final DirectBuffer buffer, final int offset, final int length)
        {
            entries.clear();
            final int end = offset + length;
            int at = offset;
            need(at, 1, end);
            kind = buffer.getByte(at);
            at += 1;
            switch (kind)
            {
                case PORT_CLOSE:
                    payloadOffset = at;
                    payloadLength = 0;
                    return;
                case PORT_MESSAGE:
                    break;
                case WINDOW_MESSAGE:
                    need(at, 8, end);
                    targetContextId = buffer.getLong(at);
                    at += 8;
                    senderName = readString(buffer, at, end);
                    at += 2 + utf8Length(buffer, at);
                    senderOrigin = readString(buffer, at, end);
                    at += 2 + utf8Length(buffer, at);
                    targetOrigin = readString(buffer, at, end);
                    at += 2 + utf8Length(buffer, at);
                    break;
                default:
                    throw new IllegalArgumentException("unknown envelope kind " + kind);
            }
            need(at, 4, end);
            final int count = buffer.getInt(at);
            at += 4;
            if (count < 0 || (long)count * ENTRY_LENGTH > end - at)
            {
                throw new IllegalArgumentException("transfer count " + count + " exceeds the document");
            }
            for (int i = 0; i < count; i++)
            {
                entries.add(new Entry(
                    buffer.getLong(at), buffer.getLong(at + 8), buffer.getByte(at + 16) & 1,
                    buffer.getLong(at + 17), buffer.getLong(at + 25), buffer.getLong(at + 33)));
                at += ENTRY_LENGTH;
            }
            payloadOffset = at;
            payloadLength = end - at;
        }

        private static int utf8Length(final DirectBuffer buffer, final int at)
        {
            return buffer.getShort(at) & 0xFFFF;
        }

        private static String readString(final DirectBuffer buffer, final int at, final int end)
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
