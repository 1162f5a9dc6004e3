package dev.entangle.bench;

import dev.entangle.Context;
import dev.entangle.MessagePort;
import dev.entangle.bridge.BridgeMain;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The second "host" of the cross-host row, in a JVM of its own: {@code bridge <federation> <host>} runs a bridge;
 * {@code echo <dir> <idle>} opens context {@code bench-echo}, which echoes every message on the ports it is sent;
 * {@code pong <aeron dir> <my endpoint> <peer endpoint> <idle>} is raw Aeron UDP's echo, with a media driver embedded
 * as the bridge embeds it (invoker mode, one thread, the same idle strategy).
 */
public final class CrossHostPeer
{
    static final int STREAM = 0x454E;

    private CrossHostPeer()
    {
    }

    /**
     * @param args the role and its arguments.
     * @throws Exception when the role cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "bridge" -> BridgeMain.main(new String[]{ "--federation", args[1], "--host", args[2] });
            case "echo" -> echo(Path.of(args[1]), "yield".equals(args[2]));
            default -> pong(Path.of(args[1]), args[2], args[3], "yield".equals(args[4]));
        }
    }

    private static void echo(final Path dir, final boolean yield) throws InterruptedException
    {
        final Context.Builder builder = Context.builder().directory(dir).name("bench-echo");
        if (yield)
        {
            builder.idleStrategy(new org.agrona.concurrent.YieldingIdleStrategy());
        }
        try (Context context = builder.open())
        {
            context.onMessage(event ->
            {
                for (final MessagePort port : event.ports())
                {
                    port.onMessage(message -> port.postMessage(message.data()));
                }
            });
            System.out.println("ready");
            new CountDownLatch(1).await();
        }
    }

    /**
     * An embedded media driver in invoker mode and a client of it, both run by the caller's thread.
     */
    static final class Endpoint implements AutoCloseable
    {
        final MediaDriver driver;
        final Aeron aeron;
        final AgentInvoker driverInvoker;
        final Subscription subscription;
        final ExclusivePublication publication;
        final IdleStrategy idle;

        Endpoint(final Path aeronDir, final String self, final String peer, final boolean yield)
        {
            idle = yield ? new YieldingIdleStrategy() : new BackoffIdleStrategy(100, 10,
                TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDir.toString())
                .threadingMode(ThreadingMode.INVOKER).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
                .termBufferSparseFile(true));
            driverInvoker = driver.sharedAgentInvoker();
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir.toString())
                .useConductorAgentInvoker(true).driverAgentInvoker(driverInvoker));
            subscription = aeron.addSubscription("aeron:udp?endpoint=" + self, STREAM);
            publication = aeron.addExclusivePublication("aeron:udp?endpoint=" + peer + "|term-length=1m", STREAM);
        }

        int invoke()
        {
            return driverInvoker.invoke() + aeron.conductorAgentInvoker().invoke();
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(publication, subscription, aeron, driver);
        }
    }

    private static void pong(final Path aeronDir, final String self, final String peer, final boolean yield)
    {
        try (Endpoint endpoint = new Endpoint(aeronDir, self, peer, yield))
        {
            final FragmentAssembler echo = new FragmentAssembler((buffer, offset, length, header) ->
            {
                while (endpoint.publication.offer(buffer, offset, length) < 0)
                {
                    endpoint.invoke();
                }
            });
            System.out.println("ready");
            while (!Thread.currentThread().isInterrupted())
            {
                endpoint.idle.idle(endpoint.invoke() + endpoint.subscription.poll(echo, 16));
            }
        }
    }
}
