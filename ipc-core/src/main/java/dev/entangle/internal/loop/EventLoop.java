package dev.entangle.internal.loop;

import dev.entangle.internal.handshake.Doorbell;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/**
 * The event loop of one context. Each duty cycle runs queued tasks and polls the sources that have something to
 * read: those whose bit in the context's {@link Doorbell} was rung, and those woken here (just started, or left with
 * more to read by the last cycle). Every upkeep interval it calls the client's upkeep (liveness of peers, heartbeat,
 * giving back memory). Nothing a source, a task or the upkeep throws leaves the loop: each failure goes to the
 * client, which decides what to close.
 * <p>
 * Run by a thread of its own, a loop none of whose sources wants rings (no port started, none with a close or
 * low-water listener, no thread waiting in {@code receiveMessage(Duration)}, no inbox or broadcast channel that was
 * ever listened to) rests until its next upkeep instead of looking at the doorbell every millisecond or so: each of
 * those wakes takes a CPU from whatever else runs, which on a small machine is the threads that do the messaging. A
 * ring for a source nobody listens to stays in the doorbell until the next look; a source that begins to listen, a
 * task, a wake or a close end the rest at once ({@link #demandRose()}, {@link #execute}, {@link #wake},
 * {@link #requestClose()}).
 */
public final class EventLoop implements Agent
{
    /** One idle cycle in this many reads the clock (a power of two). */
    static final int CLOCK_CYCLES = 16;
    /** How many tasks one cycle runs at most, so that sources are not starved. */
    private static final int TASK_LIMIT = 256;

    private final String roleName;
    private final LoopClient client;
    private final long upkeepIntervalNanos;
    private final ManyToOneConcurrentLinkedQueue<Runnable> tasks = new ManyToOneConcurrentLinkedQueue<>();
    private final ManyToOneConcurrentLinkedQueue<LoopSource> woken = new ManyToOneConcurrentLinkedQueue<>();
    private final ArrayDeque<LoopSource> unfinished = new ArrayDeque<>();
    private final SourceTable table = new SourceTable();
    private final ToIntFunction<LoopSource> pollOne = this::poll;
    private volatile Doorbell doorbell;
    private volatile boolean pollEverySource;
    private volatile Thread thread;
    private volatile boolean closeRequested;
    private long nextUpkeepNanos;
    private long lastClockNanos = System.nanoTime();
    private int cycles;
    private long lastSequence;
    private boolean measuring;
    private final CycleTimes cycleTimes = new CycleTimes();
    private final WatchedSources watched = new WatchedSources();
    private final LoopRest rest = new LoopRest();
    private final BooleanSupplier nothingQueued = this::nothingQueued;

    /**
     * @param roleName            the loop thread's name.
     * @param doorbell            the context's doorbell.
     * @param pollEverySource     true to poll every source each cycle instead of the rung ones.
     * @param upkeepIntervalNanos how often the client's upkeep runs.
     * @param client              the context.
     */
    public EventLoop(
        final String roleName,
        final Doorbell doorbell,
        final boolean pollEverySource,
        final long upkeepIntervalNanos,
        final LoopClient client)
    {
        this.roleName = roleName;
        this.doorbell = doorbell;
        this.pollEverySource = pollEverySource;
        this.upkeepIntervalNanos = upkeepIntervalNanos;
        this.client = client;
        this.nextUpkeepNanos = System.nanoTime() + upkeepIntervalNanos;
    }

    @Override
    public void onStart()
    {
        thread = Thread.currentThread();
    }

    /**
     * @param on true to time the cycles that do work, for {@link #publishCycleStats}.
     */
    public void measureCycles(final boolean on)
    {
        measuring = on;
    }

    @Override
    public int doWork()
    {
        // In invoker mode whichever thread drives the loop is its thread. Written only when it changes: a volatile
        // store in every cycle would cost a fence in every cycle.
        final Thread current = Thread.currentThread();
        if (thread != current)
        {
            thread = current;
        }
        // Reading the clock costs about as much as the rest of an idle cycle, and a message that comes while the
        // loop reads it waits for the read to end: an idle cycle reads it once in CLOCK_CYCLES, a cycle that did
        // work after the work, and only one cycle in CLOCK_CYCLES is timed for the counters.
        final boolean sampled = (++cycles & (CLOCK_CYCLES - 1)) == 0;
        final boolean timed = measuring && sampled;
        final long start = timed ? System.nanoTime() : 0;
        int work = runTasks();
        work += pollEverySource ? pollAll() : watched.poll(this) + pollRungAndWoken();
        if (work == 0 && !sampled)
        {
            if (closeRequested)
            {
                throw new AgentTerminationException();
            }
            return 0;
        }
        final long now = System.nanoTime();
        lastClockNanos = now;
        watched.endCycle(now, this);
        if (measuring && work > 0)
        {
            cycleTimes.add(timed ? now - start : CycleTimes.NOT_TIMED);
        }
        if (now - nextUpkeepNanos >= 0)
        {
            nextUpkeepNanos = now + upkeepIntervalNanos;
            try
            {
                work += client.upkeep(now);
            }
            catch (final Throwable ex)
            {
                client.onTaskFailure(ex);
            }
        }
        if (closeRequested)
        {
            throw new AgentTerminationException();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        try
        {
            client.onClose();
        }
        catch (final Throwable ex)
        {
            client.onTaskFailure(ex);
        }
        // Tasks queued before the close still run; they see closed ports.
        runTasks();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    /**
     * Adds the cycles measured since the last call to the context's counters; call on the loop thread.
     *
     * @param stats the counters.
     */
    public void publishCycleStats(final dev.entangle.internal.stats.ContextStats stats)
    {
        cycleTimes.publish(stats);
    }

    /**
     * @return true on the thread that runs (or last ran) the loop.
     */
    public boolean onLoopThread()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * Asks the loop to stop after the current cycle.
     */
    public void requestClose()
    {
        closeRequested = true;
        rest.end();
    }

    /**
     * @param task run on the loop, after the tasks queued before it.
     */
    public void execute(final Runnable task)
    {
        tasks.offer(task);
        rest.end();
    }

    /**
     * Makes the loop poll the source on its next cycle, rung or not.
     *
     * @param source the source.
     */
    public void wake(final LoopSource source)
    {
        woken.offer(source);
        rest.end();
    }

    /**
     * A source began to want rings (see {@link LoopSource#wantsRings()}): the loop looks at its doorbell again every
     * cycle, until it finds that no source wants them any more. Call after the change.
     */
    public void demandRose()
    {
        rest.demandRose();
    }

    /**
     * Rests until the next upkeep, a task, a wake or a rise of demand, if no source wants rings. Called on the
     * loop's thread between cycles that found nothing to do.
     *
     * @return false when the loop may not rest now (the caller idles as usual).
     */
    public boolean rest()
    {
        // The clock read last is recent enough to pace the checks of demand: while a source wants rings, this is
        // called on every idle cycle, which must stay short.
        if (closeRequested || !rest.rest(lastClockNanos, nextUpkeepNanos, table.all(), nothingQueued, this))
        {
            return false;
        }
        // The cycle after a rest reads the clock: the upkeep may be due.
        cycles = CLOCK_CYCLES - 1;
        return true;
    }

    private boolean nothingQueued()
    {
        return tasks.isEmpty() && woken.isEmpty() && unfinished.isEmpty() && !closeRequested;
    }

    /**
     * Replaces a damaged doorbell, or switches to polling every source when there is none.
     *
     * @param replacement the new doorbell, or null.
     */
    public void replaceDoorbell(final Doorbell replacement)
    {
        doorbell = replacement;
        lastSequence = -1;
        if (replacement == null)
        {
            pollEverySource = true;
        }
    }

    /**
     * Adds a source and gives it a doorbell slot.
     *
     * @param source the source.
     * @return its slot, or {@link Doorbell#NO_SLOT} when all are taken (it then shares the overflow flag).
     */
    public int addSource(final LoopSource source)
    {
        final int slot = table.add(source);
        demandRose();
        return slot;
    }

    /**
     * @param source a source added before.
     * @param slot   its slot.
     */
    public void removeSource(final LoopSource source, final int slot)
    {
        watched.remove(source);
        table.remove(source, slot);
    }

    /**
     * @return the sources, for the upkeep to walk.
     */
    public LoopSource[] sources()
    {
        return table.all();
    }

    private int pollAll()
    {
        int work = 0;
        for (final LoopSource source : table.all())
        {
            work += poll(source);
        }
        LoopSource source;
        while ((source = woken.poll()) != null)
        {
            work += poll(source);
        }
        return work;
    }

    private int pollRungAndWoken()
    {
        int work = 0;
        for (int i = unfinished.size(); i > 0; i--)
        {
            work += poll(unfinished.poll());
        }
        LoopSource source;
        while ((source = woken.poll()) != null)
        {
            work += poll(source);
        }
        final Doorbell bell = doorbell;
        if (bell != null)
        {
            final long sequence = bell.sequence();
            if (sequence != lastSequence)
            {
                lastSequence = sequence;
                work += table.pollRung(bell, pollOne);
            }
        }
        return work;
    }

    private int poll(final LoopSource source)
    {
        final int work;
        try
        {
            work = source.poll();
        }
        catch (final Throwable ex)
        {
            client.onSourceFailure(source, ex);
            return 1;
        }
        if (work >= source.pollLimit() && !pollEverySource)
        {
            // Polling every source, the loop polls this one next cycle anyway.
            unfinished.add(source);
        }
        if (work > 0 && !pollEverySource)
        {
            watched.offer(source);
        }
        return work;
    }

    /**
     * Polls a watched source, as {@link #poll(LoopSource)} does a rung one.
     */
    int pollWatched(final LoopSource source)
    {
        try
        {
            return source.pollWatched();
        }
        catch (final Throwable ex)
        {
            client.onSourceFailure(source, ex);
            return 1;
        }
    }

    /**
     * Stops watching a source: clears its mark, then polls it once more for a writer that read the mark before.
     */
    int unwatch(final LoopSource source)
    {
        try
        {
            source.watchEveryCycle(false);
        }
        catch (final Throwable ex)
        {
            client.onSourceFailure(source, ex);
            return 1;
        }
        return poll(source);
    }

    private int runTasks()
    {
        int count = 0;
        Runnable task;
        while (count < TASK_LIMIT && (task = tasks.poll()) != null)
        {
            try
            {
                task.run();
            }
            catch (final Throwable ex)
            {
                client.onTaskFailure(ex);
            }
            count++;
        }
        return count;
    }
}
