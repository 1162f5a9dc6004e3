package dev.entangle.internal.loop;

import org.agrona.concurrent.IdleStrategy;

/**
 * The idle strategy of an event loop's thread: the context's own strategy while something listens, and a rest until
 * the next upkeep once a few cycles in a row found nothing to do and no source of the loop wants rings (see
 * {@link EventLoop#rest()}).
 */
public final class RestingIdleStrategy implements IdleStrategy
{
    /** Idle cycles in a row before the loop asks to rest: past the spinning and yielding of a back-off. */
    static final int IDLE_CYCLES_BEFORE_REST = 16;

    private final IdleStrategy delegate;
    private final EventLoop loop;
    private int idleCycles;

    /**
     * @param delegate how the loop waits while a source wants rings.
     * @param loop     the loop this thread runs.
     */
    public RestingIdleStrategy(final IdleStrategy delegate, final EventLoop loop)
    {
        this.delegate = delegate;
        this.loop = loop;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCycles = 0;
            delegate.idle(workCount);
            return;
        }
        if (idleCycles < IDLE_CYCLES_BEFORE_REST)
        {
            idleCycles++;
        }
        else if (loop.rest())
        {
            return;
        }
        delegate.idle(workCount);
    }

    @Override
    public void idle()
    {
        delegate.idle();
    }

    @Override
    public void reset()
    {
        idleCycles = 0;
        delegate.reset();
    }

    @Override
    public String alias()
    {
        return "resting-" + delegate.alias();
    }
}
