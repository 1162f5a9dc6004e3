package dev.entangle.bridge;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import dev.entangle.MessageEvent;

import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host1 side of the namespace script ({@code bridge/netns-test.sh}), which runs it in one network namespace
 * while {@link RemoteContextMain} runs in the other:
 * <ul>
 *   <li>{@code echo <dir> <total> <pause µs per 100>}: a window message answered through {@code source}, then a port
 *       to {@code worker-echo} on host2 and {@code total} numbered messages on it, paced; every echo must come back
 *       once, in order. Exit 0 when so.</li>
 *   <li>{@code close <dir> <timeout ms>}: a port to {@code worker-hold} on host2; prints {@code armed}, then how long
 *       after that the port saw {@code close}. Exit 0 when it closed within the timeout.</li>
 * </ul>
 */
public final class NetnsScenario
{
    private NetnsScenario()
    {
    }

    /**
     * @param args the scenario and its arguments.
     * @throws Exception when it cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        final boolean ok;
        try (Context orders = Context.builder().directory(Paths.get(args[1])).name("orders-" + args[0]).open())
        {
            ok = "echo".equals(args[0]) ? echo(orders, Integer.parseInt(args[2]), Long.parseLong(args[3])) :
                close(orders, Long.parseLong(args[2]));
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean echo(final Context orders, final int total, final long pauseMicros) throws Exception
    {
        final LinkedBlockingQueue<MessageEvent> replies = new LinkedBlockingQueue<>();
        orders.onMessage(replies::add);
        orders.window("worker-echo").postMessage("ping", "*");
        final MessageEvent reply = replies.poll(60, TimeUnit.SECONDS);
        if (reply == null || !"re:ping".equals(reply.data()))
        {
            System.out.println("echo FAILED: no reply through source");
            return false;
        }
        System.out.println("window reply from " + reply.source().name() + ": " + reply.data());
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
        final long start = System.nanoTime();
        for (int i = 0; i < total; i++)
        {
            channel.port1().postMessage(i);
            if (pauseMicros > 0 && i % 100 == 99)
            {
                TimeUnit.MICROSECONDS.sleep(pauseMicros);
            }
        }
        System.out.println("sent " + total + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) +
            " ms");
        final boolean arrived = all.await(180, TimeUnit.SECONDS);
        Thread.sleep(500);
        final boolean ok = arrived && wrong.get() == 0 && next.get() == total;
        System.out.println((ok ? "echo ok: " : "echo FAILED: ") + next.get() + " of " + total + " echoed back, " +
            wrong.get() + " out of order, lost or duplicated, in " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        return ok;
    }

    private static boolean close(final Context orders, final long timeoutMs) throws Exception
    {
        final MessageChannel channel = new MessageChannel(orders);
        final CountDownLatch closed = new CountDownLatch(1);
        channel.port1().onClose(closed::countDown);
        channel.port1().start();
        orders.window("worker-hold").postMessage("hold", "*", List.of(channel.port2()));
        // worker-hold says nothing back: two seconds are plenty for the port to reach host2.
        Thread.sleep(2000);
        System.out.println("armed");
        final long armed = System.nanoTime();
        final boolean ok = closed.await(timeoutMs, TimeUnit.MILLISECONDS);
        System.out.println(ok ? "close seen " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - armed) +
            " ms after armed" : "close FAILED: not seen within " + timeoutMs + " ms");
        return ok;
    }
}
