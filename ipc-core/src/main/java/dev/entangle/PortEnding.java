package dev.entangle;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.stats.CloseCause;

/**
 * How a port's life ends here: closed by its owner (or its handle's collection, or its context's close), its peer
 * gone, a file it depends on damaged, or transferred away; and the release of what it holds in this JVM.
 */
final class PortEnding
{
    private final PortState port;
    private volatile boolean released;
    private volatile String damage;

    PortEnding(final PortState port, final boolean released)
    {
        this.port = port;
        this.released = released;
    }

    boolean isDamaged()
    {
        return damage != null;
    }

    /**
     * @param what why the port cannot be used any more.
     */
    void markDamaged(final String what)
    {
        damage = what;
    }

    void close(final CloseCause cause)
    {
        synchronized (port.context.runtime().transitions())
        {
            synchronized (port)
            {
                if (!port.leave(PortState.Phase.CLOSED))
                {
                    return;
                }
                // The marker lets the peer see close at once, after what this port sent. A port that never wrote
                // here skips it: the peer notices the closed record on its next liveness check, and still drains
                // everything sent before, by earlier owners too.
                if (port.sender().hasWritten() && damage == null)
                {
                    try
                    {
                        port.record().noteCloseCause(cause.ordinal());
                        port.sender().append(Envelope.PORT_CLOSE, null, 0, null, 0, 0);
                    }
                    catch (final InternalError ex)
                    {
                        port.context.onFault(ex);
                    }
                }
            }
        }
        port.listeners.awaitRunningListener();
        closeRecord(cause);
        ringPeer();
        release();
    }

    /** Tells the peer's loop to look: it sees the closed record at once, not at a later check. */
    private void ringPeer()
    {
        try
        {
            port.peer().ring();
        }
        catch (final InternalError ex)
        {
            port.context.onFault(ex);
        }
    }

    /**
     * The peer is gone: fires {@code close}. Called with the dispatch lock held, on the event loop.
     */
    void fireClose(final CloseCause cause)
    {
        if (damage != null)
        {
            return;    // closeDamaged is on its way
        }
        // A truncated channel file reads as zeros where the access did not fault at once (compiled code raises the
        // fault later): the peer only seems gone, and this is damage, reported as such.
        if (port.channel.region().isTruncated())
        {
            port.context.reportDamage(port, port.channel.region().file().toString(), null);
            return;
        }
        synchronized (port)
        {
            if (!port.leave(PortState.Phase.DISENTANGLED))
            {
                return;
            }
        }
        port.context.countClose(cause, port.channel.id(), port.side);
        closeRecord(CloseCause.CLOSED);
        release();
        port.listeners.dispatchClose();
    }

    /**
     * A file this port depends on was damaged: the port closes here, as if its peer had gone, without touching a
     * truncated mapping again. Runs on the loop.
     */
    void closeDamaged()
    {
        port.listeners.lockDispatch();
        try
        {
            synchronized (port)
            {
                if (!port.leave(PortState.Phase.DISENTANGLED))
                {
                    return;
                }
            }
            try
            {
                if (!port.channel.region().isTruncated())
                {
                    closeRecord(CloseCause.DAMAGED);
                }
                port.context.countClose(CloseCause.DAMAGED, port.channel.id(), port.side);
                release();
            }
            finally
            {
                port.listeners.dispatchClose();
            }
        }
        finally
        {
            port.listeners.unlockDispatch();
        }
    }

    /**
     * @return the damaged file this port depends on, or null; marks the port so nothing touches it again.
     */
    String findDamage()
    {
        if (port.channel == null || port.phase() != PortState.Phase.ACTIVE)
        {
            return null;
        }
        final MappedRegion[] regions = { port.channel.region(), port.sender().region(), port.receiver().region() };
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

    private void closeRecord(final CloseCause cause)
    {
        try
        {
            port.record().close(cause.ordinal());
        }
        catch (final InternalError ex)
        {
            port.context.onFault(ex);
        }
    }

    /** Frees what the port holds in this JVM; the channel's files go once both its ports are closed. */
    void release()
    {
        synchronized (port)
        {
            if (released)
            {
                return;
            }
            released = true;
            port.receiver().close();
            port.sender().close();
            port.unpin();
            port.peer().release();
        }
        port.listeners.updateReference(false);
        port.context.removePort(port, port.slot());
        port.context.runtime().channels().release(port.channel);
    }
}
