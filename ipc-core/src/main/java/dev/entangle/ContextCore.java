package dev.entangle;

import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.handshake.Doorbell;
import dev.entangle.internal.handshake.Owner;
import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.loop.LoopSource;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.runtime.DirectoryRuntime;
import dev.entangle.internal.runtime.FaultDetector;
import dev.entangle.internal.stats.CloseCause;
import dev.entangle.internal.stats.ContextStats;
import dev.entangle.internal.stats.Counter;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;

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

    final ContextSettings settings;
    private final String name;
    private final String origin;
    private final DirectoryRuntime runtime;
    private final long contextId;
    private final ReceiverPolicy receiverPolicy;
    private final ErrorHandler errorHandler;
    /** Set once in the constructor; not final only because the error handler, made before it, refers to it. */
    private ContextFiles files;
    private final InboxSource inbox;
    private final KeepAliveCount keepAlive;
    private final EventLoop loop;
    private final ContextLoopClient loopClient;
    private final LoopDriver driver;
    private final Map<String, WindowHandle> windows = new ConcurrentHashMap<>();
    private final Set<PortState> ports = ConcurrentHashMap.newKeySet();
    private final Set<BufferHold> buffers = ConcurrentHashMap.newKeySet();
    private final Set<BroadcastChannel> broadcasts = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Context facade;

    ContextCore(final Context.Builder builder, final ContextSettings settings, final String name, final String origin)
    {
        this.name = name;
        this.origin = origin;
        this.settings = settings;
        this.receiverPolicy = ReceiverPolicy.of(builder.allowedRecords.values(), builder.allowedEnums.values());
        this.errorHandler = ErrorReporting.keeping(builder.errorHandler != null ? builder.errorHandler :
            ErrorReporting.defaultHandler(name), () -> files == null ? null : files.stats, this::onFault);
        this.runtime = DirectoryRuntime.acquire(settings.directory, settings.runtimeSettings());
        this.keepAlive = new KeepAliveCount(runtime, settings.keepAlive);
        long id;
        do
        {
            id = runtime.random().nextLong();
        }
        while (id == 0);
        this.contextId = id;
        try
        {
            // A name that the bridge routes to another host lives there: it cannot be opened here.
            runtime.routes().checkOpenable(name);
            this.files = ContextFiles.open(runtime, name, contextId, settings.counters);
        }
        catch (final RuntimeException ex)
        {
            runtime.release();
            throw ex;
        }
        final ContextRecord record = files.record;
        files.stats.unmapWhenUnreachable(runtime.cleaner());
        settings.writeTo(record.folder());
        runtime.doorbells().add(contextId, files.doorbell);
        this.loopClient = new ContextLoopClient(this);
        this.loop = new EventLoop("entangle-" + name, files.doorbell, !settings.doorbell,
            TimeUnit.MILLISECONDS.toNanos(settings.livenessIntervalMs), loopClient);
        loop.measureCycles(settings.counters);
        this.inbox = new InboxSource(this, record);
        if (loop.addSource(inbox) != WindowHandle.INBOX_SLOT)
        {
            throw new IllegalStateException("the inbox must have the first doorbell slot");
        }
        record.hold(contextId, ProcessLiveness.SELF_PID, ProcessLiveness.SELF_START, origin);
        loopClient.register(runtime);
        runtime.faults().addErrorSink(errorHandler);
        runtime.requestSweep();
        this.driver = LoopDriver.start(loop, this::onLoopError, builder.useLoopInvoker, builder.idleStrategy,
            builder.threadFactory);
        files.stats.ownedBy(driver.thread());
    }

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

    ReceiverPolicy receiverPolicy()
    {
        return receiverPolicy;
    }

    StructuredCloneReader reader()
    {
        return READERS.get();
    }

    ContextStats stats()
    {
        return files.stats;
    }

    ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    ContextRecord record()
    {
        return files.record;
    }

    ContextFiles files()
    {
        return files;
    }

    KeepAliveCount keepAlive()
    {
        return keepAlive;
    }

    ContextLoopClient loopClient()
    {
        return loopClient;
    }

    Set<BufferHold> buffers()
    {
        return buffers;
    }

    InboxSource inbox()
    {
        return inbox;
    }

    Doorbell doorbell()
    {
        return files.doorbell;
    }

    EventLoop loop()
    {
        return loop;
    }

    AgentInvoker invoker()
    {
        return driver.invoker();
    }

    Set<PortState> ports()
    {
        return ports;
    }

    Map<String, WindowHandle> windows()
    {
        return windows;
    }

    /**
     * @return the broadcast channels of this context that are not released yet; the context releases them as it
     * closes.
     */
    Set<BroadcastChannel> broadcasts()
    {
        return broadcasts;
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

    void wake(final LoopSource source)
    {
        loop.wake(source);
    }

    /**
     * @return the thread of the event loop, or null in invoker mode.
     */
    Thread loopThread()
    {
        return driver.thread();
    }

    /**
     * Something here began to want rings heard promptly: see {@link EventLoop#demandRose()}.
     */
    void demandRose()
    {
        loop.demandRose();
    }

    /**
     * Counts a listener that keeps the JVM alive, or stops counting it.
     */
    void reference(final boolean add)
    {
        keepAlive.reference(add, closed.get());
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

    /**
     * A listener or task threw. The fault of a truncated mapping may surface in one long after the access that
     * caused it: when a damaged file of this JVM explains it, the scan has reported that already.
     */
    void onListenerFailure(final Throwable ex)
    {
        if (FaultDetector.isMappingFault(ex) && runtime.faults().onFault(ex))
        {
            return;
        }
        errorHandler.onError(ex);
    }

    void reportDecodeFailure(final String reason)
    {
        files.stats.increment(Counter.MESSAGE_ERRORS);
        errorHandler.onError(new MessageErrorException("messageerror in context " + name + ": " + reason));
    }

    /**
     * Counts a close event fired here, by why the peer went, and records it for JFR.
     */
    void countClose(final CloseCause cause, final Object channel, final int side)
    {
        CloseEvents.count(files.stats, cause, channel, side);
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
        runtime.faults().onFault(fault);
    }

    /**
     * A file the port depends on was found truncated: the error handler hears of it once per channel, and the port
     * closes on the loop.
     */
    void reportDamage(final PortState port, final String file, final Throwable cause)
    {
        loopClient.reportDamage(port, file, cause);
    }

    void close()
    {
        closed.set(true);
        driver.close();
    }

    /** Runs on the event loop as it stops. */
    void closeOnLoop()
    {
        closed.set(true);
        ContextCloser.closeOnLoop(this);
    }

    @Override
    public String toString()
    {
        return "Context[" + name + " " + origin + "]";
    }
}
