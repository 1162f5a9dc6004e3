package dev.entangle.soak;

/**
 * Kill-to-close times as a histogram of one-millisecond buckets, so that a soak of months keeps a fixed size. Not
 * thread-safe: the {@link Ledger} guards it.
 */
final class Latencies
{
    private static final int BUCKETS = 60_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long count;
    private long maxNanos = -1;

    void record(final long nanos)
    {
        counts[(int)Math.min(BUCKETS, Math.max(0, nanos) / 1_000_000)]++;
        count++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    long count()
    {
        return count;
    }

    /**
     * @return the longest time in milliseconds, or -1 when there is none.
     */
    double maxMillis()
    {
        return maxNanos < 0 ? -1 : maxNanos / 1e6;
    }

    /**
     * @param fraction 0.5 for the median.
     * @return the upper edge of the bucket that holds that quantile, in milliseconds, or -1 when there is none.
     */
    double quantileMillis(final double fraction)
    {
        if (count == 0)
        {
            return -1;
        }
        final long rank = Math.max(1, (long)Math.ceil(fraction * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.min(i + 1, maxMillis());
            }
        }
        return maxMillis();
    }

    /**
     * @param millis a time.
     * @return how many times were at least that long (to the millisecond).
     */
    long atLeast(final long millis)
    {
        long over = 0;
        for (int i = (int)Math.min(BUCKETS, millis); i < counts.length; i++)
        {
            over += counts[i];
        }
        return over;
    }
}
