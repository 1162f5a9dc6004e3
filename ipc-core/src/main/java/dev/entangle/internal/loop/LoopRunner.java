package dev.entangle.internal.loop;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent on a thread of its own until closed, and never lets that thread die of an error. Agrona's runner
 * rethrows every {@link Error} after reporting it; but a read of a mapped file that another process truncated raises
 * {@link InternalError}, in compiled code a little after the access and so possibly outside the agent's own
 * handlers (in the idle strategy, between cycles). Here everything is reported and the loop goes on; only the agent
 * asking to stop ({@link AgentTerminationException}) or {@link #close()} ends it.
 */
public final class LoopRunner implements AutoCloseable
{
    private final Agent agent;
    private final IdleStrategy idle;
    private final ErrorHandler errorHandler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean done;

    private LoopRunner(final Agent agent, final IdleStrategy idle, final ErrorHandler errorHandler,
        final ThreadFactory threads)
    {
        this.agent = agent;
        this.idle = idle;
        this.errorHandler = errorHandler;
        this.thread = threads.newThread(this::run);
    }

    /**
     * Starts an agent on a new thread.
     *
     * @param agent        the agent.
     * @param idle         how the thread waits when a cycle did nothing.
     * @param errorHandler receives everything the agent throws; must not throw.
     * @param threads      makes the thread.
     * @return the runner.
     */
    public static LoopRunner start(
        final Agent agent, final IdleStrategy idle, final ErrorHandler errorHandler, final ThreadFactory threads)
    {
        final LoopRunner runner = new LoopRunner(agent, idle, errorHandler, threads);
        runner.thread.start();
        return runner;
    }

    private void run()
    {
        try
        {
            agent.onStart();
        }
        catch (final Throwable ex)
        {
            report(ex);
        }
        while (running)
        {
            try
            {
                cycles();
            }
            catch (final Throwable late)
            {
                // The fault of a truncated mapping, in compiled code, is raised a little after the access that
                // caused it, and so may land outside the handler in cycles(): it must not end the thread either.
                report(late);
            }
        }
        try
        {
            agent.onClose();
        }
        catch (final Throwable ex)
        {
            report(ex);
        }
        finally
        {
            done = true;
        }
    }

    private void cycles()
    {
        while (running)
        {
            try
            {
                idle.idle(agent.doWork());
            }
            catch (final AgentTerminationException stop)
            {
                running = false;
            }
            catch (final Throwable ex)
            {
                report(ex);
            }
        }
    }

    private void report(final Throwable error)
    {
        try
        {
            errorHandler.onError(error);
        }
        catch (final Throwable ignore)
        {
            // The handler must not throw; the loop goes on regardless.
        }
    }

    /**
     * @return the runner's thread.
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * Stops the loop after its current cycle and waits for it (and the agent's {@code onClose}) to finish.
     * Called on the loop's own thread, it only asks.
     */
    @Override
    public void close()
    {
        running = false;
        if (Thread.currentThread() == thread)
        {
            return;
        }
        // An idle strategy that parks long (the runtime's agent) would otherwise make the close wait for it.
        java.util.concurrent.locks.LockSupport.unpark(thread);
        boolean interrupted = false;
        while (!done && thread.isAlive())
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
