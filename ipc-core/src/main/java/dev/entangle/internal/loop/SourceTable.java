package dev.entangle.internal.loop;

import dev.entangle.internal.handshake.Doorbell;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.ToIntFunction;

/**
 * The sources of a loop, which doorbell slot each one was given, and the walk from rung slots to sources. Changed by
 * any thread under this object's monitor; read by the loop's thread without it (the array is replaced whole, the
 * slots are looked up by slot).
 */
final class SourceTable
{
    private static final LoopSource[] NO_SOURCES = new LoopSource[0];

    private final LoopSource[] bySlot = new LoopSource[Doorbell.SLOTS];
    private final BitSet usedSlots = new BitSet(Doorbell.SLOTS);
    private volatile LoopSource[] sources = NO_SOURCES;

    /**
     * @return its slot, or {@link Doorbell#NO_SLOT} when all are taken.
     */
    synchronized int add(final LoopSource source)
    {
        final LoopSource[] current = sources;
        final LoopSource[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = source;
        sources = next;
        final int slot = usedSlots.nextClearBit(0);
        if (slot >= Doorbell.SLOTS)
        {
            return Doorbell.NO_SLOT;
        }
        usedSlots.set(slot);
        bySlot[slot] = source;
        return slot;
    }

    synchronized void remove(final LoopSource source, final int slot)
    {
        if (slot >= 0 && bySlot[slot] == source)
        {
            bySlot[slot] = null;
            usedSlots.clear(slot);
        }
        final LoopSource[] current = sources;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == source)
            {
                final LoopSource[] next = new LoopSource[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                sources = next;
                return;
            }
        }
    }

    LoopSource[] all()
    {
        return sources;
    }

    /**
     * Polls the sources whose slots were rung, taking the bits it reads; every source when the overflow flag was set
     * (sources beyond the last slot share it). Called by the loop's thread.
     *
     * @param bell the loop's doorbell.
     * @param poll polls one source and says how much work it did.
     * @return the work done.
     */
    int pollRung(final Doorbell bell, final ToIntFunction<LoopSource> poll)
    {
        int work = 0;
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
                    final LoopSource source = bySlot[word * 64 + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                    if (source != null)
                    {
                        work += poll.applyAsInt(source);
                    }
                }
            }
        }
        if (bell.takeOverflow())
        {
            for (final LoopSource source : sources)
            {
                work += poll.applyAsInt(source);
            }
        }
        return work;
    }
}
