package dev.entangle.examples;

import dev.entangle.bridge.LoopbackPorts;
import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import dev.entangle.bridge.BridgeMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Two hosts on this one machine, each with its own directory, its own Aeron directory, its own UDP port on loopback
 * and its own bridge process: {@code orders} on host1 posts to {@code billing}, which the federation file routes to
 * host2, with a port in the transfer list. Messages go both ways on the port, {@code billing} answers through
 * {@code event.source()} ({@code orders@host1}), and {@code close()} on host1 reaches host2 after the data.
 */
final class TwoHostsExample
{
    private static final String BRIDGE = "--bridge";
    private static final String BILLING = "--billing";
    private static final int MESSAGES = 3;

    private TwoHostsExample()
    {
    }

    static boolean run(final String[] args) throws Exception
    {
        if (args.length == 3 && BRIDGE.equals(args[0]))
        {
            // A bridge process of the example: it ends with the example.
            Narrator.exitWithParent();
            BridgeMain.main(new String[]{ "--federation", args[1], "--host", args[2] });
            return true;
        }
        if (args.length == 2 && BILLING.equals(args[0]))
        {
            return billing(Path.of(args[1]));
        }
        final Narrator say = new Narrator("orders on host1");
        final Path root = Narrator.freshDirectory();
        final List<Process> processes = new ArrayList<>();
        try
        {
            final Path federation = federation(root);
            say.say("federation file:%n%s", Files.readString(federation).trim());
            processes.add(Narrator.launch("two-hosts", BRIDGE, federation.toString(), "host1"));
            processes.add(Narrator.launch("two-hosts", BRIDGE, federation.toString(), "host2"));
            if (!awaitRoutes(say, root.resolve("host1"), processes) ||
                !awaitRoutes(say, root.resolve("host2"), processes))
            {
                return false;
            }
            final Process billing = Narrator.launch("two-hosts", BILLING, root.resolve("host2").toString());
            processes.add(billing);
            final boolean ok = orders(say, root.resolve("host1")) && Narrator.awaitExit(billing) == 0;
            say.say(ok ? "done: a port crossed hosts, carried messages both ways, and its close followed the data" :
                "FAILED");
            return ok;
        }
        finally
        {
            for (final Process process : processes)
            {
                process.destroy();
            }
            for (final Process process : processes)
            {
                Narrator.awaitExit(process);
            }
            Narrator.deleteDirectory(root);
        }
    }

    private static boolean orders(final Narrator say, final Path dir) throws InterruptedException
    {
        try (Context orders = Context.builder().directory(dir).name("orders").origin("https://orders.example")
            .open())
        {
            final BlockingQueue<MessageEvent> replies = new LinkedBlockingQueue<>();
            orders.onMessage(replies::add);
            final MessageChannel channel = new MessageChannel(orders);
            final BlockingQueue<Object> onPort = new LinkedBlockingQueue<>();
            channel.port1().onMessage(event -> onPort.add(event.data()));
            say.say("window(\"billing\").postMessage(\"open an account\", \"*\", List.of(channel.port2()))");
            orders.window("billing").postMessage("open an account", "*", List.of(channel.port2()));
            for (int i = 1; i <= MESSAGES; i++)
            {
                say.say("port1.postMessage(\"order %d\")", i);
                channel.port1().postMessage("order " + i);
            }
            final MessageEvent reply = Narrator.next(replies);
            if (reply == null)
            {
                say.say("no answer from billing");
                return false;
            }
            say.say("window message from %s (origin %s): %s", reply.source().name(), reply.origin(), reply.data());
            boolean ok = "billing@host2".equals(reply.source().name());
            for (int i = 1; i <= MESSAGES; i++)
            {
                final Object answer = Narrator.next(onPort);
                say.say("port1 got: %s", answer);
                ok &= ("billed order " + i).equals(answer);
            }
            say.say("port1.close()");
            channel.port1().close();
            return ok;
        }
    }

    private static boolean billing(final Path dir) throws InterruptedException
    {
        Narrator.exitWithParent();
        final Narrator say = new Narrator("billing on host2");
        try (Context billing = Context.builder().directory(dir).name("billing").origin("https://billing.example")
            .open())
        {
            final BlockingQueue<MessageEvent> received = new LinkedBlockingQueue<>();
            billing.onMessage(received::add);
            final MessageEvent event = Narrator.next(received);
            if (event == null || event.ports().size() != 1)
            {
                say.say("no message with a port arrived");
                return false;
            }
            say.say("message from %s (origin %s): %s, with %d port", event.source().name(), event.origin(),
                event.data(), event.ports().size());
            event.source().postMessage("account opened", "*");
            final MessagePort port = event.ports().get(0);
            final BlockingQueue<String> happened = new LinkedBlockingQueue<>();
            port.onClose(() -> happened.add("close"));
            port.onMessage(order ->
            {
                say.say("port2 got: %s", order.data());
                port.postMessage("billed " + order.data());
                happened.add("message");
            });
            int orders = 0;
            while (true)
            {
                final String next = Narrator.next(happened);
                if (next == null)
                {
                    return false;
                }
                if ("close".equals(next))
                {
                    say.say("port2 closed, after the %d orders sent before it", orders);
                    return orders == MESSAGES;
                }
                orders++;
            }
        }
    }

    private static Path federation(final Path root) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        for (int host = 1; host <= 2; host++)
        {
            lines.add("host host" + host + " 127.0.0.1:" + LoopbackPorts.freeUdpPort() + " directory=" +
                root.resolve("host" + host) + " aeron-dir=" + root.resolve("aeron" + host));
        }
        lines.add("route billing host2");
        lines.add("route orders host1");
        lines.add("set bridge.term.length 1m");
        final Path file = root.resolve("federation");
        Files.write(file, lines);
        return file;
    }


    /**
     * The bridge publishes its routes in its directory once it runs; before that, "billing" would be a local name.
     *
     * @return false, having said why, when a bridge ended or the routes did not appear in time.
     */
    private static boolean awaitRoutes(final Narrator say, final Path dir, final List<Process> bridges)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + Narrator.TIMEOUT_SECONDS * 1_000_000_000L;
        while (!Files.exists(dir.resolve("bridge").resolve("routes")))
        {
            for (final Process bridge : bridges)
            {
                if (!bridge.isAlive())
                {
                    say.say("a bridge ended with exit code %d before the routes were published", bridge.exitValue());
                    return false;
                }
            }
            if (System.nanoTime() > deadline)
            {
                say.say("the bridge of %s published no routes within %d s", dir.getFileName(),
                    Narrator.TIMEOUT_SECONDS);
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
