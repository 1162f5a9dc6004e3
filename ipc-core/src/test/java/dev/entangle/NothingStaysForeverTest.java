package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared memory is RAM: space is given back while a channel lives, an inbox flood is refused at the limit, messages
 * to a name nobody opens expire, and a closed context leaves no folder behind.
 */
@Timeout(300)
class NothingStaysForeverTest
{
    @TempDir
    Path dir;

    @Test
    void aGibibyteThroughOneChannelWhileItsReaderDrainsKeepsTheDirectorySmall() throws Exception
    {
        final long limit = 8L << 20;
        try (Contexts contexts = new Contexts(dir))
        {
            final Context writer = contexts.open("writer", b -> b.maxBufferedAmount(limit));
            final Context reader = contexts.open("reader");
            final MessageChannel channel = new MessageChannel(writer);
            writer.window("reader").postMessage("port", "*", List.of(channel.port2()));
            final LinkedBlockingQueue<MessagePort> arrived = new LinkedBlockingQueue<>();
            reader.onMessage(e -> arrived.add(e.ports().get(0)));
            final MessagePort readEnd = Await.next(arrived);
            final AtomicLong received = new AtomicLong();
            readEnd.onMessage(e -> received.addAndGet(((byte[])e.data()).length));

            final byte[] payload = new byte[64 << 10];
            final long total = 1L << 30;
            long sent = 0;
            long largest = 0;
            long nextSample = 0;
            while (sent < total)
            {
                if (channel.port1().offerMessage(payload))
                {
                    sent += payload.length;
                }
                else
                {
                    Thread.onSpinWait();
                }
                if (System.nanoTime() - nextSample > 0)
                {
                    largest = Math.max(largest, allocatedBytes());
                    nextSample = System.nanoTime() + 20_000_000L;
                }
            }
            Await.until("the reader to drain everything", () -> received.get() == total);
            largest = Math.max(largest, allocatedBytes());
            // The limit, a ring that may double past it, the rings the reader is about to leave, and small files.
            final long bound = 3 * limit + (4L << 20);
            assertTrue(largest <= bound, "the directory took " + largest + " bytes, the bound is " + bound);
            System.out.println("1 GiB through one channel: largest directory " + largest + " bytes, bound " + bound);
        }
    }

    @Test
    void anInboxFloodToANameNobodyOpensIsRefusedAtTheLimit()
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context sender = contexts.open("sender", b -> b.maxBufferedAmount(16 << 10));
            final WindowProxy absent = sender.window("absent");
            int accepted = 0;
            try
            {
                while (accepted < 1000)
                {
                    absent.postMessage(new byte[1000]);
                    accepted++;
                }
            }
            catch (final IllegalStateException refused)
            {
                assertTrue(refused.getMessage().contains("absent") &&
                    refused.getMessage().contains("maxBufferedAmount"), refused.getMessage());
            }
            assertTrue(accepted >= 16 && accepted <= 18, "about 16 KiB is accepted: " + accepted);
        }
    }

    @Test
    void messagesToANameNobodyOpensExpireAndThePortsTheyCarryClose() throws IOException
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context sender = contexts.open("sender", b -> b.inboxExpiry(Duration.ofMillis(200))
                .sweepGrace(Duration.ZERO));
            final MessageChannel channel = new MessageChannel(sender);
            final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
            channel.port1().onClose(() -> closes.add("closed"));
            sender.window("never").postMessage("a port for nobody", "*", List.of(channel.port2()));
            assertTrue(Files.exists(dir.resolve("contexts/never")));
            assertEquals("closed", Await.next(closes));
            Await.until("the expired name's folder to go", () -> !Files.exists(dir.resolve("contexts/never")));
            Await.until("the lost channel's folder to go", () -> listing(dir.resolve("channels")).isEmpty());
        }
    }

    @Test
    void aClosedContextLeavesNoFolderAndMessagesPostedAfterWaitForTheNext()
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context first = contexts.open("first");
            final Context sender = contexts.open("sender");
            first.close();
            assertFalse(Files.exists(dir.resolve("contexts/first")));
            sender.window("first").postMessage("for the next one");
            final Context next = contexts.open("first");
            final Received received = new Received();
            next.onMessage(received);
            assertEquals("for the next one", received.nextData());
        }
    }

    @Test
    void theDefaultMaxBufferedAmountIsSixtyFourMebibytes()
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context context = contexts.open("defaults");
            assertEquals(Long.toString(64L << 20),
                context.settings().value(Configuration.MAX_BUFFERED_AMOUNT_PROP_NAME));
            assertEquals(Long.toString(600_000), context.settings().value(Configuration.INBOX_EXPIRY_PROP_NAME));
            assertThrows(IllegalArgumentException.class, () -> Context.builder().maxBufferedAmount(0));
            assertThrows(IllegalArgumentException.class, () -> Context.builder().inboxExpiry(Duration.ofSeconds(-1)));
        }
    }

    /**
     * @return bytes allocated to the directory's files, as du counts them (rings are sparse files).
     */
    private long allocatedBytes() throws IOException
    {
        try
        {
            final Process du = new ProcessBuilder("du", "-s", "-B1", "--", dir.toString())
                .redirectErrorStream(true).start();
            final String out = new String(du.getInputStream().readAllBytes()).trim();
            du.waitFor();
            return Long.parseLong(out.split("\\s+")[0]);
        }
        catch (final InterruptedException | NumberFormatException ex)
        {
            throw new IOException("cannot measure " + dir, ex);
        }
    }

    private static List<Path> listing(final Path folder)
    {
        try (Stream<Path> entries = Files.list(folder))
        {
            return entries.toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }
}
