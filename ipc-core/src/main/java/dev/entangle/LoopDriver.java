package dev.entangle;

import dev.entangle.internal.loop.EventLoop;
import dev.entangle.internal.loop.LoopRunner;
import dev.entangle.internal.loop.RestingIdleStrategy;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.ThreadFactory;

/**
 * What drives a context's event loop: a thread of its own (a daemon by default, or one from the builder's
 * factory), or, in invoker mode, whichever thread the application lends it through {@link Context#invoker()}.
 */
final class LoopDriver
{
    private final EventLoop loop;
    private final LoopRunner runner;
    private final AgentInvoker invoker;

    private LoopDriver(final EventLoop loop, final LoopRunner runner, final AgentInvoker invoker)
    {
        this.loop = loop;
        this.runner = runner;
        this.invoker = invoker;
    }

    /**
     * Starts driving the loop.
     *
     * @param onError       hears what escapes the loop's own handlers.
     * @param useInvoker    true for invoker mode.
     * @param idle          the idle strategy of the loop's thread, or null for a backoff.
     * @param threadFactory makes the loop's thread, or null for a daemon thread named after the loop.
     */
    static LoopDriver start(final EventLoop loop, final ErrorHandler onError, final boolean useInvoker,
        final IdleStrategy idle, final ThreadFactory threadFactory)
    {
        if (useInvoker)
        {
            final AgentInvoker invoker = new AgentInvoker(onError, null, loop);
            invoker.start();
            return new LoopDriver(loop, null, invoker);
        }
        return new LoopDriver(loop, LoopRunner.start(loop,
            new RestingIdleStrategy(idle != null ? idle : new BackoffIdleStrategy(), loop), onError,
            threadFactory != null ? threadFactory : runnable ->
            {
                final Thread thread = new Thread(runnable, loop.roleName());
                thread.setDaemon(true);
                return thread;
            }), null);
    }

    /**
     * @return the loop's own thread, or null in invoker mode (any thread may drive it).
     */
    Thread thread()
    {
        return runner == null ? null : runner.thread();
    }

    AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * Stops the loop: at once from another thread (waiting for it to finish closing), or, called on the loop's own
     * thread, once the current cycle ends.
     */
    void close()
    {
        if (invoker != null)
        {
            synchronized (invoker)
            {
                invoker.close();
            }
        }
        else if (loop.onLoopThread())
        {
            loop.requestClose();
        }
        else
        {
            // Said to the loop first: a cycle that used up the runner's unpark must not go on to rest.
            loop.requestClose();
            runner.close();
        }
    }
}
