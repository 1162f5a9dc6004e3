package dev.entangle.examples;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Cross-document messaging between two processes with different origins:
 * {@code otherWindow.postMessage("hello", "http://example.com", List.of(channel.port2()))}. A message addressed to
 * another origin is dropped on arrival; the receiver answers through {@code event.source()} and through the port.
 */
final class CrossDocumentExample
{
    private static final String OTHER = "--other-window";
    private static final String PAGE_ORIGIN = "https://page.example";
    private static final String OTHER_ORIGIN = "http://example.com";
    private static final String LAST = "that was all";

    private CrossDocumentExample()
    {
    }

    static boolean run(final String[] args)
    {
        if (args.length == 2 && OTHER.equals(args[0]))
        {
            return otherWindow(Path.of(args[1]));
        }
        final Narrator say = new Narrator("page " + PAGE_ORIGIN);
        final Path dir = Narrator.freshDirectory();
        Process other = null;
        try (Context page = Context.builder().directory(dir).name("page").origin(PAGE_ORIGIN).open())
        {
            final BlockingQueue<MessageEvent> fromOther = new LinkedBlockingQueue<>();
            page.onMessage(fromOther::add);
            final MessageChannel channel = new MessageChannel(page);
            final BlockingQueue<Object> onPort = new LinkedBlockingQueue<>();
            channel.port1().onMessage(event -> onPort.add(event.data()));
            other = Narrator.launch("cross-document", OTHER, dir.toString());

            final var otherWindow = page.window("other");
            say.say("otherWindow.postMessage(\"for someone else\", \"https://wrong.example\")");
            otherWindow.postMessage("for someone else", "https://wrong.example");
            say.say("otherWindow.postMessage(\"hello\", \"%s\", List.of(channel.port2()))", OTHER_ORIGIN);
            otherWindow.postMessage("hello", OTHER_ORIGIN, List.of(channel.port2()));
            otherWindow.postMessage(LAST, OTHER_ORIGIN);

            final MessageEvent reply = Narrator.next(fromOther);
            final boolean replyOk = reply != null && "hello back".equals(reply.data()) &&
                OTHER_ORIGIN.equals(reply.origin()) && "other".equals(reply.source().name());
            if (reply != null)
            {
                say.say("window message from %s (source %s): %s", reply.origin(), reply.source().name(), reply.data());
            }
            final Object viaPort = Narrator.next(onPort);
            say.say("port1 got: %s", viaPort);
            final MessageEvent count = Narrator.next(fromOther);
            final boolean dropped = count != null && List.of("received", 2).equals(count.data());
            say.say(dropped ? "the message for https://wrong.example was dropped on arrival, as the standard says" :
                "unexpected count: " + (count == null ? null : count.data()));
            final int exit = Narrator.awaitExit(other);
            final boolean ok = replyOk && "port2 works in the other window".equals(viaPort) && dropped && exit == 0;
            say.say(ok ? "done: origins checked, port transferred, replies through source and port" : "FAILED");
            return ok;
        }
        finally
        {
            if (other != null)
            {
                other.destroyForcibly();
            }
            Narrator.deleteDirectory(dir);
        }
    }

    private static boolean otherWindow(final Path dir)
    {
        Narrator.exitWithParent();
        final Narrator say = new Narrator("other window " + OTHER_ORIGIN);
        try (Context other = Context.builder().directory(dir).name("other").origin(OTHER_ORIGIN).open())
        {
            final BlockingQueue<MessageEvent> received = new LinkedBlockingQueue<>();
            other.onMessage(received::add);
            int count = 0;
            while (true)
            {
                final MessageEvent event = Narrator.next(received);
                if (event == null)
                {
                    return false;
                }
                count++;
                say.say("message from %s: %s (%d port%s)", event.origin(), event.data(), event.ports().size(),
                    event.ports().size() == 1 ? "" : "s");
                if (!event.ports().isEmpty())
                {
                    event.ports().get(0).postMessage("port2 works in the other window");
                    event.source().postMessage("hello back", event.origin());
                }
                if (LAST.equals(event.data()))
                {
                    event.source().postMessage(List.of("received", count), event.origin());
                    return true;
                }
            }
        }
    }
}
