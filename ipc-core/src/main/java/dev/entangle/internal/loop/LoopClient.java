package dev.entangle.internal.loop;

/**
 * The context behind an {@link EventLoop}: its periodic work, what to do when a source or task fails, and its
 * close.
 */
public interface LoopClient
{
    /**
     * Periodic work, on the loop thread, every upkeep interval.
     *
     * @param nowNanos the time now.
     * @return how much work was done.
     */
    int upkeep(long nowNanos);

    /**
     * A source threw; the loop goes on without it until it is polled again.
     *
     * @param source the source.
     * @param error  what it threw.
     */
    void onSourceFailure(LoopSource source, Throwable error);

    /**
     * A task, or the upkeep, threw.
     *
     * @param error what it threw.
     */
    void onTaskFailure(Throwable error);

    /**
     * The loop is stopping: close everything, on the loop thread.
     */
    void onClose();
}
