package dev.entangle.bridge;

import dev.entangle.Context;
import dev.entangle.DataCloneException;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same API across two "hosts" on loopback, each with its own directory, Aeron directory, UDP port and bridge
 * JVM: window messages to a routed name and replies through {@code source}, ports that cross with messages both
 * ways, a close after data, and a remote context killed. Contexts of host1 run in this JVM, those of host2 in JVMs
 * of their own.
 */
@Timeout(300)
class CrossHostIT
{
    private static TwoHosts hosts;
    private final List<Context> contexts = new ArrayList<>();

    @BeforeAll
    static void startHosts() throws Exception
    {
        hosts = TwoHosts.start(TwoHosts.tempRoot("crosshost"));
    }

    @AfterAll
    static void stopHosts()
    {
        if (hosts != null)
        {
            System.out.println(hosts.bridgeOutput());
            hosts.close();
        }
    }

    @AfterEach
    void closeContexts()
    {
        contexts.forEach(Context::close);
    }

    private Context open(final String name, final String origin)
    {
        final Context context = Context.builder().directory(hosts.dir(1)).name(name).origin(origin).open();
        contexts.add(context);
        return context;
    }

    @Test
    void postToARoutedNameWaitsForItThenRepliesThroughSource() throws Exception
    {
        final Context orders = open("orders", "https://orders.example");
        final LinkedBlockingQueue<MessageEvent> replies = new LinkedBlockingQueue<>();
        orders.onMessage(replies::add);
        // Posted before any context holds the name on host2: it waits in that name's inbox there.
        orders.window("billing").postMessage("invoice 1", "*");
        try (Child billing = hosts.remote("billing", "echo"))
        {
            final String seen = billing.await("window invoice 1");
            assertEquals("window invoice 1 from orders@host1 origin https://orders.example", seen);
            final MessageEvent reply = replies.poll(60, TimeUnit.SECONDS);
            assertNotNull(reply, "no reply through source");
            assertEquals("re:invoice 1", reply.data());
            assertEquals("billing@host2", reply.source().name());
            assertEquals("null", reply.origin());
            // The reply's source answers too: billing@host2 is an address like any other.
            reply.source().postMessage("invoice 2", "*");
            billing.await("window invoice 2");
            assertEquals("re:invoice 2", replies.poll(60, TimeUnit.SECONDS).data());
        }
    }

    @Test
    void targetOriginIsCheckedOnTheReceivingHost() throws Exception
    {
        final Context orders = open("orders-origin", "https://orders.example");
        try (Child billing = hosts.remote("worker-origin", "echo", "origin=https://billing.example"))
        {
            orders.window("worker-origin").postMessage("wrong", "https://elsewhere.example");
            orders.window("worker-origin@host2").postMessage("right", "https://billing.example/path");
            billing.await("window right");
            assertTrue(!billing.output().contains("window wrong"), billing.output());
        }
    }

    @Test
    void aRoutedNameCannotBeOpenedHere()
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Context.builder().directory(hosts.dir(1)).name("billing").open());
        assertTrue(refused.getMessage().contains("host2"), refused.getMessage());
        assertThrows(IllegalStateException.class,
            () -> Context.builder().directory(hosts.dir(1)).name("worker-anything").open());
    }

    @Test
    void aMessageTooLargeForTheBridgesIsRefusedAtPostMessage()
    {
        final Context orders = open("orders-large", "null");
        final byte[] large = new byte[256 << 10];
        final DataCloneException refused = assertThrows(DataCloneException.class,
            () -> orders.window("billing").postMessage(large, "*"));
        assertTrue(refused.getMessage().contains("host2"), refused.getMessage());
    }

    @Test
    void aPortCrossesAndCarriesTenThousandMessagesEachWayInOrder() throws Exception
    {
        final int total = 10_000;
        final Context orders = open("orders-count", "null");
        try (Child worker = hosts.remote("worker-count", "count", Integer.toString(total)))
        {
            final MessageChannel channel = new MessageChannel(orders);
            final MessagePort port = channel.port1();
            final AtomicInteger next = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();
            final CountDownLatch all = new CountDownLatch(1);
            port.onMessage(event ->
            {
                final int expected = next.getAndIncrement();
                if (!Integer.valueOf(expected).equals(event.data()))
                {
                    wrong.incrementAndGet();
                }
                if (expected + 1 == total)
                {
                    all.countDown();
                }
            });
            orders.window("worker-count").postMessage("take this", "*", List.of(channel.port2()));
            // Sent while the port travels: they follow it.
            for (int i = 0; i < total; i++)
            {
                port.postMessage(i);
            }
            assertTrue(all.await(120, TimeUnit.SECONDS), "received " + next.get() + " of " + total);
            assertEquals(0, wrong.get(), "out of order or duplicated");
            worker.await("in order " + total, java.time.Duration.ofSeconds(120));
            Thread.sleep(200);
            assertEquals(total, next.get(), "duplicates arrived");
            assertTrue(!worker.output().contains("out of order"), worker.output());
        }
    }

    @Test
    void aPortSentBackToItsFirstHostCrossesTwiceAndStillCarriesBothWays() throws Exception
    {
        final int total = 1000;
        final Context orders = open("orders-return", "null");
        final LinkedBlockingQueue<MessageEvent> back = new LinkedBlockingQueue<>();
        orders.onMessage(back::add);
        try (Child worker = hosts.remote("worker-return", "return"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            orders.window("worker-return").postMessage("send it back", "*", List.of(channel.port2()));
            for (int i = 0; i < total / 2; i++)
            {
                channel.port1().postMessage(i);
            }
            final MessageEvent returned = back.poll(60, TimeUnit.SECONDS);
            assertNotNull(returned, "the port never came back");
            worker.await("returned 1");
            assertEquals("worker-return@host2", returned.source().name());
            final MessagePort port2 = returned.ports().get(0);
            for (int i = total / 2; i < total; i++)
            {
                channel.port1().postMessage(i);
            }
            for (int i = 0; i < total; i++)
            {
                final MessageEvent event = port2.receiveMessage(java.time.Duration.ofSeconds(60)).orElseThrow();
                assertEquals(i, event.data());
                port2.postMessage(-i);
            }
            for (int i = 0; i < total; i++)
            {
                assertEquals(-i, channel.port1().receiveMessage(java.time.Duration.ofSeconds(60)).orElseThrow()
                    .data());
            }
            final CountDownLatch closed = new CountDownLatch(1);
            port2.onClose(closed::countDown);
            channel.port1().close();
            assertTrue(closed.await(30, TimeUnit.SECONDS), "the close never came round");
        }
    }

    @Test
    void closeArrivesAfterTheDataSentBeforeIt() throws Exception
    {
        final Context orders = open("orders-close", "null");
        try (Child worker = hosts.remote("worker-close", "count", "1000000"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            orders.window("worker-close").postMessage("take this", "*", List.of(channel.port2()));
            for (int i = 0; i < 500; i++)
            {
                channel.port1().postMessage(i);
            }
            channel.port1().close();
            assertEquals("closed after 500", worker.await("closed after"));
        }
    }

    @Test
    void aRemoteContextKilledClosesItsPortsPeersHere() throws Exception
    {
        final Context orders = open("orders-kill", "null");
        try (Child worker = hosts.remote("worker-kill", "hold"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            final CountDownLatch closed = new CountDownLatch(1);
            final AtomicLong closedAt = new AtomicLong();
            channel.port1().onClose(() ->
            {
                closedAt.set(System.nanoTime());
                closed.countDown();
            });
            channel.port1().start();
            orders.window("worker-kill").postMessage("hold this", "*", List.of(channel.port2()));
            worker.await("got port");
            final long killedAt = System.nanoTime();
            worker.kill();
            assertTrue(closed.await(30, TimeUnit.SECONDS), "the port's peer died on host2, and it never closed here");
            System.out.println("close seen " + TimeUnit.NANOSECONDS.toMillis(closedAt.get() - killedAt) +
                " ms after kill -9 of the remote context");
        }
    }

    @Test
    void bufferedAmountCountsWhatTheRemotePortHasNotReadAndBackPressureHolds() throws Exception
    {
        final Context orders = Context.builder().directory(hosts.dir(1)).name("orders-buffered")
            .maxBufferedAmount(64 << 10).open();
        contexts.add(orders);
        try (Child worker = hosts.remote("worker-buffered", "park"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            orders.window("worker-buffered").postMessage("park this", "*", List.of(channel.port2()));
            worker.await("got port");
            final CountDownLatch low = new CountDownLatch(1);
            channel.port1().onBufferedAmountLow(low::countDown);
            int accepted = 0;
            while (channel.port1().offerMessage(new byte[1024]))
            {
                accepted++;
                assertTrue(accepted < 1000, "never refused");
            }
            final long buffered = channel.port1().bufferedAmount();
            assertTrue(buffered > 60 << 10, "buffered " + buffered);
            Thread.sleep(500);
            assertEquals(buffered, channel.port1().bufferedAmount(), "unread on host2, yet no longer buffered");
            assertTrue(!channel.port1().offerMessage(new byte[1024]), "accepted over the limit");
            worker.send("start");
            worker.await("started");
            assertTrue(low.await(30, TimeUnit.SECONDS), "bufferedAmount never fell: " +
                channel.port1().bufferedAmount());
            assertEquals(0, channel.port1().bufferedAmount());
            assertTrue(channel.port1().offerMessage(new byte[1024]));
        }
    }

    @Test
    void aMessageTooLargeOnAPortIsAMessageErrorAtBothEnds() throws Exception
    {
        final Context orders = open("orders-error", "null");
        try (Child worker = hosts.remote("worker-error", "echo"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
            channel.port1().onMessage(event -> seen.add("message " + event.data()));
            channel.port1().onMessageError(event -> seen.add("messageerror"));
            orders.window("worker-error").postMessage("echo on this", "*", List.of(channel.port2()));
            channel.port1().postMessage(new byte[512 << 10]);
            channel.port1().postMessage("after");
            assertEquals("messageerror", seen.poll(60, TimeUnit.SECONDS));
            assertEquals("message after", seen.poll(60, TimeUnit.SECONDS));
            worker.await("messageerror on port");
            assertNull(seen.poll(200, TimeUnit.MILLISECONDS));
        }
    }

}
