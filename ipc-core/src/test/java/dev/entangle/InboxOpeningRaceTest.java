package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A message posted to a name while a context of that name opens is delivered, whichever comes first: the post's
 * look at the name's holder, the holder's first read of its inbox, or the append. Two programs started at the same
 * moment, each posting to the other's name, depend on it.
 */
@Timeout(300)
class InboxOpeningRaceTest
{
    private static final int ROUNDS = 500;

    @TempDir
    Path dir;

    private Contexts contexts;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void aMessagePostedWhileItsTargetOpensIsDelivered() throws Exception
    {
        final Context sender = contexts.open("sender");
        for (int round = 0; round < ROUNDS; round++)
        {
            final String name = "target-" + round;
            final CyclicBarrier start = new CyclicBarrier(2);
            final Received received = new Received();
            final AtomicReference<Context> target = new AtomicReference<>();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread opener = new Thread(() ->
            {
                await(start);
                try
                {
                    final Context context = Context.builder().directory(dir).name(name).open();
                    target.set(context);
                    context.onMessage(received);
                }
                catch (final RuntimeException ex)
                {
                    failure.set(ex);
                }
            }, "opener");
            opener.start();
            await(start);
            sender.window(name).postMessage(round);
            opener.join();
            if (failure.get() != null)
            {
                throw new AssertionError("round " + round + ": opening " + name + " failed", failure.get());
            }
            try
            {
                final MessageEvent event = received.events.poll(Await.LONG.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(event, "round " + round + ": the message posted while " + name + " opened never came");
                assertEquals(round, event.data());
            }
            finally
            {
                target.get().close();
            }
        }
    }

    private static void await(final CyclicBarrier barrier)
    {
        try
        {
            barrier.await();
        }
        catch (final InterruptedException | BrokenBarrierException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
