package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Port transfer between contexts (SEMANTICS.md E35, E37-E44) with the contexts in one JVM; the same paths across
 * JVMs (E36, E39 over three JVMs, E45) are in {@link CrossProcessIT}.
 */
@Timeout(120)
class TransferTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;
    private Context b;
    private Context c;
    private final Received atB = new Received();
    private final Received atC = new Received();

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a");
        b = contexts.open("b");
        c = contexts.open("c");
        b.onMessage(atB);
        c.onMessage(atC);
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    private MessagePort sendTo(final Context from, final String to, final Received inbox, final MessagePort port)
    {
        from.window(to).postMessage("port", "*", List.of(port));
        return inbox.next().ports().get(0);
    }

    @Test
    void aTransferredPortArrivesAsANewObjectAndHearsItsPeer()
    {
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort moved = sendTo(a, "b", atB, channel.port2());
        assertNotSame(channel.port2(), moved);
        final Received atMoved = new Received();
        moved.onMessage(atMoved);
        channel.port1().postMessage("hello");
        assertEquals("hello", atMoved.nextData());
    }

    @Test
    void theOriginalIsDetachedAndMessagesPostedBeforeTheTransferStillArrive()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received atPort1 = new Received();
        channel.port1().onMessage(atPort1);
        channel.port2().postMessage("before");
        final MessagePort original = channel.port2();
        final MessagePort moved = sendTo(a, "b", atB, original);

        original.postMessage("from the detached original");
        original.start();
        assertTrue(original.receiveMessage().isEmpty());
        assertEquals("before", atPort1.nextData());
        moved.postMessage("from the new owner");
        assertEquals("from the new owner", atPort1.nextData());
        assertTrue(atPort1.staysEmpty());
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> new MessageChannel(a).port1().postMessage("again", List.of(original)));
        assertEquals("port at index 0 is already transferred", refused.getMessage());
    }

    @Test
    void aStartedPortArrivesDisabledWithItsWaitingMessagesInOrder()
    {
        final MessageChannel channel = new MessageChannel(a);
        channel.port2().start();
        // Posting and transferring in one loop task: the started port cannot dispatch "one" at a in between.
        a.execute(() ->
        {
            channel.port1().postMessage("one");
            a.window("b").postMessage("port", "*", List.of(channel.port2()));
        });
        final MessagePort moved = atB.next().ports().get(0);
        channel.port1().postMessage("two");
        final Received atMoved = new Received();
        moved.addMessageListener(atMoved);
        assertTrue(atMoved.staysEmpty());
        moved.start();
        assertEquals(List.of("one", "two"), atMoved.nextData(2));
    }

    @Test
    void incomingOrderHoldsForANeverStartedPortHoppingAcrossContexts()
    {
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage("First");
        final MessagePort atBPort = sendTo(a, "b", atB, channel.port2());
        channel.port1().postMessage("Second");
        channel.port1().postMessage("Third");
        final MessagePort atCPort = sendTo(b, "c", atC, atBPort);
        channel.port1().postMessage("Fourth");
        final Received received = new Received();
        atCPort.onMessage(received);
        assertEquals(List.of("First", "Second", "Third", "Fourth"), received.nextData(4));
    }

    @Test
    void outgoingOrderHoldsWhenThePortSendsFromEachPlaceItVisits()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received atPort1 = new Received();
        channel.port1().onMessage(atPort1);
        channel.port2().postMessage("First");
        final MessagePort atBPort = sendTo(a, "b", atB, channel.port2());
        atBPort.postMessage("Second");
        atBPort.postMessage("Third");
        final MessagePort atCPort = sendTo(b, "c", atC, atBPort);
        atCPort.postMessage("Fourth");
        assertEquals(List.of("First", "Second", "Third", "Fourth"), atPort1.nextData(4));
    }

    @Test
    void bothEndsMovedToDifferentContextsKeepOrder()
    {
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage("queued before");
        final MessagePort atBPort = sendTo(a, "b", atB, channel.port1());
        final MessagePort atCPort = sendTo(a, "c", atC, channel.port2());
        atBPort.postMessage("after 1");
        atBPort.postMessage("after 2");
        final Received received = new Received();
        atCPort.onMessage(received);
        assertEquals(List.of("queued before", "after 1", "after 2"), received.nextData(3));
    }

    @Test
    void bothPortsOfOneChannelInOneMessageArriveInListOrderAndStillTalk()
    {
        final MessageChannel channel = new MessageChannel(a);
        a.window("b").postMessage("both", "*", List.of(channel.port2(), channel.port1()));
        final MessageEvent event = atB.next();
        assertEquals(2, event.ports().size());
        assertThrows(UnsupportedOperationException.class, () -> event.ports().remove(0));
        final Received atFirst = new Received();
        event.ports().get(0).onMessage(atFirst);
        event.ports().get(1).postMessage("from the old port1");
        assertEquals("from the old port1", atFirst.nextData());
    }

    @Test
    void aHundredPortsInOneMessageAllWorkAndKeepTheirOrder()
    {
        final List<MessageChannel> channels = new ArrayList<>();
        final List<MessagePort> farEnds = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final MessageChannel channel = new MessageChannel(a);
            channels.add(channel);
            farEnds.add(channel.port2());
        }
        a.window("b").postMessage(farEnds, "*", farEnds);
        final MessageEvent event = atB.next();
        assertEquals(100, event.ports().size());
        assertEquals(event.ports(), event.data());
        for (int i = 0; i < 100; i++)
        {
            final int index = i;
            event.ports().get(i).onMessage(e -> event.ports().get(index).postMessage(index));
        }
        final Set<Integer> echoed = ConcurrentHashMap.newKeySet();
        final Received echoes = new Received();
        for (int i = 0; i < 100; i++)
        {
            final int index = i;
            channels.get(i).port1().onMessage(e ->
            {
                assertEquals(index, e.data());
                echoed.add(index);
                echoes.onMessage(e);
            });
            channels.get(i).port1().postMessage("echo your index");
        }
        echoes.nextData(100);
        assertEquals(100, echoed.size());
    }

    @Test
    void aPortInsideTheMessageIsTheSameObjectAsInEventPorts()
    {
        final MessageChannel channel = new MessageChannel(a);
        a.window("b").postMessage(List.of(channel.port2(), channel.port2()), "*", List.of(channel.port2()));
        final MessageEvent event = atB.next();
        final List<?> data = (List<?>)event.data();
        assertSame(event.ports().get(0), data.get(0));
        assertSame(data.get(0), data.get(1));
    }
}
