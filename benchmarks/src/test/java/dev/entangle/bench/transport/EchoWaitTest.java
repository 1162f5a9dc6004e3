package dev.entangle.bench.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The echo peer's own side, which has no peer process to watch, spins for as long as it has to: an Aeron link that
 * connects slowly (as it does on a busy machine) must not end its echo loop.
 */
class EchoWaitTest
{
    @Test
    void withoutAPeerToWatchTheWaitSpinsOnWhateverHappens()
    {
        Thread.currentThread().interrupt();
        try
        {
            int looks = 0;
            for (int i = 0; i < 1 << 20; i++)
            {
                looks = EchoWait.spin(looks, null);
            }
            assertEquals(1 << 20, looks);
        }
        finally
        {
            assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
        }
    }
}
