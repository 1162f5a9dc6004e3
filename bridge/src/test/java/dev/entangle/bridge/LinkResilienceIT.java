package dev.entangle.bridge;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link that breaks, on loopback: a bridge stopped (SIGSTOP) and resumed, which breaks its Aeron images as a
 * network outage would; a bridge stopped longer than the remote liveness; a bridge killed. The namespace script
 * does the same with a real link taken down, and with packet loss.
 */
@Timeout(300)
class LinkResilienceIT
{
    private static final long LIVENESS_MS = 3000;

    private TwoHosts hosts;
    private Context orders;

    private void start(final String name) throws IOException
    {
        hosts = TwoHosts.start(TwoHosts.tempRoot(name), "set remote.liveness.ms " + LIVENESS_MS, List.of());
        orders = Context.builder().directory(hosts.dir(1)).name("orders").open();
    }

    @AfterEach
    void stop()
    {
        if (orders != null)
        {
            orders.close();
        }
        if (hosts != null)
        {
            System.out.println(hosts.bridgeOutput());
            hosts.close();
        }
    }

    private static void signal(final Child child, final String signal) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor());
    }

    @Test
    void aBreakShorterThanTheLivenessResumesWithNoLossAndNoDuplicate() throws Exception
    {
        start("resume");
        final int total = 4000;
        try (Child worker = hosts.remote("worker-echo", "echo"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            final AtomicInteger next = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();
            final CountDownLatch all = new CountDownLatch(1);
            channel.port1().onMessage(event ->
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
            orders.window("worker-echo").postMessage("echo", "*", List.of(channel.port2()));
            for (int i = 0; i < total / 2; i++)
            {
                channel.port1().postMessage(i);
            }
            signal(hosts.bridges[1], "STOP");
            for (int i = total / 2; i < total; i++)
            {
                channel.port1().postMessage(i);
            }
            // Longer than the Aeron timeouts (half the liveness): the images break, and the bridges resend.
            Thread.sleep(LIVENESS_MS * 3 / 4);
            signal(hosts.bridges[1], "CONT");
            assertTrue(all.await(120, TimeUnit.SECONDS), "echoed " + next.get() + " of " + total);
            Thread.sleep(500);
            assertEquals(0, wrong.get(), "out of order, lost or duplicated");
            assertEquals(total, next.get(), "duplicates arrived");
            assertTrue(!worker.output().contains("port closed"), worker.output());
        }
    }

    @Test
    void aBreakLongerThanTheLivenessClosesThePortAtBothEnds() throws Exception
    {
        start("outage");
        try (Child worker = hosts.remote("worker-outage", "echo"))
        {
            final MessageChannel channel = new MessageChannel(orders);
            final CountDownLatch closed = new CountDownLatch(1);
            channel.port1().onClose(closed::countDown);
            channel.port1().onMessage(event -> { });
            orders.window("worker-outage").postMessage("echo", "*", List.of(channel.port2()));
            worker.await("window echo");
            signal(hosts.bridges[1], "STOP");
            assertTrue(closed.await(LIVENESS_MS + 10_000, TimeUnit.MILLISECONDS), "never closed here");
            signal(hosts.bridges[1], "CONT");
            worker.await("port closed");
        }
    }

    @Test
    void aRemoteBridgeKilledClosesThePortsThatCrossToItWithinTheLiveness() throws Exception
    {
        start("bridgekill");
        try (Child worker = hosts.remote("worker-bridgekill", "hold"))
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
            orders.window("worker-bridgekill").postMessage("hold", "*", List.of(channel.port2()));
            worker.await("got port");
            final long killedAt = System.nanoTime();
            hosts.bridges[1].kill();
            assertTrue(closed.await(LIVENESS_MS + 3000, TimeUnit.MILLISECONDS), "never closed here");
            System.out.println("close seen " + TimeUnit.NANOSECONDS.toMillis(closedAt.get() - killedAt) +
                " ms after kill -9 of the remote bridge (liveness " + LIVENESS_MS + " ms)");
            // On host2 the bridge owned the port's peer: its death closes the port there too.
            worker.await("port closed");
        }
    }
}
