package dev.entangle;

import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who runs a context's event loop: a thread from the builder's factory, or, in invoker mode, whichever thread drives
 * {@link Context#loopInvoker()}; that thread is then the loop thread for every rule (listeners run there, blocking
 * calls on it throw). And the settings a context prints.
 */
@Timeout(60)
class LoopThreadTest
{
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
    void theLoopRunsOnTheThreadTheFactoryMakesAndListenersRunThere()
    {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final Context context = contexts.open("factory", builder -> builder.threadFactory(runnable ->
        {
            final Thread thread = new Thread(runnable, "my-loop");
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        }));
        assertNull(context.loopInvoker(), "a context with a thread of its own has no invoker");
        final MessageChannel channel = new MessageChannel(context);
        final LinkedBlockingQueue<Thread> ranOn = new LinkedBlockingQueue<>();
        channel.port2().onMessage(event -> ranOn.add(Thread.currentThread()));
        channel.port1().postMessage("hello");
        assertEquals(1, made.size());
        assertSame(made.get(0), Await.next(ranOn));
    }

    @Test
    void inInvokerModeNothingHappensUntilTheCallerDrivesTheLoopAndListenersRunOnTheCaller() throws Exception
    {
        final Context context = contexts.open("invoked", builder -> builder.useLoopInvoker(true));
        final AgentInvoker invoker = context.loopInvoker();
        assertNotNull(invoker);
        final MessageChannel channel = new MessageChannel(context);
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final AtomicReference<Throwable> blockingCall = new AtomicReference<>();
        final AtomicInteger tasks = new AtomicInteger();
        channel.port2().onMessage(event ->
        {
            ranOn.set(Thread.currentThread());
            try
            {
                channel.port2().receiveMessage(Duration.ofMillis(10));
            }
            catch (final RuntimeException ex)
            {
                blockingCall.set(ex);
            }
        });
        channel.port1().postMessage("hello");
        context.execute(tasks::incrementAndGet);
        Thread.sleep(200);
        assertNull(ranOn.get(), "no listener runs while nobody drives the loop");
        assertEquals(0, tasks.get(), "no task runs while nobody drives the loop");

        drive(invoker, () -> ranOn.get() != null && tasks.get() == 1);
        assertSame(Thread.currentThread(), ranOn.get());
        assertInstanceOf(IllegalStateException.class, blockingCall.get(),
            "a blocking receive on the thread that drives the loop would never return");
    }

    @Test
    void aContextPrintsEachSettingWithItsValueAndWhereItCameFrom()
    {
        final Context context = contexts.open("printed", builder -> builder.maxBufferedAmount(1 << 20));
        final String printed = context.settings().toString();
        assertTrue(printed.contains(Configuration.MAX_BUFFERED_AMOUNT_PROP_NAME + " = 1048576 (builder)"), printed);
        assertTrue(printed.contains(Configuration.LIVENESS_INTERVAL_PROP_NAME + " = 200 (default)"), printed);
        for (final Settings.Entry entry : context.settings().entries())
        {
            assertTrue(printed.contains(entry.name() + " = " + entry.value()), printed);
        }
    }

    private static void drive(final AgentInvoker invoker, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + Await.LONG.toNanos();
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "the invoked loop never delivered");
            invoker.invoke();
        }
    }
}
