package dev.entangle.jcstress;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.TransitTicket;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.security.SecureRandom;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * The ownership record's races under jcstress. Each state is a record in off-heap memory aligned as in a mapped
 * file: the same compare-and-set instructions on the same kind of memory, where mapping a file for each of the
 * millions of states jcstress makes would measure the file system instead.
 */
public final class OwnershipRecordStress
{
    static final Owner FIRST = new Owner(1, 1, 1, 1);
    static final Owner CLAIMANT_A = new Owner(2, 2, 2, 2);
    static final Owner CLAIMANT_B = new Owner(3, 3, 3, 3);
    static final long CAUSE = 7;
    static final SecureRandom RANDOM = new SecureRandom();

    private OwnershipRecordStress()
    {
    }

    static OwnershipRecord newRecord()
    {
        final OwnershipRecord record = new OwnershipRecord(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(OwnershipRecord.LENGTH, 64)), 0);
        record.initialise(FIRST);
        return record;
    }

    static int ownerOf(final OwnershipRecord record)
    {
        return record.state() == OwnershipRecord.OWNED ? (int)record.owner().pid() : 0;
    }

    /**
     * Two claimants with the one ticket: exactly one wins, and the owner fields are the winner's.
     */
    @JCStressTest
    @Description("Two claims of one ticket")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "A claimed it")
    @Outcome(id = "0, 1, 3", expect = ACCEPTABLE, desc = "B claimed it")
    @State
    public static class TwoClaims
    {
        private final OwnershipRecord record = newRecord();
        private final TransitTicket ticket = record.beginTransit(new Custodian.None(), RANDOM);

        /**
         * @param r the claim of A.
         */
        @Actor
        public void claimA(final III_Result r)
        {
            r.r1 = record.claim(ticket, CLAIMANT_A) ? 1 : 0;
        }

        /**
         * @param r the claim of B.
         */
        @Actor
        public void claimB(final III_Result r)
        {
            r.r2 = record.claim(ticket, CLAIMANT_B) ? 1 : 0;
        }

        /**
         * @param r the owner's pid at the end.
         */
        @Arbiter
        public void owner(final III_Result r)
        {
            r.r3 = ownerOf(record);
        }
    }

    /**
     * A claim racing a close (two actors, so that it runs on two CPUs; the two-claimant race is above): the close
     * always closes, and the claim wins only when it completed before the close (the epoch then went: in transit,
     * + 2 owned, + 1 closed).
     */
    @JCStressTest
    @Description("A claim racing a close")
    @Outcome(id = "1, 1, 3", expect = ACCEPTABLE, desc = "claimed, then closed")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "closed in transit, before the claim")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE_INTERESTING,
        desc = "closed while the claimant wrote its owner fields: the claim lost")
    @State
    public static class ClaimAndClose
    {
        private final OwnershipRecord record = newRecord();
        private final TransitTicket ticket = record.beginTransit(new Custodian.None(), RANDOM);

        /**
         * @param r the claim.
         */
        @Actor
        public void claim(final III_Result r)
        {
            r.r1 = record.claim(ticket, CLAIMANT_A) ? 1 : 0;
        }

        /**
         * @param r the close.
         */
        @Actor
        public void close(final III_Result r)
        {
            r.r2 = record.close(CAUSE) ? 1 : 0;
        }

        /**
         * @param r how far the epoch moved past the ticket's, or -1 when it is not closed with the close's cause.
         */
        @Arbiter
        public void epoch(final III_Result r)
        {
            final long word = record.stateWord();
            r.r3 = OwnershipRecord.state(word) == OwnershipRecord.CLOSED && record.closeCause() == CAUSE ?
                (int)(OwnershipRecord.epoch(word) - ticket.epoch()) : -1;
        }
    }

    /**
     * The owner sends it on its way while its peer's side closes it: either the transit began first and its ticket
     * then claims nothing, or the close came first and the transit is lost. A ticket never claims a closed record.
     */
    @JCStressTest
    @Description("A transit racing a close")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "went in transit, then closed: the ticket claims nothing")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "closed first: the transit is lost")
    @State
    public static class TransitAndClose
    {
        private final OwnershipRecord record = newRecord();
        private volatile TransitTicket ticket;

        /**
         * @param r whether the transit began.
         */
        @Actor
        public void transit(final III_Result r)
        {
            final TransitTicket begun = record.beginTransit(new Custodian.None(), RANDOM);
            ticket = begun;
            r.r1 = begun.isLost() ? 0 : 1;
        }

        /**
         * @param r the close.
         */
        @Actor
        public void close(final III_Result r)
        {
            r.r2 = record.close(CAUSE) ? 1 : 0;
        }

        /**
         * @param r whether the ticket still claimed it afterwards.
         */
        @Arbiter
        public void claimAfter(final III_Result r)
        {
            r.r3 = record.claim(ticket, CLAIMANT_A) ? 1 : 0;
        }
    }
}
