package dev.entangle;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scriptable context in a child JVM, for multi-process tests. It opens a context named by its second argument in
 * the directory named by its first, prints {@code ready}, and obeys commands sent to its window as lists:
 * {@code [op, key, args...]}, the port to act on, if new, in {@code event.ports()[0]}. Replies go to the window
 * named {@code reportTo} (the test's context) as lists too. It exits when its standard input closes, so it never
 * outlives the test that started it.
 */
public final class Peer
{
    private static final Map<String, MessagePort> PORTS = new HashMap<>();
    private static final List<Object> HELD = new java.util.ArrayList<>();
    private static Context context;
    private static String reportTo;

    private Peer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        reportTo = args[2];
        context = Context.builder().directory(Paths.get(args[0])).name(args[1])
            .errorHandler(ex -> report("error", String.valueOf(ex.getMessage()))).open();
        context.onMessage(Peer::obey);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // Wait for the parent to go away.
        }
        System.exit(3);
    }

    /**
     * Arrays come to the bytes handler and go back as they came; anything else comes to the listener and goes back
     * as an event's data.
     */
    private static void echoBytes(final MessagePort port, final String key)
    {
        PORTS.put(key, port);
        port.onMessage(m -> port.postMessage(List.of("event", m.data())));
        port.onBytes((buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            port.postMessage(copy);
        });
    }

    private static void obey(final MessageEvent event)
    {
        final List<?> command = (List<?>)event.data();
        final String op = (String)command.get(0);
        final String key = command.size() > 1 ? (String)command.get(1) : null;
        switch (op)
        {
            case "keep":
                PORTS.put(key, event.ports().get(0));
                break;
            case "echo":
                final MessagePort echo = event.ports().get(0);
                PORTS.put(key, echo);
                echo.onMessage(m -> echo.postMessage(m.data()));
                break;
            case "echo-bytes":
                echoBytes(event.ports().get(0), key);
                break;
            case "echo-index":
                // Every port of the message answers each message with its own index in the transfer list.
                for (int i = 0; i < event.ports().size(); i++)
                {
                    final MessagePort indexed = event.ports().get(i);
                    final int index = i;
                    PORTS.put(key + index, indexed);
                    indexed.onMessage(m -> indexed.postMessage(index));
                }
                break;
            case "start-worker":
                final Worker worker = Worker.start(context, WorkerMains.Echo.class);
                report("worker-pid", worker.process().pid());
                break;
            case "echo-forget":
                final MessagePort forgotten = event.ports().get(0);
                forgotten.onMessage(m -> forgotten.postMessage(m.data()));
                break;
            case "drop":
                // The port is neither kept nor listened to: garbage once collected.
                break;
            case "report":
                final MessagePort reported = PORTS.get(key);
                reported.onClose(() -> report("close", key));
                reported.onMessage(m -> report("msg", key, m.data()));
                break;
            case "report-on-close":
                final MessagePort watched = PORTS.get(key);
                watched.onClose(() -> report("close", key));
                break;
            case "start":
                PORTS.get(key).start();
                break;
            case "post":
                PORTS.get(key).postMessage(command.get(2));
                break;
            case "post-range":
                final int from = (Integer)command.get(2);
                final int to = (Integer)command.get(3);
                for (int i = from; i < to; i++)
                {
                    PORTS.get(key).postMessage(i);
                }
                break;
            case "close":
                PORTS.get(key).close();
                break;
            case "send-to-window":
                final MessagePort sent = PORTS.remove(key);
                context.window((String)command.get(2))
                    .postMessage(List.of(command.get(3), command.get(4)), "*", List.of(sent));
                break;
            case "hop":
                hop(event.ports().get(0), key, command);
                return;
            case "gc":
                for (int i = 0; i < 5; i++)
                {
                    System.gc();
                    sleep(50);
                }
                break;
            case "close-context":
                context.close();
                report("ok", op);
                return;
            case "exit":
                Runtime.getRuntime().halt(0);
                break;
            default:
                if (!obeyLoad(op, key, command))
                {
                    throw new IllegalArgumentException("unknown op " + op);
                }
                break;
        }
        report("ok", op);
    }

    /** Commands that load a port or probe the loop, for the resilience tests. */
    private static boolean obeyLoad(final String op, final String key, final List<?> command)
    {
        switch (op)
        {
            case "count":
                // Reads the port and reports how many messages arrived once it has the number asked for.
                final MessagePort counted = PORTS.get(key);
                final int wanted = (Integer)command.get(2);
                final int[] seen = new int[1];
                counted.onMessage(m ->
                {
                    if (++seen[0] == wanted)
                    {
                        report("counted", key, seen[0]);
                    }
                });
                break;
            case "post-bytes":
                final int count = (Integer)command.get(2);
                for (int i = 0; i < count; i++)
                {
                    PORTS.get(key).postMessage(new byte[(Integer)command.get(3)]);
                }
                break;
            case "sab-add":
                // Adds 1 to the first long of a shared buffer, n times, racing whoever else does.
                final SharedArrayBuffer counter = (SharedArrayBuffer)command.get(2);
                final int times = (Integer)command.get(3);
                for (int i = 0; i < times; i++)
                {
                    counter.asAtomicBuffer().getAndAddLong(0, 1);
                }
                report("added", key);
                break;
            case "ab-back":
                // Sums the longs of a transferred buffer, and transfers it back.
                final ArrayBuffer buffer = (ArrayBuffer)command.get(2);
                long sum = 0;
                for (int at = 0; at + 8 <= buffer.byteLength(); at += 8)
                {
                    sum += buffer.asDirectBuffer().getLong(at);
                }
                context.window(reportTo).postMessage(List.of("ab-back", key, sum, buffer), "*", List.of(buffer));
                break;
            case "hold":
                // Keeps whatever the command carries, so its memory is held until this process ends.
                HELD.add(command);
                break;
            case "probe":
                // The event loop still runs tasks.
                context.execute(() -> report("probed", key));
                break;
            default:
                return false;
        }
        return true;
    }

    /**
     * Echoes {@code take} messages back on the port, then hands the port on to the next context in the
     * route; the last one keeps reading.
     */
    private static void hop(final MessagePort port, final String key, final List<?> command)
    {
        final List<?> route = (List<?>)command.get(2);
        final int take = (Integer)command.get(3);
        final int[] taken = new int[1];
        port.onMessage(m ->
        {
            port.postMessage(m.data());
            if (++taken[0] == take && !route.isEmpty())
            {
                final List<?> rest = route.subList(1, route.size());
                context.window((String)route.get(0)).postMessage(
                    List.of("hop", key, List.copyOf(rest), take), "*", List.of(port));
            }
        });
    }

    private static void report(final Object... values)
    {
        context.window(reportTo).postMessage(List.of(values), "*");
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
