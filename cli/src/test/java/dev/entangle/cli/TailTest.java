package dev.entangle.cli;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tail} decodes the messages on a channel or in an inbox from a position of its own: afterwards the real
 * receiver still gets every one of them, in order.
 */
@Timeout(120)
class TailTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A record the tool cannot rebuild unless told where its class is. */
    record Point(int x, int y)
    {
    }

    @TempDir
    Path dir;

    private final List<Context> contexts = new ArrayList<>();

    @AfterEach
    void close()
    {
        for (int i = contexts.size() - 1; i >= 0; i--)
        {
            contexts.get(i).close();
        }
    }

    private Context open(final String name)
    {
        final Context context = Context.builder().directory(dir).name(name).allowRecord(Point.class).open();
        contexts.add(context);
        return context;
    }

    @Test
    void showsTheWaitingMessagesDecodedAndTheReceiverStillGetsThemAll()
    {
        final Context alice = open("alice");
        final MessageChannel channel = new MessageChannel(alice);
        final MessageChannel carried = new MessageChannel(alice);
        channel.port1().postMessage("first");
        channel.port1().postMessage(Map.of("n", 2));
        channel.port1().postMessage(List.of(1, 2L, 3.5, "four", 'c'));
        channel.port1().postMessage("a port", List.of(carried.port2()));
        final String id = onlyChannelWithMessages();

        final Cli.Result tail = Cli.run(dir, "tail", id, "--side", "a");

        assertEquals(0, tail.exitCode(), tail.err());
        assertTrue(tail.out().contains("4 messages waiting"), tail.out());
        assertTrue(tail.out().contains("waiting 13 B  \"first\""), tail.out());
        assertTrue(tail.out().contains("{\"n\": 2}"), tail.out());
        assertTrue(tail.out().contains("[1, 2L, 3.5, \"four\", 'c']"), tail.out());
        assertTrue(tail.out().contains("\"a port\"  transferred: [<port "), tail.out());
        assertTrue(tail.out().contains("/b>]"), tail.out());
        assertFalse(tail.out().contains("read "), "nothing was read yet: " + tail.out());

        final MessagePort receiver = channel.port2();
        assertEquals("first", receive(receiver).data());
        assertEquals(Map.of("n", 2), receive(receiver).data());
        assertEquals(List.of(1, 2L, 3.5, "four", 'c'), receive(receiver).data());
        final MessageEvent withPort = receive(receiver);
        assertEquals("a port", withPort.data());
        assertEquals(1, withPort.ports().size(), "the port travelled: the tool claimed nothing");
        assertTrue(receiver.receiveMessage().isEmpty());
        final Map<String, Object> side = Cli.side(channelById(id), "b");
        assertEquals(4L, side.get("messagesReceived"));
    }

    @Test
    void fromTheStartShowsMessagesAlreadyReadAndMarksThem()
    {
        final Context alice = open("alice");
        final MessageChannel channel = new MessageChannel(alice);
        channel.port1().postMessage("one");
        channel.port1().postMessage("two");
        assertEquals("one", receive(channel.port2()).data());
        channel.port1().postMessage("three");
        final String id = onlyChannelWithMessages();

        final Cli.Result waiting = Cli.run(dir, "tail", id, "--side", "a");
        final Cli.Result all = Cli.run(dir, "tail", id, "--side", "a", "--from-start");

        assertFalse(waiting.out().contains("\"one\""), waiting.out());
        assertTrue(waiting.out().contains("waiting 11 B  \"two\""), waiting.out());
        assertTrue(all.out().contains("read 11 B  \"one\""), all.out());
        assertTrue(all.out().contains("waiting 11 B  \"two\""), all.out());
        assertTrue(all.out().contains("waiting 13 B  \"three\""), all.out());
        assertEquals("two", receive(channel.port2()).data());
        assertEquals("three", receive(channel.port2()).data());
    }

    @Test
    void anInboxShowsTheSenderAndTheMessageStillReachesTheContextThatOpensLater() throws InterruptedException
    {
        final Context alice = open("alice");
        alice.window("carol").postMessage("hello carol", "*");

        final Cli.Result tail = Cli.run(dir, "tail", "carol");

        assertEquals(0, tail.exitCode(), tail.err());
        assertTrue(tail.out().contains("# inbox of carol: 1 message waiting"), tail.out());
        assertTrue(tail.out().contains("from alice (null) for origin *"), tail.out());
        assertTrue(tail.out().contains(": \"hello carol\""), tail.out());
        final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        open("carol").onMessage(event -> received.add(event.data()));
        assertEquals("hello carol", received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void followKeepsPrintingNewMessagesUpToTheLimit() throws InterruptedException
    {
        final Context alice = open("alice");
        final MessageChannel channel = new MessageChannel(alice);
        channel.port1().postMessage("before");
        final String id = onlyChannelWithMessages();
        final StringWriter out = new StringWriter();
        final Thread follower = new Thread(() -> Cli.run(out, "tail", id, "--dir", dir.toString(), "--follow",
            "--max", "3"));
        follower.start();
        Await.until("tail shows what waited", () -> out.toString().contains("\"before\""));

        channel.port1().postMessage("during 1");
        channel.port2().postMessage("the other way");
        follower.join(WAIT.toMillis());

        assertFalse(follower.isAlive(), "tail stops after 3 messages");
        assertTrue(out.toString().contains("a->b @0 waiting 14 B  \"before\""), out.toString());
        assertTrue(out.toString().contains("a->b @32 "), out.toString());
        assertTrue(out.toString().contains("\"during 1\""), out.toString());
        assertTrue(out.toString().contains("b->a @0 "), out.toString());
        assertTrue(out.toString().contains("\"the other way\""), out.toString());
        assertEquals("before", receive(channel.port2()).data());
        assertEquals("during 1", receive(channel.port2()).data());
        assertEquals("the other way", receive(channel.port1()).data());
    }

    @Test
    void aRecordShowsWhichClassItNeedsAndIsShownWhenTheClassPathHasIt()
    {
        final Context alice = open("alice");
        final MessageChannel channel = new MessageChannel(alice);
        channel.port1().postMessage(List.of("before", new Point(1, 2)));
        final String id = onlyChannelWithMessages();
        final String classes = Path.of(Point.class.getProtectionDomain().getCodeSource().getLocation().getPath())
            .toString();

        final Cli.Result unknown = Cli.run(dir, "tail", id, "--side", "a");
        final Cli.Result known = Cli.run(dir, "tail", id, "--side", "a", "--class-path", classes);

        assertTrue(unknown.out().contains("<cannot decode: record class " + Point.class.getName() +
            " is not allowed"), unknown.out());
        assertTrue(known.out().contains("[\"before\", Point{x: 1, y: 2}]"), known.out());
        assertEquals(List.of("before", new Point(1, 2)), receive(channel.port2()).data());
    }

    @Test
    void anUnknownTargetIsNamed()
    {
        open("alice");

        final Cli.Result tail = Cli.run(dir, "tail", "nobody-here");

        assertEquals(1, tail.exitCode());
        assertTrue(tail.err().contains("no context or channel named nobody-here"), tail.err());
    }

    private String onlyChannelWithMessages()
    {
        final List<String> ids = new ArrayList<>();
        for (final Map<String, Object> channel : Cli.channels(Cli.inspect(dir)))
        {
            if ((Long)Cli.side(channel, "a").get("messagesSent") > 0)
            {
                ids.add((String)channel.get("id"));
            }
        }
        assertEquals(1, ids.size(), ids.toString());
        return ids.get(0);
    }

    private Map<String, Object> channelById(final String id)
    {
        for (final Map<String, Object> channel : Cli.channels(Cli.inspect(dir)))
        {
            if (id.equals(channel.get("id")))
            {
                return channel;
            }
        }
        throw new AssertionError("no channel " + id);
    }

    private static MessageEvent receive(final MessagePort port)
    {
        final MessageEvent event = port.receiveMessage(WAIT).orElse(null);
        assertNotNull(event, "a message arrives");
        return event;
    }
}
