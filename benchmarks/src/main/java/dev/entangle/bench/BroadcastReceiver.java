package dev.entangle.bench;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A receiver of {@link BroadcastRow}, in its own JVM: joins the benchmark's broadcast channel, records how long
 * each message took from the sender's post to its listener (the clocks of {@link System#nanoTime()} are one on a
 * Linux machine), and answers the sender through its window: {@code ["ready", i]} once joined, an acknowledgement
 * {@code ["ack", i, n]} after every {@code ackEvery}-th message, and its histogram when asked. Arguments: the
 * directory and its index. It exits when its standard input closes.
 */
public final class BroadcastReceiver
{
    /** The channel's name. */
    static final String CHANNEL = "bench";
    /** The sender's context name. */
    static final String SENDER = "sender";

    private BroadcastReceiver()
    {
    }

    /**
     * @param args the directory and the receiver's index.
     * @throws Exception when it cannot join.
     */
    public static void main(final String[] args) throws Exception
    {
        final int index = Integer.parseInt(args[1]);
        final Context context = Context.builder().directory(Path.of(args[0])).name("receiver-" + index)
            .idleStrategy(new YieldingIdleStrategy()).open();
        final BroadcastChannel channel = new BroadcastChannel(context, CHANNEL);
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long[] ackEvery = {1};
        final long[] missed = {0};
        channel.onMessage(event ->
        {
            final long now = System.nanoTime();
            if (event.data() instanceof byte[] message)
            {
                final ByteBuffer stamp = ByteBuffer.wrap(message);
                final long sequence = stamp.getLong(8);
                latencies.recordValue(Math.max(0, now - stamp.getLong(0)));
                if ((sequence + 1) % ackEvery[0] == 0)
                {
                    context.window(SENDER).postMessage(List.of("ack", index, sequence));
                }
            }
            else if (event.data() instanceof List<?> command)
            {
                switch ((String)command.get(0))
                {
                    case "ack-every" -> ackEvery[0] = (Long)command.get(1);
                    case "measure" -> latencies.reset();
                    case "report" ->
                    {
                        final ByteBuffer encoded = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
                        final int length = latencies.encodeIntoCompressedByteBuffer(encoded);
                        final byte[] bytes = new byte[length];
                        encoded.flip().get(bytes);
                        context.window(SENDER).postMessage(List.of("histogram", index, bytes, missed[0]));
                    }
                    default -> throw new IllegalArgumentException("unknown command " + command);
                }
            }
        });
        channel.onMessageError(event -> missed[0]++);
        context.window(SENDER).postMessage(List.of("ready", index));
        while (System.in.read() >= 0)
        {
            // Wait for the sender to go away.
        }
        System.exit(0);
    }
}
