package dev.entangle.internal.runtime;

import org.agrona.concurrent.Agent;

import java.util.concurrent.TimeUnit;

/**
 * The runtime's one background agent: checks each watched peer process once per liveness interval, runs the upkeep
 * that contexts registered, and sweeps the directory now and then. It never dies of an error: everything is caught
 * and reported.
 */
final class RuntimeAgent implements Agent
{
    private static final long FORGET_WATCH_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DirectoryRuntime runtime;
    private final RuntimeSettings settings;
    private long nextLivenessNanos;
    private long nextSweepNanos;

    RuntimeAgent(final DirectoryRuntime runtime, final RuntimeSettings settings)
    {
        this.runtime = runtime;
        this.settings = settings;
        final long now = System.nanoTime();
        this.nextLivenessNanos = now;
        this.nextSweepNanos = now + settings.sweepIntervalNanos();
    }

    @Override
    public int doWork()
    {
        final long now = System.nanoTime();
        int work = 0;
        if (now - nextLivenessNanos >= 0)
        {
            nextLivenessNanos = now + settings.livenessIntervalNanos();
            work += 1 + guarded(() -> runtime.processWatch().refresh(FORGET_WATCH_NANOS));
        }
        work += runtime.runUpkeeps(now);
        if (now - nextSweepNanos >= 0 || runtime.takeSweepRequest())
        {
            nextSweepNanos = now + settings.sweepIntervalNanos();
            work += guarded(() ->
            {
                runtime.sweep(settings.sweepGraceMillis());
                return 1;
            });
        }
        return work;
    }

    private int guarded(final java.util.function.IntSupplier step)
    {
        try
        {
            return step.getAsInt();
        }
        catch (final Throwable ex)
        {
            if (FaultDetector.isMappingFault(ex))
            {
                runtime.faults().onFault(ex);
            }
            runtime.reportError(ex);
            return 0;
        }
    }

    @Override
    public String roleName()
    {
        return "entangle-runtime";
    }
}
