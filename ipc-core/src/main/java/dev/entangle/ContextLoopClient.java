package dev.entangle;

import dev.entangle.internal.lane.LaneDamagedException;
import dev.entangle.internal.loop.LoopSource;
import dev.entangle.internal.loop.LoopClient;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.RuntimeFaults;
import dev.entangle.internal.runtime.FaultDetector;
import dev.entangle.internal.stats.Counter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a context's loop and its directory's runtime ask of the context: the periodic upkeep (heartbeat, liveness of
 * peers, counters, inboxes of the names it posted to) and the containment of faults, so that a damaged file costs
 * the channels that depend on it and nothing else.
 */
final class ContextLoopClient implements LoopClient
{
    /** In how many upkeep passes every port gets a full check. */
    private static final int FULL_ROUNDS = 16;
    /** The fewest ports a pass checks fully. */
    private static final int FULL_MIN = 64;
    /** How long a sender keeps a name's inbox mapped after its last post. */
    private static final long WINDOW_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ContextCore core;
    private final Set<Object> damaged = ConcurrentHashMap.newKeySet();
    private final RuntimeFaults.Scope faultScope = this::scanForDamage;
    private final DirectoryRuntime.Upkeep windowUpkeep = this::windowUpkeep;
    private volatile boolean doorbellDamaged;
    private long lastHeartbeatMillis;
    private long nextInboxCleanNanos;
    private int nextFull;

    ContextLoopClient(final ContextCore core)
    {
        this.core = core;
    }

    void register(final DirectoryRuntime runtime)
    {
        runtime.faults().addScope(faultScope);
        runtime.addUpkeep(windowUpkeep);
    }

    void unregister(final DirectoryRuntime runtime)
    {
        runtime.removeUpkeep(windowUpkeep);
        runtime.faults().removeScope(faultScope);
    }

    @Override
    public int upkeep(final long nowNanos)
    {
        final long nowMillis = System.currentTimeMillis();
        if (nowMillis != lastHeartbeatMillis)
        {
            lastHeartbeatMillis = nowMillis;
            core.record().heartbeat(nowMillis);
        }
        if (core.stats().isCounting())
        {
            core.stats().max(Counter.INBOX_BACKLOG_MAX, core.record().inbox().bufferedBytes());
            core.loop().publishCycleStats(core.stats());
        }
        final LoopSource[] sources = core.loop().sources();
        // Every port gets the quick check; a rotating slice, so each port about every FULL_ROUNDS passes, the full.
        final int slice = Math.max(FULL_MIN, sources.length / FULL_ROUNDS + 1);
        final int from = nextFull < sources.length ? nextFull : 0;
        final int to = Math.min(sources.length, from + slice);
        nextFull = to;
        for (int i = 0; i < sources.length; i++)
        {
            if (sources[i] instanceof PortState port)
            {
                try
                {
                    port.upkeep(nowNanos, i >= from && i < to);
                }
                catch (final Throwable ex)
                {
                    onSourceFailure(port, ex);
                }
            }
        }
        core.stats().increment(Counter.LOOP_UPKEEPS);
        core.stats().add(Counter.LOOP_UPKEEP_NANOS, System.nanoTime() - nowNanos);
        return 0;
    }

    @Override
    public void onSourceFailure(final LoopSource source, final Throwable error)
    {
        if (FaultDetector.isMappingFault(error))
        {
            core.onFault(error);
            return;
        }
        if (source instanceof PortState port && error instanceof LaneDamagedException)
        {
            if (port.channelId() == null || damaged.add(port.channelId()))
            {
                core.errorHandler().onError(new IllegalStateException("channel " + port.channelId() +
                    " is damaged: " + error.getMessage() + "; its ports here are closed", error));
            }
            port.ending.markDamaged(error.getMessage());
            port.ending.closeDamaged();
            return;
        }
        core.errorHandler().onError(error);
    }

    @Override
    public void onTaskFailure(final Throwable error)
    {
        core.onListenerFailure(error);
    }

    @Override
    public void onClose()
    {
        core.closeOnLoop();
    }

    /**
     * Tells the error handler once per channel that a file of the port was truncated, and closes the port on the loop.
     */
    void reportDamage(final PortState port, final String file, final Throwable cause)
    {
        port.ending.markDamaged(file);
        if (port.channelId() != null && damaged.add(port.channelId()))
        {
            core.errorHandler().onError(new IllegalStateException("channel " + port.channelId() +
                " was damaged by another process (" + file + " was truncated); its ports here are closed", cause));
        }
        core.execute(port.ending::closeDamaged);
    }

    /**
     * Finds the ports whose files were truncated and closes them on the loop, with one error per channel; a damaged
     * doorbell of this context is replaced by polling every port; a damaged inbox is no longer read.
     */
    private boolean scanForDamage(final Throwable cause)
    {
        boolean found = false;
        for (final PortState port : core.ports())
        {
            final String file = port.ending.findDamage();
            if (file != null)
            {
                reportDamage(port, file, cause);
                found = true;
            }
        }
        if (!doorbellDamaged && (core.doorbell().isDamaged() || core.doorbell().checkDamage()))
        {
            doorbellDamaged = true;
            found = true;
            core.loop().replaceDoorbell(null);
            core.errorHandler().onError(new IllegalStateException("the doorbell of context " + core.name() +
                " was damaged by another process (" + core.doorbell().region().file() + " was truncated); its " +
                "loop now polls every port", cause));
        }
        final String inboxDamage = core.inbox().findDamage();
        if (inboxDamage != null && damaged.add(inboxDamage))
        {
            found = true;
            core.errorHandler().onError(new IllegalStateException("the inbox of context " + core.name() +
                " was damaged by another process (" + inboxDamage + " was truncated); it is no longer read", cause));
        }
        return found;
    }

    /**
     * On the runtime's agent: lets go of inboxes this context no longer posts to, and discards messages that
     * expired in inboxes of names nobody holds.
     */
    private int windowUpkeep(final long nowNanos)
    {
        if (nowNanos - nextInboxCleanNanos < 0)
        {
            return 0;
        }
        nextInboxCleanNanos = nowNanos + Math.min(TimeUnit.SECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(Math.max(10, core.settings.inboxExpiryMs / 2)));
        int work = 0;
        for (final WindowHandle window : core.windows().values())
        {
            window.upkeep(nowNanos, WINDOW_IDLE_NANOS);
            work += core.runtime().cleanInbox(window.targetName(), core.settings.sweepGraceMs);
        }
        return work;
    }
}
