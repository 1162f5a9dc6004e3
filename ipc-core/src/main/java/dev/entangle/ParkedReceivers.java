package dev.entangle;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The threads parked in {@code receiveMessage(Duration)} on one port, which the loop unparks when the peer rings.
 */
final class ParkedReceivers
{
    private final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    private final Runnable announce;
    private final BooleanSupplier hasWaiting;

    /**
     * @param announce   tells the loop that a thread now waits (so that it hears the port's rings).
     * @param hasWaiting whether the peer published something not read yet; asked after the thread is listed, so a
     *                   ring after the question unparks it.
     */
    ParkedReceivers(final Runnable announce, final BooleanSupplier hasWaiting)
    {
        this.announce = announce;
        this.hasWaiting = hasWaiting;
    }

    /**
     * Parks the calling thread for at most {@code nanos}, unless something waits already.
     */
    void park(final long nanos)
    {
        final Thread self = Thread.currentThread();
        threads.add(self);
        announce.run();
        try
        {
            if (!hasWaiting.getAsBoolean())
            {
                LockSupport.parkNanos(this, nanos);
            }
        }
        finally
        {
            threads.remove(self);
        }
    }

    void unparkAll()
    {
        for (final Thread thread : threads)
        {
            LockSupport.unpark(thread);
        }
    }

    boolean isEmpty()
    {
        return threads.isEmpty();
    }
}
