package dev.entangle;

import dev.entangle.internal.runtime.DirectoryRuntime;

/**
 * How many listeners of a context keep its JVM alive, and whether the context holds the runtime's keep-alive
 * because of them. Once the context is closing nothing changes here: a context that kept the JVM alive lets go only
 * when its close has finished, so a JVM whose last listener closes its context never exits halfway through that
 * close.
 */
final class KeepAliveCount
{
    private final DirectoryRuntime runtime;
    private final boolean enabled;
    private int references;
    private boolean keepingAlive;
    private boolean finished;

    KeepAliveCount(final DirectoryRuntime runtime, final boolean enabled)
    {
        this.runtime = runtime;
        this.enabled = enabled;
    }

    /**
     * Counts a listener that keeps the JVM alive, or stops counting it.
     *
     * @param add     true for a new listener.
     * @param closing true once the context is closing.
     */
    synchronized void reference(final boolean add, final boolean closing)
    {
        references += add ? 1 : -1;
        if (closing || finished)
        {
            return;
        }
        final boolean shouldKeep = references > 0 && enabled;
        if (shouldKeep != keepingAlive)
        {
            keepingAlive = shouldKeep;
            runtime.keepAlive(shouldKeep);
        }
    }

    /**
     * The context's close has finished: the JVM may exit, as far as this context is concerned.
     */
    synchronized void letGo()
    {
        finished = true;
        if (keepingAlive)
        {
            keepingAlive = false;
            runtime.keepAlive(false);
        }
    }
}
