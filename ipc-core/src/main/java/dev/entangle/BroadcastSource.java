package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastLane;
import dev.entangle.internal.codec.HostObjectReader;
import dev.entangle.internal.lane.LaneDamagedException;
import dev.entangle.internal.loop.LoopSource;
import dev.entangle.internal.stats.Counter;
import org.agrona.DirectBuffer;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving side of a {@link BroadcastChannel}, a source of its context's loop with a doorbell slot of its own,
 * so an idle one costs what an idle port costs. Messages wait, in order, until the first non-null
 * {@code onMessage}; each is decoded on the loop and dispatched there, unless the channel closed. A message that
 * does not decode is a {@code messageerror}; so is falling so far behind that messages were skipped, once per skip.
 */
final class BroadcastSource implements LoopSource, HostObjectReader
{
    private static final int POLL_LIMIT = 64;

    private final ContextCore context;
    private final String name;
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final BroadcastLane.MessageHandler onPayload = this::decode;
    private volatile BroadcastLane lane;
    private volatile boolean enabled;
    private volatile boolean closed;
    private volatile boolean damaged;
    private volatile MessageListener onMessage;
    private volatile MessageListener onMessageError;
    private boolean referenced;
    private MessageEvent pendingEvent;
    private String pendingFailure;
    private int pendingSize;

    BroadcastSource(final ContextCore context, final String name)
    {
        this.context = context;
        this.name = name;
    }

    void lane(final BroadcastLane lane)
    {
        this.lane = lane;
    }

    /**
     * Sets the message listener; the first non-null one starts delivery, and a listener keeps the JVM alive.
     */
    synchronized void onMessage(final MessageListener listener)
    {
        if (closed)
        {
            return;
        }
        onMessage = listener;
        if ((listener != null) != referenced)
        {
            referenced = listener != null;
            context.reference(referenced);
        }
        if (listener != null)
        {
            enabled = true;
            context.demandRose();
            context.wake(this);
        }
    }

    void onMessageError(final MessageListener listener)
    {
        if (!closed)
        {
            onMessageError = listener;
        }
    }

    @Override
    public int pollLimit()
    {
        return POLL_LIMIT;
    }

    @Override
    public int poll()
    {
        final BroadcastLane lane = this.lane;
        if (!enabled || closed || damaged || lane == null)
        {
            return 0;
        }
        int work = 0;
        try
        {
            while (work < POLL_LIMIT && !closed)
            {
                clearPending();
                final int read = lane.poll(onPayload);
                if (read == BroadcastLane.NONE)
                {
                    break;
                }
                work++;
                if (read == BroadcastLane.MESSAGE)
                {
                    dispatchPending();
                }
                else if (read == BroadcastLane.LEFT_OUT)
                {
                    final long missed = lane.skipAhead();
                    if (missed == BroadcastLane.STAYED)
                    {
                        dispatchPending();
                    }
                    else if (missed > 0)
                    {
                        dispatchError("BroadcastChannel \"" + name + "\" fell more than maxBufferedAmount (" +
                            context.settings.maxBufferedAmount + " bytes) behind and missed " + missed + " messages");
                    }
                }
            }
            lane.releaseRingsLeft();
        }
        catch (final LaneDamagedException ex)
        {
            onDamage(ex.getMessage(), ex);
        }
        finally
        {
            clearPending();
        }
        return work;
    }

    /**
     * Decodes one payload from the ring, on the loop; what it yields stands only once the lane says so.
     */
    private void decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer == null)
        {
            pendingFailure = "a frame of the broadcast channel's lane is no broadcast message";
            return;
        }
        if (length > context.settings.maxMessageSize)
        {
            pendingFailure = "message of " + length + " bytes exceeds maxMessageSize " +
                context.settings.maxMessageSize;
            return;
        }
        try
        {
            final Object data = context.reader().decode(buffer, offset, length, this, context.receiverPolicy(),
                context.settings.maxMessageSize);
            pendingEvent = new MessageEvent(data, context.origin(), "", null, List.of());
            pendingSize = length;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            pendingFailure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
    }

    private void clearPending()
    {
        pendingEvent = null;
        pendingFailure = null;
        pendingSize = 0;
    }

    private void dispatchPending()
    {
        if (pendingEvent != null)
        {
            final MessageEvent event = pendingEvent;
            context.stats().increment(Counter.MESSAGES_RECEIVED);
            context.stats().add(Counter.BYTES_RECEIVED, pendingSize);
            dispatchLock.lock();
            try
            {
                final MessageListener listener = onMessage;
                if (listener != null && !closed)
                {
                    context.invoke(listener, event);
                }
            }
            finally
            {
                dispatchLock.unlock();
            }
        }
        else if (pendingFailure != null)
        {
            dispatchError(pendingFailure);
        }
    }

    private void dispatchError(final String reason)
    {
        dispatchLock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            context.reportDecodeFailure(reason);
            final MessageListener listener = onMessageError;
            if (listener != null)
            {
                context.invoke(listener, new MessageEvent(null, context.origin(), "", null, List.of()));
            }
        }
        finally
        {
            dispatchLock.unlock();
        }
    }

    /**
     * The lane's bytes cannot be trusted: this receiver stops reading and says so once.
     *
     * @return true when this call marked it.
     */
    boolean onDamage(final String what, final Throwable cause)
    {
        synchronized (this)
        {
            if (damaged || closed)
            {
                return false;
            }
            damaged = true;
        }
        context.errorHandler().onError(new IllegalStateException("BroadcastChannel \"" + name + "\" of context " +
            context.name() + " is damaged: " + what + "; it receives nothing more", cause));
        return true;
    }

    boolean isEnabled()
    {
        return enabled;
    }

    /**
     * Until its first listener, what comes waits, rung or not; from then on it is read as it comes.
     */
    @Override
    public boolean wantsRings()
    {
        return enabled && !closed;
    }

    boolean isDamaged()
    {
        return damaged;
    }

    /**
     * Stops dispatching: once this returns, no listener of this channel runs (one running on the loop now, called
     * from another thread, is waited for) and none will.
     */
    void close()
    {
        synchronized (this)
        {
            closed = true;
            onMessage = null;
            onMessageError = null;
            if (referenced)
            {
                referenced = false;
                context.reference(false);
            }
        }
        if (!dispatchLock.isHeldByCurrentThread())
        {
            dispatchLock.lock();
            dispatchLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ decoding

    @Override
    public int transferredCount()
    {
        return 0;
    }

    @Override
    public Object transferred(final int index)
    {
        throw new IndexOutOfBoundsException("a broadcast message transfers nothing: " + index);
    }

    @Override
    public Object readClone(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        throw new IllegalArgumentException("a broadcast message carries no host object, yet one of type " + type +
            " came");
    }

    @Override
    public Object newThrowable(
        final String className, final String message, final StackTraceElement[] stackTrace, final Object cause)
    {
        return HostObjects.newThrowable(className, message, stackTrace, cause);
    }
}
