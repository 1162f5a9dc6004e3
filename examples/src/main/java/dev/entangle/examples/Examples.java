package dev.entangle.examples;

import dev.entangle.soak.Soak;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The examples' entry point: {@code java -jar entangle-examples.jar <name>}. Each example narrates what happens
 * and exits 0 only when everything it shows did happen. {@code soak [--minutes N]} runs the soak test
 * ({@link Soak}).
 */
public final class Examples
{
    /** The soak test's name on the command line. */
    static final String SOAK = "soak";
    /** Example names and what each shows. */
    static final Map<String, String> ALL = new LinkedHashMap<>();

    static
    {
        ALL.put("channel", "two processes share a channel: port1.postMessage(\"hello\") arrives in the other");
        ALL.put("cross-document", "a context posts to another with a targetOrigin and a port in the transfer list");
        ALL.put("worker", "a port sent to a worker process, which answers \"Port received.\" on it");
        ALL.put("fountains", "worker processes in a ring pass light pulses to their neighbours through channels");
        ALL.put("remote", "a worker serves a key-value store that its parent calls like a local object, until killed");
        ALL.put("broadcast", "processes join a named BroadcastChannel, hear each other; one leaves, one joins late");
        ALL.put("two-hosts", "two hosts on loopback with a bridge each: a port crosses, carries messages, closes");
    }

    private Examples()
    {
    }

    /**
     * @param args the example's name, then its own arguments.
     * @throws Exception when the example fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && SOAK.equals(args[0]))
        {
            // Not an example: the soak test, which has its own options and exit codes.
            Soak.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 0 || !ALL.containsKey(args[0]))
        {
            System.err.println("usage: <example> where example is one of:");
            ALL.forEach((name, what) -> System.err.printf("  %-15s %s%n", name, what));
            System.err.printf("or: %s [--minutes N]  the soak test (%s --help)%n", SOAK, SOAK);
            System.exit(2);
            return;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        final boolean ok = switch (args[0])
        {
            case "channel" -> ChannelExample.run(rest);
            case "cross-document" -> CrossDocumentExample.run(rest);
            case "worker" -> WorkerExample.run(rest);
            case "remote" -> RemoteExample.run(rest);
            case "broadcast" -> BroadcastExample.run(rest);
            case "two-hosts" -> TwoHostsExample.run(rest);
            default -> FountainsExample.run(rest);
        };
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }
}
