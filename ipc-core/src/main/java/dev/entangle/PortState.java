package dev.entangle;

import dev.entangle.handshake.PortRecords;
import dev.entangle.transport.DocumentHandler;
import dev.entangle.transport.OwnerOnlyFiles;
import dev.entangle.transport.QueueReader;
import dev.entangle.transport.SharedQueue;

import org.agrona.DirectBuffer;

import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import static dev.entangle.handshake.PortRecordDescriptor.*;

/**
 * The state of one port in the context that owns it: its channel, its queues and read position, its listeners.
 * Kept apart from the user's {@link PortHandle} so the handle can be garbage collected (closing the port) while
 * the context still knows the port.
 * <p>
 * Locks, always taken in this order: {@link #TRANSITIONS} (JVM-wide, held while a transfer list is validated and
 * detached, and while a port closes), then a port's monitor (phase changes and appends), then its read lock
 * (advancing the incoming queue and claiming the ports a message carries). The dispatch lock is only held while a
 * listener runs, and no other lock is acquired while waiting for it.
 */
final class PortState
{
    /** Serializes transfers and closes across the JVM, so a transfer list is checked and detached atomically. */
    static final Object TRANSITIONS = new Object();

    private static final SecureRandom TOKENS = new SecureRandom();
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
    final long channelHigh;
    final long channelLow;
    final int side;
    private final Path channelDir;
    private final PortRecords records;
    /** The queues, opened on first use so that idle ports hold no files and no mappings. */
    private SharedQueue out;
    private SharedQueue in;
    private int slot = Doorbell.NO_SLOT;
    /** The peer's doorbell, looked up again only when the peer's owner changes. */
    private Doorbell peerBell;
    private long peerBellContext;
    private final long claimedConsumedIndex;
    private QueueReader reader;
    /** Decodes what {@link #read()} polls, without allocating anything when nothing waits. Read lock held. */
    private final DocumentHandler readHandler = this::decodeRead;
    private Delivery lastRead;

    private volatile Phase phase;
    private volatile boolean enabled;
    /**
     * Something may wait to be read while the queue is disabled: the doorbell rang, or the port arrived by transfer
     * (its rings went to whoever held it). {@link #start()} reads then; otherwise a started idle port opens no queue.
     */
    private volatile boolean mayHaveWaiting;
    private volatile boolean peerGone;
    private volatile boolean released;

    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final CopyOnWriteArrayList<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final HandlerSlot handlerSlot = new HandlerSlot();
    private volatile MessageListener onMessageError;
    private volatile Runnable onClose;

    private WeakReference<PortHandle> handleRef;
    private volatile PortHandle pinned;

    private PortState(
        final Context context,
        final long channelHigh,
        final long channelLow,
        final int side,
        final Path channelDir,
        final PortRecords records,
        final long consumedIndex)
    {
        this.context = context;
        this.channelHigh = channelHigh;
        this.channelLow = channelLow;
        this.side = side;
        this.channelDir = channelDir;
        this.records = records;
        this.claimedConsumedIndex = consumedIndex;
        if (records != null)
        {
            this.phase = Phase.ACTIVE;
        }
        else
        {
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
        if (context.isClosed())
        {
            return new PortState[]{
                new PortState(context, 0, 0, 0, null, null, -1), new PortState(context, 0, 0, 1, null, null, -1) };
        }
        final long high = TOKENS.nextLong();
        final long low = TOKENS.nextLong();
        final Path dir = context.layout().channel(high, low);
        final PortRecords records = PortRecords.create(dir, high, low, context.contextId());
        PortRecords.open(dir); // a second reference: each port releases one
        final PortState port1 = new PortState(context, high, low, 0, dir, records, -1);
        final PortState port2 = new PortState(context, high, low, 1, dir, records, -1);
        port1.register();
        port2.register();
        return new PortState[]{ port1, port2 };
    }

    /**
     * Claims a port that arrived in a message, with the token the message carried. A claim that fails (wrong token,
     * port closed meanwhile, channel gone) yields a port that is already disentangled.
     */
    static PortState claim(final Context context, final Envelope.Entry entry)
    {
        final Path dir = context.layout().channel(entry.channelHigh(), entry.channelLow());
        final int side = entry.side();
        final PortRecords records = entry.epoch() < 0 ? null : PortRecords.open(dir);
        if (records == null)
        {
            return dead(context, entry);
        }
        final long word = records.stateWord(side);
        if (state(word) != IN_TRANSIT || epoch(word) != entry.epoch() ||
            records.get(side, TOKEN_HIGH_OFFSET) != entry.tokenHigh() ||
            records.get(side, TOKEN_LOW_OFFSET) != entry.tokenLow() ||
            !records.compareAndSet(side, word, word(entry.epoch() + 1, CLAIMING)))
        {
            records.release();
            return dead(context, entry);
        }
        records.put(side, OWNER_PID_OFFSET, dev.entangle.handshake.ProcessLiveness.SELF_PID);
        records.put(side, OWNER_START_OFFSET, dev.entangle.handshake.ProcessLiveness.SELF_START);
        records.put(side, OWNER_CONTEXT_OFFSET, context.contextId());
        final long consumed = records.get(side, CONSUMED_INDEX_OFFSET);
        if (!records.compareAndSet(side, word(entry.epoch() + 1, CLAIMING), word(entry.epoch() + 2, OWNED)))
        {
            records.release();
            return dead(context, entry);
        }
        final PortState port = new PortState(
            context, entry.channelHigh(), entry.channelLow(), side, dir, records, consumed);
        port.mayHaveWaiting = true;
        port.register();
        return port;
    }

    /**
     * Closes, for its peer, a port carried by a message that will never be delivered.
     */
    static void discard(final Context context, final Envelope.Entry entry)
    {
        if (entry.epoch() < 0)
        {
            return;
        }
        final PortRecords records = PortRecords.open(context.layout().channel(entry.channelHigh(), entry.channelLow()));
        if (records != null)
        {
            final long word = word(entry.epoch(), IN_TRANSIT);
            if (records.get(entry.side(), TOKEN_HIGH_OFFSET) == entry.tokenHigh() &&
                records.get(entry.side(), TOKEN_LOW_OFFSET) == entry.tokenLow())
            {
                records.compareAndSet(entry.side(), word, word(entry.epoch() + 1, CLOSED));
            }
            records.release();
        }
    }

    private static PortState dead(final Context context, final Envelope.Entry entry)
    {
        return new PortState(context, entry.channelHigh(), entry.channelLow(), entry.side(), null, null, -1);
    }

    /** Joins the owning context's loop and publishes the doorbell slot that the peer rings. */
    private void register()
    {
        slot = context.addPort(this);
        records.put(side, OWNER_SLOT_OFFSET, slot);
    }

    int slot()
    {
        return slot;
    }

    Phase phase()
    {
        return phase;
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
                Context.CLEANER.register(handle, new GarbageCollected(this));
            }
            updatePin();
        }
        return handle;
    }

    // ---------------------------------------------------------------------------------------------- posting

    void post(final Object message, final List<? extends Transferable> transfer)
    {
        if (transfer.isEmpty())
        {
            postPlain(message);
            return;
        }
        synchronized (TRANSITIONS)
        {
            final List<PortState> listed = TransferList.validate(transfer, this);
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, context.maxMessageSize());
            if (phase != Phase.ACTIVE)
            {
                return;
            }
            for (final PortState candidate : listed)
            {
                if (candidate.isPeerOf(this))
                {
                    doom(listed);
                    return;
                }
            }
            final List<Envelope.Entry> entries =
                TransferList.detach(listed, CUSTODIAN_PORT, channelHigh, channelLow, 1 - side);
            final int headLength = Envelope.writePortMessage(outgoing.head(), entries);
            synchronized (this)
            {
                if (phase == Phase.ACTIVE)
                {
                    out().append(outgoing.head(), 0, headLength, outgoing.body(), 0, length);
                    ringPeer();
                }
            }
        }
    }

    private void postPlain(final Object message)
    {
        final Outgoing outgoing = Outgoing.get();
        final int length = outgoing.encode(message, List.of(), context.maxMessageSize());
        final int headLength = Envelope.writePortMessage(outgoing.head(), List.of());
        synchronized (this)
        {
            if (phase == Phase.ACTIVE)
            {
                out().append(outgoing.head(), 0, headLength, outgoing.body(), 0, length);
                ringPeer();
            }
        }
    }

    /** Called holding this port's monitor. */
    private SharedQueue out()
    {
        if (out == null)
        {
            out = SharedQueue.acquire(Layout.outgoing(channelDir, side));
        }
        return out;
    }

    /** Called holding the read lock. */
    private SharedQueue in()
    {
        if (in == null)
        {
            in = SharedQueue.acquire(Layout.incoming(channelDir, side));
        }
        return in;
    }

    /**
     * Rings the doorbell of the context that owns the peer now. The fence orders the append before the read of the
     * owner: a claimant that moved the peer after that read polls after its claim and sees the append.
     */
    private void ringPeer()
    {
        VarHandle.fullFence();
        final int peer = 1 - side;
        final long owner = records.get(peer, OWNER_CONTEXT_OFFSET);
        Doorbell bell = peerBell;
        if (bell == null || peerBellContext != owner)
        {
            bell = Doorbell.lookup(context.layout().doorbell(owner));
            peerBell = bell;
            peerBellContext = owner;
        }
        if (bell != null)
        {
            bell.ring((int)records.get(peer, OWNER_SLOT_OFFSET));
        }
    }

    private boolean isPeerOf(final PortState other)
    {
        return channelHigh == other.channelHigh && channelLow == other.channelLow && side != other.side;
    }

    /**
     * The entangled port was in the transfer list: as in the standard, the message is dropped, the listed ports
     * are detached, and the channel is lost. This port then sees {@code close} once its waiting messages are
     * delivered.
     */
    private void doom(final List<PortState> listed)
    {
        for (final PortState port : listed)
        {
            port.detach(CUSTODIAN_NONE, 0, 0, 0);
            port.records().close(port.side);
        }
        peerGone = true;
    }

    private PortRecords records()
    {
        return records;
    }

    /**
     * Detaches this port for a transfer: it stops here, its read position and a fresh token go into its record,
     * and the record moves to in transit. Called with {@link #TRANSITIONS} held.
     *
     * @return the entry that lets the receiver claim it.
     */
    Envelope.Entry detach(final long custodianKind, final long a, final long b, final long c)
    {
        final Phase prior;
        final long consumed;
        synchronized (this)
        {
            readLock.lock();
            try
            {
                prior = phase;
                consumed = reader != null ? reader.lastReadIndex() : claimedConsumedIndex;
                phase = Phase.DETACHED;
                closeReader();
            }
            finally
            {
                readLock.unlock();
            }
        }
        if (prior != Phase.ACTIVE)
        {
            return new Envelope.Entry(channelHigh, channelLow, side, 0, 0, -1);
        }
        final long tokenHigh = TOKENS.nextLong();
        final long tokenLow = TOKENS.nextLong();
        records.put(side, CONSUMED_INDEX_OFFSET, consumed);
        records.put(side, TOKEN_HIGH_OFFSET, tokenHigh);
        records.put(side, TOKEN_LOW_OFFSET, tokenLow);
        records.put(side, CUSTODIAN_KIND_OFFSET, custodianKind);
        records.put(side, CUSTODIAN_A_OFFSET, a);
        records.put(side, CUSTODIAN_B_OFFSET, b);
        records.put(side, CUSTODIAN_C_OFFSET, c);
        long epoch = -1;
        while (true)
        {
            final long word = records.stateWord(side);
            if (state(word) != OWNED)
            {
                break;
            }
            if (records.compareAndSet(side, word, word(epoch(word) + 1, IN_TRANSIT)))
            {
                epoch = epoch(word) + 1;
                break;
            }
        }
        release();
        return new Envelope.Entry(channelHigh, channelLow, side, tokenHigh, tokenLow, epoch);
    }

    /**
     * Points an in-transit port at a new custodian, for a hand-over whose receiver is only known after the message
     * left (a worker's implicit port, handed to the child process once it is launched).
     */
    void updateCustodian(final long custodianKind, final long a, final long b, final long c)
    {
        // The record is no longer ours to own, but the custodian fields are only read while the port travels.
        final PortRecords r = PortRecords.open(channelDir);
        if (r != null)
        {
            r.put(side, CUSTODIAN_A_OFFSET, a);
            r.put(side, CUSTODIAN_B_OFFSET, b);
            r.put(side, CUSTODIAN_C_OFFSET, c);
            r.put(side, CUSTODIAN_KIND_OFFSET, custodianKind);
            r.release();
        }
    }

    // ---------------------------------------------------------------------------------------------- receiving

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

    /**
     * @param handled what the last {@link #poll()} handled.
     * @return true when it stopped at its limit with more perhaps waiting.
     */
    boolean hasMoreToRead(final int handled)
    {
        return handled >= POLL_LIMIT;
    }

    /**
     * Reads and dispatches waiting messages; called on the event loop.
     *
     * @return how many documents were handled.
     */
    int poll()
    {
        if (!enabled)
        {
            mayHaveWaiting = true;
            if (!enabled)
            {
                return 0;
            }
        }
        if (phase != Phase.ACTIVE)
        {
            return 0;
        }
        int work = 0;
        while (work < POLL_LIMIT)
        {
            final Delivery delivery = read();
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
            final Delivery delivery = read();
            if (delivery == null)
            {
                return Optional.empty();
            }
            if (delivery.event != null && delivery.kind == Delivery.MESSAGE)
            {
                return Optional.of(delivery.event);
            }
            // A close or an undecodable message keeps its place in order: it is dispatched on the loop.
            context.execute(() -> dispatch(delivery));
            if (delivery.kind == Delivery.CLOSE)
            {
                return Optional.empty();
            }
        }
    }

    private Delivery read()
    {
        readLock.lock();
        try
        {
            if (phase != Phase.ACTIVE)
            {
                return null;
            }
            if (reader().poll(readHandler) == 0)
            {
                return null;
            }
            final Delivery delivery = lastRead;
            lastRead = null;
            return delivery;
        }
        finally
        {
            readLock.unlock();
        }
    }

    private void decodeRead(final DirectBuffer buffer, final int offset, final int length, final long index)
    {
        final Delivery delivery = new Delivery();
        delivery.decodePortDocument(context, buffer, offset, length);
        lastRead = delivery;
    }

    private void dispatch(final Delivery delivery)
    {
        dispatchLock.lock();
        try
        {
            if (phase != Phase.ACTIVE)
            {
                return;
            }
            switch (delivery.kind)
            {
                case Delivery.CLOSE:
                    fireClose();
                    break;
                case Delivery.MESSAGE:
                    for (final MessageListener listener : messageListeners)
                    {
                        context.invoke(listener, delivery.event);
                    }
                    break;
                default:
                    context.reportDecodeFailure(delivery.failure);
                    final MessageListener errorListener = onMessageError;
                    if (errorListener != null)
                    {
                        context.invoke(errorListener, delivery.event);
                    }
                    break;
            }
        }
        finally
        {
            dispatchLock.unlock();
        }
    }

    /**
     * Checks, on the event loop, whether the entangled port is gone, and fires {@code close} once every message it
     * sent before going has been delivered.
     */
    void checkPeer()
    {
        if (phase != Phase.ACTIVE)
        {
            return;
        }
        if (!peerGone)
        {
            peerGone = Liveness.isGone(context.layout(), records, 1 - side);
        }
        if (peerGone && isDrained())
        {
            dispatchLock.lock();
            try
            {
                if (phase == Phase.ACTIVE)
                {
                    fireClose();
                }
            }
            finally
            {
                dispatchLock.unlock();
            }
        }
    }

    /**
     * @return true when nothing the peer sent waits here any more. A port that was never started still sees
     * {@code close} when its peer's close marker is all that waits.
     */
    private boolean isDrained()
    {
        readLock.lock();
        try
        {
            if (released)
            {
                return true;
            }
            final long consumed = reader != null ? reader.lastReadIndex() : claimedConsumedIndex;
            if (in().lastIndex() <= consumed)
            {
                return true;
            }
            if (enabled || phase != Phase.ACTIVE)
            {
                return false;
            }
            return reader().consumeIf((buffer, offset, length) ->
                length >= 1 && buffer.getByte(offset) == Envelope.PORT_CLOSE);
        }
        finally
        {
            readLock.unlock();
        }
    }

    /** Called with the read lock held. */
    private QueueReader reader()
    {
        if (reader == null)
        {
            reader = in().reader();
            reader.resumeAfter(claimedConsumedIndex);
        }
        return reader;
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
        final Runnable listener = onClose;
        records.close(side);
        release();
        if (listener != null)
        {
            context.invoke(listener);
        }
    }

    // ---------------------------------------------------------------------------------------------- closing

    void close()
    {
        synchronized (TRANSITIONS)
        {
            synchronized (this)
            {
                if (phase != Phase.ACTIVE)
                {
                    return;
                }
                phase = Phase.CLOSED;
                // The marker lets the peer see close at once, after what this port sent. A port that never wrote
                // here skips it and leaves no queue opened just to close: the peer notices the closed record on
                // its next liveness check, and still drains everything sent before, by earlier owners too.
                if (out != null)
                {
                    final Outgoing outgoing = Outgoing.get();
                    out.append(outgoing.head(), 0, Envelope.writePortClose(outgoing.head()), null, 0, 0);
                    ringPeer();
                }
            }
        }
        // Wait for a listener of this port that is running on the loop now; none starts after this.
        dispatchLock.lock();
        dispatchLock.unlock();
        records.close(side);
        release();
    }

    /** Frees what this port holds in this JVM; deletes the channel's files once both its ports are closed. */
    private void release()
    {
        final boolean deleteFiles;
        synchronized (this)
        {
            if (released)
            {
                return;
            }
            released = true;
            readLock.lock();
            try
            {
                closeReader();
                if (in != null)
                {
                    in.release();
                    in = null;
                }
            }
            finally
            {
                readLock.unlock();
            }
            pinned = null;
            if (out != null)
            {
                out.release();
                out = null;
            }
            deleteFiles = records.bothClosed();
            records.release();
        }
        context.removePort(this, slot);
        if (deleteFiles)
        {
            OwnerOnlyFiles.deleteRecursively(channelDir);
        }
    }

    private void closeReader()
    {
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }

    // ---------------------------------------------------------------------------------------------- listeners

    void onMessage(final MessageListener listener)
    {
        synchronized (messageListeners)
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
        }
        updatePin();
        if (listener != null)
        {
            start();
        }
    }

    void addMessageListener(final MessageListener listener)
    {
        synchronized (messageListeners)
        {
            if (listener != null && !messageListeners.contains(listener))
            {
                messageListeners.add(listener);
            }
        }
        updatePin();
    }

    void removeMessageListener(final MessageListener listener)
    {
        messageListeners.remove(listener);
        updatePin();
    }

    void onMessageError(final MessageListener listener)
    {
        onMessageError = listener;
        updatePin();
    }

    void onClose(final Runnable listener)
    {
        onClose = listener;
    }

    /**
     * An entangled port with a message listener stays reachable from its context, as the standard asks: its peer
     * "holds a strong reference" to it.
     */
    private synchronized void updatePin()
    {
        final PortHandle handle = handleRef == null ? null : handleRef.get();
        final boolean listening = !messageListeners.isEmpty() || onMessageError != null;
        pinned = listening && phase == Phase.ACTIVE ? handle : null;
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
