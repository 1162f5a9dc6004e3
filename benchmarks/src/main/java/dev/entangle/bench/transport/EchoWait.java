package dev.entangle.bench.transport;

/**
 * Spinning for the echo peer with a way out. A benchmark thread that waits for an echo that never comes (the peer
 * JVM crashed, or was killed) would spin forever and hang the whole run; every so many looks this asks whether the
 * peer still lives and whether the thread was interrupted (JMH interrupts a benchmark that outlasts its timeout),
 * and ends the wait with an exception when either says so. Between those asks a look costs one increment more.
 */
final class EchoWait
{
    /** About a millisecond of spinning on this machine: a dead peer is noticed at once, a live one never slowed. */
    private static final int LOOKS_PER_ASK = 1 << 16;

    private EchoWait()
    {
    }

    /**
     * One turn of a spin loop that waits for {@code echo}.
     *
     * @param looks how many turns the loop has made so far, 0 at first.
     * @param echo  the peer whose answer is awaited; null on the echo peer's own side, which then just spins (it
     *              ends with the benchmark's side anyway).
     * @return the count of turns to pass to the next call.
     * @throws IllegalStateException when the peer's process has ended or this thread was interrupted.
     */
    static int spin(final int looks, final EchoProcess echo)
    {
        Thread.onSpinWait();
        final int next = looks + 1;
        if ((next & (LOOKS_PER_ASK - 1)) == 0)
        {
            ask(echo);
        }
        return next;
    }

    private static void ask(final EchoProcess echo)
    {
        if (echo == null)
        {
            return;
        }
        if (Thread.currentThread().isInterrupted())
        {
            throw new IllegalStateException("interrupted while waiting for the echo peer");
        }
        final ProcessHandle peer = echo.handle();
        if (!peer.isAlive())
        {
            throw new IllegalStateException("the echo peer's JVM (pid " + peer.pid() + ") ended while this side " +
                "waited for its answer");
        }
    }
}
