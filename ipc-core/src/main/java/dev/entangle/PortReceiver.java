package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneReader;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving side of a port: the lane it reads, decoded one message at a time under the read lock, by the event
 * loop or by a thread in {@code receiveMessage}. Threads waiting in {@code receiveMessage(Duration)} are woken by the
 * loop when the doorbell rings for the port.
 */
final class PortReceiver
{
    private final PortState port;
    private final LaneControl control;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Thread> waiters = new ConcurrentLinkedQueue<>();
    private final Delivery.Decoder decoder;
    private final LaneReader.FrameHandler onFrame = this::onFrame;
    private LaneReader reader;
    private Delivery last;

    PortReceiver(final PortState port, final ChannelFile channel, final int side)
    {
        this.port = port;
        this.control = channel.incoming(side);
        this.decoder = new Delivery.Decoder(port.context);
    }

    /**
     * Reads and decodes the next message, claiming the ports it carries.
     *
     * @return it, or null when none waits (or the port is no longer active here).
     */
    Delivery read()
    {
        readLock.lock();
        try
        {
            if (port.phase() != PortState.Phase.ACTIVE || port.isDamaged())
            {
                return null;
            }
            final LaneReader reader = reader();
            if (reader.poll(onFrame) == 0)
            {
                return null;
            }
            final Delivery delivery = last;
            last = null;
            if (delivery.besideBytes() > 0)
            {
                control.readerLine().addReadBeside(delivery.besideBytes());
            }
            if (control.takeLowWater())
            {
                port.ringPeer();
            }
            return delivery;
        }
        finally
        {
            readLock.unlock();
        }
    }

    private void onFrame(final int type, final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        last = decoder.decodePort(type, buffer, offset, length);
    }

    /**
     * @return true when the peer published something this port has not read.
     */
    boolean hasWaiting()
    {
        final LaneReader current = reader;
        return current != null ? current.hasWaiting() : control.tail() != control.readerLine().head();
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
            if (enabled || port.phase() != PortState.Phase.ACTIVE)
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
     * Parks the calling thread until the loop wakes it or {@code nanos} pass.
     */
    void await(final long nanos)
    {
        final Thread self = Thread.currentThread();
        waiters.add(self);
        try
        {
            if (!hasWaiting())
            {
                LockSupport.parkNanos(this, nanos);
            }
        }
        finally
        {
            waiters.remove(self);
        }
    }

    /**
     * Wakes the threads waiting in {@code receiveMessage(Duration)}.
     */
    void wakeWaiters()
    {
        for (final Thread waiter : waiters)
        {
            LockSupport.unpark(waiter);
        }
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
