package dev.entangle;

import dev.entangle.internal.handshake.BufferFile;
import dev.entangle.internal.stats.CloseCause;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder slot of a buffer held by a context: let go exactly once, by {@code close()}, by a transfer, by the
 * context closing, or by the cleaner once the holding object was garbage collected. It must not refer to that object.
 */
final class BufferHold implements Runnable
{
    final ContextCore context;
    final BufferFile file;
    final int slot;
    private final AtomicBoolean released = new AtomicBoolean();

    BufferHold(final ContextCore context, final BufferFile file, final int slot)
    {
        this.context = context;
        this.file = file;
        this.slot = slot;
        context.holdBuffer(this);
    }

    /**
     * @return true until the slot was let go (or handed on).
     */
    boolean isHeld()
    {
        return !released.get();
    }

    /**
     * Lets go of the slot; the memory is freed when nothing else holds it.
     *
     * @return true when this call let go.
     */
    boolean release(final CloseCause cause)
    {
        if (!released.compareAndSet(false, true))
        {
            return false;
        }
        context.dropBuffer(this);
        try
        {
            context.runtime().buffers().release(file, slot, cause);
        }
        catch (final InternalError ex)
        {
            context.onFault(ex);
        }
        return true;
    }

    /**
     * Marks the slot handed on (to a message); nothing is released here.
     *
     * @return true when it was still held.
     */
    boolean handOn()
    {
        if (!released.compareAndSet(false, true))
        {
            return false;
        }
        context.dropBuffer(this);
        return true;
    }

    /** Called by the cleaner: the holding object was collected without {@code close()}. */
    @Override
    public void run()
    {
        release(CloseCause.GARBAGE_COLLECTED);
    }
}
