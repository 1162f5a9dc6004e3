package dev.entangle.soak;

import dev.entangle.MessagePort;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes numbered messages on a port at full speed, on the event loop: a batch per task, then the next batch as a
 * new task so that the loop serves everything else in between. A refused {@code offerMessage} parks the writer until
 * {@code onBufferedAmountLow} says the reader caught up, so a writer whose reader is slow or never reads is held
 * at the limit and never fills memory. Used on the event loop only.
 */
final class Writer
{
    private static final int BATCH = 64;
    /**
     * A writer still parked this long after its watch first saw the backlog at or below the threshold missed its low
     * event. Counted from that first sight, not from the park: a slow reader takes seconds to drain the backlog, and
     * a watch that runs just as it falls would otherwise count an event that is on its way.
     */
    private static final long MISSED_LOW_NANOS = TimeUnit.SECONDS.toNanos(2);

    final String stream;
    final MessagePort port;
    final int hop;
    private final Participant self;
    private final Consumer<Writer> onClosed;
    private final byte[] payload = new byte[Numbered.SIZE];
    private long next;
    private boolean scheduled;
    private boolean parked;
    private long parkedSince;
    /** When a watch first saw the backlog of the parked writer at or below the threshold; 0 when none did. */
    private long lowSeenSince;
    private boolean gone;
    /** Whether this process posted on the port yet: an end may arrive with a backlog at the limit. */
    private boolean postedHere;

    /**
     * @param self     the process.
     * @param stream   the stream's id.
     * @param port     the writer's end.
     * @param next     the number to write next.
     * @param hop      how many times the end moved.
     * @param onClosed called on the loop once the reader's end went away.
     */
    Writer(final Participant self, final String stream, final MessagePort port, final long next, final int hop,
        final Consumer<Writer> onClosed)
    {
        this.self = self;
        this.stream = stream;
        this.port = port;
        this.next = next;
        this.hop = hop;
        this.onClosed = onClosed;
    }

    void start()
    {
        port.bufferedAmountLowThreshold(self.lowThreshold());
        port.onBufferedAmountLow(() ->
        {
            parked = false;
            lowSeenSince = 0;
            kick();
        });
        port.onClose(() ->
        {
            gone = true;
            Participant.endClosed(stream, Report.WRITER_END, port);
            onClosed.accept(this);
        });
        kick();
    }

    /**
     * @return the number the next holder of this end writes next.
     */
    long next()
    {
        return next;
    }

    /**
     * Stops writing here: the end moved to another process, which goes on from {@link #next()}.
     */
    void detach()
    {
        gone = true;
    }

    /**
     * Resumes a writer that waited for a low event longer than it should have, and counts it.
     */
    void watch(final long nowNanos)
    {
        if (!parked || gone)
        {
            lowSeenSince = 0;
            return;
        }
        final long buffered = port.bufferedAmount();
        if (buffered > port.bufferedAmountLowThreshold())
        {
            lowSeenSince = 0;
        }
        else if (lowSeenSince == 0)
        {
            lowSeenSince = nowNanos;
        }
        else if (nowNanos - lowSeenSince > MISSED_LOW_NANOS)
        {
            self.missedLow.incrementAndGet();
            Report.missedLow(stream, hop, buffered, (nowNanos - parkedSince) / 1_000_000, postedHere);
            parked = false;
            lowSeenSince = 0;
            kick();
        }
    }

    private void kick()
    {
        if (!scheduled && !gone)
        {
            scheduled = true;
            try
            {
                self.context().execute(this::pump);
            }
            catch (final IllegalStateException closed)
            {
                // The context closed: this process is ending.
                gone = true;
            }
        }
    }

    private void pump()
    {
        scheduled = false;
        if (gone || parked)
        {
            return;
        }
        for (int i = 0; i < BATCH; i++)
        {
            Numbered.fill(payload, next);
            if (!port.offerMessage(payload))
            {
                parked = true;
                parkedSince = System.nanoTime();
                self.refused.incrementAndGet();
                self.buffered(port.bufferedAmount());
                return;
            }
            next++;
            postedHere = true;
            self.sent.incrementAndGet();
        }
        self.buffered(port.bufferedAmount());
        kick();
    }
}
