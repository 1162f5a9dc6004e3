package dev.entangle.internal.runtime;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.process.ProcessWatch;
import dev.entangle.internal.stats.CloseCause;

/**
 * Decides whether a transferable is gone for good: closed, owned by a dead process, or travelling inside a message
 * that can no longer arrive, which it then closes so that a late claim fails.
 */
public final class PortFate
{
    private static final int MAX_CUSTODY_CHAIN = 16;

    private PortFate()
    {
    }

    /**
     * @param runtime the directory's runtime, to follow a custody chain into other channels.
     * @param record  the transferable's record.
     * @return true when it can never again be used.
     */
    public static boolean isGone(final DirectoryRuntime runtime, final OwnershipRecord record)
    {
        final long word = record.stateWord();
        switch (OwnershipRecord.state(word))
        {
            case OwnershipRecord.CLOSED:
                return true;
            case OwnershipRecord.IN_TRANSIT:
                if (!isAlive(runtime, record.custodian(), 0))
                {
                    return record.closeIfUnchanged(word, CloseCause.LOST_IN_TRANSIT.ordinal()) ||
                        record.state() == OwnershipRecord.CLOSED;
                }
                return false;
            default:
                final Owner owner = record.owner();
                return !runtime.processWatch().isAliveNow(owner.pid(), owner.start());
        }
    }

    /**
     * @param runtime   the directory's runtime.
     * @param custodian what carries a transferable in transit.
     * @param depth     how many carriers were followed to get here.
     * @return true while the message carrying it can still arrive.
     */
    static boolean isAlive(final DirectoryRuntime runtime, final Custodian custodian, final int depth)
    {
        final ProcessWatch watch = runtime.processWatch();
        if (custodian instanceof Custodian.Process process)
        {
            return watch.isAliveNow(process.pid(), process.start());
        }
        if (custodian instanceof Custodian.Inbox inbox)
        {
            // Addressed to whichever context of the name opens next, it waits like the message does, until it expires.
            return inbox.contextId() == 0 || watch.isAliveNow(inbox.pid(), inbox.start());
        }
        if (!(custodian instanceof Custodian.Port port))
        {
            return false;
        }
        if (depth >= MAX_CUSTODY_CHAIN)
        {
            return true;
        }
        final ChannelFile carrier = runtime.channels().acquire(new ChannelId(port.channelHigh(), port.channelLow()));
        if (carrier == null)
        {
            return false;
        }
        try
        {
            final OwnershipRecord record = carrier.record(port.side());
            switch (record.state())
            {
                case OwnershipRecord.CLOSED:
                    return false;
                case OwnershipRecord.IN_TRANSIT:
                    return isAlive(runtime, record.custodian(), depth + 1);
                default:
                    final Owner owner = record.owner();
                    return watch.isAliveNow(owner.pid(), owner.start());
            }
        }
        finally
        {
            runtime.channels().release(carrier);
        }
    }
}
