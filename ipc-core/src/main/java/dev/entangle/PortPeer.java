package dev.entangle;

import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.process.ProcessWatch;
import dev.entangle.internal.runtime.PortFate;
import dev.entangle.internal.stats.CloseCause;

/**
 * What a port knows of its entangled port: whether it is gone (and why), and the doorbell of the context that owns
 * it now, which the port rings after writing and after reading past the writer's low-water mark.
 */
final class PortPeer
{
    private final ContextCore context;
    private final OwnershipRecord record;
    private long ownerEpoch = -1;
    /** The peer's state word when {@link #gone()} last read it. */
    private long lastWord = -1;
    private ProcessWatch.Watched owner;
    private Doorbell bell;
    private long bellContext;

    PortPeer(final ContextCore context, final OwnershipRecord record)
    {
        this.context = context;
        this.record = record;
    }

    /**
     * Rings the doorbell of the context that owns the peer now. The fence orders the append before the read of the
     * owner: a claimant that moved the peer after that read polls after its claim and sees the append. Called
     * holding the port's monitor or its read lock.
     */
    synchronized void ring()
    {
        java.lang.invoke.VarHandle.fullFence();
        final long ownerContext = record.ownerContextId();
        Doorbell current = bell;
        if (current == null || bellContext != ownerContext)
        {
            if (current != null)
            {
                context.runtime().doorbells().release(bellContext, current);
            }
            current = context.runtime().doorbells().acquire(ownerContext);
            bell = current;
            bellContext = ownerContext;
        }
        if (current != null && !current.isDamaged())
        {
            current.ring(record.ownerSlot());
        }
    }

    /**
     * @return why the peer can never again send or receive, or null while it can. One process check per peer
     * process per interval is shared by all ports through the runtime's watch; here it is one volatile read.
     */
    CloseCause gone()
    {
        final long word = record.stateWord();
        lastWord = word;
        switch (OwnershipRecord.state(word))
        {
            case OwnershipRecord.CLOSED:
                return CloseCause.of(record.closeCause());
            case OwnershipRecord.OWNED:
                final long epoch = OwnershipRecord.epoch(word);
                if (epoch != ownerEpoch || owner == null)
                {
                    final Owner recorded = record.owner();
                    owner = context.runtime().processWatch().watch(recorded.pid(), recorded.start());
                    ownerEpoch = epoch;
                }
                return owner.isGone() ? CloseCause.PROCESS_DIED : null;
            default:
                return PortFate.isGone(context.runtime(), record) ? CloseCause.of(record.closeCause()) : null;
        }
    }

    /**
     * @return the peer's ownership word now: its state and the epoch of its owner.
     */
    long stateWord()
    {
        return record.stateWord();
    }

    /**
     * @return true when the peer's record changed since {@link #gone()} last read it (it moved, or closed): one read
     * of a word that changes only on such transitions.
     */
    boolean recordChanged()
    {
        return record.stateWord() != lastWord;
    }

    /**
     * @return true when the process of the peer's owner, as last seen, is gone: one read of a field the runtime's
     * agent refreshes, touching no shared memory.
     */
    boolean ownerDied()
    {
        final ProcessWatch.Watched current = owner;
        return current != null && current.isGone();
    }

    /**
     * @return true while the peer travels in a message (or is being claimed): what carries it must be watched.
     */
    boolean isMoving()
    {
        final int state = record.state();
        return state == OwnershipRecord.IN_TRANSIT || state == OwnershipRecord.CLAIMING;
    }

    /**
     * The entangled port was in a transfer list posted on its own peer: the channel is lost.
     */
    void doom()
    {
        record.close(CloseCause.DOOMED.ordinal());
    }

    /**
     * Lets go of the peer's doorbell.
     */
    synchronized void release()
    {
        if (bell != null)
        {
            context.runtime().doorbells().release(bellContext, bell);
            bell = null;
        }
    }
}
