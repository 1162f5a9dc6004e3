package dev.entangle;

import dev.entangle.internal.fs.MappedRegion;
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
import dev.entangle.internal.stats.Events;

import java.lang.ref.WeakReference;

/**
 * One port in the context that owns it: the coordinator of its life — made, transferred away, closed, disentangled
 * — over its {@link PortSender}, {@link PortReceiver}, {@link PortPeer} and {@link PortListeners}. Kept apart from
 * the user's {@link PortHandle} so the handle can be garbage collected (closing the port) while the context still
 * knows the port.
 * <p>
 * Locks, always taken in this order: the runtime's transitions lock (held while a transfer list is checked and
 * detached, and while a port closes), then a port's monitor (phase changes and appends), then its read lock
 * (reading and claiming the transferables a message carries). The dispatch lock is only held while a listener runs,
 * and no other lock is acquired while waiting for it.
 */
final class PortState implements EventLoop.Source
{
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

    final Context context;
    final ChannelFile channel;
    final int side;
    final PortListeners listeners;
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
    private volatile boolean released;
    private volatile String damage;
    /** The ticket this port left with, so that its custodian can be named again while it travels. */
    private volatile TransitTicket departure;
    private WeakReference<PortHandle> handleRef;
    private volatile PortHandle pinned;

    private PortState(final Context context, final ChannelFile channel, final int side)
    {
        this.context = context;
        this.channel = channel;
        this.side = side;
        this.listeners = new PortListeners(context);
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
            this.released = true;
        }
    }

    /**
     * Creates a new channel owned by the context.
     *
     * @return its two ports.
     */
    static PortState[] newChannel(final Context context)
    {
        final ChannelFile file = context.runtime().createChannel(context.owner(Doorbell.NO_SLOT));
        final PortState port1 = new PortState(context, file, 0);
        final PortState port2 = new PortState(context, file, 1);
        port1.register();
        port2.register();
        return new PortState[]{ port1, port2 };
    }

    /**
     * Claims a port that arrived in a message, with the ticket the message carried. A claim that fails (wrong
     * ticket, port closed meanwhile, channel gone) yields a port that is already disentangled.
     */
    static PortState claim(final Context context, final TransferEntry entry)
    {
        final ChannelFile file = entry.ticket().isLost() ? null :
            context.runtime().acquireChannel(new ChannelId(entry.high(), entry.low()));
        if (file == null)
        {
            return new PortState(context, null, entry.side());
        }
        if (!file.record(entry.side()).claim(entry.ticket(), context.owner(Doorbell.NO_SLOT)))
        {
            context.runtime().releaseChannel(file);
            return new PortState(context, null, entry.side());
        }
        final PortState port = new PortState(context, file, entry.side());
        port.mayHaveWaiting = true;
        port.register();
        context.stats().increment(Counter.PORTS_TRANSFERRED_IN);
        final Events.Transfer event = new Events.Transfer();
        if (event.shouldCommit())
        {
            event.channel = file.id().toString();
            event.side = entry.side() + 1;
            event.arrived = true;
            event.commit();
        }
        return port;
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
     * @return true while the port is owned here, entangled and undamaged: it may read and write.
     */
    boolean isUsable()
    {
        return phase == Phase.ACTIVE && damage == null;
    }

    boolean isPeerGone()
    {
        return peerGone != null;
    }

    ChannelId channelId()
    {
        return channel == null ? null : channel.id();
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

    TransitTicket departure()
    {
        return departure;
    }

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
    boolean append(final org.agrona.DirectBuffer head, final int headLength, final org.agrona.DirectBuffer body,
        final int bodyLength, final long besideBytes)
    {
        if (!isUsable())
        {
            return false;
        }
        try
        {
            sender.append(Envelope.PORT_MESSAGE, head, headLength, body, bodyLength, besideBytes);
            return true;
        }
        catch (final InternalError ex)
        {
            context.onFault(ex);
            return false;
        }
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

    /**
     * Detaches this port for a transfer: it stops here, its record moves to in transit with a fresh token, and its
     * custodian is what will carry the message. Called with the transitions lock held.
     *
     * @return the entry that lets the receiver claim it.
     */
    TransferEntry detach(final Custodian custodian)
    {
        final Phase prior;
        synchronized (this)
        {
            receiver.lock();
            try
            {
                prior = phase;
                phase = Phase.DETACHED;
            }
            finally
            {
                receiver.unlock();
            }
        }
        final TransitTicket ticket = prior == Phase.ACTIVE ?
            record.beginTransit(custodian, context.runtime().random()) : TransitTicket.LOST;
        departure = ticket;
        release();
        context.stats().increment(Counter.PORTS_TRANSFERRED_OUT);
        final Events.Transfer event = new Events.Transfer();
        if (event.shouldCommit())
        {
            event.channel = channel.id().toString();
            event.side = side + 1;
            event.arrived = false;
            event.commit();
        }
        return new TransferEntry(TransferEntry.PORT, channel.id().high(), channel.id().low(), side, ticket, 0);
    }

    /**
     * Points this port, which left with a message, at a new custodian: for a hand-over whose receiver is only known
     * after the message left (a worker's implicit port, handed to the child process once it is launched).
     */
    void updateCustodian(final Custodian custodian)
    {
        final TransitTicket ticket = departure;
        if (ticket == null || ticket.isLost())
        {
            return;
        }
        final ChannelFile file = context.runtime().acquireChannel(channel.id());
        if (file != null)
        {
            try
            {
                file.record(side).updateCustodian(ticket, custodian);
            }
            finally
            {
                context.runtime().releaseChannel(file);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ receiving

    void start()
    {
        if (!enabled)
        {
            enabled = true;
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
        return receiver.poll(enabled);
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
                    fireClose();
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
     * sent before going has been delivered; gives back a ring much larger than the backlog; wakes the port when
     * something waits that no ring announced.
     */
    void upkeep(final long nowNanos)
    {
        if (!isUsable())
        {
            return;
        }
        if (peerGone == null)
        {
            peerGone = peer.gone();
        }
        if (peerGone != null && receiver.isDrained(enabled))
        {
            listeners.lockDispatch();
            try
            {
                fireClose();
            }
            finally
            {
                listeners.unlockDispatch();
            }
            return;
        }
        synchronized (this)
        {
            if (phase == Phase.ACTIVE)
            {
                sender.shrinkIfIdle(nowNanos);
                context.stats().max(Counter.PORT_BACKLOG_MAX, sender.bufferedAmount());
            }
        }
        if ((enabled || receiver.hasWaiters()) && receiver.hasWaiting())
        {
            context.wake(this);
        }
    }

    /** Called with the dispatch lock held, on the event loop. */
    private void fireClose()
    {
        synchronized (this)
        {
            if (phase != Phase.ACTIVE)
            {
                return;
            }
            phase = Phase.DISENTANGLED;
        }
        final CloseCause cause = peerGone != null ? peerGone : CloseCause.UNKNOWN;
        context.countClose(cause, channel.id(), side);
        closeRecord(CloseCause.CLOSED);
        release();
        listeners.dispatchClose();
    }

    // ------------------------------------------------------------------------------------------------ closing

    void close()
    {
        close(CloseCause.CLOSED);
    }

    void close(final CloseCause cause)
    {
        synchronized (context.transitions())
        {
            synchronized (this)
            {
                if (phase != Phase.ACTIVE)
                {
                    return;
                }
                phase = Phase.CLOSED;
                // The marker lets the peer see close at once, after what this port sent. A port that never wrote
                // here skips it: the peer notices the closed record on its next liveness check, and still drains
                // everything sent before, by earlier owners too.
                if (sender.hasWritten() && damage == null)
                {
                    try
                    {
                        record.noteCloseCause(cause.ordinal());
                        sender.append(Envelope.PORT_CLOSE, null, 0, null, 0, 0);
                    }
                    catch (final InternalError ex)
                    {
                        context.onFault(ex);
                    }
                }
            }
        }
        listeners.awaitRunningListener();
        closeRecord(cause);
        release();
    }

    private void closeRecord(final CloseCause cause)
    {
        try
        {
            record.close(cause.ordinal());
        }
        catch (final InternalError ex)
        {
            context.onFault(ex);
        }
    }

    /**
     * A file this port depends on was damaged: the port closes here, as if its peer had gone, without touching the
     * damaged mapping again. Runs on the loop.
     */
    void closeDamaged()
    {
        listeners.lockDispatch();
        try
        {
            synchronized (this)
            {
                if (phase != Phase.ACTIVE)
                {
                    return;
                }
                phase = Phase.DISENTANGLED;
            }
            if (!channel.region().isTruncated())
            {
                closeRecord(CloseCause.DAMAGED);
            }
            context.countClose(CloseCause.DAMAGED, channel.id(), side);
            release();
            listeners.dispatchClose();
        }
        finally
        {
            listeners.unlockDispatch();
        }
    }

    /**
     * @param what why the port cannot be used any more.
     */
    void markDamaged(final String what)
    {
        damage = what;
    }

    /**
     * @return the damaged file this port depends on, or null; marks the port so nothing touches it again.
     */
    String findDamage()
    {
        if (channel == null || phase != Phase.ACTIVE)
        {
            return null;
        }
        final MappedRegion[] regions = { channel.region(), sender.region(), receiver.region() };
        for (final MappedRegion region : regions)
        {
            if (region != null && region.isTruncated())
            {
                damage = region.file().toString();
                return damage;
            }
        }
        return null;
    }

    /** Frees what this port holds in this JVM; the channel's files go once both its ports are closed. */
    private void release()
    {
        synchronized (this)
        {
            if (released)
            {
                return;
            }
            released = true;
            receiver.close();
            sender.close();
            pinned = null;
            peer.release();
        }
        listeners.updateReference(false);
        context.removePort(this, slot);
        context.runtime().releaseChannel(channel);
    }

    // ------------------------------------------------------------------------------------------------ listeners

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
