package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ownership record's state machine, state by state, on a real mapped file: each transition happens only from
 * the state and with the ticket it names, bumps the epoch, and leaves everything unchanged when it is refused; and
 * when threads race for one record, exactly one of them wins.
 */
@Timeout(120)
class OwnershipRecordTest
{
    /** Not at 0, as in a channel file, so an offset mistake would show. */
    private static final int RECORD_OFFSET = 64;
    private static final Owner FIRST = new Owner(11, 1_000, 101, 7);
    private static final Owner SECOND = new Owner(22, 2_000, 202, 8);
    private static final Custodian INBOX = new Custodian.Inbox(0, 0, 0);
    private static final long CAUSE = 5;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private MappedRegion region;
    private OwnershipRecord record;

    @BeforeEach
    void map() throws FileAlreadyExistsException
    {
        region = MappedRegion.create(dir.resolve("records"), 4096);
        record = new OwnershipRecord(region.buffer(), RECORD_OFFSET);
    }

    @AfterEach
    void unmap()
    {
        region.close();
    }

    @Test
    void aRecordThatWasNeverInitialisedReadsAsClosed()
    {
        assertEquals(OwnershipRecord.CLOSED, record.state());
        assertFalse(record.close(CAUSE), "nothing to close");
        assertTrue(record.beginTransit(INBOX, random).isLost());
    }

    @Test
    void initialiseMakesItOwnedAtEpochZeroByTheFirstOwner()
    {
        record.initialise(FIRST);

        assertEquals(OwnershipRecord.OWNED, record.state());
        assertEquals(0, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(FIRST, record.owner());
        assertEquals(FIRST.contextId(), record.ownerContextId());
        assertEquals(FIRST.slot(), record.ownerSlot());
        assertEquals(0, record.closeCause());
    }

    @Test
    void initialiseWritesOnlyItsOwnRecord()
    {
        final UnsafeBuffer buffer = region.buffer();
        buffer.setMemory(0, region.length(), (byte)0x5A);
        record.initialise(FIRST);

        for (int i = 0; i < region.length(); i++)
        {
            if (i < RECORD_OFFSET || i >= RECORD_OFFSET + OwnershipRecord.LENGTH)
            {
                assertEquals((byte)0x5A, buffer.getByte(i), "byte " + i + " outside the record was written");
            }
        }
        assertEquals(0, record.closeCause(), "the rest of the record is cleared");
        assertEquals(new Custodian.None(), record.custodian());
    }

    @Test
    void ownerSlotIsPublishedSeparately()
    {
        record.initialise(FIRST);
        record.ownerSlot(4711);

        assertEquals(4711, record.ownerSlot());
        assertEquals(4711, record.owner().slot());
        assertEquals(FIRST.pid(), record.owner().pid());
    }

    @Test
    void beginTransitMovesItInTransitWithTheCustodianAndAFreshToken()
    {
        record.initialise(FIRST);
        final long before = System.currentTimeMillis();
        final Custodian custodian = new Custodian.Port(0x1234_5678_9ABC_DEF0L, -2, 1);
        final TransitTicket ticket = record.beginTransit(custodian, random);

        assertFalse(ticket.isLost());
        assertEquals(OwnershipRecord.IN_TRANSIT, record.state());
        assertEquals(1, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(1, ticket.epoch());
        assertEquals(custodian, record.custodian());
        assertTrue(record.transitSince() >= before, "in transit since " + record.transitSince());

        assertTrue(record.claim(ticket, SECOND));
        final TransitTicket next = record.beginTransit(INBOX, random);
        assertEquals(4, next.epoch());
        assertNotEquals(ticket.tokenHigh() + "/" + ticket.tokenLow(), next.tokenHigh() + "/" + next.tokenLow(),
            "each transit gets a fresh token");
    }

    @Test
    void everyKindOfCustodianReadsBackAsWritten()
    {
        final List<Custodian> custodians = List.of(new Custodian.None(), new Custodian.Process(42, 1_700_000_000_000L),
            new Custodian.Port(-1, Long.MIN_VALUE, 0), new Custodian.Port(3, 4, 1),
            new Custodian.Inbox(99, 42, 1_700_000_000_001L), new Custodian.Inbox(0, 0, 0));
        for (final Custodian custodian : custodians)
        {
            record.initialise(FIRST);
            record.beginTransit(custodian, random);
            assertEquals(custodian, record.custodian());
        }
    }

    @Test
    void claimWithTheRightTicketMakesTheNewOwnerAtEpochPlusTwo()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);

        assertTrue(record.claim(ticket, SECOND));

        assertEquals(OwnershipRecord.OWNED, record.state());
        assertEquals(ticket.epoch() + 2, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(SECOND, record.owner());
        assertEquals(SECOND.contextId(), record.ownerContextId());
        assertEquals(SECOND.slot(), record.ownerSlot());
    }

    @Test
    void claimWithAWrongTokenIsRefusedAndChangesNothing()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        final long word = record.stateWord();

        assertFalse(record.claim(new TransitTicket(ticket.epoch(), ticket.tokenHigh() ^ 1, ticket.tokenLow()),
            SECOND));
        assertFalse(record.claim(new TransitTicket(ticket.epoch(), ticket.tokenHigh(), ticket.tokenLow() + 1),
            SECOND));
        assertFalse(record.claim(new TransitTicket(ticket.epoch(), 0, 0), SECOND));

        assertEquals(word, record.stateWord());
        assertEquals(FIRST, record.owner());
        assertTrue(record.claim(ticket, SECOND), "the rightful ticket still claims it");
    }

    @Test
    void claimWithAStaleEpochIsRefused()
    {
        record.initialise(FIRST);
        final TransitTicket first = record.beginTransit(INBOX, random);
        assertTrue(record.claim(first, SECOND));
        final TransitTicket second = record.beginTransit(INBOX, random);
        final long word = record.stateWord();

        assertFalse(record.claim(first, FIRST), "a ticket of an earlier transit");
        assertFalse(record.claim(new TransitTicket(first.epoch(), second.tokenHigh(), second.tokenLow()), FIRST),
            "the current token with an earlier epoch");
        assertFalse(record.claim(new TransitTicket(second.epoch() + 1, second.tokenHigh(), second.tokenLow()), FIRST),
            "the current token with a later epoch");
        assertEquals(word, record.stateWord());
        assertEquals(SECOND, record.owner());
    }

    @Test
    void claimOfAnOwnedRecordOrWithTheLostTicketIsRefused()
    {
        record.initialise(FIRST);
        final long word = record.stateWord();

        assertFalse(record.claim(new TransitTicket(0, 0, 0), SECOND));
        assertFalse(record.claim(TransitTicket.LOST, SECOND));
        assertEquals(word, record.stateWord());
        assertEquals(FIRST, record.owner());
    }

    @Test
    void claimAfterCloseIsRefused()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        assertTrue(record.close(CAUSE));
        final long word = record.stateWord();

        assertFalse(record.claim(ticket, SECOND));
        assertEquals(word, record.stateWord());
        assertEquals(OwnershipRecord.CLOSED, record.state());
    }

    @Test
    void aTicketClaimsOnceOnly()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        assertTrue(record.claim(ticket, SECOND));
        final long word = record.stateWord();

        assertFalse(record.claim(ticket, FIRST));
        assertEquals(word, record.stateWord());
        assertEquals(SECOND, record.owner());
    }

    @Test
    void beginTransitOfARecordNotOwnedIsLostAndLeavesTheTransitUnderWayIntact()
    {
        record.initialise(FIRST);
        final Custodian custodian = new Custodian.Process(1, 2);
        final TransitTicket ticket = record.beginTransit(custodian, random);
        final long word = record.stateWord();

        assertTrue(record.beginTransit(INBOX, random).isLost());

        assertEquals(word, record.stateWord());
        assertEquals(custodian, record.custodian());
        assertTrue(record.claim(ticket, SECOND), "the first transit's ticket still claims it");

        assertTrue(record.close(CAUSE));
        assertTrue(record.beginTransit(INBOX, random).isLost());
        assertEquals(OwnershipRecord.CLOSED, record.state());
    }

    @Test
    void discardClosesItOnlyWithTheRightTicketAndRecordsTheCause()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        final long word = record.stateWord();

        assertFalse(record.discard(new TransitTicket(ticket.epoch(), ticket.tokenHigh(), ~ticket.tokenLow()), 9));
        assertFalse(record.discard(new TransitTicket(ticket.epoch() - 1, ticket.tokenHigh(), ticket.tokenLow()), 9));
        assertFalse(record.discard(TransitTicket.LOST, 9));
        assertEquals(word, record.stateWord());
        assertEquals(0, record.closeCause(), "a refused discard records nothing");

        assertTrue(record.discard(ticket, CAUSE));
        assertEquals(OwnershipRecord.CLOSED, record.state());
        assertEquals(ticket.epoch() + 1, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(CAUSE, record.closeCause());

        assertFalse(record.discard(ticket, 9), "discarded once");
        assertFalse(record.claim(ticket, SECOND), "a discarded transferable cannot be claimed");
        assertEquals(CAUSE, record.closeCause());
    }

    @Test
    void discardOfAClaimedTransferableIsRefused()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        assertTrue(record.claim(ticket, SECOND));
        final long word = record.stateWord();

        assertFalse(record.discard(ticket, CAUSE));
        assertEquals(word, record.stateWord());
        assertEquals(0, record.closeCause());
    }

    @Test
    void closeWorksFromEveryStateOnceAndRecordsItsCause()
    {
        for (final int state : new int[]{ OwnershipRecord.OWNED, OwnershipRecord.IN_TRANSIT,
            OwnershipRecord.CLAIMING })
        {
            record.initialise(FIRST);
            final long epoch = 40 + state;
            setStateWord(epoch, state);

            assertTrue(record.close(CAUSE + state), "close from state " + state);
            assertEquals(OwnershipRecord.CLOSED, record.state());
            assertEquals(epoch + 1, OwnershipRecord.epoch(record.stateWord()));
            assertEquals(CAUSE + state, record.closeCause());

            final long closed = record.stateWord();
            assertFalse(record.close(99), "closed already");
            assertEquals(closed, record.stateWord(), "a second close changes nothing");
            assertEquals(CAUSE + state, record.closeCause(), "the first cause stands");
        }
    }

    @Test
    void closeAfterARealTransitAndClaimStillCloses()
    {
        record.initialise(FIRST);
        assertTrue(record.claim(record.beginTransit(INBOX, random), SECOND));

        assertTrue(record.close(CAUSE));
        assertEquals(OwnershipRecord.CLOSED, record.state());
        // In transit at 1, claiming at 2, owned at 3, closed at 4.
        assertEquals(4, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(CAUSE, record.closeCause());
    }

    @Test
    void closeIfUnchangedClosesWhatWasObserved()
    {
        record.initialise(FIRST);
        record.beginTransit(INBOX, random);
        final long observed = record.stateWord();

        assertTrue(record.closeIfUnchanged(observed, CAUSE));
        assertEquals(OwnershipRecord.CLOSED, record.state());
        assertEquals(OwnershipRecord.epoch(observed) + 1, OwnershipRecord.epoch(record.stateWord()));
        assertEquals(CAUSE, record.closeCause());

        final long closed = record.stateWord();
        assertFalse(record.closeIfUnchanged(closed, 99), "a closed record observed closed stays as it is");
        assertEquals(closed, record.stateWord());
        assertEquals(CAUSE, record.closeCause());
    }

    @Test
    void aTransitThatCompletedMeanwhileStands()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        final long observed = record.stateWord();
        assertTrue(record.claim(ticket, SECOND));
        final long claimed = record.stateWord();

        assertFalse(record.closeIfUnchanged(observed, CAUSE));

        assertEquals(claimed, record.stateWord());
        assertEquals(OwnershipRecord.OWNED, record.state());
        assertEquals(SECOND, record.owner());
        assertEquals(0, record.closeCause(), "no cause for a close that did not happen");
    }

    @Test
    void closeIfUnchangedDoesNotReopenOrReCloseARecordClosedMeanwhile()
    {
        record.initialise(FIRST);
        final long observed = record.stateWord();
        assertTrue(record.close(CAUSE));
        final long closed = record.stateWord();

        assertFalse(record.closeIfUnchanged(observed, 99));
        assertEquals(closed, record.stateWord());
        assertEquals(CAUSE, record.closeCause());
    }

    @Test
    void updateCustodianWorksOnlyDuringThatTransit()
    {
        record.initialise(FIRST);
        final TransitTicket ticket = record.beginTransit(INBOX, random);
        final long word = record.stateWord();
        final Custodian child = new Custodian.Process(4242, 1_700_000_000_000L);

        assertTrue(record.updateCustodian(ticket, child));
        assertEquals(child, record.custodian());
        assertEquals(word, record.stateWord(), "the custodian changes, the state word does not");

        assertFalse(record.updateCustodian(new TransitTicket(ticket.epoch() + 1, 0, 0), INBOX),
            "another transit's ticket");
        assertEquals(child, record.custodian());

        assertTrue(record.claim(ticket, SECOND));
        assertFalse(record.updateCustodian(ticket, INBOX), "after the claim");
        assertEquals(child, record.custodian());

        final TransitTicket again = record.beginTransit(INBOX, random);
        assertTrue(record.close(CAUSE));
        assertFalse(record.updateCustodian(again, child), "after the close");
        assertEquals(INBOX, record.custodian());
    }

    @Test
    void unknownStateValuesReadAsClosedAndNothingMovesThem()
    {
        for (final int scribbled : new int[]{ 0, 5, 6, 0x7F, 0xFF })
        {
            record.initialise(FIRST);
            final TransitTicket ticket = record.beginTransit(INBOX, random);
            setStateWord(ticket.epoch(), scribbled);
            final long word = record.stateWord();

            assertEquals(OwnershipRecord.CLOSED, record.state(), "state " + scribbled);
            assertEquals(OwnershipRecord.CLOSED, OwnershipRecord.state(word));
            assertFalse(record.claim(ticket, SECOND), "claim of state " + scribbled);
            assertFalse(record.discard(ticket, CAUSE), "discard of state " + scribbled);
            assertFalse(record.updateCustodian(ticket, new Custodian.None()), "custodian of state " + scribbled);
            assertFalse(record.close(CAUSE), "close of state " + scribbled);
            assertFalse(record.closeIfUnchanged(word, CAUSE), "closeIfUnchanged of state " + scribbled);
            assertTrue(record.beginTransit(INBOX, random).isLost(), "transit of state " + scribbled);
            assertEquals(word, record.stateWord(), "state " + scribbled + " was changed");
        }
    }

    @Test
    void anUnknownCustodianKindReadsAsNone()
    {
        record.initialise(FIRST);
        record.beginTransit(new Custodian.Process(1, 2), random);
        region.buffer().putLong(RECORD_OFFSET + OwnershipLayout.CUSTODIAN_KIND_OFFSET, 77);

        assertEquals(new Custodian.None(), record.custodian());
    }

    @Test
    void ofManyThreadsClaimingOneTicketExactlyOneWins() throws Exception
    {
        final int threads = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            for (int round = 0; round < 300; round++)
            {
                record.initialise(FIRST);
                final TransitTicket ticket = record.beginTransit(INBOX, random);
                final CyclicBarrier start = new CyclicBarrier(threads);
                final List<Future<Boolean>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final Owner claimant = new Owner(1000 + t, 1, 5000 + t, t);
                    claims.add(pool.submit(() ->
                    {
                        start.await(30, TimeUnit.SECONDS);
                        return record.claim(ticket, claimant);
                    }));
                }
                int winner = -1;
                for (int t = 0; t < threads; t++)
                {
                    if (claims.get(t).get(30, TimeUnit.SECONDS))
                    {
                        assertEquals(-1, winner, "round " + round + ": threads " + winner + " and " + t + " both won");
                        winner = t;
                    }
                }
                assertNotEquals(-1, winner, "round " + round + ": nobody won");
                assertEquals(OwnershipRecord.OWNED, record.state());
                assertEquals(ticket.epoch() + 2, OwnershipRecord.epoch(record.stateWord()));
                assertEquals(new Owner(1000 + winner, 1, 5000 + winner, winner), record.owner(),
                    "round " + round + ": the owner fields are the winner's");
            }
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClaimRacingACloseEitherCompletesBeforeItOrLoses() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            for (int round = 0; round < 1000; round++)
            {
                record.initialise(FIRST);
                final TransitTicket ticket = record.beginTransit(INBOX, random);
                final CyclicBarrier start = new CyclicBarrier(2);
                final Future<Boolean> claim = pool.submit(() ->
                {
                    start.await(30, TimeUnit.SECONDS);
                    return record.claim(ticket, SECOND);
                });
                final Future<Boolean> close = pool.submit(() ->
                {
                    start.await(30, TimeUnit.SECONDS);
                    return record.close(CAUSE);
                });
                final boolean claimed = claim.get(30, TimeUnit.SECONDS);
                assertTrue(close.get(30, TimeUnit.SECONDS), "round " + round + ": the only close must close it");
                assertEquals(OwnershipRecord.CLOSED, record.state());
                assertEquals(CAUSE, record.closeCause());
                // Claimed: owned at +2, then closed at +3. Not claimed: closed from in transit (+1) or from
                // claiming (+2); never a claim that reports success for a record closed under it.
                final long epoch = OwnershipRecord.epoch(record.stateWord());
                if (claimed)
                {
                    assertEquals(ticket.epoch() + 3, epoch, "round " + round);
                }
                else
                {
                    assertTrue(epoch == ticket.epoch() + 1 || epoch == ticket.epoch() + 2,
                        "round " + round + ": epoch " + epoch);
                }
            }
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private void setStateWord(final long epoch, final int state)
    {
        region.buffer().putLongVolatile(RECORD_OFFSET + OwnershipLayout.STATE_OFFSET, (epoch << 8) | state);
    }
}
