package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.broadcast.BroadcastFile;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.runtime.DirectoryRuntime;

/**
 * Wakes a broadcast channel's receivers after a message was appended: one ring of each receiver's doorbell slot,
 * those left out included (so that they skip ahead). Each slot's doorbell is mapped once
 * and kept while the same receiver holds the slot. Called under the channel's monitor.
 */
final class BroadcastRinger
{
    private final DirectoryRuntime runtime;
    private final long[] receivers = new long[BroadcastDescriptor.SLOTS];
    private final long[] contexts = new long[BroadcastDescriptor.SLOTS];
    private final int[] bellSlots = new int[BroadcastDescriptor.SLOTS];
    private final Doorbell[] bells = new Doorbell[BroadcastDescriptor.SLOTS];
    private int bound;

    BroadcastRinger(final DirectoryRuntime runtime)
    {
        this.runtime = runtime;
    }

    /**
     * @param file    the channel's control file.
     * @param ownSlot a slot not to ring (the sender's own, when it does not listen), or -1.
     */
    void ring(final BroadcastFile file, final int ownSlot)
    {
        for (int slot = 0, used = file.slotsUsed(); slot < used; slot++)
        {
            if (slot == ownSlot || file.state(slot) == BroadcastDescriptor.FREE)
            {
                continue;
            }
            final long receiver = file.receiverId(slot);
            if (receiver != receivers[slot] && !bind(file, slot, receiver))
            {
                continue;
            }
            final Doorbell bell = bells[slot];
            if (bell != null && !bell.isDamaged())
            {
                bell.ring(bellSlots[slot]);
            }
        }
    }

    /**
     * Maps the doorbell of the receiver that now holds a slot.
     *
     * @return false when the slot changed hands while it was read: the next message looks again.
     */
    private boolean bind(final BroadcastFile file, final int slot, final long receiver)
    {
        final long context = file.contextId(slot);
        final int bellSlot = file.doorbellSlot(slot);
        if (file.receiverId(slot) != receiver)
        {
            return false;
        }
        if (bells[slot] == null || contexts[slot] != context)
        {
            unbind(slot);
            bells[slot] = runtime.doorbells().acquire(context);
            contexts[slot] = context;
        }
        receivers[slot] = receiver;
        bellSlots[slot] = bellSlot;
        bound = Math.max(bound, slot + 1);
        return true;
    }

    private void unbind(final int slot)
    {
        if (bells[slot] != null)
        {
            runtime.doorbells().release(contexts[slot], bells[slot]);
            bells[slot] = null;
        }
    }

    /**
     * Lets go of every doorbell.
     */
    void release()
    {
        for (int slot = 0; slot < bound; slot++)
        {
            unbind(slot);
            receivers[slot] = 0;
        }
        bound = 0;
    }
}
