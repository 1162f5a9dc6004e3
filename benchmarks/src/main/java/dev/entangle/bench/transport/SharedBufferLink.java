package dev.entangle.bench.transport;

import dev.entangle.Context;
import dev.entangle.SharedArrayBuffer;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two JVMs handing a counter back and forth through one {@link SharedArrayBuffer}, no message at all: the benchmark's
 * side allocates it and posts it once to the echo peer's context, then each side spins for its turn on the same
 * {@code long} and, on it, writes the next value with a release store through {@link AtomicBuffer}. The benchmark
 * writes odd values, the echo peer the even value that follows; one exchange is a round trip. It carries no payload:
 * the bytes of {@link #send} are not looked at.
 * <p>
 * Both contexts keep their default idle strategy: after the buffer arrived their event loops have nothing to do and
 * park, so that on a small machine the two spinning threads are the only busy ones.
 */
public final class SharedBufferLink implements Link
{
    /** Where the counter is: the first {@code long} of the buffer, whose data starts page-aligned. */
    static final int COUNTER_OFFSET = 0;
    /** A cache line: the buffer holds the counter and nothing else shares its line. */
    static final int BUFFER_BYTES = 64;
    /** How long the first exchange may take: the echo peer's context has to take the buffer first. */
    private static final long FIRST_EXCHANGE_NS = TimeUnit.SECONDS.toNanos(30);

    private final Context context;
    private final SharedArrayBuffer shared;
    private final AtomicBuffer counter;
    private final EchoProcess echo;
    private long last;
    private int lastLength;

    private SharedBufferLink(final Context context, final SharedArrayBuffer shared, final EchoProcess echo)
    {
        this.context = context;
        this.shared = shared;
        this.counter = shared.asAtomicBuffer();
        this.echo = echo;
    }

    static SharedBufferLink connect(final Path dir, final EchoProcess echo)
    {
        final Context context = Context.builder().directory(dir).name("bench").open();
        try
        {
            final SharedArrayBuffer shared = SharedArrayBuffer.allocate(context, BUFFER_BYTES);
            context.window("echo").postMessage(shared);
            final SharedBufferLink link = new SharedBufferLink(context, shared, echo);
            link.firstExchange();
            return link;
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
    }

    /** As a round trip, but gives up when the echo peer does not answer in time instead of spinning forever. */
    private void firstExchange()
    {
        final long sent = last + 1;
        counter.putLongRelease(COUNTER_OFFSET, sent);
        final long deadline = System.nanoTime() + FIRST_EXCHANGE_NS;
        while (counter.getLongVolatile(COUNTER_OFFSET) != sent + 1)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the echo peer did not take its turn on the shared counter");
            }
            Thread.onSpinWait();
        }
        last = sent + 1;
    }

    /**
     * Serves the echo side: once the buffer arrives, a thread spins on the counter and answers each odd value with
     * the next one.
     */
    static AutoCloseable serve(final Path dir)
    {
        final Context context = Context.builder().directory(dir).name("echo").open();
        final Thread[] loop = new Thread[1];
        final SharedArrayBuffer[] held = new SharedArrayBuffer[1];
        context.onMessage(event ->
        {
            if (event.data() instanceof SharedArrayBuffer shared && held[0] == null)
            {
                // Held here until the end: a holder that is garbage collected lets go of the memory.
                held[0] = shared;
                final AtomicBuffer counter = shared.asAtomicBuffer();
                loop[0] = EchoPeer.spinInBackground("shared-counter-echo", () -> answer(counter));
            }
        });
        return () ->
        {
            if (loop[0] != null)
            {
                loop[0].interrupt();
                loop[0].join(1000);
            }
            context.close();
        };
    }

    private static void answer(final AtomicBuffer counter)
    {
        long expected = 1;
        while (!Thread.currentThread().isInterrupted())
        {
            if (counter.getLongVolatile(COUNTER_OFFSET) == expected)
            {
                EchoPeer.METER.onMessage();
                counter.putLongRelease(COUNTER_OFFSET, expected + 1);
                expected += 2;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Hands the counter over: the next odd value.
     */
    @Override
    public void send(final byte[] payload, final int length)
    {
        final long sent = last + 1;
        counter.putLongRelease(COUNTER_OFFSET, sent);
        last = sent;
        lastLength = length;
    }

    /**
     * Spins until the echo peer has taken its turn.
     *
     * @return the length given to the last {@link #send}, so that {@link Link#roundTrip} sees its own length back.
     */
    @Override
    public int receive()
    {
        final long answer = last + 1;
        int looks = 0;
        while (counter.getLongVolatile(COUNTER_OFFSET) != answer)
        {
            looks = EchoWait.spin(looks, echo);
        }
        last = answer;
        return lastLength;
    }

    @Override
    public EchoProcess echo()
    {
        return echo;
    }

    @Override
    public void close()
    {
        try
        {
            shared.close();
            context.close();
        }
        finally
        {
            echo.close();
        }
    }
}
