package dev.entangle.soak;

import dev.entangle.MessageEvent;
import dev.entangle.MessagePort;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a stream's numbered messages and reports any out of order. A fast reader listens on the event loop; a slow
 * one takes each message with {@code receiveMessage(Duration)} on a thread of its own and sleeps after it.
 */
final class Reader
{
    private static final Duration WAIT = Duration.ofMillis(100);
    private static final long CLOSED_PAUSE_MILLIS = 10;

    final String stream;
    final MessagePort port;
    final int hop;
    private final Participant self;
    private final Consumer<Reader> onClosed;
    private volatile boolean gone;
    /** On the loop for a fast reader, on the reading thread for a slow one. */
    private long expected;

    /**
     * @param self     the process.
     * @param stream   the stream's id.
     * @param port     the reader's end.
     * @param expected the number the reader expects next.
     * @param hop      how many times the end moved.
     * @param onClosed called on the loop once the writer's end went away.
     */
    Reader(final Participant self, final String stream, final MessagePort port, final long expected, final int hop,
        final Consumer<Reader> onClosed)
    {
        this.self = self;
        this.stream = stream;
        this.port = port;
        this.expected = expected;
        this.hop = hop;
        this.onClosed = onClosed;
    }

    /**
     * Listens on the event loop, which starts the port.
     */
    void start()
    {
        onClose();
        port.onMessage(this::accept);
    }

    /**
     * Reads on a thread of its own, sleeping after each message: the writer is held back by the limit.
     *
     * @param delayMillis the sleep after each message.
     */
    void startSlow(final long delayMillis)
    {
        onClose();
        final Thread thread = new Thread(() -> readSlowly(delayMillis), "slow-reader-" + stream);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the number the next holder of this end expects.
     */
    long expected()
    {
        return expected;
    }

    /**
     * Stops reading here: the end moved to another process, which goes on from {@link #expected()}.
     */
    void detach()
    {
        gone = true;
    }

    private void onClose()
    {
        port.onClose(() ->
        {
            gone = true;
            Participant.endClosed(stream, Report.READER_END, port);
            onClosed.accept(this);
        });
    }

    private void accept(final MessageEvent event)
    {
        if (!gone)
        {
            expected = Numbered.check(stream, expected, event.data());
            self.delivered.incrementAndGet();
        }
    }

    private void readSlowly(final long delayMillis)
    {
        try
        {
            while (!gone)
            {
                final Optional<MessageEvent> event = port.receiveMessage(WAIT);
                if (event.isPresent())
                {
                    expected = Numbered.check(stream, expected, event.get().data());
                    self.delivered.incrementAndGet();
                    Thread.sleep(delayMillis);
                }
                else
                {
                    // Empty at once when the writer is gone: wait for the close event without spinning.
                    Thread.sleep(CLOSED_PAUSE_MILLIS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            Report.error(ex);
        }
    }
}
