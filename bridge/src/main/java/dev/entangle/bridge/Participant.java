package dev.entangle.bridge;

import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.stats.ContextStats;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * A name the bridge holds in its directory, as a context would: the name's lock, its record (with the inbox other
 * contexts post to), a doorbell they ring, a heartbeat, and an error log that {@code entangle errors} reads. Ports
 * the bridge owns for a link are owned by that link's name.
 */
final class Participant implements AutoCloseable
{
    private final DirectoryRuntime runtime;
    private final String name;
    private final long contextId;
    private final FileLock lock;
    private final ContextRecord record;
    private final Doorbell doorbell;
    private final ContextStats stats;
    private long lastHeartbeat;

    /**
     * @param runtime the directory's runtime.
     * @param name    the name to hold.
     * @throws IllegalStateException when a live context holds it.
     */
    Participant(final DirectoryRuntime runtime, final String name)
    {
        this.runtime = runtime;
        this.name = name;
        final FileLock held = runtime.tryLockName(name);
        if (held == null)
        {
            throw new IllegalStateException("the name \"" + name + "\" is held by a live context of " +
                runtime.layout().root() + ": is another bridge running for this directory?");
        }
        this.lock = held;
        long id;
        do
        {
            id = runtime.random().nextLong();
        }
        while (id == 0);
        this.contextId = id;
        final Path folder = runtime.layout().context(name);
        SafeFiles.createDirectory(folder);
        this.record = ContextRecord.openOrCreate(folder);
        this.doorbell = Doorbell.create(runtime.layout().doorbell(contextId), ProcessLiveness.SELF_PID,
            ProcessLiveness.SELF_START);
        this.stats = ContextStats.create(folder, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, contextId,
            true);
        record.hold(contextId, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, "null");
    }

    DirectoryRuntime runtime()
    {
        return runtime;
    }

    String name()
    {
        return name;
    }

    long contextId()
    {
        return contextId;
    }

    ContextRecord record()
    {
        return record;
    }

    /**
     * @return this name as the owner of a port.
     */
    Owner owner()
    {
        return new Owner(ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, contextId, Doorbell.NO_SLOT);
    }

    /**
     * Keeps the heartbeat that operators read; at most once a millisecond.
     */
    void heartbeat(final long nowMillis)
    {
        if (nowMillis != lastHeartbeat)
        {
            lastHeartbeat = nowMillis;
            record.heartbeat(nowMillis);
        }
    }

    /**
     * Keeps an error in the name's error log.
     */
    void recordError(final Throwable error)
    {
        stats.record(error);
    }

    @Override
    public void close()
    {
        record.release();
        record.close();
        stats.close();
        doorbell.close();
        SafeFiles.delete(runtime.layout().doorbell(contextId));
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // The lock goes with the process in any case.
        }
    }
}
