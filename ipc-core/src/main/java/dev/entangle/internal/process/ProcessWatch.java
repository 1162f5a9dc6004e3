package dev.entangle.internal.process;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes that own the peers of this JVM's ports, each checked once per interval by one background agent
 * however many ports depend on it. A port keeps the {@link Watched} of its peer's owner and reads one volatile flag.
 */
public final class ProcessWatch
{
    private final ConcurrentHashMap<Key, Watched> watched = new ConcurrentHashMap<>();

    /**
     * A process that someone depends on.
     */
    public static final class Watched
    {
        private final long pid;
        private final long start;
        private final ProcessHandle handle;
        private volatile boolean gone;
        private volatile long goneSinceNanos;

        private Watched(final long pid, final long start)
        {
            this.pid = pid;
            this.start = start;
            if (pid == ProcessLiveness.SELF_PID)
            {
                this.handle = null;
                this.gone = start != ProcessLiveness.SELF_START;
            }
            else
            {
                final Optional<ProcessHandle> found = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
                this.handle = found.filter(h -> ProcessLiveness.startOf(h) == start).orElse(null);
                this.gone = handle == null || !handle.isAlive();
            }
            this.goneSinceNanos = gone ? System.nanoTime() : 0;
        }

        /**
         * @return true once the process has ended; never false again after that.
         */
        public boolean isGone()
        {
            return gone;
        }

        /**
         * @return the process id.
         */
        public long pid()
        {
            return pid;
        }

        /**
         * @return the process start time, milliseconds.
         */
        public long start()
        {
            return start;
        }

        boolean refresh()
        {
            if (!gone && handle != null && !handle.isAlive())
            {
                goneSinceNanos = System.nanoTime();
                gone = true;
                return true;
            }
            return false;
        }
    }

    private record Key(long pid, long start)
    {
    }

    /**
     * @param pid   a process id.
     * @param start its start time, milliseconds.
     * @return the watch on that process; a new one is checked at once.
     */
    public Watched watch(final long pid, final long start)
    {
        return watched.computeIfAbsent(new Key(pid, start), k -> new Watched(k.pid(), k.start()));
    }

    /**
     * @param pid   a process id.
     * @param start its start time, milliseconds.
     * @return true while it runs, as of the last check.
     */
    public boolean isAlive(final long pid, final long start)
    {
        return !watch(pid, start).isGone();
    }

    /**
     * Asks the operating system now rather than reading the last check: for sweeps, which must not act on a
     * process that died since.
     *
     * @param pid   a process id.
     * @param start its start time, milliseconds.
     * @return true while it runs.
     */
    public boolean isAliveNow(final long pid, final long start)
    {
        final Watched watched = watch(pid, start);
        watched.refresh();
        return !watched.isGone();
    }

    /**
     * Checks every watched process once, and forgets those that have been gone for a while (whoever holds their
     * watch still sees it gone).
     *
     * @param forgetAfterNanos how long the watch of a dead process is kept in the table.
     * @return how many processes were found gone by this call.
     */
    public int refresh(final long forgetAfterNanos)
    {
        int died = 0;
        final long now = System.nanoTime();
        for (final Watched w : watched.values())
        {
            if (w.refresh())
            {
                died++;
            }
            if (w.gone && now - w.goneSinceNanos > forgetAfterNanos)
            {
                watched.remove(new Key(w.pid, w.start), w);
            }
        }
        return died;
    }

    /**
     * @return how many processes are watched.
     */
    public int size()
    {
        return watched.size();
    }
}
