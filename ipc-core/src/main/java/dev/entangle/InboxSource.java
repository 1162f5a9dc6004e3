package dev.entangle;

import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.loop.LoopSource;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;
import org.agrona.DirectBuffer;

/**
 * A context's inbox: messages posted to its name. Read only on the context's event loop; messages wait, in order,
 * until the first non-null {@link Context#onMessage}.
 */
final class InboxSource implements LoopSource
{
    private static final int POLL_LIMIT = 64;

    private final ContextCore context;
    private final ContextRecord record;
    private final Delivery.Decoder decoder;
    private final LaneReader.FrameHandler onFrame = this::onFrame;
    private final LaneReader.FrameHandler onDiscard = this::onDiscard;
    private LaneReader reader;
    private Delivery last;
    private volatile boolean enabled;
    private volatile boolean damaged;
    private volatile MessageListener onMessage;
    private volatile MessageListener onMessageError;

    InboxSource(final ContextCore context, final ContextRecord record)
    {
        this.context = context;
        this.record = record;
        this.decoder = new Delivery.Decoder(context);
    }

    /**
     * @return true when this call set a listener where there was none: the context then keeps the JVM alive.
     */
    synchronized int onMessage(final MessageListener listener)
    {
        final boolean had = onMessage != null;
        onMessage = listener;
        if (listener != null)
        {
            enabled = true;
            context.demandRose();
            context.wake(this);
        }
        return had == (listener != null) ? 0 : listener != null ? 1 : -1;
    }

    void onMessageError(final MessageListener listener)
    {
        onMessageError = listener;
    }

    @Override
    public int pollLimit()
    {
        return POLL_LIMIT;
    }

    /**
     * Until its first listener, what comes to the inbox waits, rung or not; from then on it is read as it comes.
     */
    @Override
    public boolean wantsRings()
    {
        return enabled;
    }

    @Override
    public int poll()
    {
        if (!enabled || damaged)
        {
            return 0;
        }
        final LaneReader reader = reader();
        int work = 0;
        while (work < POLL_LIMIT)
        {
            if (reader.poll(onFrame) == 0)
            {
                break;
            }
            final Delivery delivery = last;
            last = null;
            dispatch(delivery);
            work++;
        }
        return work;
    }

    private void onFrame(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        last = decoder.materialize(decoder.decodeWindow(type, buffer, offset, length));
    }

    private void onDiscard(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.discardWindow(type, buffer, offset, length);
    }

    private void dispatch(final Delivery delivery)
    {
        if (delivery.kind() == Delivery.Kind.MESSAGE)
        {
            context.stats().increment(Counter.MESSAGES_RECEIVED);
            context.stats().add(Counter.BYTES_RECEIVED, delivery.size());
            Events.dispatched(context.name(), 0, delivery.size());
            final MessageListener listener = onMessage;
            if (listener != null)
            {
                context.invoke(listener, delivery.event());
            }
        }
        else if (delivery.kind() == Delivery.Kind.ERROR)
        {
            context.reportDecodeFailure(delivery.failure());
            final MessageListener listener = onMessageError;
            if (listener != null)
            {
                context.invoke(listener, delivery.event());
            }
        }
    }

    /**
     * Discards what the context has not dispatched, closing what those messages carried, so the next context of
     * the name starts after them. Called on the event loop as the context closes.
     */
    void closeAndDiscard()
    {
        if (!damaged)
        {
            final LaneReader reader = reader();
            while (reader.poll(onDiscard) > 0)
            {
                // Each discarded message's transferables are closed for their peers.
            }
        }
        closeReader();
    }

    void closeReader()
    {
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }

    /**
     * @return the damaged file of the inbox, or null; marks the inbox so nothing reads it again.
     */
    String findDamage()
    {
        if (record.region().isTruncated())
        {
            damaged = true;
            return record.region().file().toString();
        }
        final LaneReader current = reader;
        if (current != null && current.region() != null && current.region().isTruncated())
        {
            damaged = true;
            return current.region().file().toString();
        }
        return null;
    }

    boolean isDamaged()
    {
        return damaged;
    }

    private LaneReader reader()
    {
        if (reader == null)
        {
            reader = new LaneReader(record.inbox(), record.inbox().readerLine(), record.inboxFiles(), true);
        }
        return reader;
    }
}
