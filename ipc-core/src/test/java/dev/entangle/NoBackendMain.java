package dev.entangle;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A program run without any SLF4J backend on its class path: its port listener throws on the first message and
 * takes the second.
 */
final class NoBackendMain
{
    private NoBackendMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final CountDownLatch second = new CountDownLatch(1);
        try (Context context = Context.builder().directory(Path.of(args[0])).name("quiet").open())
        {
            final MessageChannel channel = new MessageChannel(context);
            channel.port2().onMessage(event ->
            {
                if ("first".equals(event.data()))
                {
                    throw new IllegalStateException("listener failed on purpose");
                }
                second.countDown();
            });
            channel.port1().postMessage("first");
            channel.port1().postMessage("second");
            System.out.println(second.await(60, TimeUnit.SECONDS) ? "delivered" : "not delivered");
        }
    }
}
