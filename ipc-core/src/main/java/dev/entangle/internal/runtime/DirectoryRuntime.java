package dev.entangle.internal.runtime;

import dev.entangle.internal.federation.RouteCache;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.process.ProcessWatch;
import dev.entangle.internal.loop.LoopRunner;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the contexts of one JVM share for one directory: the directory's layout, checked once; the name locks;
 * the mapped channel files and doorbells, each mapped once and unmapped when the last user lets go; the watch on
 * peer processes; and one background agent that refreshes that watch, sweeps what dead processes left and runs the
 * periodic upkeep the contexts register. One runtime per directory (by real path) per JVM, reference counted; the
 * registry of runtimes is the only JVM-wide state, because file locks belong to the whole JVM.
 */
public final class DirectoryRuntime
{
    private static final Map<Path, DirectoryRuntime> RUNTIMES = new HashMap<>();

    private final Path key;
    private final Layout layout;
    private final RuntimeSettings settings;
    private final NameLocks nameLocks;
    private final ProcessWatch processWatch = new ProcessWatch();
    private final SecureRandom random = new SecureRandom();
    private final ChannelMappings channels;
    private final DoorbellMappings doorbells;
    private final RuntimeFaults faults;
    private final CopyOnWriteArrayList<Upkeep> upkeeps = new CopyOnWriteArrayList<>();
    private final Sweeper sweeper;
    private final BufferStore buffers;
    private final Object transitions = new Object();
    private final java.lang.ref.Cleaner cleaner;
    private final KeepAlive keepAlive = new KeepAlive();
    private final RouteCache routes;
    private volatile boolean sweepRequested;
    private final LoopRunner agentRunner;
    private int references;

    /**
     * Periodic work that a context registers with the runtime's agent.
     */
    @FunctionalInterface
    public interface Upkeep
    {
        /**
         * Called on the runtime's agent thread; must not block for long.
         *
         * @param nowNanos the time now.
         * @return how much work was done.
         */
        int run(long nowNanos);
    }

    private DirectoryRuntime(final Path key, final RuntimeSettings settings)
    {
        this.key = key;
        this.layout = new Layout(key);
        this.settings = settings;
        SafeFiles.createDirectory(layout.contexts());
        SafeFiles.createDirectory(layout.channels());
        SafeFiles.createDirectory(layout.doorbells());
        this.nameLocks = new NameLocks(layout.namesLock());
        this.routes = new RouteCache(layout.bridge());
        this.cleaner = java.lang.ref.Cleaner.create(runnable ->
        {
            final Thread thread = new Thread(runnable, "entangle-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        this.channels = new ChannelMappings(layout, random, cleaner);
        this.doorbells = new DoorbellMappings(layout);
        this.faults = new RuntimeFaults(doorbells);
        this.buffers = new BufferStore(this);
        this.sweeper = new Sweeper(this);
        final RuntimeAgent agent = new RuntimeAgent(this, settings);
        this.agentRunner = LoopRunner.start(agent,
            // Parks rather than sleeps, so that closing wakes it at once however long the liveness interval.
            new SleepingIdleStrategy(Math.max(1_000_000L, settings.livenessIntervalNanos() / 4)),
            this::reportError, runnable ->
            {
                final Thread thread = new Thread(runnable, "entangle-runtime");
                thread.setDaemon(true);
                return thread;
            });
    }

    /**
     * Takes a reference to the runtime of a directory, creating and checking the directory when this JVM has no
     * runtime for it yet.
     *
     * @param directory the directory.
     * @param settings  used when the runtime is created.
     * @return the runtime; call {@link #release()} once for every acquire.
     * @throws IllegalStateException when the directory is not safe to use.
     */
    public static DirectoryRuntime acquire(final Path directory, final RuntimeSettings settings)
    {
        final Path absolute = directory.toAbsolutePath().normalize();
        SafeFiles.ensureDirectory(absolute);
        final Path key;
        try
        {
            key = absolute.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot resolve " + absolute, ex);
        }
        synchronized (RUNTIMES)
        {
            DirectoryRuntime runtime = RUNTIMES.get(key);
            if (runtime == null)
            {
                runtime = new DirectoryRuntime(key, settings);
                RUNTIMES.put(key, runtime);
            }
            runtime.references++;
            return runtime;
        }
    }

    /**
     * Drops one reference; the last stops the agent and unmaps what is left.
     */
    public void release()
    {
        synchronized (RUNTIMES)
        {
            if (--references > 0)
            {
                return;
            }
            RUNTIMES.remove(key);
        }
        agentRunner.close();
        keepAlive.clear();
        channels.clear();
        doorbells.clear();
        nameLocks.close();
    }

    /**
     * @return the directory's layout.
     */
    public Layout layout()
    {
        return layout;
    }

    /**
     * @return the routes to contexts on other hosts that this host's bridge publishes.
     */
    public RouteCache routes()
    {
        return routes;
    }

    /**
     * @return the settings the runtime was made with.
     */
    public RuntimeSettings settings()
    {
        return settings;
    }

    /**
     * @return the lock held while a transfer list is checked and detached, and while a port closes, so that the
     * transferables of one directory change hands atomically.
     */
    public Object transitions()
    {
        return transitions;
    }

    /**
     * @return the cleaner that closes ports whose handles were garbage collected.
     */
    public java.lang.ref.Cleaner cleaner()
    {
        return cleaner;
    }

    /**
     * Counts something that keeps the JVM alive (a context with listeners), or stops counting it.
     *
     * @param add true to count one more, false to count one less.
     */
    public void keepAlive(final boolean add)
    {
        keepAlive.reference(add, key);
    }

    /**
     * Asks the agent to sweep the directory soon, as a context does when it opens it.
     */
    public void requestSweep()
    {
        sweepRequested = true;
    }

    boolean takeSweepRequest()
    {
        if (sweepRequested)
        {
            sweepRequested = false;
            return true;
        }
        return false;
    }

    /**
     * @return the watch on peer processes.
     */
    public ProcessWatch processWatch()
    {
        return processWatch;
    }

    /**
     * @return the source of ids and tokens.
     */
    public SecureRandom random()
    {
        return random;
    }

    /**
     * @param name a context name.
     * @return the lock that makes this JVM its holder, or null when a live context holds it.
     */
    public FileLock tryLockName(final String name)
    {
        return nameLocks.tryLock(name);
    }

    /**
     * @return the channel files this JVM has mapped.
     */
    public ChannelMappings channels()
    {
        return channels;
    }

    /**
     * @return the doorbells this JVM has mapped.
     */
    public DoorbellMappings doorbells()
    {
        return doorbells;
    }

    /**
     * @return the fault scopes and error sinks of this directory in this JVM.
     */
    public RuntimeFaults faults()
    {
        return faults;
    }

    /**
     * @param upkeep run on every pass of the runtime's agent until removed.
     */
    public void addUpkeep(final Upkeep upkeep)
    {
        upkeeps.add(upkeep);
    }

    /**
     * @param upkeep no longer run.
     */
    public void removeUpkeep(final Upkeep upkeep)
    {
        upkeeps.remove(upkeep);
    }

    /**
     * Sweeps now, as a context does when it opens the directory.
     *
     * @param graceMillis how long a dead context's folder is kept.
     */
    public void sweep(final long graceMillis)
    {
        sweeper.sweep(graceMillis);
    }

    /**
     * Looks after the inbox of a name this JVM posted to: expired messages go, and an empty folder nobody holds.
     *
     * @param name        the name.
     * @param graceMillis how long a dead holder's folder is kept.
     * @return how many messages were discarded.
     */
    public int cleanInbox(final String name, final long graceMillis)
    {
        return sweeper.cleanInbox(name, graceMillis);
    }

    /**
     * @return the array buffers of this directory.
     */
    public BufferStore buffers()
    {
        return buffers;
    }

    void discardBuffer(final dev.entangle.internal.handshake.TransferEntry entry)
    {
        buffers.discard(entry);
    }

    void sweepBuffers()
    {
        buffers.sweep();
    }

    int runUpkeeps(final long nowNanos)
    {
        int work = 0;
        for (final Upkeep upkeep : upkeeps)
        {
            try
            {
                work += upkeep.run(nowNanos);
            }
            catch (final Throwable ex)
            {
                if (FaultDetector.isMappingFault(ex))
                {
                    faults.onFault(ex);
                }
                reportError(ex);
            }
        }
        return work;
    }

    void reportError(final Throwable error)
    {
        faults.report(error);
    }
}
