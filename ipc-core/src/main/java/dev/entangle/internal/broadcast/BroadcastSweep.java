package dev.entangle.internal.broadcast;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.lane.LaneDescriptor;
import dev.entangle.internal.lane.LaneReaders;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.process.ProcessWatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Removes what dead participants left in the broadcast folder: the slots of dead processes, rings nobody reads any
 * more, and the folders of channels whose every participant is dead (or that never became valid).
 */
public final class BroadcastSweep
{
    private static final long ABANDONED_MILLIS = TimeUnit.MINUTES.toMillis(1);
    /** The sweep only takes the lane's lock; it never writes a ring. */
    private static final LaneSettings LOCK_ONLY = new LaneSettings(LaneDescriptor.MIN_CAPACITY, 0, false);

    private BroadcastSweep()
    {
    }

    /**
     * @param broadcasts the folder of broadcast channels.
     * @param watch      the liveness of processes.
     * @return how many channel folders were removed.
     */
    public static int sweep(final Path broadcasts, final ProcessWatch watch)
    {
        int removed = 0;
        final long now = System.currentTimeMillis();
        for (final Path folder : SafeFiles.list(broadcasts))
        {
            if (!BroadcastDescriptor.isKey(folder.getFileName().toString()))
            {
                continue;
            }
            final BroadcastFile file = BroadcastFile.openExisting(folder);
            if (file == null)
            {
                if (ageMillis(folder, now) > ABANDONED_MILLIS)
                {
                    SafeFiles.deleteRecursively(folder);
                    removed++;
                }
                continue;
            }
            try
            {
                removed += tidy(file, watch) ? 1 : 0;
            }
            finally
            {
                file.close();
            }
        }
        return removed;
    }

    /**
     * Under the lane's lock: frees dead participants' slots, then removes the folder when nobody is left, or
     * deletes the rings nobody reads.
     *
     * @return true when the folder was removed.
     */
    private static boolean tidy(final BroadcastFile file, final ProcessWatch watch)
    {
        final BroadcastTable table = new BroadcastTable(file, watch);
        final boolean[] removed = {false};
        try (LaneWriter locker = new LaneWriter(file.lane(), table::slowestHead, file.rings(), LOCK_ONLY, true))
        {
            locker.locked(() ->
            {
                if (LaneReaders.isRetired(file.lane()))
                {
                    return;
                }
                if (table.isEmpty())
                {
                    LaneReaders.retire(file.lane());
                    file.deleteFiles();
                    removed[0] = true;
                }
                else
                {
                    table.deleteUnreadRings();
                }
            });
        }
        return removed[0];
    }

    private static long ageMillis(final Path folder, final long nowMillis)
    {
        try
        {
            return nowMillis - Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toMillis();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
