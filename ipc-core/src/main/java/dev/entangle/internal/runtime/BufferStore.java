package dev.entangle.internal.runtime;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.BufferFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.stats.CloseCause;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The array buffers and shared array buffers of a directory, each a file of its own under {@code buffers/}. A file
 * is deleted (its memory given back once no process maps it) as soon as no holder slot is held by a live owner or
 * carried by a message that can still arrive: when its last holder lets go, or, for holders that died, at the next
 * sweep.
 */
public final class BufferStore
{
    private final DirectoryRuntime runtime;

    BufferStore(final DirectoryRuntime runtime)
    {
        this.runtime = runtime;
    }

    /**
     * @param kind       {@link BufferFile#ARRAY_BUFFER} or {@link BufferFile#SHARED_ARRAY_BUFFER}.
     * @param byteLength its length.
     * @param owner      the first holder.
     * @return a new buffer's file.
     */
    public BufferFile create(final int kind, final int byteLength, final Owner owner)
    {
        SafeFiles.createDirectory(runtime.layout().buffers());
        while (true)
        {
            final ChannelId id = ChannelId.random(runtime.random());
            try
            {
                return BufferFile.create(file(id), id, kind, byteLength, owner);
            }
            catch (final FileAlreadyExistsException taken)
            {
                // A 128-bit id taken already: draw another.
            }
        }
    }

    /**
     * @param id a buffer.
     * @return its file, or null when it is gone.
     */
    public BufferFile open(final ChannelId id)
    {
        return BufferFile.open(file(id), id);
    }

    /**
     * Lets go of one holder slot, and frees the memory when nothing else holds it.
     *
     * @param file  the buffer.
     * @param slot  the slot.
     * @param cause why, for whoever looks.
     */
    public void release(final BufferFile file, final int slot, final CloseCause cause)
    {
        if (!file.region().isTruncated())
        {
            file.record(slot).close(cause.ordinal());
            deleteIfFree(file);
        }
    }

    /**
     * @param file a buffer.
     * @return true when it was free and its file is now deleted.
     */
    public boolean deleteIfFree(final BufferFile file)
    {
        for (int slot = 0; slot < file.slots(); slot++)
        {
            if (!PortFate.isGone(runtime, file.record(slot)))
            {
                return false;
            }
        }
        SafeFiles.delete(file(file.id()));
        return true;
    }

    void discard(final TransferEntry entry)
    {
        final BufferFile file = open(new ChannelId(entry.high(), entry.low()));
        if (file != null)
        {
            try
            {
                file.record(entry.side()).discard(entry.ticket(), CloseCause.LOST_IN_TRANSIT.ordinal());
                deleteIfFree(file);
            }
            finally
            {
                file.region().close();
            }
        }
    }

    void sweep()
    {
        for (final Path path : SafeFiles.list(runtime.layout().buffers()))
        {
            final ChannelId id = ChannelId.parse(path.getFileName().toString());
            final BufferFile file = id == null ? null : BufferFile.open(path, id);
            if (file != null)
            {
                try
                {
                    deleteIfFree(file);
                }
                finally
                {
                    file.region().close();
                }
            }
        }
    }

    private Path file(final ChannelId id)
    {
        return runtime.layout().buffers().resolve(id.toString());
    }
}
