package dev.entangle;

import dev.entangle.internal.process.ProcessLiveness;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

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

    private final ContextCore core;

    private Context(final ContextCore core)
    {
        this.core = core;
        core.facade(this);
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
        return core.name();
    }

    /**
     * @return this context's normalised serialized origin.
     */
    public String origin()
    {
        return core.origin();
    }

    /**
     * @return the directory where the shared state lives.
     */
    public Path directory()
    {
        return core.directory();
    }

    /**
     * @return the settings this context runs with, each with where its value came from.
     */
    public Settings settings()
    {
        return core.settings.report;
    }

    /**
     * @return the invoker that runs this context's loop on the caller's thread, when the context was opened with
     * {@link Builder#useLoopInvoker(boolean)}; null when the loop has a thread of its own. Call
     * {@link AgentInvoker#invoke()} repeatedly from one thread: that thread is then the loop thread, where every
     * listener runs.
     */
    public AgentInvoker loopInvoker()
    {
        return core.invoker();
    }

    /**
     * @param name another context's name; it need not be open yet. With a bridge to other hosts, a name routed to
     *             another host, or {@code name@host}, reaches a context there.
     * @return a proxy that posts to that context's inbox.
     * @throws IllegalArgumentException for an invalid name.
     */
    public WindowProxy window(final String name)
    {
        ContextNames.validateAddress(name);
        return core.window(name);
    }

    /**
     * Like setting {@code window.onmessage}: the first non-null listener enables the inbox, whose messages waited.
     * A context with a listener keeps the JVM alive until it is closed.
     *
     * @param l the listener, or null to remove it.
     */
    public void onMessage(final MessageListener l)
    {
        final int change = core.inbox().onMessage(l);
        if (change != 0)
        {
            core.reference(change > 0);
        }
    }

    /**
     * Like setting {@code window.onmessageerror}.
     *
     * @param l the listener, or null to remove it.
     */
    public void onMessageError(final MessageListener l)
    {
        core.inbox().onMessageError(l);
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
        core.checkOpen("run a task");
        core.execute(task);
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
        core.close();
    }

    @Override
    public String toString()
    {
        return core.toString();
    }

    ContextCore core()
    {
        return core;
    }

    /**
     * @return when the loop last wrote its heartbeat, in epoch milliseconds.
     */
    long lastHeartbeat()
    {
        return core.record().heartbeat();
    }

    /**
     * Settles a context's configuration once, at {@link #open()}.
     */
    public static final class Builder
    {
        Path directory;
        String name;
        String origin = Origins.OPAQUE;
        IdleStrategy idleStrategy;
        long maxMessageSize = ContextSettings.UNSET;
        long maxBufferedAmount = ContextSettings.UNSET;
        long inboxExpiryMs = ContextSettings.UNSET;
        long livenessIntervalMs = ContextSettings.UNSET;
        long laneCapacity = ContextSettings.UNSET;
        long sweepGraceMs = ContextSettings.UNSET;
        int checksums = -1;
        int doorbell = -1;
        int keepAlive = -1;
        int counters = -1;
        boolean useLoopInvoker;
        ThreadFactory threadFactory;
        final Map<String, Class<? extends Record>> allowedRecords = new HashMap<>();
        final Map<String, Class<? extends Enum<?>>> allowedEnums = new HashMap<>();
        ErrorHandler errorHandler;

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
            ContextNames.validateName(name);
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
         * @param s how the event loop waits when idle; default a {@link BackoffIdleStrategy}. While nothing in the
         *          context listens (no started port, no close or low-water listener, no thread waiting in
         *          {@code receiveMessage(Duration)}, no inbox or broadcast listener), the loop's thread instead
         *          rests until its next upkeep or until something is given to it.
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
         * @param type an enum class whose constants this context rebuilds on receipt; a constant of a class not
         *             allowed arrives as {@code messageerror}.
         * @return this.
         */
        public Builder allowEnum(final Class<? extends Enum<?>> type)
        {
            Objects.requireNonNull(type, "type");
            if (!type.isEnum())
            {
                throw new IllegalArgumentException("not an enum class: " + type.getName());
            }
            allowedEnums.put(type.getName(), type);
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
                inboxExpiryMs, livenessIntervalMs, laneCapacity, checksums, doorbell, keepAlive, counters,
                sweepGraceMs);
            final String contextName = name != null ? name : generatedName();
            return new Context(new ContextCore(this, settings, contextName, normalisedOrigin));
        }

        private static String generatedName()
        {
            return "ctx-" + ProcessLiveness.SELF_PID + "-" +
                Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
        }
    }
}
