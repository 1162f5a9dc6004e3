package dev.entangle.soak;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's account of where ends are and which closes a kill owes, fed report lines as participants write them,
 * in the orders that pipes read in any order can give.
 */
class LedgerTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Ledger ledger = new Ledger();

    /** Stream s: its writer in a (pid 1), its reader sent from a to b (pid 2), where it arrived. */
    private void stream(final String s)
    {
        ledger.report("a", 1, "H " + s + " w 0");
        ledger.report("a", 1, "H " + s + " r 0");
        ledger.report("a", 1, "G " + s + " r 1 b 0");
        ledger.report("b", 2, "H " + s + " r 1");
    }

    @Test
    void aKillOwesACloseToTheSurvivingEndAndTimesIt()
    {
        stream("s");
        ledger.killed("a", 1, 1_000 * MS);
        assertTrue(ledger.awaitingCloses());
        ledger.report("b", 2, "C s r " + 1_250 * MS);
        assertFalse(ledger.awaitingCloses());
        final Totals totals = ledger.totals();
        assertEquals(1, totals.closesTimed());
        assertEquals(0, totals.closesMissing());
        assertEquals(250, totals.closeMax(), 0.001);
    }

    @Test
    void aCloseThatNeverComesIsAFailureOnceTheLimitPassed()
    {
        stream("s");
        ledger.killed("b", 2, 0);
        ledger.tick(Ledger.CLOSE_LIMIT_NANOS);
        assertTrue(ledger.awaitingCloses());
        ledger.tick(Ledger.CLOSE_LIMIT_NANOS + 1);
        final Totals totals = ledger.totals();
        assertEquals(1, totals.closesMissing());
        assertTrue(totals.failures().get(0).contains("no close within 10 s on stream s after the kill of b"),
            totals.failures().toString());
    }

    @Test
    void anEndSentAwayBeforeTheKillOwesNothingEvenWhenTheNewsComesLate()
    {
        stream("s");
        // b gave the reader to c just before it was killed; the line is read after the kill.
        ledger.killed("b", 2, 0);
        ledger.report("b", 2, "G s r 2 c 0");
        assertFalse(ledger.awaitingCloses());
        assertEquals(1, ledger.totals().dropped());
    }

    @Test
    void anEndThatArrivedElsewhereFirstOwesNothing()
    {
        stream("s");
        // c reports holding the reader at a later hop before b's report of giving it is read.
        ledger.killed("b", 2, 0);
        ledger.report("c", 3, "H s r 2");
        assertFalse(ledger.awaitingCloses());
    }

    @Test
    void anEndSentToANameAfterItsHolderDiedWaitsForTheNextIncarnation()
    {
        ledger.report("a", 1, "H s w 0");
        ledger.report("a", 1, "H s r 0");
        ledger.report("a", 1, "G s r 1 b 0");
        ledger.killed("b", 2, 0);
        // The kill found the reader on its way to b; b's next incarnation took it, so it was not lost.
        assertTrue(ledger.awaitingCloses());
        ledger.report("b", 5, "H s r 1");
        assertFalse(ledger.awaitingCloses());
    }

    @Test
    void aSurvivorSentToTheKilledProcessBeforeItWasGoneOwesNothing()
    {
        stream("s");
        ledger.killed("b", 2, 1_000 * MS);
        ledger.exited(2, 1_010 * MS);
        // a sent the writer to b just as it was killed: discarded with b, perhaps, and then no end is left.
        ledger.report("a", 1, "G s w 1 b " + 1_005 * MS);
        assertFalse(ledger.awaitingCloses());
    }

    @Test
    void aSurvivorSentToTheKilledNameBeforeTheLibraryCouldKnowOwesNothingAndIsCounted()
    {
        stream("s");
        ledger.killed("b", 2, 1_000 * MS);
        ledger.exited(2, 1_010 * MS);
        ledger.report("a", 1, "G s w 1 b " + 1_200 * MS);
        assertFalse(ledger.awaitingCloses());
        assertEquals(1, ledger.totals().sentToTheDead());
    }

    @Test
    void aSurvivorSentToTheKilledNameOnceItWasKnownGoneStillOwesAClose()
    {
        stream("s");
        ledger.killed("b", 2, 1_000 * MS);
        ledger.exited(2, 1_010 * MS);
        // Sent well after b was gone: it waits for b's next incarnation, which sees close.
        ledger.report("a", 1, "G s w 1 b " + 2_500 * MS);
        assertTrue(ledger.awaitingCloses());
        ledger.report("b", 9, "H s w 1");
        ledger.report("b", 9, "C s w " + 4_000 * MS);
        assertFalse(ledger.awaitingCloses());
        assertEquals(3_000, ledger.totals().closeMax(), 0.001);
        assertEquals(0, ledger.totals().sentToTheDead());
    }

    @Test
    void theOtherEndKilledTooOwesNothing()
    {
        stream("s");
        ledger.killed("a", 1, 0);
        ledger.killed("b", 2, 10 * MS);
        assertFalse(ledger.awaitingCloses());
        assertEquals(0, ledger.livePorts(false));
    }

    @Test
    void bothEndsInTheKilledProcessOweNothing()
    {
        ledger.report("a", 1, "H s w 0");
        ledger.report("a", 1, "H s r 0");
        ledger.killed("a", 1, 0);
        assertFalse(ledger.awaitingCloses());
        assertEquals(0, ledger.totals().dropped());
    }

    @Test
    void reportsReadOutOfOrderAgreeOnWhereAnEndIs()
    {
        stream("s");
        // b gave the reader to c, c gave it to d; d's and c's lines are read before b's.
        ledger.report("d", 4, "H s r 3");
        ledger.report("c", 3, "G s r 3 d 0");
        ledger.report("c", 3, "H s r 2");
        ledger.report("b", 2, "G s r 2 c 0");
        ledger.killed("c", 3, 0);
        assertFalse(ledger.awaitingCloses());
        ledger.killed("d", 4, 0);
        assertTrue(ledger.awaitingCloses());
    }

    @Test
    void violationsAreCountedByKindAndFailTheSoak()
    {
        ledger.report("b", 2, "V s gap 5 7");
        ledger.report("b", 2, "V s repeat 8 7");
        final Totals totals = ledger.totals();
        assertEquals(2, totals.violations());
        assertEquals(1L, totals.byKind().get(Report.GAP));
        assertEquals(1L, totals.byKind().get(Report.REPEAT));
        assertEquals(2, totals.failures().size());
    }

    @Test
    void countersAreTheSumOfEachIncarnationsLastReport()
    {
        ledger.report("a", 1, "S 10 20 1 0 100");
        ledger.report("a", 1, "S 15 30 2 0 300");
        ledger.report("a", 7, "S 5 5 0 1 200");
        ledger.report("a", 7, "S 5 5 0");
        final Totals totals = ledger.totals();
        assertEquals(20, totals.delivered());
        assertEquals(35, totals.sent());
        assertEquals(1, totals.missedLow());
        assertEquals(300, totals.maxBuffered());
        assertEquals(1, totals.malformed());
    }

    @Test
    void streamsThatEndedCountTowardTheBoundForAWhile()
    {
        stream("s");
        stream("t");
        ledger.killed("a", 1, 0);
        ledger.report("b", 2, "C s r " + 100 * MS);
        assertEquals(2, ledger.streamsHeld(200 * MS, Coordinator.RECLAIM_NANOS));
        assertEquals(1, ledger.streamsHeld(100 * MS + Coordinator.RECLAIM_NANOS + 1, Coordinator.RECLAIM_NANOS));
    }
}
