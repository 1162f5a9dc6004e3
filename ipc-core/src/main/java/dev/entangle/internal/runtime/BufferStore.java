package dev.entangle.internal.runtime;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.BufferFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.stats.CloseCause;

import java.lang.ref.WeakReference;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The array buffers and shared array buffers of a directory, each a file of its own under {@code buffers/}. A file
 * is deleted (its memory given back once no process maps it) as soon as no holder slot is held by a live owner or
 * carried by a message that can still arrive: when its last holder lets go, or, for holders that died, at the next
 * sweep.
 * <p>
 * A JVM maps each buffer's file once, however often the buffer comes back to it: a mapping lives until nothing in
 * the JVM refers to it (views taken before a transfer may, and must never fault), so a buffer passed back and forth
 * would otherwise leave a mapping behind at every arrival until the next collection, and a fast enough exchange
 * reaches the kernel's limit on mappings per process before the collector runs.
 */
public final class BufferStore
{
    private static final int FIRST_PURGE = 64;

    private final DirectoryRuntime runtime;
    private final ConcurrentHashMap<ChannelId, WeakReference<BufferFile>> mapped = new ConcurrentHashMap<>();
    /** When the table reaches this size, entries whose mapping was collected are dropped. */
    private int purgeAt = FIRST_PURGE;

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
                return remember(BufferFile.create(file(id), id, kind, byteLength, owner));
            }
            catch (final FileAlreadyExistsException taken)
            {
                // A 128-bit id taken already: draw another.
            }
        }
    }

    /**
     * @param id a buffer.
     * @return its file, mapped once in this JVM, or null when it is gone. Never close its region: others share it.
     */
    public BufferFile open(final ChannelId id)
    {
        final Path path = file(id);
        final WeakReference<BufferFile> known = mapped.get(id);
        final BufferFile file = known == null ? null : known.get();
        if (file != null)
        {
            // The mapping outlives the file; a buffer whose file is gone is gone.
            return Files.exists(path) ? file : null;
        }
        final BufferFile opened = BufferFile.open(path, id);
        return opened == null ? null : remember(opened);
    }

    private BufferFile remember(final BufferFile file)
    {
        mapped.put(file.id(), new WeakReference<>(file));
        synchronized (mapped)
        {
            if (mapped.size() >= purgeAt)
            {
                mapped.values().removeIf(reference -> reference.get() == null);
                purgeAt = Math.max(FIRST_PURGE, mapped.size() * 2);
            }
        }
        return file;
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
        final ChannelId id = new ChannelId(entry.high(), entry.low());
        // A mapping of its own, closed below: one from the table may be in use.
        final BufferFile file = BufferFile.open(file(id), id);
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
