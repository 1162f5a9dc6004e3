package dev.entangle.internal.runtime;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Owner;

import java.lang.ref.Cleaner;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The channel files this JVM has mapped for one directory, each once however many of its ports live here. A
 * channel's folder is deleted when the last port of this JVM lets go and both ports are closed; the mapping goes
 * once nothing refers to it any more.
 */
public final class ChannelMappings
{
    private final Layout layout;
    private final SecureRandom random;
    private final Cleaner cleaner;
    private final Map<ChannelId, SharedMapping<ChannelFile>> channels = new HashMap<>();

    ChannelMappings(final Layout layout, final SecureRandom random, final Cleaner cleaner)
    {
        this.layout = layout;
        this.random = random;
        this.cleaner = cleaner;
    }

    /**
     * Creates a channel whose two ports the caller will hold: the file is mapped with two references.
     *
     * @param owner the owner of both ports.
     * @return the channel's file.
     */
    public ChannelFile create(final Owner owner)
    {
        while (true)
        {
            final ChannelId id = ChannelId.random(random);
            final Path folder = layout.channel(id);
            if (!SafeFiles.createDirectory(folder))
            {
                continue;
            }
            final ChannelFile file;
            try
            {
                file = ChannelFile.create(folder, id, owner);
            }
            catch (final FileAlreadyExistsException impossible)
            {
                continue;
            }
            unmapWhenUnreachable(file);
            synchronized (this)
            {
                channels.put(id, new SharedMapping<>(file, 2));
            }
            return file;
        }
    }

    /**
     * Maps an existing channel's file, or takes another reference when this JVM has it mapped.
     *
     * @param id the channel.
     * @return its file, or null when the channel is gone or its file is not valid.
     */
    public synchronized ChannelFile acquire(final ChannelId id)
    {
        SharedMapping<ChannelFile> shared = channels.get(id);
        if (shared == null)
        {
            final ChannelFile file = ChannelFile.open(layout.channel(id), id);
            if (file == null)
            {
                return null;
            }
            unmapWhenUnreachable(file);
            shared = new SharedMapping<>(file, 0);
            channels.put(id, shared);
        }
        shared.references++;
        return shared.value;
    }

    /**
     * A channel's file is read without locks (a port's liveness check, its buffered amount), so unmapping it while
     * a thread of this JVM may still read it would crash the JVM: it is unmapped once nothing refers to it any more.
     */
    private void unmapWhenUnreachable(final ChannelFile file)
    {
        final MappedRegion region = file.region();
        cleaner.register(file, region::close);
    }

    /**
     * Drops a reference to a channel's file; after the last, the channel's folder is deleted when both its ports
     * are closed (nobody can write to it any more).
     *
     * @param file the file.
     */
    public void release(final ChannelFile file)
    {
        final boolean delete;
        synchronized (this)
        {
            final SharedMapping<ChannelFile> shared = channels.get(file.id());
            if (shared == null || shared.value != file || --shared.references > 0)
            {
                return;
            }
            channels.remove(file.id());
            delete = isBothClosed(file);
        }
        if (delete)
        {
            SafeFiles.deleteRecursively(file.folder());
        }
    }

    private static boolean isBothClosed(final ChannelFile file)
    {
        // A truncated mapping must not be touched: in compiled code the fault is raised a little after the access,
        // outside any handler around it. Its folder is left for the sweep, so that the other processes of the
        // channel still find the damaged file where they look for it.
        return !file.region().isTruncated() && file.bothClosed();
    }

    /**
     * @param id a channel.
     * @return true when this JVM has it mapped.
     */
    synchronized boolean isMapped(final ChannelId id)
    {
        return channels.containsKey(id);
    }

    /** Forgets every mapping, as the runtime ends; the cleaner unmaps them. */
    synchronized void clear()
    {
        channels.clear();
    }
}
