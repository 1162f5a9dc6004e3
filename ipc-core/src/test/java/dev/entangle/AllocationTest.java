package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In steady state a message that carries nothing transferred allocates only what the receiver is handed: its data
 * and its event (and, with {@code receiveMessage}, the {@code Optional}). Posting allocates nothing. Counted with the
 * JVM's per-thread allocation counter, on one thread that posts and then takes each message.
 */
@Timeout(120)
class AllocationTest
{
    private static final int ROUND_TRIPS = 100_000;

    @TempDir
    Path dir;

    @Test
    void postingAllocatesNothingAndReceivingOnlyTheEventAndItsData()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        try (Contexts contexts = new Contexts(dir))
        {
            final Context context = contexts.open("alloc");
            final MessageChannel channel = new MessageChannel(context);
            final byte[] payload = new byte[64];
            long posting = 0;
            long total = 0;
            for (int round = 0; round < 3; round++)
            {
                posting = 0;
                final long start = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < ROUND_TRIPS; i++)
                {
                    final long before = threads.getThreadAllocatedBytes(thread);
                    channel.port1().postMessage(payload);
                    posting += threads.getThreadAllocatedBytes(thread) - before;
                    Optional<MessageEvent> event;
                    do
                    {
                        event = channel.port2().receiveMessage();
                    }
                    while (event.isEmpty());
                }
                total = threads.getThreadAllocatedBytes(thread) - start;
            }
            // A byte[64] is 80 bytes, an event 32 and an Optional 16 with compressed references; room for 32 more.
            final double perMessage = (double)total / ROUND_TRIPS;
            assertTrue(posting < ROUND_TRIPS, "posting allocated " + posting + " bytes in " + ROUND_TRIPS + " posts");
            assertTrue(perMessage <= 160, "a 64-byte message allocated " + perMessage + " bytes");
        }
    }
}
