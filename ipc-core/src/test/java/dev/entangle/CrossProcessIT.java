package dev.entangle;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel behaviour across real JVM processes (SEMANTICS.md items 6, 13, 25-30, 36, 39-41, 45 and the context
 * name rules). Each peer is a child JVM running {@link Peer}; replies come back to this JVM's "test" context.
 */
@Timeout(180)
class CrossProcessIT
{
    @TempDir
    Path dir;

    private final List<PeerProcess> peers = new ArrayList<>();
    private final List<Context> contexts = new ArrayList<>();
    private final LinkedBlockingQueue<List<?>> replies = new LinkedBlockingQueue<>();
    /** Messages from peers that carry ports. */
    private final LinkedBlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    private Context test;

    @BeforeEach
    void openTestContext()
    {
        test = open("test");
        test.onMessage(e ->
        {
            if (e.ports().isEmpty())
            {
                replies.add((List<?>)e.data());
            }
            else
            {
                events.add(e);
            }
        });
    }

    @AfterEach
    void cleanUp()
    {
        peers.forEach(PeerProcess::close);
        contexts.forEach(Context::close);
    }

    private Context open(final String name)
    {
        final Context context = Context.builder().directory(dir).name(name).open();
        contexts.add(context);
        return context;
    }

    private PeerProcess peer(final String name)
    {
        final PeerProcess peer = PeerProcess.peer(dir, name, "test");
        peers.add(peer);
        return peer;
    }

    /** Sends a command to a peer and waits until it has been carried out. */
    private void command(final String peer, final List<?> command, final MessagePort... ports)
    {
        test.window(peer).postMessage(command, "*", List.of(ports));
        assertEquals(List.of("ok", command.get(0)), Await.next(replies));
    }

    @Test
    void theBytesPathCarriesArraysBothWaysAcrossJvmsInOrderWithOtherMessages()
    {
        peer("bytes");
        final MessageChannel channel = new MessageChannel(test);
        command("bytes", List.of("echo-bytes", "p"), channel.port2());
        final MessagePort port = channel.port1();
        final UnsafeBuffer received = new UnsafeBuffer(new byte[3 << 20]);
        for (int i = 0; i < 1000; i++)
        {
            final byte[] sent = new byte[i % 7 == 0 ? 0 : 1 + i % 300];
            java.util.Arrays.fill(sent, (byte)i);
            port.postMessage(sent);
            if (i % 100 == 0)
            {
                port.postMessage("text " + i);
            }
        }
        final byte[] large = new byte[3 << 20];
        java.util.Arrays.fill(large, (byte)9);
        port.postMessage(large);
        for (int i = 0; i < 1000; i++)
        {
            final int length = nextBytes(port, received);
            assertEquals(i % 7 == 0 ? 0 : 1 + i % 300, length, "message " + i);
            for (int at = 0; at < length; at++)
            {
                assertEquals((byte)i, received.getByte(at), "byte " + at + " of message " + i);
            }
            if (i % 100 == 0)
            {
                assertEquals(MessagePort.NOT_BYTES, nextBytes(port, received));
                assertEquals(List.of("event", "text " + i), port.receiveMessage().orElseThrow().data());
            }
        }
        assertEquals(large.length, nextBytes(port, received));
        assertEquals(9, received.getByte(0));
        assertEquals(9, received.getByte(large.length - 1));
    }

    private static int nextBytes(final MessagePort port, final UnsafeBuffer destination)
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        int length;
        while ((length = port.receiveBytes(destination, 0)) == MessagePort.NO_MESSAGE)
        {
            assertTrue(System.nanoTime() < deadline, "no message within 60 s");
            Thread.onSpinWait();
        }
        return length;
    }

    @Test
    void thousandMessagesArriveInOrderAcrossJvms()
    {
        peer("echoer");
        final MessageChannel channel = new MessageChannel(test);
        command("echoer", List.of("echo", "p"), channel.port2());
        final LinkedBlockingQueue<Object> echoed = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> echoed.add(e.data()));
        for (int i = 0; i < 1000; i++)
        {
            channel.port1().postMessage(i);
        }
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, Await.next(echoed));
        }
    }

    @Test
    void aHundredPortsInOneMessageToAnotherJvmEachAnswerWithTheirIndex()
    {
        peer("many");
        final List<MessageChannel> channels = new ArrayList<>();
        final List<MessagePort> farEnds = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final MessageChannel channel = new MessageChannel(test);
            channels.add(channel);
            farEnds.add(channel.port2());
        }
        test.window("many").postMessage(List.of("echo-index", "p"), "*", farEnds);
        assertEquals(List.of("ok", "echo-index"), Await.next(replies));
        final LinkedBlockingQueue<List<Integer>> answers = new LinkedBlockingQueue<>();
        for (int i = 0; i < 100; i++)
        {
            final int expected = i;
            channels.get(i).port1().onMessage(e -> answers.add(List.of(expected, (Integer)e.data())));
            channels.get(i).port1().postMessage("which are you?");
        }
        for (int i = 0; i < 100; i++)
        {
            final List<Integer> answer = Await.next(answers);
            assertEquals(answer.get(0), answer.get(1));
        }
    }

    @Test
    void messagesWaitInAnotherJvmUntilThePortStarts()
    {
        peer("holder");
        final MessageChannel channel = new MessageChannel(test);
        channel.port1().postMessage("first");
        command("holder", List.of("keep", "p"), channel.port2());
        channel.port1().postMessage("second");
        channel.port1().postMessage("third");
        Await.quietPeriod(300);
        assertTrue(replies.isEmpty(), "nothing is delivered before start");
        command("holder", List.of("report", "p"));
        assertEquals(List.of("msg", "p", "first"), Await.next(replies));
        assertEquals(List.of("msg", "p", "second"), Await.next(replies));
        assertEquals(List.of("msg", "p", "third"), Await.next(replies));
    }

    @Test
    void closingInAnotherJvmFiresCloseHereOnceAfterEarlierMessages()
    {
        peer("closer");
        final MessageChannel channel = new MessageChannel(test);
        command("closer", List.of("keep", "p"), channel.port2());
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> events.add(e.data()));
        channel.port1().onClose(() -> events.add("close"));
        command("closer", List.of("post", "p", "before close"));
        command("closer", List.of("close", "p"));
        assertEquals("before close", Await.next(events));
        assertEquals("close", Await.next(events));
        Await.quietPeriod(500);
        assertTrue(events.isEmpty(), "close fires exactly once");
        channel.port1().postMessage("after close");
    }

    @Test
    void portTransferredBackWhileItsPeerClosesArrivesAndThenSeesClose()
    {
        peer("b");
        final MessageChannel channel = new MessageChannel(test);
        command("b", List.of("keep", "p1"), channel.port1());
        command("b", List.of("keep", "p2"), channel.port2());
        test.window("b").postMessage(List.of("send-to-window", "p2", "test", "port", "p2"), "*");
        test.window("b").postMessage(List.of("close", "p1"), "*");
        final MessageEvent handed = Await.next(events);
        assertEquals(List.of("port", "p2"), handed.data());
        assertEquals(List.of("ok", "send-to-window"), Await.next(replies));
        assertEquals(List.of("ok", "close"), Await.next(replies));
        final MessagePort port2 = handed.ports().get(0);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        port2.onClose(() -> closes.add("close"));
        port2.start();
        assertEquals("close", Await.next(closes));
    }

    @Test
    void ownerContextClosingNormallyFiresCloseOnThePeer()
    {
        peer("owner");
        final MessageChannel channel = new MessageChannel(test);
        command("owner", List.of("keep", "p"), channel.port2());
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port1().onClose(() -> closes.add("close"));
        test.window("owner").postMessage(List.of("close-context"), "*");
        assertEquals("close", Await.next(closes));
    }

    @Test
    void killNineOfTheOwnerFiresCloseAndFreesItsName()
    {
        final PeerProcess victim = peer("victim");
        final MessageChannel channel = new MessageChannel(test);
        command("victim", List.of("echo", "p"), channel.port2());
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> events.add(e.data()));
        channel.port1().onClose(() -> events.add("close"));
        channel.port1().postMessage("alive?");
        assertEquals("alive?", Await.next(events));
        assertThrows(IllegalStateException.class, () -> open("victim"), "a live context holds the name");
        victim.kill();
        assertEquals("close", Await.next(events));
        open("victim");
    }

    @Test
    void portCollectedInAnotherJvmWithoutCloseFiresClose()
    {
        peer("collector");
        final MessageChannel channel = new MessageChannel(test);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port1().onClose(() -> closes.add("close"));
        command("collector", List.of("drop", "p"), channel.port2());
        command("collector", List.of("gc"));
        assertEquals("close", Await.next(closes));
    }

    @Test
    void portWithAListenerIsNotCollectedWhileEntangled()
    {
        peer("pinned");
        final MessageChannel channel = new MessageChannel(test);
        command("pinned", List.of("echo-forget", "p"), channel.port2());
        command("pinned", List.of("gc"));
        final LinkedBlockingQueue<Object> echoed = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> echoed.add(e.data()));
        channel.port1().onClose(() -> echoed.add("close"));
        channel.port1().postMessage("still there");
        assertEquals("still there", Await.next(echoed));
    }

    @Test
    void channelBetweenTwoOtherJvmsOutlivesTheContextThatMadeIt()
    {
        peer("left");
        peer("right");
        final Context creator = open("creator");
        final MessageChannel channel = new MessageChannel(creator);
        creator.window("left").postMessage(List.of("keep", "p"), "*", List.of(channel.port1()));
        creator.window("right").postMessage(List.of("keep", "p"), "*", List.of(channel.port2()));
        assertEquals(List.of("ok", "keep"), Await.next(replies));
        assertEquals(List.of("ok", "keep"), Await.next(replies));
        creator.close();
        command("right", List.of("report", "p"));
        test.window("left").postMessage(List.of("post", "p", "left to right"), "*");
        // The acknowledgement from left and the report from right race each other.
        final Set<List<?>> both = Set.of(Await.next(replies), Await.next(replies));
        assertEquals(Set.of(List.of("ok", "post"), List.of("msg", "p", "left to right")), both);
    }

    @Test
    void portHoppingAcrossThreeJvmsLosesAndDuplicatesNoneOfTenThousandMessages() throws Exception
    {
        peer("hop1");
        peer("hop2");
        peer("hop3");
        final MessageChannel channel = new MessageChannel(test);
        final LinkedBlockingQueue<Object> echoed = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> echoed.add(e.data()));
        final int total = 10_000;
        channel.port1().postMessage(-1);
        test.window("hop1").postMessage(List.of("hop", "p", List.of("hop2", "hop3"), 2500), "*",
            List.of(channel.port2()));
        final Thread sender = new Thread(() ->
        {
            for (int i = 0; i < total; i++)
            {
                channel.port1().postMessage(i);
            }
        });
        sender.start();
        assertEquals(-1, Await.next(echoed));
        for (int i = 0; i < total; i++)
        {
            assertEquals(i, Await.next(echoed), "echo " + i);
        }
        sender.join();
        Await.quietPeriod(200);
        assertTrue(echoed.isEmpty(), "no duplicates");
    }

    @Test
    void portInTransitToAJvmThatDiesIsClosedForItsPeer()
    {
        final PeerProcess holder = peer("sink");
        final MessageChannel carrier = new MessageChannel(test);
        command("sink", List.of("keep", "carrier"), carrier.port2());
        final MessageChannel travelling = new MessageChannel(test);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        travelling.port1().onClose(() -> closes.add("close"));
        carrier.port1().postMessage("a port for a context that never reads", List.of(travelling.port2()));
        Await.quietPeriod(300);
        assertTrue(closes.isEmpty(), "the port waits while its carrier's owner lives");
        holder.kill();
        assertEquals("close", Await.next(closes));
    }

    @Test
    void messagesToANameWaitUntilAContextOfThatNameOpens()
    {
        final MessageChannel channel = new MessageChannel(test);
        test.window("late").postMessage(List.of("echo", "p"), "*", List.of(channel.port2()));
        final LinkedBlockingQueue<Object> echoed = new LinkedBlockingQueue<>();
        channel.port1().onMessage(e -> echoed.add(e.data()));
        channel.port1().postMessage("are you there?");
        peer("late");
        assertEquals(List.of("ok", "echo"), Await.next(replies));
        assertEquals("are you there?", Await.next(echoed));
    }
}
