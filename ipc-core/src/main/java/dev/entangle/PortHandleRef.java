package dev.entangle;

import dev.entangle.internal.stats.CloseCause;

import java.lang.ref.WeakReference;

/**
 * The user's handle of a port, held weakly so that a port the program dropped is closed when collected, and pinned
 * (held strongly) while the port is entangled and has a message listener: its peer "holds a strong reference" to
 * it, as the standard says.
 */
final class PortHandleRef
{
    private final PortState port;
    private WeakReference<PortHandle> handleRef;
    private volatile PortHandle pinned;

    PortHandleRef(final PortState port)
    {
        this.port = port;
    }

    /**
     * @return the user's handle, made when first asked for.
     */
    synchronized PortHandle get()
    {
        PortHandle handle = handleRef == null ? null : handleRef.get();
        if (handle == null)
        {
            handle = new PortHandle(port);
            handleRef = new WeakReference<>(handle);
            if (port.phase() == PortState.Phase.ACTIVE)
            {
                port.context.runtime().cleaner().register(handle, new GarbageCollected(port, this));
            }
            updatePin();
        }
        return handle;
    }

    synchronized void updatePin()
    {
        final PortHandle handle = handleRef == null ? null : handleRef.get();
        pinned = port.listeners.isListening() && port.phase() == PortState.Phase.ACTIVE ? handle : null;
    }

    void unpin()
    {
        pinned = null;
    }

    /** Closes a port whose handle was garbage collected without {@code close()}; must not refer to the handle. */
    private static final class GarbageCollected implements Runnable
    {
        private final PortState port;
        private final PortHandleRef ref;

        GarbageCollected(final PortState port, final PortHandleRef ref)
        {
            this.port = port;
            this.ref = ref;
        }

        @Override
        public void run()
        {
            if (port.phase() == PortState.Phase.ACTIVE && ref.pinned == null)
            {
                port.close(CloseCause.GARBAGE_COLLECTED);
            }
        }
    }
}
