package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.loop.LoopSource;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.Counter;


/**
 * One port in the context that owns it: the coordinator of its life — made, transferred away
 * ({@link PortTransfer}), closed or disentangled ({@link PortEnding}) — over its {@link PortSender},
 * {@link PortReceiver}, {@link PortPeer} and {@link PortListeners}. Kept apart from the user's {@link PortHandle}
 * so the handle can be garbage collected (closing the port) while the context still knows the port.
 * <p>
 * Locks, always taken in this order: the runtime's transitions lock (held while a transfer list is checked and
 * detached, and while a port closes), then a port's monitor (phase changes and appends), then its read lock
 * (reading and claiming the transferables a message carries). The dispatch lock is only held while a listener runs,
 * and no other lock is acquired while waiting for it.
 */
final class PortState implements LoopSource
{
    /** How long a port that neither writes nor reads keeps its rings mapped. */
    static final long IDLE_RELEASE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    enum Phase
    {
        /** Owned here and entangled. */
        ACTIVE,
        /** Transferred away: posting and starting do nothing. */
        DETACHED,
        /** Closed here by {@code close()} or by garbage collection. */
        CLOSED,
        /** The entangled port went away and {@code close} has fired (or the port arrived dead). */
        DISENTANGLED
    }

    final ContextCore context;
    final ChannelFile channel;
    final int side;
    final PortListeners listeners;
    final PortEnding ending;
    private final OwnershipRecord record;
    private final PortSender sender;
    private final PortReceiver receiver;
    private final PortPeer peer;
    private final ReadingMark mark;
    private int slot = Doorbell.NO_SLOT;
    private volatile Phase phase;
    private volatile boolean enabled;
    /**
     * Something may wait to be read while the queue is disabled: the doorbell rang, or the port arrived by transfer
     * (its rings went to whoever held it). {@link #start()} reads then; otherwise a started idle port maps nothing.
     */
    volatile boolean mayHaveWaiting;
    private final PortCloseWatch closeWatch = new PortCloseWatch(this);
    /** The ticket this port left with, so that its custodian can be named again while it travels. */
    volatile TransitTicket departure;
    private final PortHandleRef handle = new PortHandleRef(this);

    /**
     * A port of the channel, owned by the context; not yet {@link #register() registered}. Without a channel, a port
     * that arrived already disentangled (its claim failed).
     */
    PortState(final ContextCore context, final ChannelFile channel, final int side)
    {
        this.context = context;
        this.channel = channel;
        this.side = side;
        this.listeners = new PortListeners(context);
        this.ending = new PortEnding(this, channel == null);
        if (channel != null)
        {
            this.record = channel.record(side);
            this.peer = new PortPeer(context, channel.record(1 - side));
            this.sender = new PortSender(this, channel, side);
            this.receiver = new PortReceiver(this, channel, side);
            this.mark = new ReadingMark(this, channel.incoming(side));
            this.phase = Phase.ACTIVE;
        }
        else
        {
            this.record = null;
            this.peer = null;
            this.sender = null;
            this.receiver = null;
            this.mark = null;
            this.phase = Phase.DISENTANGLED;
        }
    }

    /** Joins the owning context's loop and publishes the doorbell slot that the peer rings. */
    void register()
    {
        slot = context.addPort(this);
        record.ownerSlot(slot);
    }

    Phase phase()
    {
        return phase;
    }

    /**
     * Leaves the active phase. Called holding this port's monitor.
     *
     * @return true when the port was active and is now in {@code next}.
     */
    boolean leave(final Phase next)
    {
        if (phase != Phase.ACTIVE)
        {
            return false;
        }
        phase = next;
        return true;
    }

    /**
     * Stops the port here for a transfer, with its reading stopped too.
     *
     * @return the phase it was in.
     */
    synchronized Phase markDetached()
    {
        receiver.lock();
        try
        {
            final Phase prior = phase;
            phase = Phase.DETACHED;
            if (prior == Phase.ACTIVE)
            {
                mark.detached();
            }
            return prior;
        }
        finally
        {
            receiver.unlock();
        }
    }

    /**
     * @return true while the port is owned here, entangled and undamaged: it may read and write.
     */
    boolean isUsable()
    {
        return phase == Phase.ACTIVE && !ending.isDamaged();
    }

    boolean isPeerGone()
    {
        return closeWatch.isPeerGone();
    }

    boolean isEnabled()
    {
        return enabled;
    }

    ChannelId channelId()
    {
        return channel == null ? null : channel.id();
    }

    OwnershipRecord record()
    {
        return record;
    }

    PortPeer peer()
    {
        return peer;
    }

    PortSender sender()
    {
        return sender;
    }

    PortReceiver receiver()
    {
        return receiver;
    }

    int slot()
    {
        return slot;
    }

    boolean isPeerOf(final PortState other)
    {
        return channel != null && other.channel == channel && side != other.side;
    }

    /**
     * The entangled port was in the transfer list: as in the standard, the message is dropped, the listed ports are
     * detached, and the channel is lost. This port then sees {@code close} once its waiting messages are delivered.
     * Called with the transitions lock held.
     */
    void doom()
    {
        peer.doom();
        closeWatch.doomed();
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /** A close listener was set: a close that waited for one is fired now. */
    void closeListenerSet()
    {
        closeWatch.listenerReady();
        context.demandRose();
    }

    void start()
    {
        if (!enabled)
        {
            enabled = true;
            context.demandRose();
            if (mark != null && mark.unmarkPolled())
            {
                // Messages may have come without a ring while a thread polled: the loop looks now.
                mayHaveWaiting = true;
            }
            closeWatch.listenerReady();
            if (isUsable())
            {
                record.markStarted();
            }
            // Pairs with poll(): either it sees enabled, or this sees mayHaveWaiting.
            if (mayHaveWaiting)
            {
                context.wake(this);
            }
        }
    }

    @Override
    public int pollLimit()
    {
        return receiver == null ? 1 : receiver.pollLimit();
    }

    /**
     * A port wants its rings heard promptly while someone would hear what they announce: its listeners (a started
     * port, a close or low-water listener) or a thread waiting in {@code receiveMessage(Duration)}. A port only
     * polled by a thread reads its lane itself.
     */
    @Override
    public boolean wantsRings()
    {
        return isUsable() && (enabled || listeners.onClose() != null || listeners.onBufferedAmountLow() != null ||
            receiver.hasWaiters());
    }

    @Override
    public int poll()
    {
        if (!isUsable())
        {
            return 0;
        }
        if (sender.takeDroppedBelowThreshold())
        {
            final Runnable low = listeners.onBufferedAmountLow();
            if (low != null)
            {
                context.invoke(low);
            }
        }
        if (!enabled)
        {
            mayHaveWaiting = true;
        }
        final int work = receiver.poll(enabled);
        // A ring with nothing read: the peer closed or travels, unless a message waits for start() (or for
        // receiveMessage) on a port not started yet, which is what the ring announced; its close, if any, follows.
        if (work == 0 && (enabled || listeners.onClose() != null || !receiver.hasWaiting()))
        {
            closeWatch.peerChanged();
        }
        return work;
    }

    /**
     * See {@link ReadingMark#watchEveryCycle}.
     */
    @Override
    public boolean watchEveryCycle(final boolean on)
    {
        return mark != null && mark.watchEveryCycle(on);
    }

    ReadingMark mark()
    {
        return mark;
    }

    @Override
    public int pollWatched()
    {
        return isUsable() ? receiver.poll(enabled) : 0;
    }

    /** Dispatches a message on the loop, unless the port is no longer active here. */
    void dispatchMessage(final MessageEvent event)
    {
        listeners.lockDispatch();
        try
        {
            if (phase == Phase.ACTIVE)
            {
                listeners.dispatchMessage(event);
            }
        }
        finally
        {
            listeners.unlockDispatch();
        }
    }

    /**
     * Hands a plain bytes message to the bytes handler on the loop, unless the port is no longer active here; to the
     * message listeners, as an event, when the handler was removed after the message was taken for it.
     */
    void dispatchBytes(final PlainBytes taken, final int length)
    {
        listeners.lockDispatch();
        try
        {
            if (phase == Phase.ACTIVE)
            {
                listeners.dispatchBytes(taken.scratch(), length);
            }
        }
        finally
        {
            listeners.unlockDispatch();
            taken.afterDispatch();
        }
    }

    /** Dispatches a close or a messageerror on the loop, unless the port is no longer active here. */
    void dispatch(final Delivery delivery)
    {
        listeners.lockDispatch();
        try
        {
            if (phase != Phase.ACTIVE)
            {
                return;
            }
            switch (delivery.kind())
            {
                case CLOSE:
                    ending.fireClose(closeWatch.markerRead());
                    break;
                default:
                    listeners.dispatchError(delivery.event(), delivery.failure());
                    break;
            }
        }
        finally
        {
            listeners.unlockDispatch();
        }
    }

    /**
     * Upkeep on the event loop: whether the entangled port is gone ({@link PortCloseWatch}), and, on the full look,
     * giving back rings much larger than the backlog or idle, and waking the port when something waits that no ring
     * announced.
     *
     * @param nowNanos the time now.
     * @param full     true to look at everything.
     */
    void upkeep(final long nowNanos, final boolean full)
    {
        if (!isUsable() || closeWatch.look(full))
        {
            return;
        }
        mark.upkeep();
        if (sender.hasUntoldDrop())
        {
            context.wake(this);
        }
        if (!full)
        {
            return;
        }
        synchronized (this)
        {
            if (phase == Phase.ACTIVE)
            {
                sender.shrinkIfIdle(nowNanos);
                sender.releaseIfIdle(nowNanos, IDLE_RELEASE_NANOS);
                context.stats().max(Counter.PORT_BACKLOG_MAX, sender.bufferedAmount());
            }
        }
        receiver.releaseIfIdle(nowNanos, IDLE_RELEASE_NANOS);
        if ((enabled || receiver.hasWaiters()) && receiver.hasWaiting())
        {
            context.wake(this);
        }
    }

    void close(final CloseCause cause)
    {
        ending.close(cause);
    }

    // ------------------------------------------------------------------------------------------------ the handle

    /**
     * @return the user's handle, made when first asked for.
     */
    PortHandle handle()
    {
        return handle.get();
    }

    void onBytes(final BytesListener listener)
    {
        listeners.onBytes(listener);
        listenersChanged();
        if (listener != null)
        {
            start();
        }
    }

    void onMessage(final MessageListener listener)
    {
        final boolean set = listeners.onMessage(listener);
        listenersChanged();
        if (set)
        {
            start();
        }
    }

    /**
     * Pins an entangled port with a message listener (its peer "holds a strong reference" to it, as the standard
     * says), and counts it towards keeping the JVM alive.
     */
    void listenersChanged()
    {
        handle.updatePin();
        listeners.updateReference(phase == Phase.ACTIVE);
    }

    void unpin()
    {
        handle.unpin();
    }

    @Override
    public String toString()
    {
        return "MessagePort[" + (channel == null ? "-" : channel.id()) + "/" + (side + 1) + " " + phase + " in " +
            context.name() + "]";
    }
}
