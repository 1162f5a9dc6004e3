package dev.entangle;

import dev.entangle.internal.lane.LaneControl;

/**
 * The mark on the lane a port reads that tells the peer not to ring for each message, because someone looks at the
 * lane anyway: the context's loop, every cycle, while the port received lately ({@link #watchEveryCycle}), or a
 * thread that keeps calling {@code receiveMessage()} on a port no listener reads ({@link #polled}). The mark is the
 * port's ownership word, which changes when the port moves, so a mark an earlier owner left is not believed. It is
 * set only while the port is active here, under the port's monitor, which a transfer takes to detach the port
 * ({@link #detached} clears it).
 */
final class ReadingMark
{
    private final PortState port;
    private final LaneControl control;
    /** Calls of {@code receiveMessage()}; racy across threads, compared only to tell whether any came. */
    private long pollerCalls;
    private long pollerCallsSeen;
    private volatile boolean pollerMarked;

    ReadingMark(final PortState port, final LaneControl control)
    {
        this.port = port;
        this.control = control;
    }

    /**
     * The loop looks at the lane every cycle from now on ({@code true}), or no longer does.
     *
     * @return false when the port cannot be watched so (not active here, or not started).
     */
    boolean watchEveryCycle(final boolean on)
    {
        synchronized (port)
        {
            if (!on)
            {
                if (port.phase() == PortState.Phase.ACTIVE)
                {
                    control.watched(0);
                }
                return true;
            }
            if (!port.isUsable() || !port.isEnabled())
            {
                return false;
            }
            control.watched(port.record().stateWord());
            return true;
        }
    }

    /**
     * A thread polled with {@code receiveMessage()}: while no listener reads the port, the lane stays marked, so the
     * peer does not ring the loop, which would only wake waiters that a polling thread does not need.
     */
    void polled()
    {
        pollerCalls++;
        if (!pollerMarked)
        {
            synchronized (port)
            {
                if (!pollerMarked && port.isUsable() && !port.isEnabled())
                {
                    control.watched(port.record().stateWord());
                    pollerMarked = true;
                }
            }
        }
    }

    /**
     * The polls stopped, a thread is about to wait for a ring, or the port is starting: the peer rings again. What
     * came meanwhile unannounced is in the lane for the next look: a poll, the wait's own look, or start's wake.
     *
     * @return true when a thread's mark was taken off.
     */
    boolean unmarkPolled()
    {
        if (!pollerMarked)
        {
            return false;
        }
        synchronized (port)
        {
            if (!pollerMarked)
            {
                return false;
            }
            pollerMarked = false;
            if (port.phase() == PortState.Phase.ACTIVE)
            {
                control.watched(0);
            }
            return true;
        }
    }

    /**
     * Upkeep: a thread's mark is taken off once no poll came since the last upkeep.
     */
    void upkeep()
    {
        final long calls = pollerCalls;
        final boolean stopped = calls == pollerCallsSeen;
        pollerCallsSeen = calls;
        if (stopped)
        {
            unmarkPolled();
        }
    }

    /**
     * The port left this context; called holding its monitor, while the lane is still mapped. Whoever reads next is
     * rung until its own loop watches the lane.
     */
    void detached()
    {
        control.watched(0);
        pollerMarked = false;
    }
}
