package dev.entangle.internal.handshake;

import org.agrona.concurrent.UnsafeBuffer;

import java.security.SecureRandom;

import static dev.entangle.internal.handshake.OwnershipLayout.*;

/**
 * Who owns one transferable (a port, an array buffer), in a shared file, changed only by compare-and-set of one
 * state word, so that two processes can never both own it.
 * The fields are laid out as {@link OwnershipLayout} shows.
 * <pre>
 *   OWNED --beginTransit--&gt; IN_TRANSIT --claim--&gt; CLAIMING --&gt; OWNED
 *     |                         |  discard / custodian gone
 *     +------- close -----------+--------------------------------&gt; CLOSED (for good)
 * </pre>
 * Each transition bumps the epoch, so a ticket for an earlier transit cannot claim a later one. Fields other than the
 * state word are written before the transition that publishes them and read after the one that guards them.
 */
public final class OwnershipRecord
{
    /** Bytes of one record. */
    public static final int LENGTH = 128;

    /** Owned by the context named in the owner fields. */
    public static final int OWNED = 1;
    /** Travelling inside a message; claimable once, with the token. */
    public static final int IN_TRANSIT = 2;
    /** Claimed; the new owner is writing its owner fields. */
    public static final int CLAIMING = 3;
    /** Closed for good. */
    public static final int CLOSED = 4;

    private final UnsafeBuffer buffer;
    private final int offset;

    /**
     * @param buffer the mapped file.
     * @param offset where the record starts.
     */
    public OwnershipRecord(final UnsafeBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /**
     * Sets up a new record, owned. Call before the file is published.
     *
     * @param owner the first owner.
     */
    public void initialise(final Owner owner)
    {
        buffer.setMemory(offset, LENGTH, (byte)0);
        writeOwner(owner);
        buffer.putLongVolatile(offset + STATE_OFFSET, word(0, OWNED));
    }

    /**
     * Takes a free (closed, or never used) record for a new owner, as a shared buffer does for each new holder.
     *
     * @param owner the new owner.
     * @return true when this call took it.
     */
    public boolean reopen(final Owner owner)
    {
        final long word = stateWord();
        if (state(word) != CLOSED)
        {
            return false;
        }
        final long claiming = word(epoch(word) + 1, CLAIMING);
        if (!compareAndSet(word, claiming))
        {
            return false;
        }
        writeOwner(owner);
        put(TOKEN_HIGH_OFFSET, 0);
        put(TOKEN_LOW_OFFSET, 0);
        put(CLOSE_CAUSE_OFFSET, 0);
        return compareAndSet(claiming, word(epoch(word) + 2, OWNED));
    }

    /**
     * @return the state word.
     */
    public long stateWord()
    {
        return buffer.getLongVolatile(offset + STATE_OFFSET);
    }

    /**
     * @return the state: {@link #OWNED}, {@link #IN_TRANSIT}, {@link #CLAIMING} or {@link #CLOSED}; any other
     * value found in the file reads as {@link #CLOSED}, since a scribbled record cannot be trusted.
     */
    public int state()
    {
        return state(stateWord());
    }

    /**
     * @return the owner as recorded; meaningful while {@link #OWNED}.
     */
    public Owner owner()
    {
        return new Owner(get(OWNER_PID_OFFSET), get(OWNER_START_OFFSET), get(OWNER_CONTEXT_OFFSET),
            (int)get(OWNER_SLOT_OFFSET));
    }

    /**
     * @return the owning context's id; meaningful while {@link #OWNED}.
     */
    public long ownerContextId()
    {
        return get(OWNER_CONTEXT_OFFSET);
    }

    /**
     * @return the owning context's doorbell slot for this transferable.
     */
    public int ownerSlot()
    {
        return (int)get(OWNER_SLOT_OFFSET);
    }

    /**
     * @param slot the owner's doorbell slot, published by the owner once it joined its loop.
     */
    public void ownerSlot(final int slot)
    {
        buffer.putLongRelease(offset + OWNER_SLOT_OFFSET, slot);
    }

    /**
     * @return what carries it while in transit.
     */
    public Custodian custodian()
    {
        return Custodian.of(get(CUSTODIAN_KIND_OFFSET), get(CUSTODIAN_A_OFFSET), get(CUSTODIAN_B_OFFSET),
            get(CUSTODIAN_C_OFFSET));
    }

    /**
     * @return when it went in transit, epoch milliseconds.
     */
    public long transitSince()
    {
        return get(TRANSIT_SINCE_OFFSET);
    }

    /**
     * Sends it on its way: a fresh token, the custodian, then the state moves from owned to in transit.
     *
     * @param custodian what will carry the message.
     * @param random    source of the token.
     * @return the ticket the message carries, or {@link TransitTicket#LOST} when it was not owned (closed meanwhile).
     */
    public TransitTicket beginTransit(final Custodian custodian, final SecureRandom random)
    {
        if (state() != OWNED)
        {
            // Refused before writing anything: the token and custodian of a transit under way must stand.
            return TransitTicket.LOST;
        }
        final long tokenHigh = random.nextLong();
        final long tokenLow = random.nextLong();
        put(TOKEN_HIGH_OFFSET, tokenHigh);
        put(TOKEN_LOW_OFFSET, tokenLow);
        writeCustodian(custodian);
        put(TRANSIT_SINCE_OFFSET, System.currentTimeMillis());
        while (true)
        {
            final long word = stateWord();
            if (state(word) != OWNED)
            {
                return TransitTicket.LOST;
            }
            if (compareAndSet(word, word(epoch(word) + 1, IN_TRANSIT)))
            {
                return new TransitTicket(epoch(word) + 1, tokenHigh, tokenLow);
            }
        }
    }

    /**
     * Claims it for a new owner with the ticket its message carried.
     *
     * @param ticket the ticket.
     * @param owner  the new owner.
     * @return true when this call made {@code owner} the owner; false for a wrong or stale ticket, or when it was
     * closed meanwhile.
     */
    public boolean claim(final TransitTicket ticket, final Owner owner)
    {
        if (ticket.isLost())
        {
            return false;
        }
        final long inTransit = word(ticket.epoch(), IN_TRANSIT);
        if (stateWord() != inTransit || get(TOKEN_HIGH_OFFSET) != ticket.tokenHigh() ||
            get(TOKEN_LOW_OFFSET) != ticket.tokenLow())
        {
            return false;
        }
        final long claiming = word(ticket.epoch() + 1, CLAIMING);
        if (!compareAndSet(inTransit, claiming))
        {
            return false;
        }
        writeOwner(owner);
        put(TOKEN_HIGH_OFFSET, 0);
        put(TOKEN_LOW_OFFSET, 0);
        return compareAndSet(claiming, word(ticket.epoch() + 2, OWNED));
    }

    /**
     * Closes, for its peer, a transferable whose message will never be delivered.
     *
     * @param ticket the ticket the message carried.
     * @param cause  why, for whoever looks.
     * @return true when this call closed it.
     */
    public boolean discard(final TransitTicket ticket, final long cause)
    {
        if (ticket.isLost() || get(TOKEN_HIGH_OFFSET) != ticket.tokenHigh() ||
            get(TOKEN_LOW_OFFSET) != ticket.tokenLow() || stateWord() != word(ticket.epoch(), IN_TRANSIT))
        {
            return false;
        }
        put(CLOSE_CAUSE_OFFSET, cause);
        return compareAndSet(word(ticket.epoch(), IN_TRANSIT), word(ticket.epoch() + 1, CLOSED));
    }

    /**
     * Points an in-transit record at a new custodian, for a hand-over whose receiver is only known after the message
     * left (a worker's implicit port, handed to the child process once it is launched).
     *
     * @param ticket    the ticket of the transit.
     * @param custodian the new custodian.
     * @return true when it was still in that transit.
     */
    public boolean updateCustodian(final TransitTicket ticket, final Custodian custodian)
    {
        if (stateWord() != word(ticket.epoch(), IN_TRANSIT))
        {
            return false;
        }
        writeCustodian(custodian);
        return stateWord() == word(ticket.epoch(), IN_TRANSIT);
    }

    /**
     * Closes it for good, from whatever state it is in.
     *
     * @param cause why, for whoever looks.
     * @return true when this call closed it.
     */
    public boolean close(final long cause)
    {
        if (state() != CLOSED)
        {
            put(CLOSE_CAUSE_OFFSET, cause);
        }
        while (true)
        {
            final long word = stateWord();
            if (state(word) == CLOSED)
            {
                return false;
            }
            if (compareAndSet(word, word(epoch(word) + 1, CLOSED)))
            {
                return true;
            }
        }
    }

    /**
     * Closes it only if it is still in the state word observed, so a transit that completed meanwhile stands.
     *
     * @param observed the state word observed.
     * @param cause    why, for whoever looks.
     * @return true when this call closed it.
     */
    public boolean closeIfUnchanged(final long observed, final long cause)
    {
        if (state(observed) == CLOSED || stateWord() != observed)
        {
            return false;
        }
        put(CLOSE_CAUSE_OFFSET, cause);
        return compareAndSet(observed, word(epoch(observed) + 1, CLOSED));
    }

    /**
     * Records why it is about to close, before a close marker that its peer may read first.
     *
     * @param cause why.
     */
    public void noteCloseCause(final long cause)
    {
        put(CLOSE_CAUSE_OFFSET, cause);
    }

    /**
     * @return why it was closed, as its closer recorded it; meaningful once {@link #CLOSED}.
     */
    public long closeCause()
    {
        return get(CLOSE_CAUSE_OFFSET);
    }

    /**
     * @param word a state word.
     * @return its state; unknown values read as {@link #CLOSED}.
     */
    public static int state(final long word)
    {
        final int state = (int)(word & 0xFF);
        return state >= OWNED && state <= CLOSED ? state : CLOSED;
    }

    /**
     * @param word a state word.
     * @return its epoch.
     */
    public static long epoch(final long word)
    {
        return word >>> 8;
    }

    private static long word(final long epoch, final int state)
    {
        return (epoch << 8) | state;
    }

    private boolean compareAndSet(final long expected, final long update)
    {
        return buffer.compareAndSetLong(offset + STATE_OFFSET, expected, update);
    }

    /**
     * Records that the owner enabled the port's queue (for whoever inspects the directory).
     */
    public void markStarted()
    {
        put(STARTED_OFFSET, 1);
    }

    /**
     * @return true when the current owner enabled the port's queue.
     */
    public boolean isStarted()
    {
        return get(STARTED_OFFSET) == 1;
    }

    private void writeOwner(final Owner owner)
    {
        put(STARTED_OFFSET, 0);
        put(OWNER_PID_OFFSET, owner.pid());
        put(OWNER_START_OFFSET, owner.start());
        put(OWNER_CONTEXT_OFFSET, owner.contextId());
        put(OWNER_SLOT_OFFSET, owner.slot());
    }

    private void writeCustodian(final Custodian custodian)
    {
        final long[] words = custodian.words();
        put(CUSTODIAN_A_OFFSET, words[0]);
        put(CUSTODIAN_B_OFFSET, words[1]);
        put(CUSTODIAN_C_OFFSET, words[2]);
        put(CUSTODIAN_KIND_OFFSET, custodian.kind());
    }

    private long get(final int field)
    {
        return buffer.getLongVolatile(offset + field);
    }

    private void put(final int field, final long value)
    {
        buffer.putLongRelease(offset + field, value);
    }
}
