package dev.entangle.internal.runtime;

import dev.entangle.internal.broadcast.BroadcastSweep;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.handshake.Doorbell;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Removes what dead processes left behind: channels neither of whose ports can ever be used again, doorbells of
 * contexts whose process is gone, the inboxes and folders of names nobody holds (see {@link InboxJanitor}), and
 * broadcast channels whose every participant is dead (see {@link BroadcastSweep}).
 */
final class Sweeper
{
    private static final long ABANDONED_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final DirectoryRuntime runtime;
    private final InboxJanitor janitor;

    Sweeper(final DirectoryRuntime runtime)
    {
        this.runtime = runtime;
        this.janitor = new InboxJanitor(runtime);
    }

    void sweep(final long graceMillis)
    {
        sweepChannels();
        sweepDoorbells();
        sweepContexts(graceMillis);
        runtime.sweepBuffers();
        BroadcastSweep.sweep(runtime.layout().broadcasts(), runtime.processWatch());
    }

    /**
     * @param name a context name nobody may hold.
     * @param graceMillis how long a dead holder's folder is kept.
     * @return how many expired messages were discarded.
     */
    int cleanInbox(final String name, final long graceMillis)
    {
        return janitor.clean(name, System.currentTimeMillis(), graceMillis);
    }

    private void sweepChannels()
    {
        final long now = System.currentTimeMillis();
        for (final Path folder : SafeFiles.list(runtime.layout().channels()))
        {
            final ChannelId id = ChannelId.parse(folder.getFileName().toString());
            if (id == null || runtime.channels().isMapped(id))
            {
                continue;
            }
            final ChannelFile file = ChannelFile.open(folder, id);
            if (file == null)
            {
                if (ageMillis(folder, now) > ABANDONED_MILLIS)
                {
                    SafeFiles.deleteRecursively(folder);
                }
                continue;
            }
            final boolean gone;
            try
            {
                gone = PortFate.isGone(runtime, file.record(0)) && PortFate.isGone(runtime, file.record(1));
            }
            finally
            {
                file.close();
            }
            if (gone)
            {
                SafeFiles.deleteRecursively(folder);
            }
        }
    }

    private void sweepDoorbells()
    {
        for (final Path file : SafeFiles.list(runtime.layout().doorbells()))
        {
            final Doorbell bell = Doorbell.open(file);
            if (bell == null)
            {
                continue;
            }
            final boolean dead;
            try
            {
                dead = !runtime.processWatch().isAliveNow(bell.ownerPid(), bell.ownerStart());
            }
            finally
            {
                bell.close();
            }
            if (dead)
            {
                SafeFiles.delete(file);
            }
        }
    }

    private void sweepContexts(final long graceMillis)
    {
        final long now = System.currentTimeMillis();
        for (final Path folder : SafeFiles.list(runtime.layout().contexts()))
        {
            janitor.clean(folder.getFileName().toString(), now, graceMillis);
        }
    }

    private static long ageMillis(final Path folder, final long nowMillis)
    {
        try
        {
            return nowMillis - Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toMillis();
        }
        catch (final java.io.IOException ex)
        {
            return 0;
        }
    }
}
