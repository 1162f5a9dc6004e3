package dev.entangle;

import org.agrona.DirectBuffer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A port's listeners and the dispatch of its events, one at a time, on its context's loop. The dispatch lock is held
 * only while a listener runs, so that {@code close()} can wait for a running listener and none starts after it.
 */
final class PortListeners
{
    private final ContextCore context;
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final CopyOnWriteArrayList<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final HandlerSlot handlerSlot = new HandlerSlot();
    private volatile MessageListener onMessageError;
    private volatile BytesListener onBytes;
    private volatile Runnable onClose;
    private volatile Runnable onBufferedAmountLow;
    /** Whether this port counts towards keeping the JVM alive; changed only under this object's monitor. */
    private boolean referenced;

    PortListeners(final ContextCore context)
    {
        this.context = context;
    }

    /**
     * @return true when the onmessage handler was set (not null) by this call for the first time... or replaced.
     */
    synchronized boolean onMessage(final MessageListener listener)
    {
        handlerSlot.handler = listener;
        if (listener == null)
        {
            messageListeners.remove(handlerSlot);
        }
        else if (!messageListeners.contains(handlerSlot))
        {
            messageListeners.add(handlerSlot);
        }
        return listener != null;
    }

    synchronized void add(final MessageListener listener)
    {
        if (listener != null && !messageListeners.contains(listener))
        {
            messageListeners.add(listener);
        }
    }

    synchronized void remove(final MessageListener listener)
    {
        messageListeners.remove(listener);
    }

    void onBytes(final BytesListener listener)
    {
        onBytes = listener;
    }

    BytesListener onBytes()
    {
        return onBytes;
    }

    void onMessageError(final MessageListener listener)
    {
        onMessageError = listener;
    }

    void onClose(final Runnable listener)
    {
        onClose = listener;
    }

    void onBufferedAmountLow(final Runnable listener)
    {
        onBufferedAmountLow = listener;
    }

    Runnable onBufferedAmountLow()
    {
        return onBufferedAmountLow;
    }

    Runnable onClose()
    {
        return onClose;
    }

    /**
     * @return true when a message, bytes or messageerror listener is set: the port is then pinned while entangled, and
     * keeps the JVM alive.
     */
    boolean isListening()
    {
        return !messageListeners.isEmpty() || onMessageError != null || onBytes != null;
    }

    /**
     * Brings the context's keep-alive count in line with whether this port listens and is alive.
     *
     * @param alive whether the port is still entangled here.
     */
    synchronized void updateReference(final boolean alive)
    {
        final boolean shouldReference = alive && isListening();
        if (shouldReference != referenced)
        {
            referenced = shouldReference;
            context.reference(shouldReference);
        }
    }

    void dispatchMessage(final MessageEvent event)
    {
        for (final MessageListener listener : messageListeners)
        {
            context.invoke(listener, event);
        }
    }

    /**
     * Hands a plain {@code byte[]} message taken for the bytes handler to it; to the message listeners, as an event,
     * when the handler was removed after the message was taken for it.
     */
    void dispatchBytes(final DirectBuffer buffer, final int length)
    {
        final BytesListener listener = onBytes;
        if (listener == null)
        {
            final byte[] data = new byte[length];
            buffer.getBytes(0, data);
            dispatchMessage(new MessageEvent(data, "", "", null, List.of()));
            return;
        }
        try
        {
            listener.onBytes(buffer, 0, length);
        }
        catch (final Throwable ex)
        {
            context.onListenerFailure(ex);
        }
    }

    void dispatchError(final MessageEvent event, final String reason)
    {
        context.reportDecodeFailure(reason);
        final MessageListener listener = onMessageError;
        if (listener != null)
        {
            context.invoke(listener, event);
        }
    }

    void dispatchClose()
    {
        final Runnable listener = onClose;
        if (listener != null)
        {
            context.invoke(listener);
        }
    }

    void lockDispatch()
    {
        dispatchLock.lock();
    }

    void unlockDispatch()
    {
        dispatchLock.unlock();
    }

    /**
     * Waits for a listener of this port that is running on the loop now.
     */
    void awaitRunningListener()
    {
        if (!dispatchLock.isHeldByCurrentThread())
        {
            dispatchLock.lock();
            dispatchLock.unlock();
        }
    }

    /** The {@code onmessage} handler's place among the message listeners. */
    private static final class HandlerSlot implements MessageListener
    {
        volatile MessageListener handler;

        @Override
        public void onMessage(final MessageEvent event)
        {
            final MessageListener current = handler;
            if (current != null)
            {
                current.onMessage(event);
            }
        }
    }
}
