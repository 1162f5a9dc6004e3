package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Construction, delivery and the port message queue (SEMANTICS.md A1-A7, B8-B12), in one JVM; the cross-JVM
 * forms of A6 and B13 are in {@link CrossProcessIT}.
 */
@Timeout(120)
class ChannelDeliveryTest
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
    void aChannelHasTwoDistinctPortsThatUsersCannotConstruct()
    {
        final MessageChannel channel = new MessageChannel(a);
        assertNotSame(channel.port1(), channel.port2());
        assertSame(channel.port1(), channel.port1());
        final Class<?> implementation = channel.port1().getClass();
        assertFalse(Modifier.isPublic(implementation.getModifiers()));
        assertEquals(0, implementation.getConstructors().length);
    }

    @Test
    void aMessageArrivesAtTheOtherPortOnlyWithPortEventDefaults()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received at1 = new Received();
        final Received at2 = new Received();
        channel.port1().onMessage(at1);
        channel.port2().onMessage(at2);
        final List<Object> sent = new ArrayList<>(List.of("x", 1));
        channel.port1().postMessage(sent);

        final MessageEvent event = at2.next();
        assertEquals(sent, event.data());
        assertNotSame(sent, event.data());
        assertEquals("", event.origin());
        assertEquals("", event.lastEventId());
        assertNull(event.source());
        assertEquals(List.of(), event.ports());
        assertThrows(UnsupportedOperationException.class, () -> event.ports().add(channel.port1()));
        assertTrue(at1.staysEmpty());
    }

    @Test
    void postMessageReturnsBeforeAnyListenerRunsAndListenersRunOnTheLoop() throws Exception
    {
        final MessageChannel channel = new MessageChannel(a);
        final AtomicBoolean returned = new AtomicBoolean();
        final LinkedBlockingQueue<Boolean> sawReturned = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
        channel.port2().onMessage(e ->
        {
            sawReturned.add(returned.get());
            threads.add(Thread.currentThread().getName());
        });
        // Posted from the loop itself: a synchronous dispatch would run the listener before the flag is set.
        a.execute(() ->
        {
            channel.port1().postMessage("now");
            returned.set(true);
        });
        assertTrue(Await.next(sawReturned));
        assertEquals("entangle-a", Await.next(threads));
    }

    @Test
    void aThousandMessagesArriveInOrderInBothDirections()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received at1 = new Received();
        final Received at2 = new Received();
        channel.port1().onMessage(at1);
        channel.port2().onMessage(at2);
        for (int i = 0; i < 1000; i++)
        {
            channel.port1().postMessage(i);
            channel.port2().postMessage(-i);
        }
        assertEquals(IntStream.range(0, 1000).boxed().toList(), at2.nextData(1000));
        assertEquals(IntStream.range(0, 1000).map(i -> -i).boxed().toList(), at1.nextData(1000));
    }

    @Test
    void addMessageListenerAloneDoesNotStartThePortAndStartDeliversWhatWaited()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received at2 = new Received();
        channel.port2().addMessageListener(at2);
        channel.port1().postMessage("first");
        channel.port1().postMessage("second");
        assertTrue(at2.staysEmpty());

        channel.port2().start();
        assertEquals(List.of("first", "second"), at2.nextData(2));
        channel.port2().start();
        assertTrue(at2.staysEmpty());
    }

    @Test
    void settingOnMessageStartsThePortAndEachMessageIsDeliveredOnce()
    {
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage("one");
        channel.port1().postMessage("two");
        final Received first = new Received();
        final Received second = new Received();
        channel.port2().onMessage(e ->
        {
            first.onMessage(e);
            channel.port2().onMessage(second);
        });
        assertEquals("one", first.nextData());
        assertEquals("two", second.nextData());
        assertTrue(first.staysEmpty());
        assertTrue(second.staysEmpty());
    }

    @Test
    void onceEnabledTheQueueStaysEnabledAndNothingIsDeliveredTwice()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received first = new Received();
        channel.port2().onMessage(first);
        channel.port1().postMessage("before");
        assertEquals("before", first.nextData());

        channel.port2().onMessage(null);
        channel.port1().postMessage("unheard");
        Await.quietPeriod(150);
        final Received later = new Received();
        channel.port2().addMessageListener(later);
        channel.port1().postMessage("after");
        assertEquals("after", later.nextData());
        assertTrue(later.staysEmpty());
        assertTrue(first.staysEmpty());
    }

    @Test
    void removedListenersHearNothingAndSeveralListenersEachHearEveryMessage()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received one = new Received();
        final Received two = new Received();
        channel.port2().addMessageListener(one);
        channel.port2().addMessageListener(two);
        channel.port2().start();
        channel.port1().postMessage(1);
        assertEquals(1, one.nextData());
        assertEquals(1, two.nextData());
        channel.port2().removeMessageListener(one);
        channel.port1().postMessage(2);
        assertEquals(2, two.nextData());
        assertTrue(one.staysEmpty());
    }

    @Test
    void receiveMessageTakesOneWaitingMessageWithoutStartingOrDispatching()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received listener = new Received();
        channel.port2().addMessageListener(listener);
        assertEquals(Optional.empty(), channel.port2().receiveMessage());
        channel.port1().postMessage(Map.of("k", "v"));
        channel.port1().postMessage("next");

        Await.until("a message to wait", () -> channel.port2().receiveMessage()
            .map(e -> e.data().equals(Map.of("k", "v"))).orElse(false));
        assertEquals("next", channel.port2().receiveMessage().orElseThrow().data());
        assertEquals(Optional.empty(), channel.port2().receiveMessage());
        assertTrue(listener.staysEmpty());
    }

    @Test
    void aThrowingListenerGoesToTheErrorHandlerAndDeliveryGoesOn()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received after = new Received();
        final RuntimeException boom = new IllegalStateException("boom");
        channel.port2().addMessageListener(e ->
        {
            if ("bad".equals(e.data()))
            {
                throw boom;
            }
        });
        channel.port2().addMessageListener(after);
        channel.port2().start();
        channel.port1().postMessage("bad");
        channel.port1().postMessage("good");
        assertEquals(List.of("bad", "good"), after.nextData(2));
        assertSame(boom, Await.next(contexts.errors));
    }
}
