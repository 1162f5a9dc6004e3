package dev.entangle;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.process.ProcessWatch;
import dev.entangle.internal.runtime.PortFate;
import org.agrona.DirectBuffer;

import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * One port in the context that owns it: the coordinator of its life — made, transferred away, closed, disentangled
 * — over its {@link PortSender}, {@link PortReceiver} and {@link PortListeners}. Kept apart from the user's
 * {@link PortHandle} so the handle can be garbage collected (closing the port) while the context still knows the
 * port.
 * <p>
 * Locks, always taken in this order: the runtime's transitions lock (held while a transfer list is checked and
 * detached, and while a port closes), then a port's monitor (phase changes and appends), then its read lock
 * (reading and claiming the transferables a message carries). The dispatch lock is only held while a listener runs,
 * and no other lock is acquired while waiting for it.
 */
final class PortState implements EventLoop.Source
{
    private static final int POLL_LIMIT = 64;

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
    private final OwnershipRecord peerRecord;
    private final PortSender sender;
    private final PortReceiver receiver;
    private int slot = Doorbell.NO_SLOT;
    private volatile Phase phase;
    private volatile boolean enabled;
    /**
     * Something may wait to be read while the queue is disabled: the doorbell rang, or the port arrived by transfer
     * (its rings went to whoever held it). {@link #start()} reads then; otherwise a started idle port maps nothing.
     */
    private volatile boolean mayHaveWaiting;
    private volatile boolean peerGone;
    private volatile boolean released;
    private volatile String damage;
    private long peerEpoch = -1;
    private ProcessWatch.Watched peerOwner;
    private Doorbell peerBell;
    private long peerBellContext;
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
            this.peerRecord = channel.record(1 - side);
            this.sender = new PortSender(this, channel, side);
            this.receiver = new PortReceiver(this, channel, side);
            this.phase = Phase.ACTIVE;
        }
        else
        {
            this.record = null;
            this.peerRecord = null;
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

    ChannelId channelId()
    {
        return channel == null ? null : channel.id();
    }

    boolean isDamaged()
    {
        return damage != null;
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
     * Checks the buffered limit for a message about to be posted. Called holding this port's monitor.
     *
     * @return null when it may go, else why not.
     */
    String refusal(final long size)
    {
        return phase != Phase.ACTIVE ? null : sender.refusal(size, context.maxBufferedAmount());
    }

    /**
     * Appends a framed message; does nothing once the port is no longer active here. Called holding this port's
     * monitor.
     *
     * @return true when it was appended.
     */
    boolean append(final DirectBuffer head, final int headLength, final DirectBuffer body, final int bodyLength,
        final long besideBytes)
    {
        if (phase != Phase.ACTIVE || damage != null)
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

    /**
     * Rings the doorbell of the context that owns the peer now. The fence orders the append before the read of the
     * owner: a claimant that moved the peer after that read polls after its claim and sees the append.
     */
    void ringPeer()
    {
        java.lang.invoke.VarHandle.fullFence();
        final long owner = peerRecord.ownerContextId();
        Doorbell bell = peerBell;
        if (bell == null || peerBellContext != owner)
        {
            if (bell != null)
            {
                context.runtime().releaseDoorbell(peerBellContext, bell);
            }
            bell = context.runtime().acquireDoorbell(owner);
            peerBell = bell;
            peerBellContext = owner;
        }
        if (bell != null && !context.isDamagedDoorbell(bell))
        {
            bell.ring(peerRecord.ownerSlot());
        }
    }

    long bufferedAmount()
    {
        if (phase != Phase.ACTIVE || damage != null)
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

    void bufferedAmountLowThreshold(final long bytes)
    {
        if (bytes < 0)
        {
            throw new IllegalArgumentException("bufferedAmountLowThreshold must not be negative: " + bytes);
        }
        sender.lowThreshold(bytes);
    }

    long bufferedAmountLowThreshold()
    {
        return sender == null ? 0 : sender.lowThreshold();
    }

    /**
     * The entangled port was in the transfer list: as in the standard, the message is dropped, the listed ports are
     * detached, and the channel is lost. This port then sees {@code close} once its waiting messages are delivered.
     * Called with the transitions lock held.
     */
    void doom()
    {
        peerRecord.close();
        peerGone = true;
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
        return new TransferEntry(TransferEntry.PORT, channel.id().high(), channel.id().low(), side, ticket, 0);
    }

    TransitTicket departure()
    {
        return departure;
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
        return POLL_LIMIT;
    }

    @Override
    public int poll()
    {
        if (phase != Phase.ACTIVE || damage != null)
        {
            return 0;
        }
        if (receiver.hasWaiters())
        {
            receiver.wakeWaiters();
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
            if (!enabled)
            {
                return 0;
            }
        }
        int work = 0;
        while (work < POLL_LIMIT)
        {
            final Delivery delivery = receiver.read();
            if (delivery == null)
            {
                break;
            }
            dispatch(delivery);
            work++;
        }
        return work;
    }

    Optional<MessageEvent> receiveMessage()
    {
        while (true)
        {
            final Delivery delivery = receiver.read();
            if (delivery == null)
            {
                return Optional.empty();
            }
            if (delivery.kind() == Delivery.Kind.MESSAGE)
            {
                return Optional.of(delivery.event());
            }
            // A close or an undecodable message keeps its place in order: it is dispatched on the loop.
            context.execute(() -> dispatch(delivery));
            if (delivery.kind() == Delivery.Kind.CLOSE)
            {
                return Optional.empty();
            }
        }
    }

    Optional<MessageEvent> receiveMessage(final long timeoutNanos)
    {
        if (context.onLoopThread())
        {
            throw new IllegalStateException("receiveMessage(Duration) would block the event loop of context " +
                context.name() + ", which delivers the message it waits for; use receiveMessage() or a listener");
        }
        final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true)
        {
            final Optional<MessageEvent> received = receiveMessage();
            if (received.isPresent())
            {
                return received;
            }
            if (phase != Phase.ACTIVE || damage != null || (peerGone && receiver.isDrained(true)))
            {
                return Optional.empty();
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted())
            {
                return Optional.empty();
            }
            // Woken by the loop when the doorbell rings for this port; the bound covers a ring that found no loop.
            receiver.await(Math.min(left, 10_000_000L));
        }
    }

    private void dispatch(final Delivery delivery)
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
                    peerGone = true;
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
        if (phase != Phase.ACTIVE || damage != null)
        {
            return;
        }
        if (!peerGone)
        {
            peerGone = isPeerGone();
        }
        if (peerGone && receiver.isDrained(enabled))
        {
            listeners.lockDispatch();
            try
            {
                if (phase == Phase.ACTIVE)
                {
                    fireClose();
                }
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
            }
        }
        if ((enabled || receiver.hasWaiters()) && receiver.hasWaiting())
        {
            context.wake(this);
        }
    }

    /**
     * @return true when the peer can never again send or receive. One process check per peer process per interval
     * is shared by all ports through the runtime's watch; here it is one volatile read.
     */
    private boolean isPeerGone()
    {
        final long word = peerRecord.stateWord();
        switch (OwnershipRecord.state(word))
        {
            case OwnershipRecord.CLOSED:
                return true;
            case OwnershipRecord.OWNED:
                final long epoch = OwnershipRecord.epoch(word);
                if (epoch != peerEpoch || peerOwner == null)
                {
                    final Owner owner = peerRecord.owner();
                    peerOwner = context.runtime().processWatch().watch(owner.pid(), owner.start());
                    peerEpoch = epoch;
                }
                return peerOwner.isGone();
            default:
                return PortFate.isGone(context.runtime(), peerRecord);
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
        record.close();
        release();
        listeners.dispatchClose();
    }

    // ------------------------------------------------------------------------------------------------ closing

    void close()
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
        closeRecord();
        release();
    }

    private void closeRecord()
    {
        try
        {
            record.close();
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
            if (!isMapped(channel.region()) || !channel.region().isTruncated())
            {
                closeRecord();
            }
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
            if (isMapped(region) && region.isTruncated())
            {
                damage = region.file().toString();
                return damage;
            }
        }
        return null;
    }

    private static boolean isMapped(final MappedRegion region)
    {
        return region != null;
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
            if (peerBell != null)
            {
                context.runtime().releaseDoorbell(peerBellContext, peerBell);
                peerBell = null;
            }
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

    void addMessageListener(final MessageListener listener)
    {
        listeners.add(listener);
        listenersChanged();
    }

    void removeMessageListener(final MessageListener listener)
    {
        listeners.remove(listener);
        listenersChanged();
    }

    void onMessageError(final MessageListener listener)
    {
        listeners.onMessageError(listener);
        listenersChanged();
    }

    private void listenersChanged()
    {
        updatePin();
        listeners.updateReference(phase == Phase.ACTIVE);
    }

    /**
     * An entangled port with a message listener stays reachable from its context, as the standard asks: its peer
     * "holds a strong reference" to it.
     */
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
                port.close();
            }
        }
    }
}
