package dev.entangle.internal.lane;

import dev.entangle.internal.process.ProcessLiveness;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.entangle.internal.lane.LaneDescriptor.LOCK_OFFSET;
import static dev.entangle.internal.lane.LaneDescriptor.LOCK_PID_OFFSET;
import static dev.entangle.internal.lane.LaneDescriptor.LOCK_SINCE_OFFSET;
import static dev.entangle.internal.lane.LaneDescriptor.LOCK_START_OFFSET;

/**
 * The lock in a lane's control block that writers in several processes take around each append to a shared lane (a
 * context's inbox, a broadcast channel). A word holds the holder's random token; beside it the holder says who it
 * is, so that a lock whose holder died is taken over instead of blocking every writer for ever.
 */
final class LaneLock
{
    private static final long STALE_LOCK_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ABANDONED_LOCK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final UnsafeBuffer buffer;
    private final int offset;
    private final long token;

    LaneLock(final UnsafeBuffer controlBuffer, final int controlOffset)
    {
        this.buffer = controlBuffer;
        this.offset = controlOffset;
        long random;
        do
        {
            random = ThreadLocalRandom.current().nextLong();
        }
        while (random == 0);
        this.token = random;
    }

    void lock()
    {
        final int lockAt = offset + LOCK_OFFSET;
        long observed = 0;
        long observedSince = 0;
        int attempts = 0;
        while (!buffer.compareAndSetLong(lockAt, 0, token))
        {
            final long holder = buffer.getLongVolatile(lockAt);
            if (holder == 0)
            {
                continue;
            }
            final long now = System.nanoTime();
            if (holder != observed)
            {
                observed = holder;
                observedSince = now;
            }
            else if (now - observedSince > STALE_LOCK_CHECK_NANOS && isAbandoned(now - observedSince) &&
                buffer.compareAndSetLong(lockAt, holder, token))
            {
                break;
            }
            backOff(++attempts);
        }
        buffer.putLong(offset + LOCK_PID_OFFSET, ProcessLiveness.SELF_PID);
        buffer.putLong(offset + LOCK_START_OFFSET, ProcessLiveness.SELF_START);
        buffer.putLongRelease(offset + LOCK_SINCE_OFFSET, System.currentTimeMillis());
    }

    void unlock()
    {
        buffer.putLong(offset + LOCK_PID_OFFSET, 0);
        buffer.compareAndSetLong(offset + LOCK_OFFSET, token, 0);
    }

    private boolean isAbandoned(final long heldNanos)
    {
        final long pid = buffer.getLongVolatile(offset + LOCK_PID_OFFSET);
        final long start = buffer.getLongVolatile(offset + LOCK_START_OFFSET);
        if (pid == 0)
        {
            // The holder died between taking the lock and saying who it is, or is slow to say it.
            return heldNanos > ABANDONED_LOCK_NANOS;
        }
        return !ProcessLiveness.isAlive(pid, start);
    }

    private static void backOff(final int attempts)
    {
        if (attempts < 100)
        {
            Thread.onSpinWait();
        }
        else if (attempts < 200)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(50_000);
        }
    }
}
