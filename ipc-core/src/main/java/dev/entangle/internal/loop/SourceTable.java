package dev.entangle.internal.loop;

import dev.entangle.internal.handshake.Doorbell;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The sources of a loop, and which doorbell slot each one was given. Changed by any thread under this object's
 * monitor; read by the loop's thread without it (the array is replaced whole, the slots are looked up by slot).
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
     * @return the source given that slot, or null.
     */
    LoopSource inSlot(final int slot)
    {
        return bySlot[slot];
    }
}
