package dev.entangle;

import dev.entangle.internal.stats.CloseCause;

/**
 * How a port learns that its entangled port is gone, and fires {@code close} once every message the peer sent
 * before going has been delivered. The quick look, every liveness interval, reads the peer's state word and one field
 * that the runtime's watch on the peer's process refreshes; the full one reads the peer's whole record, and runs
 * every interval while the peer travels or after its state word changed, otherwise now and then.
 */
final class PortCloseWatch
{
    private final PortState port;
    private volatile CloseCause peerGone;
    /** The peer is gone but nobody listens for close yet. */
    private volatile boolean closePending;
    /** The peer travels (or was not looked at yet): it gets the full look every interval. */
    private volatile boolean peerMoving = true;

    PortCloseWatch(final PortState port)
    {
        this.port = port;
    }

    boolean isPeerGone()
    {
        return peerGone != null;
    }

    /**
     * The peer will never read again (its port was in a transfer list posted on this channel).
     */
    void doomed()
    {
        peerGone = CloseCause.DOOMED;
    }

    /**
     * The peer's close marker was read: close, for the reason its record gives.
     *
     * @return why the peer went.
     */
    CloseCause markerRead()
    {
        final CloseCause cause = port.peer().gone();
        peerGone = cause != null ? cause : CloseCause.CLOSED;
        return peerGone;
    }

    /**
     * Looks at the peer on the loop.
     *
     * @param full true to read the peer's record even when it does not travel.
     * @return true when the peer is gone (and close fires once the port is drained).
     */
    boolean look(final boolean full)
    {
        // A peer that moved between two looks (its ring announcing messages too) is watched in its new process
        // from the next look: the quick look reads its state word, which changes with every move.
        if (peerGone == null && (full || peerMoving || port.peer().recordChanged()))
        {
            lookAtRecord();
        }
        if (peerGone == null && port.peer().ownerDied())
        {
            peerGone = CloseCause.PROCESS_DIED;
        }
        if (peerGone != null)
        {
            closeIfDrained();
            return true;
        }
        return false;
    }

    /**
     * The peer rang with nothing to read: it closed, went in transit, or its close marker was all there was.
     */
    void peerChanged()
    {
        if (peerGone == null)
        {
            lookAtRecord();
        }
        if (peerGone != null)
        {
            closeIfDrained();
        }
    }

    /**
     * The port was started or given a close listener: a close that waited for someone to hear it fires now.
     */
    void listenerReady()
    {
        if (closePending)
        {
            port.context.wake(port);
        }
    }

    private void lookAtRecord()
    {
        peerGone = port.peer().gone();
        peerMoving = peerGone == null && port.peer().isMoving();
    }

    private void closeIfDrained()
    {
        if (!port.isEnabled() && port.listeners.onClose() == null)
        {
            // Nobody can hear it yet (a port that just arrived, whose listeners are still being set): the close
            // waits for the port to be started or given a close listener, as its messages would.
            closePending = true;
            return;
        }
        if (port.receiver().isDrained(port.isEnabled()))
        {
            port.listeners.lockDispatch();
            try
            {
                port.ending.fireClose(peerGone);
            }
            finally
            {
                port.listeners.unlockDispatch();
            }
        }
    }
}
