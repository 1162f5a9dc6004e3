package dev.entangle;

import dev.entangle.transport.QueueReader;
import dev.entangle.transport.SharedQueue;

/**
 * A context's inbox: messages posted to its name. Read only on the context's event loop; messages wait, in order,
 * until the first non-null {@link Context#onMessage}.
 */
final class Inbox
{
    private static final int POLL_LIMIT = 64;

    private final Context context;
    private final ContextRecord record;
    private final SharedQueue queue;
    private QueueReader reader;
    private volatile boolean enabled;
    private volatile MessageListener onMessage;
    private volatile MessageListener onMessageError;

    Inbox(final Context context, final ContextRecord record)
    {
        this.context = context;
        this.record = record;
        this.queue = SharedQueue.acquire(context.layout().inbox(context.name()));
    }

    void onMessage(final MessageListener listener)
    {
        onMessage = listener;
        if (listener != null)
        {
            enabled = true;
        }
    }

    void onMessageError(final MessageListener listener)
    {
        onMessageError = listener;
    }

    int poll()
    {
        if (!enabled)
        {
            return 0;
        }
        final QueueReader reader = reader();
        int work = 0;
        while (work < POLL_LIMIT)
        {
            final Delivery delivery = new Delivery();
            if (reader.poll((buffer, offset, length, index) ->
                delivery.decodeWindowDocument(context, buffer, offset, length)) == 0)
            {
                break;
            }
            record.inboxConsumedIndex(reader.lastReadIndex());
            dispatch(delivery);
            work++;
        }
        return work;
    }

    private void dispatch(final Delivery delivery)
    {
        if (delivery.kind == Delivery.MESSAGE)
        {
            final MessageListener listener = onMessage;
            if (listener != null)
            {
                context.invoke(listener, delivery.event);
            }
        }
        else if (delivery.kind == Delivery.ERROR)
        {
            context.reportDecodeFailure(delivery.failure);
            final MessageListener listener = onMessageError;
            if (listener != null)
            {
                context.invoke(listener, delivery.event);
            }
        }
    }

    /**
     * Discards what the context has not dispatched, closing the ports those messages carried, so the next context
     * of the name starts after them. Called on the event loop as the context closes.
     */
    void closeAndDiscard()
    {
        final QueueReader reader = reader();
        while (reader.poll((buffer, offset, length, index) ->
            Delivery.discardWindowDocument(context, buffer, offset, length)) > 0)
        {
            record.inboxConsumedIndex(reader.lastReadIndex());
        }
        reader.close();
        queue.release();
    }

    private QueueReader reader()
    {
        if (reader == null)
        {
            reader = queue.reader();
            reader.resumeAfter(record.inboxConsumedIndex());
        }
        return reader;
    }
}
