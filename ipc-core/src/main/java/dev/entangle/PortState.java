package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.Counter;
import org.agrona.DirectBuffer;

import java.lang.ref.WeakReference;

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
final class PortState implements EventLoop.Source
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
    private int slot = Doorbell.NO_SLOT;
    private volatile Phase phase;
    private volatile boolean enabled;
    /**
     * Something may wait to be read while the queue is disabled: the doorbell rang, or the port arrived by transfer
     * (its rings went to whoever held it). {@link #start()} reads then; otherwise a started idle port maps nothing.
     */
    private volatile boolean mayHaveWaiting;
    private volatile CloseCause peerGone;
    /** The peer is gone but nobody listens for close yet. */
    private volatile boolean closePending;
    /** The peer travels (or was not looked at yet): it gets the full check every interval. */
    private volatile boolean peerMoving = true;
    /** The ticket this port left with, so that its custodian can be named again while it travels. */
    private volatile TransitTicket departure;
    private WeakReference<PortHandle> handleRef;
    private volatile PortHandle pinned;

    private PortState(final ContextCore context, final ChannelFile channel, final int side)
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
            this.phase = Phase.ACTIVE;
        }
        else
        {
            this.record = null;
            this.peer = null;
            this.sender = null;
            this.receiver = null;
            this.phase = Phase.DISENTANGLED;
        }
    }

    /**
     * Creates a new channel owned by the context.
     *
     * @return its two ports.
     */
    static PortState[] newChannel(final ContextCore context)
    {
        final ChannelFile file = context.runtime().createChannel(context.owner(Doorbell.NO_SLOT));
        final PortState port1 = new PortState(context, file, 0);
        final PortState port2 = new PortState(context, file, 1);
        port1.register();
        port2.register();
        return new PortState[]{ port1, port2 };
    }

    /**
     * @return a port just claimed from a message: something may wait on it already.
     */
    static PortState arrived(final ContextCore context, final ChannelFile channel, final int side)
    {
        final PortState port = new PortState(context, channel, side);
        port.mayHaveWaiting = true;
        port.register();
        return port;
    }

    /**
     * @return a port that arrived already disentangled (its claim failed).
     */
    static PortState dead(final ContextCore context, final int side)
    {
        return new PortState(context, null, side);
    }

    static PortState claim(final ContextCore context, final TransferEntry entry)
    {
        return PortTransfer.claim(context, entry);
    }

    /** Joins the owning context's loop and publishes the doorbell slot that the peer rings. */
    private void register()
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
            return prior;
        }
        finally
        {
            receiver.unlock();
        }
    }

    void departed(final TransitTicket ticket)
    {
        departure = ticket;
    }

    TransitTicket departure()
    {
        return departure;
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
        return peerGone != null;
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

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Appends a framed message; does nothing once the port is no longer active here. Called holding this port's
     * monitor.
     *
     * @return true when it was appended.
     */
    boolean append(final DirectBuffer head, final int headLength, final DirectBuffer body, final int bodyLength,
        final long besideBytes)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (!isUsable())
            {
                return false;
            }
            final long before = sender.position();
            try
            {
                sender.append(Envelope.PORT_MESSAGE, head, headLength, body, bodyLength, besideBytes);
                return true;
            }
            catch (final InternalError ex)
            {
                // In compiled code the fault of an access is raised a little later, so it may belong to another
                // channel, and may even come after this append was done: after the scan, a port that is not
                // damaged itself and did not append tries once more.
                context.onFault(ex);
                if (sender.position() != before)
                {
                    return true;
                }
            }
        }
        return false;
    }

    long bufferedAmount()
    {
        if (!isUsable())
        {
            return 0;
        }
        try
        {
            return sender.bufferedAmount();
        }
        catch (final InternalError ex)
        {
            context.onFault(ex);
            return 0;
        }
    }

    /**
     * The entangled port was in the transfer list: as in the standard, the message is dropped, the listed ports are
     * detached, and the channel is lost. This port then sees {@code close} once its waiting messages are delivered.
     * Called with the transitions lock held.
     */
    void doom()
    {
        peer.doom();
        peerGone = CloseCause.DOOMED;
    }

    TransferEntry detach(final Custodian custodian)
    {
        return PortTransfer.detach(this, custodian);
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /**
     * A close listener was set: a close that waited for one is fired now.
     */
    void closeListenerSet()
    {
        if (closePending)
        {
            context.wake(this);
        }
    }

    void start()
    {
        if (!enabled)
        {
            enabled = true;
            if (closePending)
            {
                context.wake(this);
            }
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
        if (work == 0)
        {
            peerChanged();
        }
        return work;
    }

    /** Dispatches one delivery on the loop, unless the port is no longer active here. */
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
                    final CloseCause cause = peer.gone();
                    peerGone = cause != null ? cause : CloseCause.CLOSED;
                    ending.fireClose(peerGone);
                    break;
                case MESSAGE:
                    listeners.dispatchMessage(delivery.event());
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
     * Checks, on the event loop, whether the entangled port is gone, and fires {@code close} once every message it
     * sent before going has been delivered. The quick check, every liveness interval, reads one field that the
     * runtime's watch on the peer's process refreshes; the full one (the peer's record, giving back rings much larger
     * than the backlog or idle, waking the port when something waits that no ring announced) runs when the peer
     * travels, and otherwise now and then.
     *
     * @param nowNanos the time now.
     * @param full     true to look at everything.
     */
    void upkeep(final long nowNanos, final boolean full)
    {
        if (!isUsable())
        {
            return;
        }
        if (peerGone == null && peer.ownerDied())
        {
            peerGone = CloseCause.PROCESS_DIED;
        }
        if (peerGone == null && (full || peerMoving))
        {
            peerGone = peer.gone();
            peerMoving = peerGone == null && peer.isMoving();
        }
        if (peerGone != null)
        {
            closeIfDrained();
            return;
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

    /**
     * The peer rang with nothing to read: it closed, went in transit, or its close marker was all there was.
     */
    private void peerChanged()
    {
        if (peerGone == null)
        {
            peerGone = peer.gone();
            peerMoving = peerGone == null && peer.isMoving();
        }
        if (peerGone != null)
        {
            closeIfDrained();
        }
    }

    private void closeIfDrained()
    {
        if (!enabled && listeners.onClose() == null)
        {
            // Nobody can hear it yet (a port that just arrived, whose listeners are still being set): the close
            // waits for the port to be started or given a close listener, as its messages would.
            closePending = true;
            return;
        }
        if (receiver.isDrained(enabled))
        {
            listeners.lockDispatch();
            try
            {
                ending.fireClose(peerGone);
            }
            finally
            {
                listeners.unlockDispatch();
            }
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
    synchronized PortHandle handle()
    {
        PortHandle handle = handleRef == null ? null : handleRef.get();
        if (handle == null)
        {
            handle = new PortHandle(this);
            handleRef = new WeakReference<>(handle);
            if (phase == Phase.ACTIVE)
            {
                context.cleaner().register(handle, new GarbageCollected(this));
            }
            updatePin();
        }
        return handle;
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
        updatePin();
        listeners.updateReference(phase == Phase.ACTIVE);
    }

    private synchronized void updatePin()
    {
        final PortHandle handle = handleRef == null ? null : handleRef.get();
        pinned = listeners.isListening() && phase == Phase.ACTIVE ? handle : null;
    }

    void unpin()
    {
        pinned = null;
    }

    @Override
    public String toString()
    {
        return "MessagePort[" + (channel == null ? "-" : channel.id()) + "/" + (side + 1) + " " + phase + " in " +
            context.name() + "]";
    }

    /** Closes a port whose handle was garbage collected without {@code close()}; must not refer to the handle. */
    private static final class GarbageCollected implements Runnable
    {
        private final PortState port;

        GarbageCollected(final PortState port)
        {
            this.port = port;
        }

        @Override
        public void run()
        {
            if (port.phase == Phase.ACTIVE && port.pinned == null)
            {
                port.close(CloseCause.GARBAGE_COLLECTED);
            }
        }
    }
}
