package dev.entangle;

import dev.entangle.codec.RecordPolicy;
import dev.entangle.codec.StructuredCloneReader;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.FaultDetector;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One participant, like a browsing context: it owns ports, has a name other contexts address it by, and runs one
 * event loop on which every listener of the context, of its ports and of its workers runs, one at a time. Contexts
 * that share a directory can talk, in one JVM or across many.
 * <p>
 * While it is open and has a listener (on itself, on one of its ports, or a worker), a context keeps the JVM alive,
 * as a port with listeners keeps a Node process alive; {@link Builder#keepAlive(boolean)} opts out.
 */
public final class Context implements AutoCloseable
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<StructuredCloneReader> READERS =
        ThreadLocal.withInitial(StructuredCloneReader::new);
    /** How long opening waits for a name whose lock is held by no live context (a sweep holds it briefly). */
    private static final long NAME_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long a sender keeps a name's inbox mapped after its last post. */
    private static final long WINDOW_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String name;
    private final String origin;
    private final ContextSettings settings;
    private final DirectoryRuntime runtime;
    private final long contextId;
    private final RecordPolicy recordPolicy;
    private final ErrorHandler errorHandler;
    private final FileLock nameLock;
    private final ContextRecord record;
    /** Set once in the constructor; not final only because the error handler, made before it, refers to it. */
    private ContextStats stats;
    private final InboxSource inbox;
    private final Doorbell doorbell;
    private final EventLoop loop;
    private final AgentRunner runner;
    private final AgentInvoker invoker;
    private final Map<String, WindowHandle> windows = new ConcurrentHashMap<>();
    private final Set<PortState> ports = ConcurrentHashMap.newKeySet();
    private final Set<Object> damagedChannels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DirectoryRuntime.FaultScope faultScope = this::scanForDamage;
    private final DirectoryRuntime.Upkeep windowUpkeep = this::windowUpkeep;
    private volatile boolean doorbellDamaged;
    private int references;
    private boolean keepingAlive;
    private long nextInboxCleanNanos;

    private Context(final Builder builder, final ContextSettings settings, final String name, final String origin)
    {
        this.name = name;
        this.origin = origin;
        this.settings = settings;
        final Map<String, Class<? extends Record>> allowed = Map.copyOf(builder.allowedRecords);
        this.recordPolicy = allowed::get;
        final ErrorHandler userHandler = builder.errorHandler != null ? builder.errorHandler :
            ErrorReporting.defaultHandler(name);
        // The loop stops itself by throwing AgentTerminationException; that is no error to report. Every other
        // error is kept in the context's error log, which outlives the process, then handed to the handler.
        this.errorHandler = ex ->
        {
            if (!(ex instanceof AgentTerminationException))
            {
                final ContextStats log = this.stats;
                if (log != null)
                {
                    log.record(ex);
                }
                try
                {
                    userHandler.onError(ex);
                }
                catch (final Throwable ignore)
                {
                    // An error handler must not throw; nothing is left to tell.
                }
            }
        };
        this.runtime = DirectoryRuntime.acquire(settings.directory, settings.runtimeSettings());
        long id;
        do
        {
            id = runtime.random().nextLong();
        }
        while (id == 0);
        this.contextId = id;
        FileLock lock = null;
        ContextRecord opened = null;
        ContextStats counters = null;
        Doorbell bell = null;
        try
        {
            lock = lockName(runtime, name);
            final Path folder = runtime.layout().context(name);
            SafeFiles.createDirectory(folder);
            opened = ContextRecord.openOrCreate(folder);
            counters = ContextStats.create(folder, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, contextId,
                settings.counters);
            bell = Doorbell.create(runtime.layout().doorbell(contextId), ProcessLiveness.SELF_PID,
                ProcessLiveness.SELF_START);
        }
        catch (final RuntimeException ex)
        {
            if (counters != null)
            {
                counters.close();
            }
            if (opened != null)
            {
                opened.close();
            }
            releaseLock(lock);
            runtime.release();
            throw ex;
        }
        this.nameLock = lock;
        this.record = opened;
        this.stats = counters;
        counters.unmapWhenUnreachable(runtime.cleaner());
        this.doorbell = bell;
        settings.writeTo(opened.folder());
        runtime.addDoorbell(contextId, bell);
        this.loop = new EventLoop("entangle-" + name, bell, !settings.doorbell,
            TimeUnit.MILLISECONDS.toNanos(settings.livenessIntervalMs), new LoopClient());
        loop.measureCycles(settings.counters);
        this.inbox = new InboxSource(this, record);
        if (loop.addSource(inbox) != WindowHandle.INBOX_SLOT)
        {
            throw new IllegalStateException("the inbox must have the first doorbell slot");
        }
        record.hold(contextId, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, origin);
        runtime.addFaultScope(faultScope);
        runtime.addUpkeep(windowUpkeep);
        runtime.addErrorSink(errorHandler);
        runtime.requestSweep();
        final IdleStrategy idle = builder.idleStrategy != null ? builder.idleStrategy : new BackoffIdleStrategy();
        if (builder.useLoopInvoker)
        {
            this.runner = null;
            this.invoker = new AgentInvoker(errorHandler, null, loop);
            invoker.start();
        }
        else
        {
            this.invoker = null;
            this.runner = new AgentRunner(idle, errorHandler, null, loop);
            AgentRunner.startOnThread(runner, builder.threadFactory != null ? builder.threadFactory : runnable ->
            {
                final Thread thread = new Thread(runnable, loop.roleName());
                thread.setDaemon(true);
                return thread;
            });
        }
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

    /**
     * @return a builder with every setting at its default.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return this context's name, unique among the live contexts of its directory.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return this context's normalised serialized origin.
     */
    public String origin()
    {
        return origin;
    }

    /**
     * @return the directory where the shared state lives.
     */
    public Path directory()
    {
        return runtime.layout().root();
    }

    /**
     * @return the settings this context runs with, each with where its value came from.
     */
    public Settings settings()
    {
        return settings.report;
    }

    /**
     * @return the invoker that runs this context's loop on the caller's thread, when the context was opened with
     * {@link Builder#useLoopInvoker(boolean)}; null when the loop has a thread of its own. Call
     * {@link AgentInvoker#invoke()} repeatedly from one thread: that thread is then the loop thread, where every
     * listener runs.
     */
    public AgentInvoker loopInvoker()
    {
        return invoker;
    }

    /**
     * @param name another context's name; it need not be open yet.
     * @return a proxy that posts to that context's inbox.
     * @throws IllegalArgumentException for an invalid name.
     */
    public WindowProxy window(final String name)
    {
        validateName(name);
        return windows.computeIfAbsent(name, n -> new WindowHandle(this, n));
    }

    /**
     * Like setting {@code window.onmessage}: the first non-null listener enables the inbox, whose messages waited.
     * A context with a listener keeps the JVM alive until it is closed.
     *
     * @param l the listener, or null to remove it.
     */
    public void onMessage(final MessageListener l)
    {
        final int change = inbox.onMessage(l);
        if (change != 0)
        {
            reference(change > 0);
        }
    }

    /**
     * Like setting {@code window.onmessageerror}.
     *
     * @param l the listener, or null to remove it.
     */
    public void onMessageError(final MessageListener l)
    {
        inbox.onMessageError(l);
    }

    /**
     * Runs a task on this context's event loop, after the tasks already queued.
     *
     * @param task the task; an exception it throws goes to the error handler.
     * @throws IllegalStateException when the context is closed.
     */
    public void execute(final Runnable task)
    {
        Objects.requireNonNull(task, "task");
        if (closed.get())
        {
            throw new IllegalStateException("context " + name + " is closed");
        }
        loop.execute(task);
    }

    /**
     * Closes every port the context owns (their peers see {@code close}), discards undispatched inbox messages,
     * stops the event loop and frees the name. Idempotent. Called on the context's own event loop, it finishes
     * after the current task. In invoker mode, call it from the thread that invokes the loop, or when no invoke is
     * running.
     */
    @Override
    public void close()
    {
        if (loop.onLoopThread() && invoker == null)
        {
            closed.set(true);
            loop.requestClose();
            return;
        }
        closed.set(true);
        if (invoker != null)
        {
            synchronized (invoker)
            {
                invoker.close();
            }
        }
        else
        {
            runner.close();
        }
    }

    @Override
    public String toString()
    {
        return "Context[" + name + " " + origin + "]";
    }

    // ---------------------------------------------------------------------------------------------- internals

    DirectoryRuntime runtime()
    {
        return runtime;
    }

    long contextId()
    {
        return contextId;
    }

    Owner owner(final int slot)
    {
        return new Owner(ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, contextId, slot);
    }

    int maxMessageSize()
    {
        return settings.maxMessageSize;
    }

    long maxBufferedAmount()
    {
        return settings.maxBufferedAmount;
    }

    long inboxExpiryMs()
    {
        return settings.inboxExpiryMs;
    }

    LaneSettings laneSettings()
    {
        return settings.laneSettings();
    }

    ContextStats stats()
    {
        return stats;
    }

    /**
     * Counts a close event fired here, by why the peer went, and records it for JFR.
     */
    void countClose(final CloseCause cause, final Object channel, final int side)
    {
        stats.increment(switch (cause)
        {
            case PROCESS_DIED -> Counter.CLOSES_PROCESS_DIED;
            case GARBAGE_COLLECTED -> Counter.CLOSES_GARBAGE_COLLECTED;
            case CONTEXT_CLOSED -> Counter.CLOSES_CONTEXT_CLOSED;
            case LOST_IN_TRANSIT -> Counter.CLOSES_IN_TRANSIT;
            case DAMAGED -> Counter.CLOSES_DAMAGED;
            default -> Counter.CLOSES_PEER_CLOSED;
        });
        final Events.Close event = new Events.Close();
        if (event.shouldCommit())
        {
            event.channel = String.valueOf(channel);
            event.side = side + 1;
            event.cause = cause.name().toLowerCase(java.util.Locale.ROOT);
            event.commit();
        }
    }

    RecordPolicy recordPolicy()
    {
        return recordPolicy;
    }

    StructuredCloneReader reader()
    {
        return READERS.get();
    }

    Object transitions()
    {
        return runtime.transitions();
    }

    Cleaner cleaner()
    {
        return runtime.cleaner();
    }

    /**
     * @return when the loop last wrote its heartbeat, in epoch milliseconds.
     */
    long lastHeartbeat()
    {
        return record.heartbeat();
    }

    boolean isClosed()
    {
        return closed.get();
    }

    boolean onLoopThread()
    {
        return loop.onLoopThread();
    }

    void checkOpen(final String what)
    {
        if (closed.get())
        {
            throw new IllegalStateException("cannot " + what + ": context " + name + " is closed");
        }
    }

    /**
     * @return the port's doorbell slot.
     */
    int addPort(final PortState port)
    {
        ports.add(port);
        return loop.addSource(port);
    }

    void removePort(final PortState port, final int slot)
    {
        ports.remove(port);
        loop.removeSource(port, slot);
    }

    void wake(final EventLoop.Source source)
    {
        loop.wake(source);
    }

    /**
     * Counts a listener that keeps the JVM alive, or stops counting it.
     */
    synchronized void reference(final boolean add)
    {
        references += add ? 1 : -1;
        final boolean shouldKeep = references > 0 && settings.keepAlive && !closed.get();
        if (shouldKeep != keepingAlive)
        {
            keepingAlive = shouldKeep;
            runtime.keepAlive(shouldKeep);
        }
    }

    void invoke(final MessageListener listener, final MessageEvent event)
    {
        try
        {
            listener.onMessage(event);
        }
        catch (final Throwable ex)
        {
            onListenerFailure(ex);
        }
    }

    void invoke(final Runnable task)
    {
        try
        {
            task.run();
        }
        catch (final Throwable ex)
        {
            onListenerFailure(ex);
        }
    }

    private void onListenerFailure(final Throwable ex)
    {
        if (FaultDetector.isMappingFault(ex))
        {
            onFault(ex);
        }
        errorHandler.onError(ex);
    }

    void reportDecodeFailure(final String reason)
    {
        stats.increment(Counter.MESSAGE_ERRORS);
        errorHandler.onError(new MessageErrorException("messageerror in context " + name + ": " + reason));
    }

    Object claimBuffer(final TransferEntry entry)
    {
        throw new IllegalStateException("array buffers are not supported yet: " + entry);
    }

    /**
     * A thread caught the fault of a truncated mapping: every context of the directory looks for the damaged files
     * and closes what depends on them.
     */
    void onFault(final Throwable fault)
    {
        runtime.onFault(fault);
    }

    boolean isDamagedDoorbell(final Doorbell bell)
    {
        return bell.isDamaged();
    }

    /**
     * Finds the ports whose files were truncated and closes them on the loop, with one error per channel; a damaged
     * doorbell of this context is replaced by polling every port.
     */
    private void scanForDamage(final Throwable cause)
    {
        for (final PortState port : ports)
        {
            final String file = port.findDamage();
            if (file != null)
            {
                if (port.channelId() != null && damagedChannels.add(port.channelId()))
                {
                    errorHandler.onError(new IllegalStateException("channel " + port.channelId() + " was " +
                        "damaged by another process (" + file + " was truncated); its ports here are closed", cause));
                }
                loop.execute(port::closeDamaged);
            }
        }
        if (!doorbellDamaged && (doorbell.isDamaged() || doorbell.checkDamage()))
        {
            doorbellDamaged = true;
            loop.replaceDoorbell(null);
            errorHandler.onError(new IllegalStateException("the doorbell of context " + name + " was damaged by " +
                "another process (" + doorbell.region().file() + " was truncated); its loop now polls every port",
                cause));
        }
        final String inboxDamage = inbox.findDamage();
        if (inboxDamage != null && damagedChannels.add(inboxDamage))
        {
            errorHandler.onError(new IllegalStateException("the inbox of context " + name + " was damaged by " +
                "another process (" + inboxDamage + " was truncated); it is no longer read", cause));
        }
    }

    private int windowUpkeep(final long nowNanos)
    {
        if (nowNanos - nextInboxCleanNanos < 0)
        {
            return 0;
        }
        nextInboxCleanNanos = nowNanos + Math.min(TimeUnit.SECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(Math.max(10, settings.inboxExpiryMs / 2)));
        int work = 0;
        for (final WindowHandle window : windows.values())
        {
            window.upkeep(nowNanos, WINDOW_IDLE_NANOS);
            work += runtime.cleanInbox(window.targetName(), settings.sweepGraceMs);
        }
        return work;
    }

    /** Runs on the event loop as it stops. */
    private void closeOnLoop()
    {
        closed.set(true);
        for (final PortState port : ports.toArray(new PortState[0]))
        {
            try
            {
                port.close(CloseCause.CONTEXT_CLOSED);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        for (final WindowHandle window : windows.values())
        {
            window.release();
        }
        runtime.removeUpkeep(windowUpkeep);
        runtime.removeFaultScope(faultScope);
        try
        {
            inbox.closeAndDiscard();
            record.release();
            if (!inbox.isDamaged())
            {
                try (LaneWriter retirer = new LaneWriter(record.inbox(), record.inboxFiles(), laneSettings(), true))
                {
                    retirer.retireIfDrained(() -> SafeFiles.deleteRecursively(record.folder()));
                }
            }
        }
        catch (final RuntimeException | InternalError ex)
        {
            errorHandler.onError(ex);
        }
        record.close();
        stats.close();
        SafeFiles.delete(runtime.layout().doorbell(contextId));
        runtime.releaseDoorbell(contextId, doorbell);
        releaseLock(nameLock);
        synchronized (this)
        {
            if (keepingAlive)
            {
                keepingAlive = false;
                runtime.keepAlive(false);
            }
        }
        runtime.removeErrorSink(errorHandler);
        runtime.release();
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

    static void validateName(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || ".".equals(name) || "..".equals(name))
        {
            throw new IllegalArgumentException("context name must match [A-Za-z0-9._-]{1,64} and not be \".\" or " +
                "\"..\": \"" + name + "\"");
        }
    }

    /** What the loop asks of this context. */
    private final class LoopClient implements EventLoop.Client
    {
        private long lastHeartbeatMillis;

        @Override
        public int upkeep(final long nowNanos)
        {
            final long nowMillis = System.currentTimeMillis();
            if (nowMillis != lastHeartbeatMillis)
            {
                lastHeartbeatMillis = nowMillis;
                record.heartbeat(nowMillis);
            }
            if (stats.isCounting())
            {
                stats.max(Counter.INBOX_BACKLOG_MAX, record.inbox().bufferedBytes());
                loop.publishCycleStats(stats);
            }
            for (final PortState port : ports)
            {
                try
                {
                    port.upkeep(nowNanos);
                }
                catch (final Throwable ex)
                {
                    onSourceFailure(port, ex);
                }
            }
            return 0;
        }

        @Override
        public void onSourceFailure(final EventLoop.Source source, final Throwable error)
        {
            if (FaultDetector.isMappingFault(error))
            {
                onFault(error);
                return;
            }
            if (source instanceof PortState port &&
                error instanceof dev.entangle.internal.lane.LaneDamagedException)
            {
                if (port.channelId() == null || damagedChannels.add(port.channelId()))
                {
                    errorHandler.onError(new IllegalStateException("channel " + port.channelId() + " is damaged: " +
                        error.getMessage() + "; its ports here are closed", error));
                }
                port.markDamaged(error.getMessage());
                port.closeDamaged();
                return;
            }
            errorHandler.onError(error);
        }

        @Override
        public void onTaskFailure(final Throwable error)
        {
            onListenerFailure(error);
        }

        @Override
        public void onClose()
        {
            closeOnLoop();
        }
    }

    /**
     * Settles a context's configuration once, at {@link #open()}.
     */
    public static final class Builder
    {
        private Path directory;
        private String name;
        private String origin = Origins.OPAQUE;
        private IdleStrategy idleStrategy;
        private long maxMessageSize = ContextSettings.UNSET;
        private long maxBufferedAmount = ContextSettings.UNSET;
        private long inboxExpiryMs = ContextSettings.UNSET;
        private long livenessIntervalMs = ContextSettings.UNSET;
        private long laneCapacity = ContextSettings.UNSET;
        private long sweepGraceMs = ContextSettings.UNSET;
        private int checksums = -1;
        private int doorbell = -1;
        private int keepAlive = -1;
        private int counters = -1;
        private boolean useLoopInvoker;
        private ThreadFactory threadFactory;
        private final Map<String, Class<? extends Record>> allowedRecords = new HashMap<>();
        private ErrorHandler errorHandler;

        private Builder()
        {
        }

        /**
         * @param dir where the shared state lives; default {@link Configuration#defaultDirectory()}.
         * @return this.
         */
        public Builder directory(final Path dir)
        {
            this.directory = Objects.requireNonNull(dir, "directory");
            return this;
        }

        /**
         * @param name {@code [A-Za-z0-9._-]{1,64}}, not {@code .} nor {@code ..}; default a generated unique name.
         * @return this.
         * @throws IllegalArgumentException for an invalid name.
         */
        public Builder name(final String name)
        {
            validateName(name);
            this.name = name;
            return this;
        }

        /**
         * @param origin {@code scheme://host[:port]} or {@code "null"} (the default); anything else is refused by
         *               {@link #open()}.
         * @return this.
         */
        public Builder origin(final String origin)
        {
            this.origin = origin;
            return this;
        }

        /**
         * @param s how the event loop waits when idle; default a {@link BackoffIdleStrategy}.
         * @return this.
         */
        public Builder idleStrategy(final IdleStrategy s)
        {
            this.idleStrategy = Objects.requireNonNull(s, "idleStrategy");
            return this;
        }

        /**
         * @param bytes largest serialized message sent or accepted; default 16 MiB.
         * @return this.
         * @throws IllegalArgumentException when not in {@code [1, }{@link Configuration#MAX_MESSAGE_SIZE_LIMIT}]}.
         */
        public Builder maxMessageSize(final int bytes)
        {
            if (bytes < 1 || bytes > Configuration.MAX_MESSAGE_SIZE_LIMIT)
            {
                throw new IllegalArgumentException("maxMessageSize must be in [1, " +
                    Configuration.MAX_MESSAGE_SIZE_LIMIT + "]: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * @param bytes the most that may wait unread on each port of the context, and in its inbox, before posts
         *              are refused; default 64 MiB. A message is always accepted when nothing is buffered.
         * @return this.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder maxBufferedAmount(final long bytes)
        {
            if (bytes < 1)
            {
                throw new IllegalArgumentException("maxBufferedAmount must be positive: " + bytes);
            }
            this.maxBufferedAmount = bytes;
            return this;
        }

        /**
         * @param d how long this context's messages to a name that no live context holds may wait before they
         *          are discarded (and the ports they carry closed for their peers); default 10 minutes.
         * @return this.
         * @throws IllegalArgumentException when negative.
         */
        public Builder inboxExpiry(final Duration d)
        {
            if (d.isNegative())
            {
                throw new IllegalArgumentException("inboxExpiry must not be negative: " + d);
            }
            this.inboxExpiryMs = d.toMillis();
            return this;
        }

        /**
         * @param type a record class this context rebuilds on receipt.
         * @return this.
         */
        public Builder allowRecord(final Class<? extends Record> type)
        {
            Objects.requireNonNull(type, "type");
            if (!type.isRecord())
            {
                throw new IllegalArgumentException("not a record class: " + type.getName());
            }
            allowedRecords.put(type.getName(), type);
            return this;
        }

        /**
         * @param h receives exceptions thrown by listeners and internal faults; default logs them through SLF4J,
         *          or prints them to standard error when no logging backend is bound.
         * @return this.
         */
        public Builder errorHandler(final ErrorHandler h)
        {
            this.errorHandler = Objects.requireNonNull(h, "errorHandler");
            return this;
        }

        /**
         * @param d how often the peers of this context's ports are checked; a dead peer's port closes within it.
         *          Default 200 ms.
         * @return this.
         */
        public Builder livenessInterval(final Duration d)
        {
            this.livenessIntervalMs = d.toMillis();
            return this;
        }

        /**
         * @param bytes the ring a new lane starts with, a power of two; it grows for a backlog and shrinks after.
         *              Default 64 KiB.
         * @return this.
         */
        public Builder laneCapacity(final int bytes)
        {
            this.laneCapacity = bytes;
            return this;
        }

        /**
         * @param on false to send messages without the CRC32C that receivers verify. Default on.
         * @return this.
         */
        public Builder checksums(final boolean on)
        {
            this.checksums = on ? 1 : 0;
            return this;
        }

        /**
         * @param on false to make the loop poll every port each cycle instead of those whose doorbell rang.
         * @return this.
         */
        public Builder doorbell(final boolean on)
        {
            this.doorbell = on ? 1 : 0;
            return this;
        }

        /**
         * @param on false so that this context never keeps the JVM alive; by default it does while it has a listener
         *           (on itself, on one of its ports, or a worker), until it is closed.
         * @return this.
         */
        public Builder keepAlive(final boolean on)
        {
            this.keepAlive = on ? 1 : 0;
            return this;
        }

        /**
         * @param on false to stop counting messages, bytes, closes and loop cycles in the context's counters file
         *           ({@code entangle counters} reads it); the error log is kept either way. Default on.
         * @return this.
         */
        public Builder counters(final boolean on)
        {
            this.counters = on ? 1 : 0;
            return this;
        }

        /**
         * @param d how long the folder of a context that died is kept before a sweep removes it, so that its
         *          error log can be read. Default 10 minutes.
         * @return this.
         */
        public Builder sweepGrace(final Duration d)
        {
            this.sweepGraceMs = d.toMillis();
            return this;
        }

        /**
         * @param factory makes the event loop's thread (to name it, pin it, or make it a daemon or not). The
         *                default makes a daemon thread named {@code entangle-<name>}.
         * @return this.
         */
        public Builder threadFactory(final ThreadFactory factory)
        {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /**
         * @param on true to run the event loop on the caller's thread through {@link Context#loopInvoker()} instead
         *           of a thread of its own.
         * @return this.
         */
        public Builder useLoopInvoker(final boolean on)
        {
            this.useLoopInvoker = on;
            return this;
        }

        /**
         * Opens the context and starts its event loop.
         *
         * @return the open context.
         * @throws IllegalArgumentException for an invalid setting.
         * @throws IllegalStateException    when a live context holds the name, the directory is not safe to use,
         *                                  or the JVM lacks required flags.
         */
        public Context open()
        {
            final String normalisedOrigin = Origins.normaliseContextOrigin(origin);
            JvmFlags.check();
            final ContextSettings settings = new ContextSettings(directory, maxMessageSize, maxBufferedAmount,
                inboxExpiryMs, livenessIntervalMs, laneCapacity, checksums, doorbell, keepAlive, counters, sweepGraceMs);
            final String contextName = name != null ? name : generatedName();
            return new Context(this, settings, contextName, normalisedOrigin);
        }

        private static String generatedName()
        {
            return "ctx-" + ProcessLiveness.SELF_PID + "-" +
                Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
        }
    }
}
