package dev.entangle;

import dev.entangle.internal.codec.HostObjectReader;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One document read from a port's queue or a context's inbox, decoded on the reading thread and dispatched after
 * the read lock is released.
 */
final class Delivery
{
    static final int MESSAGE = 1;
    static final int CLOSE = 2;
    static final int ERROR = 3;
    /** A window message for an earlier context of the name, or whose target origin does not match: dropped. */
    static final int DROPPED = 4;

    int kind;
    MessageEvent event;
    String failure;

    /**
     * Decodes a document from a port's incoming queue.
     */
    void decodePortDocument(final Context context, final DirectBuffer buffer, final int offset, final int length)
    {
        final Envelope.Parsed parsed = new Envelope.Parsed();
        try
        {
            parsed.parse(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            fail("corrupt envelope: " + ex.getMessage(), List.of(), "", null);
            return;
        }
        if (parsed.kind == Envelope.PORT_CLOSE)
        {
            kind = CLOSE;
            return;
        }
        if (parsed.kind != Envelope.PORT_MESSAGE)
        {
            fail("unexpected envelope kind " + parsed.kind + " on a port", List.of(), "", null);
            return;
        }
        decodePayload(context, buffer, parsed, "", null);
    }

    /**
     * Decodes a document from a context's inbox.
     */
    void decodeWindowDocument(final Context context, final DirectBuffer buffer, final int offset, final int length)
    {
        final Envelope.Parsed parsed = new Envelope.Parsed();
        try
        {
            parsed.parse(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            fail("corrupt envelope: " + ex.getMessage(), List.of(), "null", null);
            return;
        }
        if (parsed.kind != Envelope.WINDOW_MESSAGE)
        {
            fail("unexpected envelope kind " + parsed.kind + " in an inbox", List.of(), "null", null);
            return;
        }
        final boolean forUs = parsed.targetContextId == 0 || parsed.targetContextId == context.contextId();
        final boolean originMatches =
            Origins.ANY.equals(parsed.targetOrigin) || parsed.targetOrigin.equals(context.origin());
        if (!forUs || !originMatches)
        {
            // Dropped silently, as the standard drops a message whose target navigated away or does not match;
            // the ports it carried can never arrive, so their peers are told.
            for (final Envelope.Entry entry : parsed.entries)
            {
                PortState.discard(context, entry);
            }
            kind = DROPPED;
            return;
        }
        decodePayload(context, buffer, parsed, parsed.senderOrigin, context.window(parsed.senderName));
    }

    /**
     * Closes, for their peers, the ports carried by an inbox document that will never be dispatched.
     */
    static void discardWindowDocument(final Context context, final DirectBuffer buffer, final int offset, final int length)
    {
        final Envelope.Parsed parsed = new Envelope.Parsed();
        try
        {
            parsed.parse(buffer, offset, length);
        }
        catch (final IllegalArgumentException ex)
        {
            return;
        }
        for (final Envelope.Entry entry : parsed.entries)
        {
            PortState.discard(context, entry);
        }
    }

    private void decodePayload(
        final Context context,
        final DirectBuffer buffer,
        final Envelope.Parsed parsed,
        final String origin,
        final WindowProxy source)
    {
        final List<MessagePort> ports = new ArrayList<>(parsed.entries.size());
        for (final Envelope.Entry entry : parsed.entries)
        {
            ports.add(PortState.claim(context, entry).handle());
        }
        final List<MessagePort> readOnlyPorts = Collections.unmodifiableList(ports);
        if (parsed.payloadLength > context.maxMessageSize())
        {
            fail("message of " + parsed.payloadLength + " bytes exceeds maxMessageSize " + context.maxMessageSize(),
                readOnlyPorts, origin, source);
            return;
        }
        final Object data;
        try
        {
            data = context.reader().decode(buffer, parsed.payloadOffset, parsed.payloadLength,
                new Received(ports), context.recordPolicy(), context.maxMessageSize());
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            fail(ex.getClass().getSimpleName() + ": " + ex.getMessage(), readOnlyPorts, origin, source);
            return;
        }
        kind = MESSAGE;
        event = new MessageEvent(data, origin, "", source, readOnlyPorts);
    }

    private void fail(final String reason, final List<MessagePort> ports, final String origin, final WindowProxy source)
    {
        kind = ERROR;
        failure = reason;
        event = new MessageEvent(null, origin, "", source, ports);
    }

    private static final class Received implements HostObjectReader
    {
        private final List<MessagePort> ports;

        Received(final List<MessagePort> ports)
        {
            this.ports = ports;
        }

        @Override
        public int transferredCount()
        {
            return ports.size();
        }

        @Override
        public Object transferred(final int index)
        {
            return ports.get(index);
        }

        @Override
        public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            throw new IllegalArgumentException("unknown host object type " + type);
        }

        @Override
        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            throw new UnsupportedOperationException("a Throwable cannot be received yet");
        }
    }
}
