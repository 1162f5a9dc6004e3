package dev.entangle;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.Arrays;

/**
 * The event loop of one context: each duty cycle runs queued tasks, reads the inbox and every started port, and
 * every liveness interval checks that the peers of its ports still live.
 */
final class ContextLoop implements Agent
{
    private static final int TASK_LIMIT = 256;
    private static final PortState[] NO_PORTS = new PortState[0];

    private final Context context;
    private final Inbox inbox;
    private final long livenessIntervalNs;
    private final ManyToOneConcurrentLinkedQueue<Runnable> tasks = new ManyToOneConcurrentLinkedQueue<>();
    private volatile PortState[] ports = NO_PORTS;
    private volatile Thread thread;
    private volatile boolean closeRequested;
    private long nextLivenessCheckNs;

    ContextLoop(final Context context, final Inbox inbox, final long livenessIntervalNs)
    {
        this.context = context;
        this.inbox = inbox;
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
        final PortState[] ports = this.ports;
        for (final PortState port : ports)
        {
            work += port.poll();
        }
        final long now = System.nanoTime();
        if (now - nextLivenessCheckNs >= 0)
        {
            nextLivenessCheckNs = now + livenessIntervalNs;
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

    synchronized void addPort(final PortState port)
    {
        final PortState[] current = ports;
        final PortState[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = port;
        ports = next;
    }

    synchronized void removePort(final PortState port)
    {
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
