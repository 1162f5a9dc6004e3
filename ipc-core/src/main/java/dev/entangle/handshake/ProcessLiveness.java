package dev.entangle.handshake;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a process recorded by pid and start time still runs. The start time keeps a reused pid from passing for
 * the process that died. A stopped (paused) process is alive: pausing must not close its ports.
 */
public final class ProcessLiveness
{
    /** This process's pid. */
    public static final long SELF_PID = ProcessHandle.current().pid();
    /** This process's start time in milliseconds, as {@link #startOf(ProcessHandle)} reports it. */
    public static final long SELF_START = startOf(ProcessHandle.current());

    private ProcessLiveness()
    {
    }

    /**
     * @param pid   the process id.
     * @param start its start time in milliseconds, as recorded by the process itself.
     * @return true while that process runs.
     */
    public static boolean isAlive(final long pid, final long start)
    {
        if (pid == SELF_PID)
        {
            return start == SELF_START;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive() && startOf(handle.get()) == start;
    }

    /**
     * @param handle a process.
     * @return its start time in milliseconds, or 0 when the platform does not say.
     */
    public static long startOf(final ProcessHandle handle)
    {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
