package dev.entangle.cli;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting in tests, for a condition. The limit is generous so a slow, shared machine never fails a test: tests
 * assert what happens, never how fast.
 */
final class Await
{
    private static final long LIMIT_NANOS = 60_000_000_000L;

    private Await()
    {
    }

    static void until(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}
