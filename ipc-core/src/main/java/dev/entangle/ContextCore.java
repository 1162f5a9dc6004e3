package dev.entangle;

import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.internal.fs.SafeFiles;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.lane.LaneSettings;
import dev.entangle.internal.lane.LaneWriter;
import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.loop.LoopRunner;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.FaultDetector;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;
import dev.entangle.internal.stats.Events;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine behind a {@link Context}: its name lock and record, its doorbell and event loop, its ports and
 * windows, its counters and error log. Everything inside the library works with this class; {@link Context} is the
 * public face.
 */
final class ContextCore
{
    private static final ThreadLocal<StructuredCloneReader> READERS =
        ThreadLocal.withInitial(StructuredCloneReader::new);
    /** How long opening waits for a name whose lock is held by no live context (a sweep holds it briefly). */
    private static final long NAME_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    final ContextSettings settings;
    private final String name;
    private final String origin;
    private final DirectoryRuntime runtime;
    private final long contextId;
    private final ReceiverPolicy receiverPolicy;
    private final ErrorHandler errorHandler;
    private final FileLock nameLock;
    private final ContextRecord record;
    /** Set once in the constructor; not final only because the error handler, made before it, refers to it. */
    private ContextStats stats;
    private final InboxSource inbox;
    private final Doorbell doorbell;
    private final EventLoop loop;
    private final ContextLoopClient loopClient;
    private final LoopRunner runner;
    private final AgentInvoker invoker;
    private final Map<String, WindowHandle> windows = new ConcurrentHashMap<>();
    private final Set<PortState> ports = ConcurrentHashMap.newKeySet();
    private final Set<BufferHold> buffers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Context facade;
    private int references;
    private boolean keepingAlive;

    ContextCore(final Context.Builder builder, final ContextSettings settings, final String name, final String origin)
    {
        this.name = name;
        this.origin = origin;
        this.settings = settings;
        this.receiverPolicy = ReceiverPolicy.of(builder.allowedRecords.values(), builder.allowedEnums.values());
        this.errorHandler = keepingErrors(builder.errorHandler != null ? builder.errorHandler :
            ErrorReporting.defaultHandler(name));
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
        try
        {
            // A name that the bridge routes to another host lives there: it cannot be opened here.
            runtime.routes().checkOpenable(name);
            lock = lockName(runtime, name);
            final Path folder = runtime.layout().context(name);
            SafeFiles.createDirectory(folder);
            opened = ContextRecord.openOrCreate(folder);
            this.stats = ContextStats.create(folder, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START,
                contextId, settings.counters);
            this.doorbell = Doorbell.create(runtime.layout().doorbell(contextId), ProcessLiveness.SELF_PID,
                ProcessLiveness.SELF_START);
        }
        catch (final RuntimeException ex)
        {
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
        stats.unmapWhenUnreachable(runtime.cleaner());
        settings.writeTo(opened.folder());
        runtime.addDoorbell(contextId, doorbell);
        this.loopClient = new ContextLoopClient(this);
        this.loop = new EventLoop("entangle-" + name, doorbell, !settings.doorbell,
            TimeUnit.MILLISECONDS.toNanos(settings.livenessIntervalMs), loopClient);
        loop.measureCycles(settings.counters);
        this.inbox = new InboxSource(this, record);
        if (loop.addSource(inbox) != WindowHandle.INBOX_SLOT)
        {
            throw new IllegalStateException("the inbox must have the first doorbell slot");
        }
        record.hold(contextId, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, origin);
        loopClient.register(runtime);
        runtime.addErrorSink(errorHandler);
        runtime.requestSweep();
        if (builder.useLoopInvoker)
        {
            this.runner = null;
            this.invoker = new AgentInvoker(this::onLoopError, null, loop);
            invoker.start();
        }
        else
        {
            this.invoker = null;
            final IdleStrategy idle = builder.idleStrategy != null ? builder.idleStrategy : new BackoffIdleStrategy();
            this.runner = LoopRunner.start(loop, idle, this::onLoopError, builder.threadFactory != null ?
                builder.threadFactory : runnable ->
                {
                    final Thread thread = new Thread(runnable, loop.roleName());
                    thread.setDaemon(true);
                    return thread;
                });
        }
    }

    /**
     * The loop stops itself by throwing AgentTerminationException; that is no error to report. Every other error is
     * kept in the context's error log, which outlives the process, then handed to the user's handler, which must not
     * throw.
     */
    private ErrorHandler keepingErrors(final ErrorHandler userHandler)
    {
        return ex ->
        {
            if (ex instanceof AgentTerminationException)
            {
                return;
            }
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
        };
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

    // ------------------------------------------------------------------------------------------------ identity

    Context facade()
    {
        return facade;
    }

    void facade(final Context context)
    {
        this.facade = context;
    }

    String name()
    {
        return name;
    }

    String origin()
    {
        return origin;
    }

    Path directory()
    {
        return runtime.layout().root();
    }

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

    ReceiverPolicy receiverPolicy()
    {
        return receiverPolicy;
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

    ContextStats stats()
    {
        return stats;
    }

    ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    ContextRecord record()
    {
        return record;
    }

    InboxSource inbox()
    {
        return inbox;
    }

    Doorbell doorbell()
    {
        return doorbell;
    }

    EventLoop loop()
    {
        return loop;
    }

    AgentInvoker invoker()
    {
        return invoker;
    }

    Set<PortState> ports()
    {
        return ports;
    }

    Map<String, WindowHandle> windows()
    {
        return windows;
    }

    // ------------------------------------------------------------------------------------------------ the loop

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

    void execute(final Runnable task)
    {
        loop.execute(task);
    }

    WindowHandle window(final String target)
    {
        return windows.computeIfAbsent(target, n -> new WindowHandle(this, n));
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

    /**
     * Something escaped the loop's own handlers: a fault of a truncated mapping (raised a little after the access,
     * in compiled code) is contained by a scan, which reports what it closed; anything else is reported.
     */
    private void onLoopError(final Throwable ex)
    {
        if (FaultDetector.isMappingFault(ex))
        {
            onFault(ex);
        }
        else
        {
            errorHandler.onError(ex);
        }
    }

    void onListenerFailure(final Throwable ex)
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

    void holdBuffer(final BufferHold hold)
    {
        buffers.add(hold);
    }

    void dropBuffer(final BufferHold hold)
    {
        buffers.remove(hold);
    }

    /**
     * A thread caught the fault of a truncated mapping: every context of the directory looks for the damaged files
     * and closes what depends on them.
     */
    void onFault(final Throwable fault)
    {
        runtime.onFault(fault);
    }

    // ------------------------------------------------------------------------------------------------ closing

    void close()
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

    /** Runs on the event loop as it stops. */
    void closeOnLoop()
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
        for (final BufferHold hold : buffers.toArray(new BufferHold[0]))
        {
            hold.release(CloseCause.CONTEXT_CLOSED);
        }
        for (final WindowHandle window : windows.values())
        {
            window.release();
        }
        loopClient.unregister(runtime);
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

    @Override
    public String toString()
    {
        return "Context[" + name + " " + origin + "]";
    }
}
