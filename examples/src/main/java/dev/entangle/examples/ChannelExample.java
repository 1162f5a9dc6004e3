package dev.entangle.examples;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessagePort;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Two processes share a channel. The first creates it, keeps port1 and sends port2 to the second; then
 * {@code port1.postMessage("hello")} arrives in the second process, which prints {@code Message is: hello} and
 * answers on the same channel.
 */
final class ChannelExample
{
    private static final String OTHER = "--second";

    private ChannelExample()
    {
    }

    static boolean run(final String[] args) throws Exception
    {
        if (args.length == 2 && OTHER.equals(args[0]))
        {
            return second(Path.of(args[1]));
        }
        final Narrator say = new Narrator("first process " + ProcessHandle.current().pid());
        final Path dir = Narrator.freshDirectory();
        Process second = null;
        try (Context context = Context.builder().directory(dir).name("first").open())
        {
            final MessageChannel channel = new MessageChannel(context);
            say.say("new MessageChannel(): port1 stays here, port2 goes to a second process");
            second = Narrator.launch("channel", OTHER, dir.toString());
            context.window("second").postMessage("here is port2", "*", List.of(channel.port2()));

            final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
            channel.port1().onMessage(event -> replies.add(event.data()));
            say.say("port1.postMessage(\"hello\")");
            channel.port1().postMessage("hello");

            final Object reply = Narrator.next(replies);
            say.say("port1 got the answer: %s", reply);
            final int exit = Narrator.awaitExit(second);
            say.say("the second process ended with exit code %d", exit);
            final boolean ok = "Message is: hello".equals(reply) && exit == 0;
            say.say(ok ? "done: the message crossed between processes and the answer came back" : "FAILED");
            return ok;
        }
        finally
        {
            if (second != null)
            {
                second.destroyForcibly();
            }
            Narrator.deleteDirectory(dir);
        }
    }

    private static boolean second(final Path dir)
    {
        Narrator.exitWithParent();
        final Narrator say = new Narrator("second process " + ProcessHandle.current().pid());
        try (Context context = Context.builder().directory(dir).name("second").open())
        {
            final BlockingQueue<MessagePort> arrived = new LinkedBlockingQueue<>();
            context.onMessage(event -> arrived.add(event.ports().get(0)));
            final MessagePort port2 = Narrator.next(arrived);
            say.say("received port2; listening with port2.onMessage(...)");
            final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
            port2.onMessage(event -> messages.add(event.data()));
            final Object message = Narrator.next(messages);
            say.say("Message is: %s", message);
            port2.postMessage("Message is: " + message);
            return "hello".equals(message);
        }
    }
}
