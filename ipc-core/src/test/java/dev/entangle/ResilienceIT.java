package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.lane.LaneDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Months, not minutes, across real JVMs: the buffered amount counted from another process, and damaged files that
 * cost the channel that depends on them and nothing else — no event loop dies, other channels go on, and the error
 * handler is told once.
 */
@Timeout(180)
class ResilienceIT
{
    @TempDir
    Path dir;

    private final List<PeerProcess> peers = new ArrayList<>();
    private final LinkedBlockingQueue<List<?>> replies = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final List<List<?>> seen = new ArrayList<>();
    private Context test;

    @BeforeEach
    void openTestContext()
    {
        test = Context.builder().directory(dir).name("test").errorHandler(errors::add).open();
        test.onMessage(e -> replies.add((List<?>)e.data()));
    }

    @AfterEach
    void cleanUp()
    {
        peers.forEach(PeerProcess::close);
        test.close();
    }

    private void peer(final String name)
    {
        peers.add(PeerProcess.peer(dir, name, "test"));
    }

    private void command(final String peer, final List<?> command, final MessagePort... ports)
    {
        test.window(peer).postMessage(command, "*", List.of(ports));
        awaitReply(List.of("ok", command.get(0)));
    }

    /** Waits for a reply; replies seen meanwhile are kept for later waits. */
    private List<?> awaitReply(final List<?> expected)
    {
        return awaitMatching(expected::equals, expected.toString());
    }

    private List<?> awaitReplyStarting(final String first)
    {
        return awaitMatching(reply -> reply.get(0).equals(first), first + " ...");
    }

    private List<?> awaitMatching(final java.util.function.Predicate<List<?>> wanted, final String what)
    {
        final long deadline = System.nanoTime() + Await.LONG.toNanos();
        while (true)
        {
            for (final java.util.Iterator<List<?>> it = seen.iterator(); it.hasNext();)
            {
                final List<?> reply = it.next();
                if (wanted.test(reply))
                {
                    it.remove();
                    return reply;
                }
            }
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("never got " + what + "; got instead " + seen);
            }
            try
            {
                final List<?> reply = replies.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                if (reply != null)
                {
                    seen.add(reply);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    @Test
    void theBufferedAmountIsCountedAcrossProcessesAndFallsAsTheOtherProcessReads()
    {
        peer("reader");
        final MessageChannel channel = new MessageChannel(test);
        command("reader", List.of("keep", "p"), channel.port2());
        final LinkedBlockingQueue<Long> lows = new LinkedBlockingQueue<>();
        channel.port1().onBufferedAmountLow(() -> lows.add(channel.port1().bufferedAmount()));
        for (int i = 0; i < 100; i++)
        {
            channel.port1().postMessage(new byte[1000]);
        }
        final long buffered = channel.port1().bufferedAmount();
        assertTrue(buffered >= 100_000 && buffered < 110_000, "100 messages of 1000 bytes wait: " + buffered);
        command("reader", List.of("count", "p", 100));
        awaitReply(List.of("counted", "p", 100));
        Await.until("the buffered amount to fall to 0", () -> channel.port1().bufferedAmount() == 0);
        assertEquals(0L, Await.next(lows));
    }

    @Test
    void aTruncatedChannelFileClosesThatChannelOnlyAndTheLoopsGoOn() throws IOException
    {
        peer("other");
        final MessageChannel damaged = new MessageChannel(test);
        final MessageChannel healthy = new MessageChannel(test);
        command("other", List.of("keep", "damaged"), damaged.port2());
        command("other", List.of("report", "damaged"));
        command("other", List.of("keep", "healthy"), healthy.port2());
        command("other", List.of("report", "healthy"));
        final Received atDamaged = new Received();
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        damaged.port1().onMessage(atDamaged);
        damaged.port1().onClose(() -> closes.add("damaged"));
        damaged.port1().postMessage("before");
        awaitReply(List.of("msg", "damaged", "before"));

        truncate(channelFolder(damaged.port1()).resolve(ChannelFile.FILE_NAME), 0);

        assertEquals("damaged", Await.next(closes));
        awaitReply(List.of("close", "damaged"));
        final Throwable reported = Await.next(errors);
        assertTrue(reported.getMessage().contains(channelId(damaged.port1())) &&
            reported.getMessage().contains(ChannelFile.FILE_NAME), reported.getMessage());
        assertTrue(awaitReplyStarting("error").get(1).toString().contains(channelId(damaged.port1())));

        damaged.port1().postMessage("after: dropped silently");
        healthy.port1().postMessage("still works");
        awaitReply(List.of("msg", "healthy", "still works"));
        command("other", List.of("probe", "loop"));
        awaitReply(List.of("probed", "loop"));
        final LinkedBlockingQueue<String> ran = new LinkedBlockingQueue<>();
        test.execute(() -> ran.add("ran"));
        assertEquals("ran", Await.next(ran));
        Await.quietPeriod(300);
        assertTrue(errors.isEmpty(), "one error for the damaged channel here: " + errors);
    }

    @Test
    void garbledBytesInALaneCloseThatChannelWithAnErrorNeverAStall() throws IOException
    {
        peer("reader");
        final MessageChannel garbled = new MessageChannel(test);
        final MessageChannel healthy = new MessageChannel(test);
        command("reader", List.of("keep", "garbled"), garbled.port2());
        command("reader", List.of("keep", "healthy"), healthy.port2());
        command("reader", List.of("report", "healthy"));
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        garbled.port1().onClose(() -> closes.add("garbled"));
        for (int i = 0; i < 10; i++)
        {
            garbled.port1().postMessage("message " + i);
        }
        // Scribble over the body of the fourth message, as another process might.
        try (RandomAccessFile ring = new RandomAccessFile(channelFolder(garbled.port1()).resolve("a.0").toFile(),
            "rw"))
        {
            final long frame = LaneDescriptor.frameLength(frameBodyLength(garbled.port1()));
            ring.seek(3 * frame + 20);
            ring.writeLong(0x5555_5555_5555_5555L);
        }
        command("reader", List.of("report", "garbled"));
        for (int i = 0; i < 3; i++)
        {
            awaitReply(List.of("msg", "garbled", "message " + i));
        }
        assertTrue(awaitReplyStarting("error").get(1).toString().contains("checksum"));
        assertEquals("garbled", Await.next(closes));
        healthy.port1().postMessage("still works");
        awaitReply(List.of("msg", "healthy", "still works"));
    }

    @Test
    void aTruncatedRingClosesThatChannelWhenItIsRead() throws IOException
    {
        peer("reader");
        final MessageChannel truncated = new MessageChannel(test);
        final MessageChannel healthy = new MessageChannel(test);
        command("reader", List.of("keep", "truncated"), truncated.port2());
        command("reader", List.of("keep", "healthy"), healthy.port2());
        command("reader", List.of("report", "healthy"));
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        truncated.port1().onClose(() -> closes.add("truncated"));
        for (int i = 0; i < 10; i++)
        {
            truncated.port1().postMessage(new byte[2000]);
        }
        truncate(channelFolder(truncated.port1()).resolve("a.0"), 4096);
        command("reader", List.of("report", "truncated"));
        assertEquals("truncated", Await.next(closes));
        awaitReply(List.of("close", "truncated"));
        healthy.port1().postMessage("still works");
        awaitReply(List.of("msg", "healthy", "still works"));
        command("reader", List.of("probe", "loop"));
        awaitReply(List.of("probed", "loop"));
    }

    private Path channelFolder(final MessagePort port)
    {
        return test.core().runtime().layout().channel(((PortHandle)port).state().channelId());
    }

    private static String channelId(final MessagePort port)
    {
        return ((PortHandle)port).state().channelId().toString();
    }

    private static int frameBodyLength(final MessagePort port)
    {
        // "message N": the envelope (an empty transfer count) and the clone of a short string.
        return 4 + 2 + 2 + "message 0".length();
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
    }
}
