package dev.entangle;

import dev.entangle.internal.broadcast.BroadcastDescriptor;
import dev.entangle.internal.fs.SafeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BroadcastChannel in one JVM, between channels of one context and of several: who hears a message and who does
 * not, order, late joiners, waiting for the first listener, closing, and what a message may hold.
 */
@Timeout(120)
class BroadcastChannelTest
{
    private static final String ORIGIN = "https://a.example";

    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;
    private Context b;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a", builder -> builder.origin(ORIGIN));
        b = contexts.open("b", builder -> builder.origin(ORIGIN));
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    private static Received listen(final BroadcastChannel channel)
    {
        final Received received = new Received();
        channel.onMessage(received);
        return received;
    }

    @Test
    void aMessageGoesToEveryOtherChannelOfTheNameInEveryContextButNotToItsSender()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "news");
            BroadcastChannel sameContext = new BroadcastChannel(a, "news");
            BroadcastChannel otherContext = new BroadcastChannel(b, "news"))
        {
            final Received toSender = listen(sender);
            final Received toSame = listen(sameContext);
            final Received toOther = listen(otherContext);

            sender.postMessage("hello");

            final MessageEvent event = toOther.next();
            assertEquals("hello", event.data());
            assertEquals(ORIGIN, event.origin());
            assertEquals("", event.lastEventId());
            assertNull(event.source());
            assertEquals(List.of(), event.ports());
            assertEquals("hello", toSame.nextData());
            assertTrue(toSender.staysEmpty(), "never to the channel that posted it");
            assertEquals("news", sender.name());
        }
    }

    @Test
    void anotherOriginOrAnotherNameHearsNothing()
    {
        final Context elsewhere = contexts.open("c", builder -> builder.origin("https://b.example"));
        try (BroadcastChannel sender = new BroadcastChannel(a, "news");
            BroadcastChannel otherOrigin = new BroadcastChannel(elsewhere, "news");
            BroadcastChannel otherName = new BroadcastChannel(b, "News");
            BroadcastChannel same = new BroadcastChannel(b, "news"))
        {
            final Received toOtherOrigin = listen(otherOrigin);
            final Received toOtherName = listen(otherName);
            final Received toSame = listen(same);

            sender.postMessage(1);
            otherOrigin.postMessage(2);

            assertEquals(1, toSame.nextData());
            assertTrue(toOtherOrigin.staysEmpty(), "another origin hears nothing");
            assertTrue(toOtherName.staysEmpty(), "another name hears nothing");
            assertTrue(toSame.staysEmpty(), "nor does the same name hear the other origin");
        }
    }

    @Test
    void messagesFromOneSenderArriveInOrderAndEachOnce()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "order");
            BroadcastChannel receiver = new BroadcastChannel(b, "order"))
        {
            final Received received = listen(receiver);
            final List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 2000; i++)
            {
                sender.postMessage(i);
                expected.add(i);
            }
            assertEquals(expected, received.nextData(2000));
            assertTrue(received.staysEmpty());
        }
    }

    @Test
    void oneOpenedLaterDoesNotSeeEarlierMessages()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "late"))
        {
            sender.postMessage("before");
            try (BroadcastChannel late = new BroadcastChannel(b, "late"))
            {
                final Received received = listen(late);
                sender.postMessage("after");
                assertEquals("after", received.nextData());
                assertTrue(received.staysEmpty());
            }
        }
    }

    @Test
    void messagesWaitForTheFirstOnMessage()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "wait");
            BroadcastChannel receiver = new BroadcastChannel(b, "wait"))
        {
            final Received errors = new Received();
            receiver.onMessageError(errors);
            sender.postMessage("one");
            sender.postMessage("two");
            Await.quietPeriod(150);
            final Received received = listen(receiver);
            assertEquals(List.of("one", "two"), received.nextData(2));
            assertTrue(errors.events.isEmpty());
        }
    }

    @Test
    void aClosedChannelRefusesToPostAndReceivesNothingMore()
    {
        final BroadcastChannel sender = new BroadcastChannel(a, "closing");
        final BroadcastChannel receiver = new BroadcastChannel(b, "closing");
        final Received received = listen(receiver);
        sender.postMessage("first");
        assertEquals("first", received.nextData());

        receiver.close();
        receiver.close();
        sender.postMessage("second");
        assertTrue(received.staysEmpty(), "a closed channel receives nothing more");
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> receiver.postMessage("from a closed one"));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
        sender.close();
        assertThrows(IllegalStateException.class, () -> sender.postMessage("again"));
    }

    @Test
    void theLastToLeaveRemovesTheChannelsFolderAndClosingTheContextLeaves()
    {
        final Path folder = dir.resolve("broadcast").resolve(BroadcastDescriptor.key(ORIGIN, "folder"));
        final BroadcastChannel one = new BroadcastChannel(a, "folder");
        final BroadcastChannel two = new BroadcastChannel(b, "folder");
        one.postMessage("something");
        assertTrue(SafeFiles.exists(folder));
        one.close();
        Await.quietPeriod(50);
        assertTrue(SafeFiles.exists(folder), "one participant is left");
        b.close();
        Await.until("the folder of a channel nobody uses is removed", () -> !SafeFiles.exists(folder));
        assertThrows(IllegalStateException.class, () -> two.postMessage("after its context closed"));
    }

    @Test
    void theConstructorOnAClosedContextThrows()
    {
        b.close();
        final IllegalStateException thrown =
            assertThrows(IllegalStateException.class, () -> new BroadcastChannel(b, "closed"));
        assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
        assertThrows(NullPointerException.class, () -> new BroadcastChannel(a, null));
    }

    @Test
    void aPortInTheMessageIsRefusedAndNothingIsSent()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "ports");
            BroadcastChannel receiver = new BroadcastChannel(b, "ports"))
        {
            final Received received = listen(receiver);
            final MessageChannel channel = new MessageChannel(a);
            final DataCloneException thrown = assertThrows(DataCloneException.class,
                () -> sender.postMessage(Map.of("port", channel.port1())));
            assertTrue(thrown.getMessage().contains("no transfer list"), thrown.getMessage());
            assertThrows(DataCloneException.class, () -> sender.postMessage(new Thread()));
            assertTrue(received.staysEmpty());
            channel.port1().postMessage("the port still works");
            assertEquals("the port still works", channel.port2().receiveMessage().orElseThrow().data());
        }
    }

    @Test
    void theNameIsAnyString()
    {
        final List<String> names = List.of("", " ", "a/../b", "\uD83D\uDE00 \u00e9t\u00e9", "\uD800", "?",
            "x".repeat(10_000), "x".repeat(10_001));
        final List<BroadcastChannel> senders = new ArrayList<>();
        final List<Received> receivers = new ArrayList<>();
        try
        {
            for (final String name : names)
            {
                senders.add(new BroadcastChannel(a, name));
                final BroadcastChannel receiver = new BroadcastChannel(b, name);
                senders.add(receiver);
                receivers.add(listen(receiver));
            }
            for (int i = 0; i < names.size(); i++)
            {
                senders.get(2 * i).postMessage(i);
            }
            for (int i = 0; i < names.size(); i++)
            {
                assertEquals(i, receivers.get(i).nextData(), "name " + i + " hears its own message");
                assertTrue(receivers.get(i).staysEmpty(), "and only that");
            }
        }
        finally
        {
            senders.forEach(BroadcastChannel::close);
        }
    }

    @Test
    void aRecordTheReceiverDoesNotAllowIsAMessageError()
    {
        final Context allowing = contexts.open("c", builder -> builder.origin(ORIGIN).allowRecord(Point.class));
        try (BroadcastChannel sender = new BroadcastChannel(a, "records");
            BroadcastChannel refusing = new BroadcastChannel(b, "records");
            BroadcastChannel accepting = new BroadcastChannel(allowing, "records"))
        {
            final Received received = listen(refusing);
            final Received errors = new Received();
            refusing.onMessageError(errors);
            final Received accepted = listen(accepting);

            sender.postMessage(new Point(1, 2));
            sender.postMessage("after");

            final MessageEvent error = errors.next();
            assertNull(error.data());
            assertEquals(ORIGIN, error.origin());
            assertEquals("after", received.nextData());
            assertEquals(new Point(1, 2), accepted.nextData());
            final Throwable reported = Await.next(contexts.errors);
            assertInstanceOf(MessageErrorException.class, reported);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopDelivery()
    {
        try (BroadcastChannel sender = new BroadcastChannel(a, "throws");
            BroadcastChannel receiver = new BroadcastChannel(b, "throws"))
        {
            final Received received = new Received();
            receiver.onMessage(event ->
            {
                received.onMessage(event);
                throw new IllegalStateException("listener fails");
            });
            sender.postMessage(1);
            sender.postMessage(2);
            assertEquals(List.of(1, 2), received.nextData(2));
            assertEquals("listener fails", Await.next(contexts.errors).getMessage());
            assertEquals("listener fails", Await.next(contexts.errors).getMessage());
        }
    }

    /** A record for the allow-list test. */
    record Point(int x, int y)
    {
    }
}
