package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code close()} and the {@code close} event (SEMANTICS.md C14-C21, D22-D24, D32, D33) in one JVM; the
 * cross-process items D25-D30 are in {@link CrossProcessIT}.
 */
@Timeout(120)
class CloseTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a");
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void afterCloseNothingIsDeliveredEitherWayAndPostingDoesNotThrow()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received at1 = new Received();
        final Received at2 = new Received();
        channel.port1().onMessage(at1);
        channel.port2().onMessage(at2);
        channel.port1().close();
        assertDoesNotThrow(() -> channel.port2().postMessage("to a closed port"));
        assertDoesNotThrow(() -> channel.port1().postMessage("from a closed port"));
        assertTrue(at1.staysEmpty());
        assertTrue(at2.staysEmpty());
    }

    @Test
    void aPortTransferredAfterItsPeerClosedArrivesClosedAndPostsNothing()
    {
        final Context b = contexts.open("b");
        final MessageChannel channel = new MessageChannel(a);
        final Received atPort1 = new Received();
        channel.port1().onMessage(atPort1);
        channel.port1().close();
        final Received atB = new Received();
        b.onMessage(atB);
        a.window("b").postMessage("port", "*", List.of(channel.port2()));
        final MessagePort moved = atB.next().ports().get(0);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        moved.onClose(() -> closes.add("closed"));
        moved.start();
        assertEquals("closed", Await.next(closes));
        assertDoesNotThrow(() -> moved.postMessage("into the void"));
        assertTrue(atPort1.staysEmpty());
    }

    @Test
    void messagesPostedBeforeCloseArriveBeforeTheCloseEvent()
    {
        final MessageChannel channel = new MessageChannel(a);
        final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        channel.port2().onMessage(e -> seen.add(e.data()));
        channel.port2().onClose(() -> seen.add("close"));
        for (int i = 0; i < 100; i++)
        {
            channel.port1().postMessage(i);
        }
        channel.port1().close();
        final List<Object> order = new ArrayList<>();
        for (int i = 0; i <= 100; i++)
        {
            order.add(Await.next(seen));
        }
        assertEquals(100, order.indexOf("close"));
        assertEquals(99, order.get(99));
    }

    @Test
    void closeFiresOnceOnThePeerAsALoopTaskAndNeverOnTheCloser()
    {
        final MessageChannel channel = new MessageChannel(a);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        final String caller = Thread.currentThread().getName();
        channel.port1().onClose(() -> closes.add("port1"));
        channel.port2().onClose(() -> closes.add("port2 on " + Thread.currentThread().getName()));
        channel.port1().close();
        channel.port1().close();
        assertEquals("port2 on entangle-a", Await.next(closes));
        assertNotEquals("entangle-a", caller);
        Await.quietPeriod(500);
        assertTrue(closes.isEmpty(), "unexpected " + closes);
        channel.port2().close();
        Await.quietPeriod(200);
        assertTrue(closes.isEmpty(), "unexpected " + closes);
    }

    @Test
    void onCloseIsReplacedNotAdded()
    {
        final MessageChannel channel = new MessageChannel(a);
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        channel.port2().onClose(() -> closes.add("old"));
        channel.port2().onClose(() -> closes.add("new"));
        channel.port1().close();
        assertEquals("new", Await.next(closes));
        Await.quietPeriod(150);
        assertTrue(closes.isEmpty());
    }

    @Test
    void aPortMayCloseItselfInsideItsOwnListener()
    {
        final MessageChannel channel = new MessageChannel(a);
        final LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
        channel.port1().onClose(() -> log.add("peer saw close"));
        channel.port2().onMessage(e ->
        {
            channel.port2().close();
            log.add("closed in listener");
        });
        channel.port1().postMessage("close yourself");
        channel.port1().postMessage("never seen");
        assertEquals("closed in listener", Await.next(log));
        assertEquals("peer saw close", Await.next(log));
        Await.quietPeriod(150);
        assertTrue(log.isEmpty(), "unexpected " + log);
        assertTrue(contexts.errors.isEmpty(), "unexpected " + contexts.errors);
    }

    @Test
    void aClosedPortCannotBeTransferredButItsFormerPeerCan()
    {
        final MessageChannel carrier = new MessageChannel(a);
        final MessageChannel closedOne = new MessageChannel(a);
        closedOne.port1().close();
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> carrier.port1().postMessage("x", List.of(closedOne.port1())));
        assertEquals("port at index 0 is closed", refused.getMessage());
        final Received atCarrier = new Received();
        carrier.port2().onMessage(atCarrier);
        carrier.port1().postMessage("peer", List.of(closedOne.port2()));
        assertEquals(1, atCarrier.next().ports().size());
    }

    @Test
    void everythingOnAClosedPortIsANoOp()
    {
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort port = channel.port1();
        port.close();
        assertDoesNotThrow(() ->
        {
            port.start();
            port.onMessage(e -> { });
            port.addMessageListener(e -> { });
            port.removeMessageListener(e -> { });
            port.onMessageError(e -> { });
            port.onClose(() -> { });
            port.close();
        });
        assertTrue(port.receiveMessage().isEmpty());
    }

    @Test
    void closingTheContextClosesItsPortsForPeersInOtherContexts()
    {
        final Context b = contexts.open("b");
        final MessageChannel channel = new MessageChannel(a);
        final Received atB = new Received();
        b.onMessage(atB);
        a.window("b").postMessage("take", "*", List.of(channel.port2()));
        final MessagePort moved = atB.next().ports().get(0);
        final AtomicInteger closes = new AtomicInteger();
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();
        moved.onClose(() ->
        {
            closes.incrementAndGet();
            closed.add("closed");
        });
        a.close();
        assertEquals("closed", Await.next(closed));
        Await.quietPeriod(300);
        assertEquals(1, closes.get());
    }
}
