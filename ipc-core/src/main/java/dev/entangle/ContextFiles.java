package dev.entangle;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.stats.ContextStats;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a context holds in the directory while it is open: the lock on its name, its record (with its inbox), its
 * counters and error log, and its doorbell. Opened together, so a failure part-way gives back what was taken; let go
 * of together as the context closes.
 */
final class ContextFiles
{
    /** How long opening waits for a name whose lock is held by no live context (a sweep holds it briefly). */
    private static final long NAME_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    final FileLock nameLock;
    final ContextRecord record;
    final ContextStats stats;
    final Doorbell doorbell;

    private ContextFiles(final FileLock nameLock, final ContextRecord record, final ContextStats stats,
        final Doorbell doorbell)
    {
        this.nameLock = nameLock;
        this.record = record;
        this.stats = stats;
        this.doorbell = doorbell;
    }

    /**
     * Takes the name and opens the context's files.
     *
     * @throws IllegalStateException when a live context holds the name.
     */
    static ContextFiles open(final DirectoryRuntime runtime, final String name, final long contextId,
        final boolean counters)
    {
        FileLock lock = null;
        ContextRecord record = null;
        try
        {
            lock = lockName(runtime, name);
            final Path folder = runtime.layout().context(name);
            SafeFiles.createDirectory(folder);
            record = ContextRecord.openOrCreate(folder);
            final ContextStats stats = ContextStats.create(folder, ProcessLiveness.SELF_PID,
                ProcessLiveness.SELF_START, contextId, counters);
            final Doorbell doorbell = Doorbell.create(runtime.layout().doorbell(contextId), ProcessLiveness.SELF_PID,
                ProcessLiveness.SELF_START);
            return new ContextFiles(lock, record, stats, doorbell);
        }
        catch (final RuntimeException ex)
        {
            if (record != null)
            {
                record.close();
            }
            releaseLock(lock);
            throw ex;
        }
    }

    /**
     * Lets go of everything but the record's folder, which the inbox's retirement removes: the counters, the
     * doorbell (its file deleted) and, last, the name.
     */
    void close(final DirectoryRuntime runtime, final long contextId)
    {
        record.close();
        stats.close();
        SafeFiles.delete(runtime.layout().doorbell(contextId));
        runtime.doorbells().release(contextId, doorbell);
        releaseLock(nameLock);
    }

    private static FileLock lockName(final DirectoryRuntime runtime, final String name)
    {
        final long deadline = System.nanoTime() + NAME_WAIT_NANOS;
        while (true)
        {
            final FileLock lock = runtime.tryLockName(name);
            if (lock != null)
            {
                return lock;
            }
            final ContextRecord existing = ContextRecord.openExisting(runtime.layout().context(name));
            final long pid = existing == null ? 0 : existing.holderPid();
            final boolean liveHolder = existing != null && existing.holderId() != 0 &&
                ProcessLiveness.isAlive(pid, existing.holderStart());
            if (existing != null)
            {
                existing.close();
            }
            if (liveHolder || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("context name \"" + name + "\" is held by a live context" +
                    (liveHolder ? " (pid " + pid + ")" : ""));
            }
            // Held by no live context: a context of that name is just opening, or a sweep looks at its inbox.
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the name \"" + name + "\"", ex);
            }
        }
    }

    private static void releaseLock(final FileLock lock)
    {
        if (lock != null)
        {
            try
            {
                lock.release();
            }
            catch (final IOException ignore)
            {
                // The name is free once this process ends in any case.
            }
        }
    }
}
