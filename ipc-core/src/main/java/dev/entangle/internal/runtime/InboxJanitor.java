package dev.entangle.internal.runtime;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Envelope;
import dev.entangle.internal.lane.LaneReader;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;

import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Looks after the inbox of a name that no live context holds: messages that waited longer than their sender's
 * expiry are discarded (the transferables they carry closed for their peers), and once nothing waits the name's
 * folder is removed — at once when nobody held the name, or after a grace period when its holder died, so that an
 * operator can still read the error log it left. It acts only while holding the name's lock, as a holder would.
 */
final class InboxJanitor
{
    /** A folder with no valid record this long after it was made was abandoned mid-creation. */
    private static final long ABANDONED_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final LaneSettings RETIRE_SETTINGS = new LaneSettings(
        dev.entangle.internal.lane.LaneDescriptor.MIN_CAPACITY, 0, false);

    private final DirectoryRuntime runtime;

    InboxJanitor(final DirectoryRuntime runtime)
    {
        this.runtime = runtime;
    }

    /**
     * @param name        a context name.
     * @param nowMillis   the time now.
     * @param graceMillis how long a dead holder's folder is kept.
     * @return how many messages were discarded.
     */
    int clean(final String name, final long nowMillis, final long graceMillis)
    {
        final FileLock lock = runtime.tryLockName(name);
        if (lock == null)
        {
            return 0;
        }
        try
        {
            final Path folder = runtime.layout().context(name);
            final ContextRecord record = ContextRecord.openExisting(folder);
            if (record == null)
            {
                if (SafeFiles.exists(folder) && ageMillis(folder, nowMillis) > ABANDONED_MILLIS)
                {
                    SafeFiles.deleteRecursively(folder);
                }
                return 0;
            }
            try
            {
                final int discarded = expire(record, nowMillis);
                final long holder = record.holderId();
                final boolean graceOver = holder == 0 || nowMillis - record.heartbeat() > graceMillis;
                if (graceOver)
                {
                    try (LaneWriter retirer = new LaneWriter(
                        record.inbox(), record.inboxFiles(), RETIRE_SETTINGS, true))
                    {
                        retirer.retireIfDrained(() -> SafeFiles.deleteRecursively(folder));
                    }
                }
                return discarded;
            }
            finally
            {
                record.close();
            }
        }
        finally
        {
            release(lock);
        }
    }

    /**
     * Discards, from the front of the inbox, messages past their expiry and messages addressed to a holder that is
     * gone (this janitor holds the name, so any earlier holder is).
     */
    private int expire(final ContextRecord record, final long nowMillis)
    {
        int discarded = 0;
        final Envelope.Parsed parsed = new Envelope.Parsed();
        final boolean[] due = new boolean[1];
        try (LaneReader reader = new LaneReader(
            record.inbox(), record.inbox().readerLine(), record.inboxFiles(), true))
        {
            while (reader.nextType() != 0)
            {
                due[0] = false;
                reader.peek((type, buffer, offset, length) ->
                {
                    try
                    {
                        parsed.parse(type, buffer, offset, length);
                        due[0] = parsed.targetContextId != 0 || nowMillis - parsed.postedMillis > parsed.expiryMillis;
                    }
                    catch (final IllegalArgumentException corrupt)
                    {
                        parsed.entries.clear();
                        due[0] = true;
                    }
                });
                if (!due[0])
                {
                    break;
                }
                reader.poll((type, buffer, offset, length) -> { });
                Discards.discard(runtime, parsed.entries);
                discarded++;
            }
        }
        return discarded;
    }

    private static long ageMillis(final Path folder, final long nowMillis)
    {
        try
        {
            return nowMillis - java.nio.file.Files.getLastModifiedTime(
                folder, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis();
        }
        catch (final java.io.IOException ex)
        {
            return 0;
        }
    }

    private static void release(final FileLock lock)
    {
        try
        {
            lock.release();
        }
        catch (final java.io.IOException ignore)
        {
            // The lock goes with the channel in any case.
        }
    }
}
