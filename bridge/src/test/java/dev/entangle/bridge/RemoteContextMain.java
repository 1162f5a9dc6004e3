package dev.entangle.bridge;

import dev.entangle.Context;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;

import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A context of a "host" in a JVM of its own, for the cross-host tests: {@code <dir> <name> <mode> [args]}. It
 * prints {@code open} once its context is open, then what it saw, one line each.
 * <ul>
 *   <li>{@code echo}: answers each window message through {@code event.source()} with {@code re:<data>}, and
 *       echoes every message on a port it receives.</li>
 *   <li>{@code count N}: for the first port it receives, sends N numbered messages on it and checks that the
 *       messages that arrive on it are 0, 1, 2, ... in order; prints {@code in order N} and {@code closed after K}.
 *   </li>
 *   <li>{@code hold}: keeps the ports it receives, started, and prints {@code got port}.</li>
 *   <li>{@code return}: posts the ports it receives back to the message's source.</li>
 *   <li>{@code park}: keeps the ports it receives without starting them, prints {@code got port}, and starts them
 *       when {@code start} is written to its standard input.</li>
 * </ul>
 */
public final class RemoteContextMain
{
    private RemoteContextMain()
    {
    }

    /**
     * @param args directory, name, mode and its arguments.
     * @throws Exception when the context cannot open.
     */
    public static void main(final String[] args) throws Exception
    {
        final String mode = args[2];
        final Context.Builder builder = Context.builder().directory(Paths.get(args[0])).name(args[1])
            .errorHandler(error -> System.out.println("error " + error));
        if (args.length > 3 && args[3].startsWith("origin="))
        {
            builder.origin(args[3].substring("origin=".length()));
        }
        final Context context = builder.open();
        final CountDownLatch done = new CountDownLatch(1);
        context.onMessageError(event -> System.out.println("messageerror on window"));
        switch (mode)
        {
            case "echo" -> context.onMessage(event -> echo(event));
            case "count" -> context.onMessage(event -> count(event, Integer.parseInt(args[3])));
            case "park" -> context.onMessage(event -> park(event));
            case "return" -> context.onMessage(event ->
            {
                // Sends the ports it gets back where they came from: a port that crosses twice.
                event.source().postMessage("back", "*", event.ports());
                System.out.println("returned " + event.ports().size());
            });
            default -> context.onMessage(event -> hold(event));
        }
        System.out.println("open");
        done.await();
    }

    private static void echo(final MessageEvent event)
    {
        System.out.println("window " + event.data() + " from " + event.source().name() + " origin " + event.origin());
        event.source().postMessage("re:" + event.data(), "*");
        for (final MessagePort port : event.ports())
        {
            port.onMessage(message -> port.postMessage(message.data()));
            port.onMessageError(message -> System.out.println("messageerror on port"));
            port.onClose(() -> System.out.println("port closed"));
        }
    }

    private static void count(final MessageEvent event, final int total)
    {
        if (event.ports().isEmpty())
        {
            return;
        }
        final MessagePort port = event.ports().get(0);
        final AtomicInteger next = new AtomicInteger();
        port.onMessage(message ->
        {
            final int expected = next.getAndIncrement();
            if (!Integer.valueOf(expected).equals(message.data()))
            {
                System.out.println("out of order: expected " + expected + " got " + message.data());
            }
            if (expected + 1 == total)
            {
                System.out.println("in order " + total);
            }
        });
        port.onMessageError(message -> System.out.println("messageerror on port"));
        port.onClose(() -> System.out.println("closed after " + next.get()));
        for (int i = 0; i < total; i++)
        {
            port.postMessage(i);
        }
        System.out.println("sent " + total);
    }

    private static void park(final MessageEvent event)
    {
        for (final MessagePort port : event.ports())
        {
            final AtomicInteger received = new AtomicInteger();
            port.addMessageListener(message -> received.incrementAndGet());
            System.out.println("got port");
            final Thread starter = new Thread(() ->
            {
                try
                {
                    final java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        System.in, java.nio.charset.StandardCharsets.UTF_8));
                    while (!"start".equals(in.readLine()))
                    {
                        Thread.onSpinWait();
                    }
                    port.start();
                    System.out.println("started");
                }
                catch (final java.io.IOException ex)
                {
                    System.out.println("error " + ex);
                }
            });
            starter.setDaemon(true);
            starter.start();
        }
    }

    private static void hold(final MessageEvent event)
    {
        for (final MessagePort port : event.ports())
        {
            port.onClose(() -> System.out.println("port closed"));
            port.start();
            System.out.println("got port");
        }
    }
}
