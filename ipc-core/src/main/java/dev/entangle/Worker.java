package dev.entangle;

import dev.entangle.internal.handshake.Custodian;
import dev.entangle.internal.process.ProcessLiveness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * A child JVM running a {@link WorkerMain}, with an implicit port between this object and the child's
 * {@link WorkerScope}. The child gets this JVM's class path, the JVM flags the library needs, the same
 * {@code entangle.*} settings, and a context in this context's directory with its origin. It lives until it closes
 * itself, {@link #terminate()} kills it, its {@code run} throws, or this JVM ends (the child watches its parent and
 * never outlives it). Its standard output and error are copied to this JVM's, each line prefixed with its name.
 */
public final class Worker implements AutoCloseable
{
    /** The message that carries the implicit port to the child. */
    static final String HANDSHAKE = "entangle:worker-port";

    private static final SecureRandom NAMES = new SecureRandom();
    /** How long after the child's exit its last messages may still be on their way to the implicit port. */
    private static final long DRAIN_GRACE_MS = 5_000;

    private final Context parent;
    private final String name;
    private final MessagePort port;
    private final Process process;
    private final WorkerOutput output;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final Object exitLock = new Object();
    private IntConsumer exitListener;
    private Integer exitCode;

    private Worker(
        final Context parent, final String name, final MessagePort port, final Process process,
        final WorkerOutput output)
    {
        this.parent = parent;
        this.name = name;
        this.port = port;
        this.process = process;
        this.output = output;
        // A running worker keeps its parent's JVM alive, like a port with a listener.
        parent.core().reference(true);
        process.onExit().thenRunAsync(this::exited);
    }

    /**
     * Launches a worker with default options. Returns at once: messages posted before the child is ready wait for
     * it.
     *
     * @param parent the context that owns the worker's implicit port; its listeners run on this context's loop.
     * @param main   the class the child instantiates and runs; it needs a public no-argument constructor.
     * @return the worker.
     */
    public static Worker start(final Context parent, final Class<? extends WorkerMain> main)
    {
        return start(parent, main, WorkerOptions.defaults());
    }

    /**
     * Launches a worker. Returns at once: messages posted before the child is ready wait for it.
     *
     * @param parent  the context that owns the worker's implicit port.
     * @param main    the class the child instantiates and runs; it needs a public no-argument constructor.
     * @param options the worker's name and extra JVM arguments.
     * @return the worker.
     * @throws IllegalArgumentException when {@code main} cannot be instantiated by the child.
     * @throws UncheckedIOException     when the JVM cannot be launched.
     */
    public static Worker start(
        final Context parent, final Class<? extends WorkerMain> main, final WorkerOptions options)
    {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(options, "options");
        checkInstantiable(Objects.requireNonNull(main, "main"));
        parent.core().checkOpen("start a worker");
        final String name = options.name() != null ? options.name() :
            "worker-" + ProcessLiveness.SELF_PID + "-" + Long.toHexString(NAMES.nextLong() & 0xFFFF_FFFFL);
        final MessageChannel channel = new MessageChannel(parent);
        // The port waits in the name's inbox until the child opens a context of that name.
        parent.window(name).postMessage(HANDSHAKE, "*", List.of(channel.port2()));
        final Process process;
        try
        {
            process = new ProcessBuilder(command(parent, name, main, options)).start();
        }
        catch (final IOException ex)
        {
            channel.port1().close();
            throw new UncheckedIOException("cannot launch worker " + name, ex);
        }
        // From now on the port in transit is the child's: if the child dies before claiming it, its peer closes.
        PortTransfer.updateCustodian(((PortHandle)channel.port2()).state(),
            new Custodian.Process(process.pid(), ProcessLiveness.startOf(process.toHandle())));
        final WorkerOutput output = WorkerOutput.copy(process, "[" + name + "] ");
        return new Worker(parent, name, channel.port1(), process, output);
    }

    /**
     * @param message a structured-cloneable value, delivered to the worker's {@link WorkerScope#onMessage}.
     */
    public void postMessage(final Object message)
    {
        port.postMessage(message);
    }

    /**
     * @param message  a structured-cloneable value.
     * @param transfer ports to move into the worker.
     */
    public void postMessage(final Object message, final List<? extends Transferable> transfer)
    {
        port.postMessage(message, transfer);
    }

    /**
     * @param l receives what the worker posts; setting it starts the implicit port.
     */
    public void onMessage(final MessageListener l)
    {
        port.onMessage(l);
    }

    /**
     * @param l receives messages from the worker that could not be deserialized.
     */
    public void onMessageError(final MessageListener l)
    {
        port.onMessageError(l);
    }

    /**
     * @param l receives the worker's exit code on the parent's event loop, once, after the messages the worker sent
     *          before it ended; called at once (on the loop) when the worker has already ended.
     */
    public void onExit(final IntConsumer l)
    {
        final Integer code;
        synchronized (exitLock)
        {
            exitListener = l;
            code = exitCode;
        }
        if (code != null && l != null)
        {
            parent.execute(() -> l.accept(code));
        }
    }

    /**
     * @return the worker's process.
     */
    public ProcessHandle process()
    {
        return process.toHandle();
    }

    /**
     * @return the worker's context name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Kills the worker (and any workers it started); the peers of its ports see {@code close}. Idempotent.
     */
    public void terminate()
    {
        if (terminated.compareAndSet(false, true))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        if (!parent.core().onLoopThread())
        {
            // What the worker printed before it ended reaches this JVM's output before terminate returns.
            try
            {
                process.waitFor(2, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            output.awaitEnd();
        }
    }

    /**
     * Same as {@link #terminate()}.
     */
    @Override
    public void close()
    {
        terminate();
    }

    /** The implicit port, for {@link Remote}. */
    MessagePort port()
    {
        return port;
    }

    private void exited()
    {
        output.awaitEnd();
        // Let what the worker sent before it ended reach the port first: its close arrives after its messages.
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_GRACE_MS);
        final PortState state = ((PortHandle)port).state();
        while (state.phase() == PortState.Phase.ACTIVE && System.nanoTime() < deadline && !parent.core().isClosed())
        {
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        final int code = process.exitValue();
        final IntConsumer listener;
        synchronized (exitLock)
        {
            exitCode = code;
            listener = exitListener;
        }
        final ContextCore core = parent.core();
        if (listener == null || core.isClosed())
        {
            core.reference(false);
            return;
        }
        // The worker keeps the parent's JVM alive until its exit listener has run, not merely until it ended: the
        // listener is often what closes the parent's context or starts more work.
        core.execute(() ->
        {
            try
            {
                listener.accept(code);
            }
            finally
            {
                core.reference(false);
            }
        });
    }

    private static void checkInstantiable(final Class<? extends WorkerMain> main)
    {
        try
        {
            if (!Modifier.isPublic(main.getModifiers()) || Modifier.isAbstract(main.getModifiers()) ||
                !Modifier.isPublic(main.getConstructor().getModifiers()))
            {
                throw new IllegalArgumentException(main.getName() + " must be a public class with a public " +
                    "no-argument constructor");
            }
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException(main.getName() + " has no public no-argument constructor", ex);
        }
    }

    private static List<String> command(
        final Context parent, final String name, final Class<? extends WorkerMain> main,
        final WorkerOptions options)
    {
        // The worker behaves like its parent: the same liveness interval, doorbell and pre-faulting settings.
        final List<String> command = JvmFlags.childJvm();
        command.addAll(options.jvmArgs());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerLauncher.class.getName());
        command.add(parent.directory().toString());
        command.add(name);
        command.add(parent.origin());
        command.add(main.getName());
        return command;
    }
}
