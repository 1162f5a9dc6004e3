package dev.entangle;

import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.transport.OwnerOnlyFiles;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One participant, like a browsing context: it owns ports, has a name other contexts address it by, and runs one
 * event loop thread on which every listener of the context, of its ports and of its workers runs, one at a time.
 * Contexts that share a directory can talk, in one JVM or across many.
 */
public final class Context implements AutoCloseable
{
    static final Cleaner CLEANER = Cleaner.create(runnable ->
    {
        final Thread thread = new Thread(runnable, "entangle-port-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private static final Logger LOG = LoggerFactory.getLogger(Context.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom IDS = new SecureRandom();
    private static final ThreadLocal<StructuredCloneReader> READERS =
        ThreadLocal.withInitial(StructuredCloneReader::new);

    private final String name;
    private final String origin;
    private final Layout layout;
    private final long contextId;
    private final int maxMessageSize;
    private final ReceiverPolicy recordPolicy;
    private final ErrorHandler errorHandler;
    private final ContextRecord record;
    private final Inbox inbox;
    private final Doorbell doorbell;
    private final ContextLoop loop;
    private final AgentRunner runner;
    private final Map<String, WindowHandle> windows = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Context(final Builder builder, final Path directory, final String name, final String origin)
    {
        this.name = name;
        this.origin = origin;
        this.layout = new Layout(directory);
        this.maxMessageSize = builder.maxMessageSize;
        this.recordPolicy = ReceiverPolicy.of(builder.allowedRecords.values(), List.of());
        final ErrorHandler userHandler = builder.errorHandler != null ? builder.errorHandler : Context::logError;
        // The loop stops itself by throwing AgentTerminationException; that is no error to report.
        this.errorHandler = ex ->
        {
            if (!(ex instanceof AgentTerminationException))
            {
                userHandler.onError(ex);
            }
        };
        long id;
        do
        {
            id = IDS.nextLong();
        }
        while (id == 0);
        this.contextId = id;
        this.record = ContextRecord.acquire(layout.context(name), name, contextId);
        try
        {
            StaleFiles.sweep(layout);
            this.inbox = new Inbox(this, record);
        }
        catch (final RuntimeException ex)
        {
            record.close();
            throw ex;
        }
        this.doorbell = Doorbell.create(layout.doorbell(contextId));
        this.loop = new ContextLoop(this, inbox, doorbell, Configuration.livenessIntervalNs());
        final IdleStrategy idle = builder.idleStrategy != null ? builder.idleStrategy : new BackoffIdleStrategy();
        this.runner = new AgentRunner(idle, errorHandler, null, loop);
        AgentRunner.startOnThread(runner, runnable ->
        {
            final Thread thread = new Thread(runnable, loop.roleName());
            thread.setDaemon(true);
            return thread;
        });
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
        return layout.root();
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
     *
     * @param l the listener, or null to remove it.
     */
    public void onMessage(final MessageListener l)
    {
        inbox.onMessage(l);
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
     * Runs a task on this context's event loop, after the tasks already queued. Ignored once the context closed.
     *
     * @param task the task; an exception it throws goes to the error handler.
     */
    public void execute(final Runnable task)
    {
        Objects.requireNonNull(task, "task");
        loop.execute(task);
    }

    /**
     * Closes every port the context owns (their peers see {@code close}), discards undispatched inbox messages,
     * stops the event loop and frees the name. Idempotent. Called on the context's own event loop, it finishes
     * after the current task.
     */
    @Override
    public void close()
    {
        if (loop.onLoopThread())
        {
            closed.set(true);
            loop.requestClose();
            return;
        }
        closed.set(true);
        runner.close();
    }

    @Override
    public String toString()
    {
        return "Context[" + name + " " + origin + "]";
    }

    // ---------------------------------------------------------------------------------------------- internals

    Layout layout()
    {
        return layout;
    }

    long contextId()
    {
        return contextId;
    }

    int maxMessageSize()
    {
        return maxMessageSize;
    }

    ReceiverPolicy recordPolicy()
    {
        return recordPolicy;
    }

    StructuredCloneReader reader()
    {
        return READERS.get();
    }

    boolean isClosed()
    {
        return closed.get();
    }

    PortState[] newChannel()
    {
        return PortState.newChannel(this);
    }

    /**
     * @return the port's doorbell slot.
     */
    int addPort(final PortState port)
    {
        return loop.addPort(port);
    }

    void removePort(final PortState port, final int slot)
    {
        loop.removePort(port, slot);
    }

    void heartbeat()
    {
        record.heartbeat(System.currentTimeMillis());
    }

    /**
     * @return when the loop last wrote its heartbeat, in epoch milliseconds; 0 before the first.
     */
    long lastHeartbeat()
    {
        return record.heartbeat();
    }

    void wake(final PortState port)
    {
        loop.wake(port);
    }

    void invoke(final MessageListener listener, final MessageEvent event)
    {
        try
        {
            listener.onMessage(event);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
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
            errorHandler.onError(ex);
        }
    }

    void reportDecodeFailure(final String reason)
    {
        errorHandler.onError(new MessageErrorException("messageerror in context " + name + ": " + reason));
    }

    void postToWindow(
        final WindowHandle target,
        final Object message,
        final String targetOrigin,
        final List<? extends Transferable> transfer)
    {
        final String resolvedOrigin = Origins.resolveTargetOrigin(targetOrigin, origin);
        Objects.requireNonNull(transfer, "transfer");
        if (transfer.isEmpty())
        {
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, maxMessageSize);
            final ContextRecord.Holder holder = target.holder();
            final int headLength = Envelope.writeWindowMessage(
                outgoing.head(), holder.contextId(), name, origin, resolvedOrigin, List.of());
            target.append(outgoing, headLength, length);
            return;
        }
        synchronized (PortState.TRANSITIONS)
        {
            final List<PortState> listed = TransferList.validate(transfer, null);
            final Outgoing outgoing = Outgoing.get();
            final int length = outgoing.encode(message, transfer, maxMessageSize);
            if (closed.get())
            {
                return;
            }
            final ContextRecord.Holder holder = target.holder();
            final List<Envelope.Entry> entries = TransferList.detach(listed,
                dev.entangle.handshake.PortRecordDescriptor.CUSTODIAN_INBOX,
                holder.contextId(), holder.pid(), holder.start());
            final int headLength = Envelope.writeWindowMessage(
                outgoing.head(), holder.contextId(), name, origin, resolvedOrigin, entries);
            target.append(outgoing, headLength, length);
        }
    }

    /** Runs on the event loop as it stops. */
    void closeOnLoop(final PortState[] ports)
    {
        closed.set(true);
        for (final PortState port : ports)
        {
            try
            {
                port.close();
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
        }
        inbox.closeAndDiscard();
        for (final WindowHandle window : windows.values())
        {
            window.release();
        }
        doorbell.delete();
        record.close();
    }

    static void validateName(final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("context name must match [A-Za-z0-9._-]{1,64}: \"" + name + "\"");
        }
    }

    private static void logError(final Throwable error)
    {
        LOG.error("entangle: {}", error.toString(), error);
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
        private int maxMessageSize = Configuration.MAX_MESSAGE_SIZE_DEFAULT;
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
         * @param name {@code [A-Za-z0-9._-]{1,64}}; default a generated unique name.
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
         * @param bytes largest serialized message sent or accepted; default and upper limit 16 MiB.
         * @return this.
         * @throws IllegalArgumentException when not in {@code [1, 16 MiB]}.
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
         * @param h receives exceptions thrown by listeners and internal faults; default logs them.
         * @return this.
         */
        public Builder errorHandler(final ErrorHandler h)
        {
            this.errorHandler = Objects.requireNonNull(h, "errorHandler");
            return this;
        }

        /**
         * Opens the context and starts its event loop.
         *
         * @return the open context.
         * @throws IllegalArgumentException for an invalid setting.
         * @throws IllegalStateException    when a live context holds the name, or the JVM lacks required flags.
         */
        public Context open()
        {
            final String normalisedOrigin = Origins.normaliseContextOrigin(origin);
            JvmFlags.disableChronicleAnalytics();
            JvmFlags.check();
            final Path dir = (directory != null ? directory : Configuration.defaultDirectory()).toAbsolutePath();
            OwnerOnlyFiles.createDirectories(dir);
            final String contextName = name != null ? name : generatedName();
            return new Context(this, dir, contextName, normalisedOrigin);
        }

        private static String generatedName()
        {
            return "ctx-" + ProcessHandle.current().pid() + "-" + Long.toHexString(IDS.nextLong() & 0xFFFF_FFFFL);
        }
    }
}
