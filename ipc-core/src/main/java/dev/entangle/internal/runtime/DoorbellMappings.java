package dev.entangle.internal.runtime;

import dev.entangle.internal.handshake.Doorbell;

import java.util.HashMap;
import java.util.Map;

/**
 * The doorbells this JVM has mapped for one directory, each once: contexts' own, and those of contexts their ports'
 * peers live in. Unmapped when the last user lets go.
 */
public final class DoorbellMappings
{
    private final Layout layout;
    private final Map<Long, SharedMapping<Doorbell>> doorbells = new HashMap<>();

    DoorbellMappings(final Layout layout)
    {
        this.layout = layout;
    }

    /**
     * Maps the doorbell of a context, or takes another reference to it.
     *
     * @param contextId the context.
     * @return the doorbell, or null when it has none (closed, or never opened).
     */
    public synchronized Doorbell acquire(final long contextId)
    {
        SharedMapping<Doorbell> shared = doorbells.get(contextId);
        if (shared == null)
        {
            final Doorbell bell = Doorbell.open(layout.doorbell(contextId));
            if (bell == null)
            {
                return null;
            }
            shared = new SharedMapping<>(bell, 0);
            doorbells.put(contextId, shared);
        }
        shared.references++;
        return shared.value;
    }

    /**
     * Registers a context's own doorbell, so that ports of this JVM ring the same mapping.
     *
     * @param contextId the context.
     * @param bell      its doorbell, with one reference held by the context.
     */
    public synchronized void add(final long contextId, final Doorbell bell)
    {
        doorbells.put(contextId, new SharedMapping<>(bell, 1));
    }

    /**
     * Drops a reference to a doorbell; the last unmaps it.
     *
     * @param contextId the doorbell's context.
     * @param bell      the doorbell.
     */
    public synchronized void release(final long contextId, final Doorbell bell)
    {
        final SharedMapping<Doorbell> shared = doorbells.get(contextId);
        if (shared != null && shared.value == bell && --shared.references == 0)
        {
            doorbells.remove(contextId);
            bell.close();
        }
    }

    /**
     * After a fault: every mapped doorbell looks whether its file was truncated.
     *
     * @return true when one was.
     */
    synchronized boolean checkDamage()
    {
        boolean found = false;
        for (final SharedMapping<Doorbell> shared : doorbells.values())
        {
            found |= shared.value.checkDamage() || shared.value.isDamaged();
        }
        return found;
    }

    /** Unmaps everything, as the runtime ends. */
    synchronized void clear()
    {
        doorbells.values().forEach(shared -> shared.value.close());
        doorbells.clear();
    }
}
