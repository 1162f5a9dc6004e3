package dev.entangle.internal.loop;

import dev.entangle.internal.handshake.Doorbell;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event loop's duty cycle, driven one cycle at a time by an {@link AgentInvoker} on the test thread: tasks in
 * order and bounded per cycle, only the sources that were rung or woken are polled, a busy source is polled again,
 * failures go to the client and the loop goes on, and closing runs the client's close and then what was queued.
 */
@Timeout(60)
class EventLoopTest
{
    /** Long enough that the upkeep never runs unless a test asks for it. */
    private static final long NO_UPKEEP = TimeUnit.HOURS.toNanos(1);

    @TempDir
    Path dir;

    private final Client client = new Client();
    private final List<Throwable> invokerErrors = new CopyOnWriteArrayList<>();
    private Doorbell bell;
    private EventLoop loop;
    private AgentInvoker invoker;

    @BeforeEach
    void create()
    {
        bell = Doorbell.create(dir.resolve("bell"), 1, 2);
        start(new EventLoop("test-loop", bell, false, NO_UPKEEP, client));
    }

    @AfterEach
    void close()
    {
        invoker.close();
        bell.close();
    }

    @Test
    void tasksRunInOrderAndAtMostTheLimitPerCycle()
    {
        final int count = 1000;
        final List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final int task = i;
            loop.execute(() -> ran.add(task));
        }

        final int work = invoker.invoke();
        final int limit = ran.size();
        assertTrue(limit > 0 && limit < count, "one cycle ran " + limit + " of " + count + " tasks");
        assertEquals(limit, work, "the cycle reports the tasks it ran");
        while (ran.size() < count)
        {
            final int before = ran.size();
            invoker.invoke();
            assertEquals(Math.min(limit, count - before), ran.size() - before, "a later cycle");
        }
        assertEquals(IntStream.range(0, count).boxed().toList(), ran);
        assertEquals(0, invoker.invoke(), "nothing left to do");
    }

    @Test
    void aTaskQueuedByATaskRunsInALaterCycleOrTheSameButAfterIt()
    {
        final List<String> ran = new ArrayList<>();
        loop.execute(() ->
        {
            ran.add("first");
            loop.execute(() -> ran.add("queued by first"));
        });
        loop.execute(() -> ran.add("second"));
        invoker.invoke();
        invoker.invoke();

        assertEquals(List.of("first", "second", "queued by first"), ran);
    }

    @Test
    void onlyTheSourceWhoseSlotWasRungIsPolled()
    {
        final Source a = new Source(10);
        final Source b = new Source(10);
        final int slotA = loop.addSource(a);
        final int slotB = loop.addSource(b);
        assertNotEquals(slotA, slotB);
        invoker.invoke();
        assertEquals(0, a.polls + b.polls, "nothing rung, nothing polled");

        bell.ring(slotB);
        invoker.invoke();
        assertEquals(0, a.polls);
        assertEquals(1, b.polls);

        invoker.invoke();
        assertEquals(1, b.polls, "a ring is taken once");

        bell.ring(slotA);
        bell.ring(slotB);
        invoker.invoke();
        assertEquals(1, a.polls);
        assertEquals(2, b.polls);
    }

    @Test
    void aRingOfTheOverflowFlagPollsEverySource()
    {
        final Source a = new Source(10);
        final Source b = new Source(10);
        loop.addSource(a);
        loop.addSource(b);

        bell.ring(Doorbell.NO_SLOT);
        invoker.invoke();

        assertEquals(1, a.polls);
        assertEquals(1, b.polls);
    }

    @Test
    void aRemovedSourceIsNotPolledAndItsSlotIsGivenOutAgain()
    {
        final Source a = new Source(10);
        final int slot = loop.addSource(a);
        loop.removeSource(a, slot);
        bell.ring(slot);
        invoker.invoke();
        assertEquals(0, a.polls);
        assertEquals(0, loop.sources().length);

        final Source b = new Source(10);
        assertEquals(slot, loop.addSource(b));
        bell.ring(slot);
        invoker.invoke();
        assertEquals(1, b.polls);
    }

    @Test
    void aWokenSourceIsPolledWithoutARing()
    {
        final Source a = new Source(10);
        final Source b = new Source(10);
        loop.addSource(a);
        loop.addSource(b);

        loop.wake(a);
        invoker.invoke();
        assertEquals(1, a.polls);
        assertEquals(0, b.polls);

        invoker.invoke();
        assertEquals(1, a.polls, "woken once, polled once");
    }

    @Test
    void aSourceThatReturnsItsPollLimitIsPolledAgainNextCycle()
    {
        final Source busy = new Source(4);
        busy.results = new int[]{ 4, 7, 4, 3 };
        loop.addSource(busy);
        loop.wake(busy);

        for (int cycle = 1; cycle <= 4; cycle++)
        {
            invoker.invoke();
            assertEquals(cycle, busy.polls, "cycle " + cycle);
        }
        invoker.invoke();
        invoker.invoke();
        assertEquals(4, busy.polls, "it returned less than its limit: not polled again until rung or woken");
    }

    @Test
    void aThrowingSourceGoesToTheClientAndTheLoopGoesOn()
    {
        final Source failing = new Source(10);
        failing.failure = new IllegalStateException("source fails");
        final Source fine = new Source(10);
        loop.addSource(failing);
        final int fineSlot = loop.addSource(fine);
        final List<String> ran = new ArrayList<>();

        loop.wake(failing);
        bell.ring(fineSlot);
        loop.execute(() -> ran.add("task"));
        invoker.invoke();

        assertEquals(1, client.sourceFailures.size());
        assertSame(failing, client.sourceFailures.get(0).source);
        assertSame(failing.failure, client.sourceFailures.get(0).error);
        assertEquals(1, fine.polls, "the other source was polled in the same cycle");
        assertEquals(List.of("task"), ran);
        assertTrue(invoker.isRunning());

        loop.wake(failing);
        invoker.invoke();
        assertEquals(2, client.sourceFailures.size(), "polled again when woken again");
        assertTrue(invokerErrors.isEmpty(), "nothing reached the invoker: " + invokerErrors);
    }

    @Test
    void aThrowingTaskGoesToTheClientAndTheNextTasksStillRun()
    {
        final List<String> ran = new ArrayList<>();
        final RuntimeException failure = new IllegalArgumentException("task fails");
        loop.execute(() -> ran.add("before"));
        loop.execute(() ->
        {
            throw failure;
        });
        loop.execute(() -> ran.add("after"));
        invoker.invoke();

        assertEquals(List.of("before", "after"), ran);
        assertEquals(List.of(failure), client.taskFailures);
        assertTrue(invoker.isRunning());
        assertTrue(invokerErrors.isEmpty(), "nothing reached the invoker: " + invokerErrors);
    }

    @Test
    void theUpkeepRunsEachIntervalAndItsFailureGoesToTheClient()
    {
        invoker.close();
        start(new EventLoop("test-loop", bell, false, 0, client));
        client.upkeepFailure = new IllegalStateException("upkeep fails");

        // An idle loop reads the clock, and so learns that the upkeep is due, once in CLOCK_CYCLES cycles.
        for (int i = 0; i < 2 * EventLoop.CLOCK_CYCLES; i++)
        {
            invoker.invoke();
        }

        assertEquals(2, client.upkeeps);
        assertEquals(List.of(client.upkeepFailure, client.upkeepFailure), client.taskFailures);
        assertTrue(invoker.isRunning());
    }

    @Test
    void withoutADoorbellEverySourceIsPolledEveryCycle()
    {
        final Source a = new Source(10);
        final Source b = new Source(10);
        loop.addSource(a);
        loop.addSource(b);
        invoker.invoke();
        assertEquals(0, a.polls, "with the doorbell, an idle source is not polled");

        loop.replaceDoorbell(null);
        invoker.invoke();
        invoker.invoke();

        assertEquals(2, a.polls);
        assertEquals(2, b.polls);
    }

    @Test
    void aLoopToldToPollEverySourceNeverNeedsARing()
    {
        invoker.close();
        start(new EventLoop("test-loop", null, true, NO_UPKEEP, client));
        final Source a = new Source(10);
        loop.addSource(a);
        loop.wake(a);

        invoker.invoke();
        invoker.invoke();

        assertEquals(3, a.polls, "each cycle, plus once for the wake");
    }

    @Test
    void aReplacementDoorbellIsTheOneRead()
    {
        final Source a = new Source(10);
        final int slot = loop.addSource(a);
        final Doorbell replacement = Doorbell.create(dir.resolve("replacement"), 1, 2);
        try
        {
            loop.replaceDoorbell(replacement);
            bell.ring(slot);
            invoker.invoke();
            assertEquals(0, a.polls, "the old doorbell is no longer read");

            replacement.ring(slot);
            invoker.invoke();
            assertEquals(1, a.polls);
        }
        finally
        {
            invoker.close();
            replacement.close();
        }
    }

    @Test
    void theLoopThreadIsTheThreadThatDrivesIt() throws InterruptedException
    {
        assertTrue(loop.onLoopThread(), "the invoker was started on this thread");
        final AtomicBoolean elsewhere = new AtomicBoolean(true);
        final Thread other = new Thread(() -> elsewhere.set(loop.onLoopThread()));
        other.start();
        other.join();
        assertFalse(elsewhere.get(), "another thread is not the loop thread");

        final AtomicBoolean inTask = new AtomicBoolean();
        loop.execute(() -> inTask.set(loop.onLoopThread()));
        invoker.invoke();
        assertTrue(inTask.get());
    }

    @Test
    void closeRunsTheClientsCloseThenTheTasksLeft()
    {
        final List<String> order = client.order;
        loop.execute(() -> order.add("task queued before the close"));
        client.onCloseAction = () -> loop.execute(() -> order.add("task queued by the client's close"));

        invoker.close();

        assertEquals(List.of("onClose", "task queued before the close", "task queued by the client's close"), order);
        assertTrue(invoker.isClosed());
    }

    @Test
    void aCloseThatThrowsStillRunsTheTasksLeft()
    {
        final RuntimeException failure = new IllegalStateException("close fails");
        client.onCloseAction = () ->
        {
            throw failure;
        };
        loop.execute(() -> client.order.add("task"));

        invoker.close();

        assertEquals(List.of("onClose", "task"), client.order);
        assertEquals(List.of(failure), client.taskFailures);
    }

    @Test
    void requestCloseStopsTheLoopAfterTheCurrentCycle()
    {
        loop.execute(() -> client.order.add("task"));
        loop.requestClose();

        invoker.invoke();

        assertTrue(invoker.isClosed());
        assertEquals(List.of("task", "onClose"), client.order);
        final int before = client.order.size();
        invoker.invoke();
        assertEquals(before, client.order.size(), "a closed loop runs no more cycles");
    }

    private void start(final EventLoop newLoop)
    {
        loop = newLoop;
        invoker = new AgentInvoker(invokerErrors::add, null, loop);
        invoker.start();
    }

    /**
     * A source that counts its polls and answers as told.
     */
    private static final class Source implements LoopSource
    {
        private final int limit;
        int polls;
        int[] results = new int[0];
        RuntimeException failure;

        Source(final int limit)
        {
            this.limit = limit;
        }

        @Override
        public int poll()
        {
            polls++;
            if (failure != null)
            {
                throw failure;
            }
            return polls <= results.length ? results[polls - 1] : 0;
        }

        @Override
        public int pollLimit()
        {
            return limit;
        }
    }

    private record SourceFailure(LoopSource source, Throwable error)
    {
    }

    /**
     * A client that records what the loop tells it.
     */
    private static final class Client implements LoopClient
    {
        final List<SourceFailure> sourceFailures = new ArrayList<>();
        final List<Throwable> taskFailures = new ArrayList<>();
        final List<String> order = new ArrayList<>();
        RuntimeException upkeepFailure;
        Runnable onCloseAction = () -> { };
        int upkeeps;

        @Override
        public int upkeep(final long nowNanos)
        {
            upkeeps++;
            if (upkeepFailure != null)
            {
                throw upkeepFailure;
            }
            return 0;
        }

        @Override
        public void onSourceFailure(final LoopSource source, final Throwable error)
        {
            sourceFailures.add(new SourceFailure(source, error));
        }

        @Override
        public void onTaskFailure(final Throwable error)
        {
            taskFailures.add(error);
        }

        @Override
        public void onClose()
        {
            order.add("onClose");
            onCloseAction.run();
        }
    }
}
