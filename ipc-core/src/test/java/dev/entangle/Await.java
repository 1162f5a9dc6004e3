package dev.entangle;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting in tests: for a condition, or for the next item of a queue. The limits are generous so a slow, shared
 * machine never fails a test; tests assert what happens, never how fast.
 */
final class Await
{
    static final Duration LONG = Duration.ofSeconds(30);

    private Await()
    {
    }

    static void until(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            sleep(2);
        }
    }

    static <T> T next(final BlockingQueue<T> queue)
    {
        try
        {
            final T item = queue.poll(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(item, "timed out waiting for the next item");
            return item;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /**
     * Lets time pass where a test asserts that something does <em>not</em> happen.
     */
    static void quietPeriod(final long millis)
    {
        sleep(millis);
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
