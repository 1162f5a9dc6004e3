package dev.entangle.soak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatenciesTest
{
    @Test
    void quantilesToTheMillisecondAndTheExactMaximum()
    {
        final Latencies latencies = new Latencies();
        assertEquals(-1, latencies.quantileMillis(0.5));
        for (final long millis : new long[] {100, 200, 300, 400, 5_000})
        {
            latencies.record(millis * 1_000_000 + 500_000);
        }
        assertEquals(301, latencies.quantileMillis(0.5), 0.001);
        assertEquals(5_000.5, latencies.maxMillis(), 0.001);
        assertEquals(5_000.5, latencies.quantileMillis(1), 0.001);
        assertEquals(1, latencies.atLeast(1_000));
        assertEquals(5, latencies.count());
    }

    @Test
    void timesPastTheLastBucketKeepTheirMaximum()
    {
        final Latencies latencies = new Latencies();
        latencies.record(120_000_000_000L);
        assertEquals(120_000, latencies.maxMillis(), 0.001);
        assertEquals(1, latencies.atLeast(59_000));
    }
}
