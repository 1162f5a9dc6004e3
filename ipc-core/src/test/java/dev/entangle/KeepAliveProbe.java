package dev.entangle;

import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM for the keep-alive tests. Arguments: the directory, a mode, and the name of the test's context. Its
 * {@code main} sets things up and returns; a daemon thread then prints {@code main returned}, so the test knows that
 * from then on only the library can be keeping the JVM alive. Modes:
 * <ul>
 * <li>{@code window-listener}: the context {@code probe} listens on itself; a message makes it print
 * {@code got} and the data and close the context from the listener.</li>
 * <li>{@code port-listener}: the same on port1 of a channel, whose port2 it sends to the test's context.</li>
 * <li>{@code no-listener}: a context with a channel and a window but no listener.</li>
 * <li>{@code removed-listeners}: listeners set on the context and on a port, then removed.</li>
 * <li>{@code opted-out}: {@code keepAlive(false)}, with listeners on the context and on a port.</li>
 * <li>{@code worker}: starts the worker {@code kid} ({@link UntilTold}) and sets no listener at all; prints
 * {@code worker pid} and its pid.</li>
 * <li>{@code worker-exit-listener}: the same, with an exit listener that prints {@code worker ended with} and the
 * code.</li>
 * </ul>
 * It never closes its context in the other modes: an open context without listeners must not hold the JVM.
 */
public final class KeepAliveProbe
{
    /** The probe's context name. */
    static final String NAME = "probe";
    /** The name of the worker that the worker modes start. */
    static final String WORKER = "kid";

    private KeepAliveProbe()
    {
    }

    /** A worker that runs until any message reaches its context, then closes itself (exit code 0). */
    public static final class UntilTold implements WorkerMain
    {
        @Override
        public void run(final WorkerScope self)
        {
            self.context().onMessage(event -> self.close());
            System.out.println("worker running");
            System.out.flush();
        }
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final String mode = args[1];
        final String test = args[2];
        reportWhenMainReturns(Thread.currentThread());
        final Context.Builder builder = Context.builder().directory(dir).name(NAME);
        final Context context = ("opted-out".equals(mode) ? builder.keepAlive(false) : builder).open();
        final MessageListener closeOnMessage = event ->
        {
            System.out.println("got " + event.data());
            System.out.flush();
            context.close();
        };
        switch (mode)
        {
            case "window-listener" -> context.onMessage(closeOnMessage);
            case "port-listener" ->
            {
                final MessageChannel channel = new MessageChannel(context);
                channel.port1().onMessage(closeOnMessage);
                context.window(test).postMessage("port", "*", List.of(channel.port2()));
            }
            case "no-listener" ->
            {
                final MessageChannel channel = new MessageChannel(context);
                channel.port1().start();
                context.window(test).postMessage("no listener here", "*", List.of(channel.port2()));
            }
            case "removed-listeners", "opted-out" ->
            {
                final MessageChannel channel = new MessageChannel(context);
                context.onMessage(closeOnMessage);
                channel.port1().onMessage(closeOnMessage);
                channel.port2().onMessageError(closeOnMessage);
                if ("removed-listeners".equals(mode))
                {
                    context.onMessage(null);
                    channel.port1().onMessage(null);
                    channel.port2().onMessageError(null);
                }
            }
            case "worker", "worker-exit-listener" ->
            {
                final Worker worker = Worker.start(context, UntilTold.class, WorkerOptions.defaults().name(WORKER));
                System.out.println("worker pid " + worker.process().pid());
                if ("worker-exit-listener".equals(mode))
                {
                    worker.onExit(code -> System.out.println("worker ended with " + code));
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.flush();
    }

    private static void reportWhenMainReturns(final Thread main)
    {
        final Thread watcher = new Thread(() ->
        {
            try
            {
                main.join();
                System.out.println("main returned");
                System.out.flush();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "main-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
