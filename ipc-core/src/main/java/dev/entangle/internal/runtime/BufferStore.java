package dev.entangle.internal.runtime;

import dev.entangle.internal.handshake.TransferEntry;

/**
 * The array buffers of a directory: each a file of its own under {@code buffers/}, owned like a port. (Filled in by
 * the transferable buffers; until then there are none.)
 */
public final class BufferStore
{
    private final DirectoryRuntime runtime;

    BufferStore(final DirectoryRuntime runtime)
    {
        this.runtime = runtime;
    }

    void discard(final TransferEntry entry)
    {
        // No buffers yet.
    }

    void sweep()
    {
        if (runtime.layout().buffers() == null)
        {
            throw new IllegalStateException("no buffers folder");
        }
    }
}
