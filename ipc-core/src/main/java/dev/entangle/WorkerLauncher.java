package dev.entangle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of a worker's JVM: opens the worker's context, waits for the implicit port, and runs the
 * {@link WorkerMain} on the context's event loop. Its main thread watches standard input, the pipe from the
 * parent: when the parent ends, for any reason, the pipe closes and the worker ends too.
 */
final class WorkerLauncher
{
    /** Exit code of a worker whose parent went away. */
    static final int PARENT_GONE = 143;
    /** Exit code of a worker that could not start its main class. */
    static final int CANNOT_START = 2;
    /** Exit code of a worker whose {@code run} threw. */
    static final int RUN_FAILED = 1;

    private WorkerLauncher()
    {
    }

    /**
     * @param args directory, context name, origin, and the {@link WorkerMain} class name.
     */
    public static void main(final String[] args)
    {
        final Context context;
        final WorkerMain main;
        try
        {
            main = instantiate(args[3]);
            context = Context.builder().directory(Path.of(args[0])).name(args[1]).origin(args[2]).open();
        }
        catch (final RuntimeException | ReflectiveOperationException ex)
        {
            ex.printStackTrace();
            System.exit(CANNOT_START);
            return;
        }
        final AtomicBoolean started = new AtomicBoolean();
        context.onMessage(event ->
        {
            if (Worker.HANDSHAKE.equals(event.data()) && event.ports().size() == 1 &&
                started.compareAndSet(false, true))
            {
                final Scope self = new Scope(context, event.ports().get(0));
                try
                {
                    main.run(self);
                }
                catch (final Throwable ex)
                {
                    ex.printStackTrace();
                    System.err.flush();
                    end(context, RUN_FAILED);
                }
            }
        });
        awaitParentEnd();
        Runtime.getRuntime().halt(PARENT_GONE);
    }

    private static WorkerMain instantiate(final String className) throws ReflectiveOperationException
    {
        final Class<?> type = Class.forName(className, true, ClassLoader.getSystemClassLoader());
        if (!WorkerMain.class.isAssignableFrom(type))
        {
            throw new IllegalArgumentException(className + " does not implement " + WorkerMain.class.getName());
        }
        return (WorkerMain)type.getConstructor().newInstance();
    }

    private static void awaitParentEnd()
    {
        try
        {
            while (System.in.read() >= 0)
            {
                // Nothing is sent on this pipe; it only tells that the parent lives.
            }
        }
        catch (final IOException ignore)
        {
            // A broken pipe means the same as its end.
        }
    }

    /**
     * Closes the context (its ports' peers see {@code close}, after what was posted) and exits, off the event loop
     * so the loop can finish its current task first.
     */
    static void end(final Context context, final int code)
    {
        final Thread ending = new Thread(() ->
        {
            context.close();
            System.out.flush();
            System.err.flush();
            System.exit(code);
        }, "entangle-worker-end");
        ending.start();
    }

    /** The worker's side of the implicit port. */
    static final class Scope implements WorkerScope
    {
        private final Context context;
        private final MessagePort port;

        Scope(final Context context, final MessagePort port)
        {
            this.context = context;
            this.port = port;
        }

        /** The implicit port, for {@link Remote}. */
        MessagePort port()
        {
            return port;
        }

        @Override
        public Context context()
        {
            return context;
        }

        @Override
        public void postMessage(final Object message)
        {
            port.postMessage(message);
        }

        @Override
        public void postMessage(final Object message, final List<? extends Transferable> transfer)
        {
            port.postMessage(message, transfer);
        }

        @Override
        public void onMessage(final MessageListener l)
        {
            port.onMessage(l);
        }

        @Override
        public void onMessageError(final MessageListener l)
        {
            port.onMessageError(l);
        }

        @Override
        public void close()
        {
            end(context, 0);
        }
    }
}
