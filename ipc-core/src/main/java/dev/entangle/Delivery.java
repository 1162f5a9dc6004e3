package dev.entangle;

import dev.entangle.internal.codec.HostObjectReader;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.runtime.Discards;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One frame read from a port's lane or a context's inbox, decoded on the reading thread and dispatched after the
 * read lock is released.
 *
 * @param kind        what it is.
 * @param event       the event to dispatch (for a message or a messageerror).
 * @param failure     why it could not be decoded.
 * @param besideBytes bytes of transferred buffers it carried, counted in the sender's buffered amount.
 * @param size        bytes of the frame's body.
 */
record Delivery(Kind kind, MessageEvent event, String failure, long besideBytes, int size)
{
    /** The peer's close marker. */
    static final Delivery CLOSE = new Delivery(Kind.CLOSE, null, null, 0, 0);
    /**
     * A message was decoded: its event, size and buffers' bytes wait in the {@link Decoder}, so that the common case
     * allocates only the event and what it carries.
     */
    static final Delivery MESSAGE = new Delivery(Kind.MESSAGE, null, null, 0, 0);
    /** A window message for another context of the name, or whose target origin does not match: dropped. */
    static final Delivery DROPPED = new Delivery(Kind.DROPPED, null, null, 0, 0);

    enum Kind
    {
        MESSAGE,
        CLOSE,
        ERROR,
        DROPPED
    }

    /**
     * Decodes frames for one reader; reused, so that a frame with no transferables allocates only what it returns.
     */
    static final class Decoder
    {
        private final ContextCore context;
        private final Envelope.Parsed parsed = new Envelope.Parsed();
        /** What a message that carried no transferables asks of the API layer: the same for every such message. */
        private final Received nothingCarried;
        private MessageEvent event;
        private long besideBytes;
        private int size;

        Decoder(final ContextCore context)
        {
            this.context = context;
            this.nothingCarried = new Received(context, List.of(), List.of());
        }

        /**
         * @return the event of the message just decoded ({@link #MESSAGE}), handed over once.
         */
        MessageEvent takeEvent()
        {
            final MessageEvent taken = event;
            event = null;
            return taken;
        }

        /**
         * @return bytes of transferred buffers the message just decoded carried.
         */
        long besideBytes()
        {
            return besideBytes;
        }

        /**
         * @return bytes of the body of the message just decoded.
         */
        int size()
        {
            return size;
        }

        /**
         * @return the delivery of the message just decoded, as a record of its own (for a reader that keeps it).
         */
        Delivery materialize(final Delivery decoded)
        {
            return decoded == MESSAGE ? new Delivery(Kind.MESSAGE, takeEvent(), null, besideBytes, size) : decoded;
        }

        Delivery decodePort(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            if (type == Envelope.PORT_CLOSE)
            {
                return CLOSE;
            }
            if (type == Envelope.PORT_ERROR)
            {
                // A message that could not be carried to this port (too large for the bridge between hosts).
                return error(Envelope.readError(buffer, offset, length), List.of(), "", null, 0);
            }
            try
            {
                parsed.parse(type, buffer, offset, length);
            }
            catch (final IllegalArgumentException ex)
            {
                return error("corrupt envelope: " + ex.getMessage(), List.of(), "", null, 0);
            }
            return decodePayload(buffer, "", null);
        }

        Delivery decodeWindow(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            try
            {
                parsed.parse(type, buffer, offset, length);
            }
            catch (final IllegalArgumentException ex)
            {
                return error("corrupt envelope: " + ex.getMessage(), List.of(), Origins.OPAQUE, null, 0);
            }
            final boolean forUs = parsed.targetContextId == 0 || parsed.targetContextId == context.contextId();
            final boolean originMatches =
                Origins.ANY.equals(parsed.targetOrigin) || parsed.targetOrigin.equals(context.origin());
            if (!forUs || !originMatches)
            {
                // Dropped silently, as the standard drops a message whose target navigated away or does not match;
                // what it carried can never arrive, so the peers are told.
                Discards.discard(context.runtime(), parsed.entries);
                return DROPPED;
            }
            try
            {
                ContextNames.validateAddress(parsed.senderName);
            }
            catch (final IllegalArgumentException ex)
            {
                return error("invalid sender name: " + ex.getMessage(), List.of(), parsed.senderOrigin, null, 0);
            }
            return decodePayload(buffer, parsed.senderOrigin, context.window(parsed.senderName));
        }

        /**
         * Closes, for their peers, what a window frame that will never be dispatched carried.
         */
        void discardWindow(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            try
            {
                parsed.parse(type, buffer, offset, length);
            }
            catch (final IllegalArgumentException ex)
            {
                return;
            }
            Discards.discard(context.runtime(), parsed.entries);
        }

        private Delivery decodePayload(final DirectBuffer buffer, final String origin, final WindowProxy source)
        {
            final List<TransferEntry> entries = parsed.entries;
            final int count = entries.size();
            final List<Object> transferred = count == 0 ? List.of() : new ArrayList<>(count);
            final List<MessagePort> ports = count == 0 ? List.of() : new ArrayList<>(count);
            final List<SharedArrayBuffer> shared = count == 0 ? List.of() : new ArrayList<>();
            long besideBytes = 0;
            for (int i = 0; i < count; i++)
            {
                final TransferEntry entry = entries.get(i);
                switch (entry.kind())
                {
                    case TransferEntry.PORT:
                        final MessagePort port = PortTransfer.claim(context, entry).handle();
                        transferred.add(port);
                        ports.add(port);
                        break;
                    case TransferEntry.ARRAY_BUFFER:
                        besideBytes += entry.size();
                        transferred.add(ArrayBuffer.claim(context, entry));
                        break;
                    default:
                        shared.add(SharedArrayBuffer.claim(context, entry));
                        break;
                }
            }
            final List<MessagePort> readOnlyPorts = count == 0 ? List.of() : Collections.unmodifiableList(ports);
            if (parsed.payloadLength > context.settings.maxMessageSize)
            {
                return error("message of " + parsed.payloadLength + " bytes exceeds maxMessageSize " +
                    context.settings.maxMessageSize, readOnlyPorts, origin, source, besideBytes);
            }
            final Object data;
            try
            {
                data = context.reader().decode(buffer, parsed.payloadOffset, parsed.payloadLength,
                    count == 0 ? nothingCarried : new Received(context, transferred, shared), context.receiverPolicy(),
                    context.settings.maxMessageSize);
            }
            catch (final RuntimeException | StackOverflowError ex)
            {
                return error(ex.getClass().getSimpleName() + ": " + ex.getMessage(), readOnlyPorts, origin, source,
                    besideBytes);
            }
            this.event = new MessageEvent(data, origin, "", source, readOnlyPorts);
            this.besideBytes = besideBytes;
            this.size = parsed.payloadLength;
            return MESSAGE;
        }

        private static Delivery error(
            final String reason,
            final List<MessagePort> ports,
            final String origin,
            final WindowProxy source,
            final long besideBytes)
        {
            return new Delivery(Kind.ERROR, new MessageEvent(null, origin, "", source, ports), reason, besideBytes, 0);
        }
    }

    /**
     * What the decoder asks of the API layer for one message: the transferables it carried, and the objects the
     * codec cannot make itself.
     */
    private static final class Received implements HostObjectReader
    {
        private final ContextCore context;
        private final List<Object> objects;
        private final List<SharedArrayBuffer> shared;

        Received(final ContextCore context, final List<Object> objects, final List<SharedArrayBuffer> shared)
        {
            this.context = context;
            this.objects = objects;
            this.shared = shared;
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
            return HostObjects.readClone(context, shared, type, buffer, offset, length);
        }

        @Override
        public Object newThrowable(
            final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
        {
            return HostObjects.newThrowable(className, message, stackTrace, cause);
        }
    }
}
