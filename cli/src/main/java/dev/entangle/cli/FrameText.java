package dev.entangle.cli;

import dev.entangle.Configuration;
import dev.entangle.internal.codec.HostObjectReader;
import dev.entangle.internal.codec.MessageDecodeException;
import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * One frame of a lane as a line of text: the envelope (sender and origins for a message to a context, the
 * transferred ports and buffers) and the message, decoded by the library's structured-clone reader. Ports in the
 * message are shown as references to their channel and side; nothing is claimed. Records are rebuilt only from
 * classes the operator named ({@code --class-path}); any other shows as a line saying which class it needs.
 */
final class FrameText
{
    private final StructuredCloneReader reader = new StructuredCloneReader();
    private final Envelope.Parsed parsed = new Envelope.Parsed();
    private final ReceiverPolicy records;
    private final int maxChars;

    /**
     * @param records  the records that may be rebuilt.
     * @param maxChars the longest text of one message.
     */
    FrameText(final ReceiverPolicy records, final int maxChars)
    {
        this.records = records;
        this.maxChars = maxChars;
    }

    /**
     * @param type   the frame's type.
     * @param buffer holds its body.
     * @param offset where the body starts.
     * @param length the body's length.
     * @return what it carries, as text.
     */
    String describe(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == Envelope.PORT_CLOSE)
        {
            return "close: the writing port was closed; nothing follows";
        }
        if (type != Envelope.PORT_MESSAGE && type != Envelope.WINDOW_MESSAGE)
        {
            return "frame of type " + type + ", " + length + " bytes (not a message this tool knows)";
        }
        try
        {
            parsed.parse(type, buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            return "malformed envelope: " + ex.getMessage();
        }
        final StringBuilder text = new StringBuilder();
        if (type == Envelope.WINDOW_MESSAGE)
        {
            text.append("from ").append(parsed.senderName).append(" (").append(parsed.senderOrigin)
                .append(") for origin ").append(parsed.targetOrigin)
                .append(", posted ").append(Formats.time(parsed.postedMillis)).append(": ");
        }
        final List<Object> transferred = new ArrayList<>(parsed.entries.size());
        for (final TransferEntry entry : parsed.entries)
        {
            final String id = new ChannelId(entry.high(), entry.low()).toString();
            transferred.add(entry.kind() == TransferEntry.PORT ?
                new ValueText.PortReference(id, entry.side() == 0 ? "a" : "b") :
                new ValueText.BufferReference(id, entry.size()));
        }
        try
        {
            final Object value = reader.decode(buffer, parsed.payloadOffset, parsed.payloadLength,
                new Transferred(transferred), records, Configuration.MAX_MESSAGE_SIZE_LIMIT);
            text.append(ValueText.render(value, maxChars));
        }
        catch (final MessageDecodeException ex)
        {
            text.append("<cannot decode: ").append(ex.getMessage());
            if (ex.getMessage() != null && ex.getMessage().contains("is not allowed"))
            {
                text.append("; --class-path can name where the class is");
            }
            text.append('>');
        }
        if (!transferred.isEmpty())
        {
            text.append("  transferred: ").append(transferred);
        }
        return text.toString();
    }

    /**
     * Stands in for what the library's API would make of a message: transferred ports and buffers, copied host
     * objects and exceptions become placeholders that print what they are.
     */
    private static final class Transferred implements HostObjectReader
    {
        private final List<Object> objects;

        Transferred(final List<Object> objects)
        {
            this.objects = objects;
        }

        @Override
        public int transferredCount()
        {
            return objects.size();
        }

        @Override
        public Object transferred(final int index)
        {
            return objects.get(index);
        }

        @Override
        public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            return new ValueText.HostObject(type, length);
        }

        @Override
        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            return new ValueText.ThrowableText(className, message, cause);
        }
    }
}
