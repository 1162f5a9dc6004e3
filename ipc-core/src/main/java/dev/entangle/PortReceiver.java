package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving side of a port: the lane it reads, decoded one message at a time under the read lock — by the event
 * loop, which dispatches to the listeners, or by a thread in {@code receiveMessage}, which takes the message. Threads
 * waiting in {@code receiveMessage(Duration)} are woken by the loop when the doorbell rings for the port.
 */
final class PortReceiver
{
    private static final int POLL_LIMIT = 64;
    /** {@link #takePlainBytes} left the peer's close marker first. */
    private static final int CLOSE_NEXT = -3;
    /** What {@link #read} returns on the loop for a plain {@code byte[]} taken into the bytes handler's scratch. */
    private static final Object PLAIN_BYTES = new Object();
    /** The longest a waiting receiver parks before it looks again, in case no ring reached its loop. */
    private static final long MAX_PARK_NANOS = 10_000_000L;

    private final PortState port;
    private final LaneControl control;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ParkedReceivers waiters;
    private final Delivery.Decoder decoder;
    private final LaneReader.FrameHandler onFrame = this::onFrame;
    private final PlainBytes plainBytes;
    private LaneReader reader;
    private Delivery last;
    /** The length of the message {@link #read} took for the bytes handler; only the loop reads for it. */
    private int handlerLength;
    /** Messages read; the upkeep compares it with what it saw last to tell an idle port, with no clock per read. */
    private long reads;
    private long readsSeen;
    private long lastReadSeenNanos;

    PortReceiver(final PortState port, final ChannelFile channel, final int side)
    {
        this.port = port;
        this.control = channel.incoming(side);
        this.decoder = new Delivery.Decoder(port.context);
        this.plainBytes = new PlainBytes(port.context.settings.maxMessageSize);
        this.waiters = new ParkedReceivers(port.context::demandRose, this::hasWaiting);
    }

    /**
     * Reads and dispatches waiting messages, on the loop; wakes receivers that wait instead of listening.
     *
     * @param enabled whether the port's queue is enabled.
     * @return how many messages were handled.
     */
    int poll(final boolean enabled)
    {
        if (!waiters.isEmpty())
        {
            wakeWaiters();
        }
        if (!enabled)
        {
            return 0;
        }
        int work = 0;
        while (work < POLL_LIMIT)
        {
            final Object next = read(port.listeners.onBytes() != null);
            if (next == null)
            {
                break;
            }
            if (next == PLAIN_BYTES)
            {
                port.dispatchBytes(plainBytes, handlerLength);
            }
            else if (next instanceof MessageEvent event)
            {
                port.dispatchMessage(event);
            }
            else
            {
                port.dispatch((Delivery)next);
            }
            work++;
        }
        return work;
    }

    int pollLimit()
    {
        return POLL_LIMIT;
    }

    /**
     * Takes the next message, for a thread that polls: while it keeps polling a port that no listener reads, the
     * lane is marked so that the peer does not ring the loop for each message (the upkeep clears the mark once the
     * polls stop).
     */
    Optional<MessageEvent> receiveMessage()
    {
        port.mark().polled();
        return take();
    }

    private Optional<MessageEvent> take()
    {
        while (true)
        {
            final Object next = read(false);
            if (next == null)
            {
                return Optional.empty();
            }
            if (next instanceof MessageEvent event)
            {
                return Optional.of(event);
            }
            final Delivery delivery = (Delivery)next;
            // A close or an undecodable message keeps its place in order: it is dispatched on the loop.
            port.context.execute(() -> port.dispatch(delivery));
            if (delivery.kind() == Delivery.Kind.CLOSE)
            {
                return Optional.empty();
            }
        }
    }

    /**
     * Takes the next message, for a thread that polls, when it is a plain {@code byte[]}: see
     * {@link MessagePort#receiveBytes}. A close marker next is handled as {@code receiveMessage()} handles it.
     */
    int receiveBytes(final MutableDirectBuffer destination, final int offset)
    {
        port.mark().polled();
        final int length = takePlainBytes(destination, offset);
        if (length == CLOSE_NEXT)
        {
            // Nothing follows a close marker in a lane: take() consumes it and finds nothing after it.
            take();
            return MessagePort.NO_MESSAGE;
        }
        return length;
    }

    private int takePlainBytes(final MutableDirectBuffer destination, final int offset)
    {
        readLock.lock();
        try
        {
            return port.isUsable() ? takePlainBytesLocked(destination, offset) : MessagePort.NO_MESSAGE;
        }
        finally
        {
            readLock.unlock();
        }
    }

    /**
     * Reads the next message if it is a plain {@code byte[]}. Called holding the read lock, on a usable port.
     *
     * @param destination where its bytes go from {@code offset}; null for the scratch space of the bytes handler,
     *                    which only the loop uses.
     * @return its length; {@link MessagePort#NO_MESSAGE} when none waits; {@link #CLOSE_NEXT} when the peer's close
     * marker is next, or {@link MessagePort#NOT_BYTES} when another kind of message is, left first.
     */
    private int takePlainBytesLocked(final MutableDirectBuffer destination, final int offset)
    {
        final int taken;
        try
        {
            if (destination == null)
            {
                plainBytes.intoScratch();
            }
            else
            {
                plainBytes.into(destination, offset);
            }
            taken = reader().pollIf(plainBytes);
        }
        finally
        {
            // Keeps no reference to the caller's buffer.
            plainBytes.intoScratch();
        }
        if (taken < 0)
        {
            return plainBytes.lastType() == Envelope.PORT_CLOSE ? CLOSE_NEXT : MessagePort.NOT_BYTES;
        }
        ringIfLowWater();
        if (taken == 0)
        {
            return MessagePort.NO_MESSAGE;
        }
        reads++;
        countReceived(plainBytes.size());
        return plainBytes.length();
    }

    /**
     * Rings the writer when it asked to hear of a fall to its low-water mark: after a frame was consumed, or once
     * caught up (the reader fenced after its last consumed frame before finding nothing, so either the writer saw
     * that position when it asked, or the request is seen here).
     */
    private void ringIfLowWater()
    {
        if (control.takeLowWater())
        {
            port.peer().ring();
        }
    }

    private void countReceived(final int size)
    {
        port.context.stats().increment(Counter.MESSAGES_RECEIVED);
        port.context.stats().add(Counter.BYTES_RECEIVED, size);
        Events.dispatched(port.channel.id(), port.side + 1, size);
    }

    Optional<MessageEvent> receiveMessage(final long timeoutNanos)
    {
        if (port.context.onLoopThread())
        {
            throw new IllegalStateException("receiveMessage(Duration) would block the event loop of context " +
                port.context.name() + ", which delivers the message it waits for; use receiveMessage() or a " +
                "listener");
        }
        final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        // A waiting thread is woken by the loop when the peer rings: the lane must not say that someone polls.
        port.mark().unmarkPolled();
        while (true)
        {
            final Optional<MessageEvent> received = take();
            if (received.isPresent())
            {
                return received;
            }
            if (!port.isUsable() || (port.isPeerGone() && !hasWaiting()))
            {
                return Optional.empty();
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted())
            {
                return Optional.empty();
            }
            waiters.park(Math.min(left, MAX_PARK_NANOS));
        }
    }

    /**
     * Reads and decodes the next message, claiming the ports it carries.
     *
     * @return its event for a message; a {@link Delivery} for a close or a message that could not be decoded; null
     * when none waits (or the port is no longer active here).
     */
    private Object read(final boolean bytesToHandler)
    {
        readLock.lock();
        try
        {
            if (!port.isUsable())
            {
                return null;
            }
            if (bytesToHandler)
            {
                final int length = takePlainBytesLocked(null, 0);
                if (length >= 0)
                {
                    handlerLength = length;
                    return PLAIN_BYTES;
                }
                if (length == MessagePort.NO_MESSAGE)
                {
                    return null;
                }
                // Another kind of message: decoded now, under the same lock, so that no thread in receiveMessage
                // can take it in between and leave a byte[] after it to be decoded as an event.
            }
            if (reader().poll(onFrame) == 0)
            {
                ringIfLowWater();
                return null;
            }
            final Delivery delivery = last;
            last = null;
            reads++;
            final boolean message = delivery == Delivery.MESSAGE;
            final long besideBytes = message ? decoder.besideBytes() : delivery.besideBytes();
            if (besideBytes > 0)
            {
                control.readerLine().addReadBeside(besideBytes);
            }
            ringIfLowWater();
            if (!message)
            {
                return delivery;
            }
            countReceived(decoder.size());
            return decoder.takeEvent();
        }
        finally
        {
            readLock.unlock();
        }
    }

    private void onFrame(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        last = decoder.decodePort(type, buffer, offset, length);
    }

    /**
     * @return true when the peer published something this port has not read.
     */
    boolean hasWaiting()
    {
        final LaneReader current = reader;
        return current != null ? current.hasWaiting() : control.tail() - control.readerLine().head() > 0;
    }

    /**
     * @param enabled whether the port's queue is enabled.
     * @return true when nothing the peer sent waits here any more. A port that was never started still counts as
     * drained when its peer's close marker is all that waits, which it then consumes.
     */
    boolean isDrained(final boolean enabled)
    {
        readLock.lock();
        try
        {
            if (!hasWaiting())
            {
                return true;
            }
            if (enabled || !port.isUsable())
            {
                return false;
            }
            final LaneReader reader = reader();
            if (reader.nextType() == Envelope.PORT_CLOSE)
            {
                reader.poll((type, buffer, offset, length) -> { });
                return true;
            }
            return !reader.hasWaiting();
        }
        finally
        {
            readLock.unlock();
        }
    }

    /**
     * Wakes the threads waiting in {@code receiveMessage(Duration)}.
     */
    void wakeWaiters()
    {
        waiters.unparkAll();
    }

    boolean hasWaiters()
    {
        return !waiters.isEmpty();
    }

    dev.entangle.internal.fs.MappedRegion region()
    {
        return reader == null ? null : reader.region();
    }

    /**
     * Stops reading here: for a transfer or a close. The position stays in the shared reader line for the next owner.
     */
    void close()
    {
        readLock.lock();
        try
        {
            if (reader != null)
            {
                reader.close();
                reader = null;
            }
        }
        finally
        {
            readLock.unlock();
        }
        wakeWaiters();
    }

    /**
     * Unmaps the ring of a port that has read nothing for {@code idleNanos}; the next read maps it again. A reader
     * busy in another thread keeps it.
     */
    void releaseIfIdle(final long nowNanos, final long idleNanos)
    {
        if (reads != readsSeen)
        {
            readsSeen = reads;
            lastReadSeenNanos = nowNanos;
        }
        if (reader != null && nowNanos - lastReadSeenNanos > idleNanos && readLock.tryLock())
        {
            try
            {
                if (reader != null && !reader.hasWaiting())
                {
                    reader.close();
                    reader = null;
                }
            }
            finally
            {
                readLock.unlock();
            }
        }
    }

    boolean isMapped()
    {
        return reader != null;
    }

    void lock()
    {
        readLock.lock();
    }

    void unlock()
    {
        readLock.unlock();
    }

    private LaneReader reader()
    {
        if (reader == null)
        {
            reader = new LaneReader(control, control.readerLine(), port.channel.incomingFiles(port.side), true);
        }
        return reader;
    }
}
