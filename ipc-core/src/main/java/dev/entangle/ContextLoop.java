package dev.entangle;

import dev.entangle.transport.SharedQueue;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The event loop of one context. Each duty cycle runs queued tasks, reads the inbox, and reads the ports that have
 * something to read: those whose bit in the context's {@link Doorbell} was rung, and those woken here (just started,
 * or left with more to read by the last cycle). Every liveness interval it checks that the peers of its ports still
 * live. With the doorbell switched off it reads every port every cycle instead.
 */
final class ContextLoop implements Agent
{
    private static final int TASK_LIMIT = 256;
    private static final PortState[] NO_PORTS = new PortState[0];
    /** How often an idle loop touches the pages ahead of this JVM's appenders; more often would contend with them. */
    private static final long TOUCH_INTERVAL_NS = 100_000;

    private final Context context;
    private final Inbox inbox;
    private final Doorbell doorbell;
    private final boolean pollEveryPort;
    private final long livenessIntervalNs;
    private final ManyToOneConcurrentLinkedQueue<Runnable> tasks = new ManyToOneConcurrentLinkedQueue<>();
    private final ManyToOneConcurrentLinkedQueue<PortState> woken = new ManyToOneConcurrentLinkedQueue<>();
    private final ArrayDeque<PortState> unfinished = new ArrayDeque<>();
    private final PortState[] bySlot = new PortState[Doorbell.SLOTS];
    private final BitSet usedSlots = new BitSet(Doorbell.SLOTS);
    private volatile PortState[] ports = NO_PORTS;
    private volatile Thread thread;
    private volatile boolean closeRequested;
    private long nextLivenessCheckNs;
    private long lastSequence;
    private long nextTouchNs;

    ContextLoop(final Context context, final Inbox inbox, final Doorbell doorbell, final long livenessIntervalNs)
    {
        this.context = context;
        this.inbox = inbox;
        this.doorbell = doorbell;
        this.pollEveryPort = !Configuration.doorbellEnabled();
        this.livenessIntervalNs = livenessIntervalNs;
    }

    @Override
    public void onStart()
    {
        thread = Thread.currentThread();
        nextLivenessCheckNs = System.nanoTime();
    }

    @Override
    public int doWork()
    {
        int work = runTasks();
        work += inbox.poll();
        work += pollEveryPort ? pollAll() : pollRungAndWoken();
        final long now = System.nanoTime();
        if (work == 0 && now - nextTouchNs >= 0)
        {
            nextTouchNs = now + TOUCH_INTERVAL_NS;
            SharedQueue.touchAhead();
        }
        if (now - nextLivenessCheckNs >= 0)
        {
            nextLivenessCheckNs = now + livenessIntervalNs;
            context.heartbeat();
            for (final PortState port : this.ports)
            {
                port.checkPeer();
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
        context.closeOnLoop(ports);
        // Tasks queued before the close still run; they see closed ports.
        runTasks();
    }

    @Override
    public String roleName()
    {
        return "entangle-" + context.name();
    }

    boolean onLoopThread()
    {
        return Thread.currentThread() == thread;
    }

    void requestClose()
    {
        closeRequested = true;
    }

    void execute(final Runnable task)
    {
        tasks.offer(task);
    }

    /**
     * Makes the loop read the port on its next cycle, rung or not.
     */
    void wake(final PortState port)
    {
        woken.offer(port);
    }

    /**
     * Adds a port and gives it a doorbell slot.
     *
     * @return the slot, or {@link Doorbell#NO_SLOT} when all are taken.
     */
    synchronized int addPort(final PortState port)
    {
        final PortState[] current = ports;
        final PortState[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = port;
        ports = next;
        final int slot = usedSlots.nextClearBit(0);
        if (slot >= Doorbell.SLOTS)
        {
            return Doorbell.NO_SLOT;
        }
        usedSlots.set(slot);
        bySlot[slot] = port;
        return slot;
    }

    synchronized void removePort(final PortState port, final int slot)
    {
        if (slot >= 0 && bySlot[slot] == port)
        {
            bySlot[slot] = null;
            usedSlots.clear(slot);
        }
        final PortState[] current = ports;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == port)
            {
                final PortState[] next = new PortState[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                ports = next;
                return;
            }
        }
    }

    private int pollAll()
    {
        int work = 0;
        for (final PortState port : ports)
        {
            work += port.poll();
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
        PortState port;
        while ((port = woken.poll()) != null)
        {
            work += poll(port);
        }
        final long sequence = doorbell.sequence();
        if (sequence != lastSequence)
        {
            lastSequence = sequence;
            work += pollRung();
        }
        return work;
    }

    private int pollRung()
    {
        int work = 0;
        for (int s = 0; s < Doorbell.SUMMARY_WORDS; s++)
        {
            long summary = doorbell.takeSummary(s);
            while (summary != 0)
            {
                final int word = s * 64 + Long.numberOfTrailingZeros(summary);
                summary &= summary - 1;
                long bits = doorbell.takeWord(word);
                while (bits != 0)
                {
                    final PortState port = bySlot[word * 64 + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                    if (port != null)
                    {
                        work += poll(port);
                    }
                }
            }
        }
        if (doorbell.takeOverflow())
        {
            for (final PortState port : ports)
            {
                if (port.slot() == Doorbell.NO_SLOT)
                {
                    work += poll(port);
                }
            }
        }
        return work;
    }

    private int poll(final PortState port)
    {
        final int work = port.poll();
        if (port.hasMoreToRead(work))
        {
            unfinished.add(port);
        }
        return work;
    }

    private int runTasks()
    {
        int count = 0;
        Runnable task;
        while (count < TASK_LIMIT && (task = tasks.poll()) != null)
        {
            context.invoke(task);
            count++;
        }
        return count;
    }
}
