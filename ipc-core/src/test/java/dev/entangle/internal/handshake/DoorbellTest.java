package dev.entangle.internal.handshake;

import dev.entangle.internal.fs.MappedRegion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context's doorbell on a real mapped file: each slot rings its own bit and the summary bit of its word, slots
 * beyond the bitmap share the overflow flag, the sequence moves whenever something new was rung, and a ring that
 * lands after the owner took its word is kept for the next take, so that with many writers ringing while the owner
 * takes, no ring is ever lost.
 */
@Timeout(120)
class DoorbellTest
{
    /** The slot a source past the bitmap, or without a slot, is seen as here. */
    private static final int OVERFLOW = Doorbell.SLOTS;

    @TempDir
    Path dir;

    private Doorbell bell;

    @BeforeEach
    void create()
    {
        bell = Doorbell.create(dir.resolve("bell"), 1234, 5678);
    }

    @AfterEach
    void close()
    {
        bell.close();
    }

    @Test
    void aFreshDoorbellHasNothingRungAndNamesItsOwner()
    {
        assertEquals(1234, bell.ownerPid());
        assertEquals(5678, bell.ownerStart());
        assertEquals(0, bell.sequence());
        assertTrue(take(bell).isEmpty());
        assertFalse(bell.takeOverflow());
    }

    @Test
    void everySlotRingsItsOwnBitAndTheSummaryBitOfItsWord()
    {
        for (int slot = 0; slot < Doorbell.SLOTS; slot++)
        {
            final long before = bell.sequence();
            bell.ring(slot);
            assertNotEquals(before, bell.sequence(), "slot " + slot + " did not move the sequence");

            final int word = slot >>> 6;
            final long summary = bell.takeSummary(word >>> 6);
            assertEquals(1L << (word & 63), summary, "summary for slot " + slot);
            for (int other = 0; other < Doorbell.SUMMARY_WORDS; other++)
            {
                assertEquals(0, bell.takeSummary(other), "another summary word for slot " + slot);
            }
            assertEquals(1L << (slot & 63), bell.takeWord(word), "word for slot " + slot);
            assertEquals(0, bell.takeWord(word), "a taken word is cleared");
            assertFalse(bell.takeOverflow(), "slot " + slot + " is not overflow");
        }
    }

    @Test
    void manySlotsRungTogetherAreAllTakenAtOnce()
    {
        final BitSet rung = new BitSet();
        for (int slot = 0; slot < Doorbell.SLOTS; slot += 97)
        {
            bell.ring(slot);
            rung.set(slot);
        }
        bell.ring(Doorbell.SLOTS - 1);
        rung.set(Doorbell.SLOTS - 1);

        assertEquals(rung, take(bell));
        assertTrue(take(bell).isEmpty(), "everything was taken");
    }

    @Test
    void slotsPastTheBitmapAndNoSlotShareTheOverflowFlag()
    {
        for (final int slot : new int[]{ Doorbell.NO_SLOT, Doorbell.SLOTS, Doorbell.SLOTS + 1, Integer.MAX_VALUE,
            Integer.MIN_VALUE })
        {
            final long before = bell.sequence();
            bell.ring(slot);
            assertNotEquals(before, bell.sequence(), "slot " + slot + " did not move the sequence");
            for (int s = 0; s < Doorbell.SUMMARY_WORDS; s++)
            {
                assertEquals(0, bell.takeSummary(s), "overflow slot " + slot + " set a summary bit");
            }
            assertTrue(bell.takeOverflow(), "slot " + slot);
            assertFalse(bell.takeOverflow(), "the overflow flag is cleared by taking it");
        }
    }

    @Test
    void aSecondRingOfASlotNotYetTakenDoesNotMoveTheSequence()
    {
        bell.ring(70);
        final long once = bell.sequence();
        bell.ring(70);
        assertEquals(once, bell.sequence(), "the first ring's sequence covers it");

        assertEquals(bitSet(70), take(bell));
        bell.ring(70);
        assertNotEquals(once, bell.sequence(), "rung again after it was taken");
        assertEquals(bitSet(70), take(bell));
    }

    @Test
    void aBitSetAfterItsSummaryWasTakenSurvivesToTheNextTake()
    {
        bell.ring(64);
        final long summary = bell.takeSummary(0);
        assertEquals(1L << 1, summary);
        // Rung between the owner's take of the summary and its take of the word: the word take sees both, and the
        // summary bit set again by the second ring makes the next take look at the word once more (finding nothing).
        bell.ring(65);
        assertEquals((1L << 0) | (1L << 1), bell.takeWord(1));
        assertTrue(take(bell).isEmpty());
    }

    @Test
    void aBitSetAfterItsWordWasTakenSurvivesToTheNextTake()
    {
        bell.ring(130);
        assertEquals(1L << 2, bell.takeSummary(0));
        assertEquals(1L << 2, bell.takeWord(2));
        final long afterTake = bell.sequence();

        bell.ring(130);
        bell.ring(131);

        assertNotEquals(afterTake, bell.sequence());
        assertEquals(bitSet(130, 131), take(bell));
    }

    @Test
    void aRingIsVisibleThroughAnotherMappingOfTheSameFile()
    {
        final Doorbell other = Doorbell.open(dir.resolve("bell"));
        assertNotNull(other);
        try
        {
            assertEquals(1234, other.ownerPid());
            other.ring(9000);
            other.ring(Doorbell.NO_SLOT);
            assertEquals(2, bell.sequence());
            assertEquals(bitSet(9000), take(bell));
            assertTrue(bell.takeOverflow());
        }
        finally
        {
            other.close();
        }
    }

    @Test
    void openRefusesAMissingFileAWrongSizeAndAnotherFormat() throws IOException
    {
        assertNull(Doorbell.open(dir.resolve("missing")));

        final Path small = dir.resolve("small");
        Files.write(small, new byte[Doorbell.LENGTH - 8]);
        assertNull(Doorbell.open(small));

        final Path large = dir.resolve("large");
        Files.write(large, new byte[Doorbell.LENGTH + 8]);
        assertNull(Doorbell.open(large));

        final Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[Doorbell.LENGTH]);
        assertNull(Doorbell.open(zeros), "a file never published");

        final byte[] copy = Files.readAllBytes(dir.resolve("bell"));
        copy[0] ^= 1;
        final Path magic = dir.resolve("magic");
        Files.write(magic, copy);
        assertNull(Doorbell.open(magic), "another magic");

        copy[0] ^= 1;
        copy[4] ^= 1;
        final Path version = dir.resolve("version");
        Files.write(version, copy);
        assertNull(Doorbell.open(version), "another version");
    }

    @Test
    void createReplacesADoorbellLeftBehind()
    {
        bell.ring(3);
        final Doorbell again = Doorbell.create(dir.resolve("bell"), 99, 100);
        try
        {
            assertEquals(99, again.ownerPid());
            assertEquals(0, again.sequence());
            assertTrue(take(again).isEmpty(), "the new doorbell starts clean");
        }
        finally
        {
            again.close();
        }
    }

    @Test
    void openedFilesAreNotTruncatedAndTheMappingIsWhole()
    {
        final MappedRegion region = bell.region();
        assertEquals(Doorbell.LENGTH, region.length());
        assertFalse(region.isTruncated());
        assertFalse(bell.checkDamage());
        assertFalse(bell.isDamaged());
    }

    @Test
    void withManyWritersRingingWhileTheOwnerTakesNoRingIsLost() throws Exception
    {
        // Slots spread over the first word, other words, every summary word and the overflow flag; some are rung
        // by every writer at once.
        final int[] slots = { 0, 1, 63, 64, 127, 4095, 4096, 8191, 8192, 12287, 12288, 16382, 16383, OVERFLOW };
        final int writers = 4;
        final int ringsPerWriter = 20_000;
        // What a source would find when polled: a count of its appends, made before each ring.
        final AtomicLongArray appended = new AtomicLongArray(OVERFLOW + 1);
        final long[] seen = new long[OVERFLOW + 1];
        final AtomicBoolean writing = new AtomicBoolean(true);
        final ExecutorService pool = Executors.newFixedThreadPool(writers);
        final CyclicBarrier start = new CyclicBarrier(writers + 1);
        try
        {
            final List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++)
            {
                final int writer = w;
                done.add(pool.submit(() ->
                {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < ringsPerWriter; i++)
                    {
                        final int slot = slots[(i * (writer + 1) + writer) % slots.length];
                        appended.incrementAndGet(slot);
                        bell.ring(slot == OVERFLOW ? Doorbell.NO_SLOT : slot);
                    }
                    return null;
                }));
            }
            start.await(30, TimeUnit.SECONDS);
            final Thread owner = new Thread(() ->
            {
                long lastSequence = -1;
                boolean last = false;
                while (!last)
                {
                    // Once the writers are done, one more cycle: the sequence alone must say whether to take.
                    last = !writing.get();
                    final long sequence = bell.sequence();
                    if (sequence != lastSequence)
                    {
                        lastSequence = sequence;
                        final BitSet rung = take(bell);
                        if (bell.takeOverflow())
                        {
                            rung.set(OVERFLOW);
                        }
                        // Polling after the take sees every append made before the ring that set the bit.
                        rung.stream().forEach(slot -> seen[slot] = appended.get(slot));
                    }
                }
            }, "doorbell-owner");
            owner.start();
            for (final Future<?> writer : done)
            {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            owner.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(owner.isAlive(), "the owner did not finish");
        }
        finally
        {
            writing.set(false);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        long total = 0;
        for (final int slot : slots)
        {
            assertEquals(appended.get(slot), seen[slot], "slot " + slot + ": its last append was never polled");
            total += appended.get(slot);
        }
        assertEquals((long)writers * ringsPerWriter, total);
    }

    /**
     * Takes every rung slot as the event loop does: the summary words, then the bitmap words they name.
     */
    private static BitSet take(final Doorbell bell)
    {
        final BitSet rung = new BitSet();
        for (int s = 0; s < Doorbell.SUMMARY_WORDS; s++)
        {
            long summary = bell.takeSummary(s);
            while (summary != 0)
            {
                final int word = s * 64 + Long.numberOfTrailingZeros(summary);
                summary &= summary - 1;
                long bits = bell.takeWord(word);
                while (bits != 0)
                {
                    rung.set(word * 64 + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
        }
        return rung;
    }

    private static BitSet bitSet(final int... slots)
    {
        final BitSet set = new BitSet();
        for (final int slot : slots)
        {
            set.set(slot);
        }
        return set;
    }
}
