package dev.entangle.cli;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;
import dev.entangle.internal.broadcast.BroadcastDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code inspect} shows each broadcast channel with what was written and a row per receiver: its slot, context,
 * process, what it read and its backlog, and whether a writer left it out; a folder whose control file is
 * truncated, half-made or not a channel's is named with the reason, and nothing fails; {@code tail},
 * {@code counters} and {@code errors} are not thrown by the broadcast folder.
 */
@Timeout(120)
class BroadcastInspectTest
{
    private static final int MESSAGES = 5;

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            resources.get(i).close();
        }
    }

    private Context open(final String name, final long maxBufferedAmount)
    {
        final Context context = Context.builder().directory(dir).name(name).maxBufferedAmount(maxBufferedAmount)
            .open();
        resources.add(context);
        return context;
    }

    private Context open(final String name)
    {
        return open(name, 64L << 20);
    }

    private BroadcastChannel join(final Context context, final String name)
    {
        final BroadcastChannel channel = new BroadcastChannel(context, name);
        resources.add(channel);
        return channel;
    }

    @Test
    void showsEachReceiversSlotContextMessagesReadAndBacklog()
    {
        final Context alice = open("alice");
        final Context bob = open("bob");
        final BroadcastChannel sender = join(alice, "prices");
        // Listening, alice's own reader steps past what she posts; bob's channel never listens, so it all waits.
        sender.onMessage(event -> { });
        join(bob, "prices");
        for (int i = 0; i < MESSAGES; i++)
        {
            sender.postMessage("price " + i);
        }
        Await.until("alice stepped past her own messages", () ->
            Cli.receiver(Cli.broadcast(Cli.inspect(dir), "prices"), "alice").get("backlogBytes").equals(0L));

        final Map<String, Object> inspection = Cli.inspect(dir);
        final Cli.Result text = Cli.run(dir, "inspect");

        final Map<String, Object> prices = Cli.broadcast(inspection, "prices");
        assertEquals(false, inspection.get("empty"));
        assertEquals("null", prices.get("origin"), "the contexts' origin, as the control file keeps it");
        assertNull(prices.get("problem"));
        assertEquals(BroadcastDescriptor.key("null", "prices"), prices.get("key"));
        assertEquals((long)MESSAGES, prices.get("messagesWritten"));
        final long written = (Long)prices.get("bytesWritten");
        assertEquals(counter("alice", "bytes posted"), written, "what alice counted posting is what was written");
        assertEquals(0L, prices.get("ringGeneration"));
        assertTrue((Long)prices.get("ringCapacity") >= 16 << 10, prices.toString());
        assertTrue((Long)prices.get("files") >= 2, "the control file and a ring: " + prices);
        final Map<String, Object> bobView = Cli.receiver(prices, "bob");
        assertEquals(written, bobView.get("backlogBytes"), "bob read nothing: everything written waits for him");
        assertEquals(0L, bobView.get("messagesRead"));
        assertEquals("active", bobView.get("state"));
        assertEquals(false, bobView.get("leftOut"));
        assertEquals(ProcessHandle.current().pid(), bobView.get("pid"));
        assertEquals(true, bobView.get("alive"));
        assertEquals(Cli.context(inspection, "bob").get("contextId"), bobView.get("contextId"));
        assertTrue(bobView.get("joinedAt") instanceof String, bobView.toString());
        final Map<String, Object> aliceView = Cli.receiver(prices, "alice");
        assertEquals((long)MESSAGES, aliceView.get("messagesRead"));
        assertEquals(0L, aliceView.get("slot"), "alice joined first");
        assertEquals(1L, bobView.get("slot"));

        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("1 broadcast channel,"), text.out());
        assertTrue(text.out().contains("\"prices\" of null (" + prices.get("key") + ")"), text.out());
        assertTrue(text.out().contains("written: " + MESSAGES + " messages (" + Formats.bytes(written) + ")"),
            text.out());
        final String bobRow = row(text.out(), "bob");
        assertTrue(bobRow.matches(" +1 +active +bob +" + bobView.get("contextId") + " +" +
            ProcessHandle.current().pid() + " .* 0 +" + Formats.bytes(written).replace(".", "\\.")),
            bobRow);
        assertTrue(row(text.out(), "alice").endsWith(" 0 B"), text.out());
    }

    @Test
    void aReceiverTooFarBehindIsShownLeftOut()
    {
        final Context alice = open("alice");
        final long limit = 16 << 10;
        // Bob's loop never runs (invoker mode, never driven): left out, he stays so until inspect looks, instead of
        // skipping ahead as soon as his loop is rung.
        final Context bob = Context.builder().directory(dir).name("bob").maxBufferedAmount(limit)
            .useLoopInvoker(true).open();
        resources.add(bob);
        final BroadcastChannel sender = join(alice, "prices");
        sender.onMessage(event -> { });
        join(bob, "prices");
        // A writer leaves out only a receiver that stands behind every receiver within its limit: alice's loop must
        // have stepped her reader past a message first, or a writer that needs room grows the ring instead.
        sender.postMessage(new byte[2048]);
        Await.until("alice stepped past her own message", () ->
            Cli.receiver(Cli.broadcast(Cli.inspect(dir), "prices"), "alice").get("backlogBytes").equals(0L));
        // Several times the ring: a writer that needs room finds bob past his limit and leaves him out.
        for (int i = 0; i < 200; i++)
        {
            sender.postMessage(new byte[2048]);
        }

        final Map<String, Object> bobView = Cli.receiver(Cli.broadcast(Cli.inspect(dir), "prices"), "bob");
        final Cli.Result text = Cli.run(dir, "inspect");

        assertEquals("lapped", bobView.get("state"));
        assertEquals(true, bobView.get("leftOut"));
        assertEquals(limit, bobView.get("limitBytes"));
        assertTrue((Long)bobView.get("backlogBytes") > limit, bobView.toString());
        assertTrue(row(text.out(), "bob").contains(" lapped (left out) "), text.out());
        assertTrue(row(text.out(), "alice").contains(" active "), text.out());
    }

    @Test
    void aTruncatedControlFileIsReportedDamagedAndTheOthersAreStillShown() throws IOException
    {
        final Context alice = open("alice");
        join(alice, "kept").postMessage("still here");
        final Path gone = dir.resolve("broadcast").resolve(BroadcastDescriptor.key("null", "gone"));
        final BroadcastChannel leaving = new BroadcastChannel(alice, "gone");
        leaving.postMessage("soon truncated");
        final byte[] control = Files.readAllBytes(gone.resolve(BroadcastDescriptor.FILE_NAME));
        leaving.close();
        Await.until("the last participant removed its folder", () -> !Files.exists(gone));
        // The real file again, cut to its first page, as a crash or a careless operator may leave it.
        Files.createDirectory(gone);
        Files.write(gone.resolve(BroadcastDescriptor.FILE_NAME), Arrays.copyOf(control, 4096));
        final Path foreign = Files.createDirectories(dir.resolve("broadcast").resolve(BroadcastDescriptor.key("null",
            "foreign")));
        final byte[] garbage = new byte[BroadcastDescriptor.LENGTH];
        ByteBuffer.wrap(garbage).order(ByteOrder.nativeOrder()).putInt(0, 0x12345678).putInt(4, 1);
        Files.write(foreign.resolve(BroadcastDescriptor.FILE_NAME), garbage);
        final Path empty = Files.createDirectories(dir.resolve("broadcast").resolve(BroadcastDescriptor.key("null",
            "empty")));
        final Path halfMade = Files.createDirectories(dir.resolve("broadcast").resolve(BroadcastDescriptor.key(
            "null", "half made")));
        Files.write(halfMade.resolve(BroadcastDescriptor.FILE_NAME), new byte[BroadcastDescriptor.LENGTH]);
        Files.createDirectories(dir.resolve("broadcast").resolve("not-a-key"));

        final Cli.Result text = Cli.run(dir, "inspect");
        final Cli.Result json = Cli.run(dir, "inspect", "--json");

        assertEquals(0, text.exitCode(), text.err());
        assertEquals("", text.err());
        assertFalse(text.out().contains("Exception") || text.out().contains("\tat "), "no stack trace: " + text.out());
        assertTrue(text.out().contains("  " + gone.getFileName() + ": damaged: its control file is 4096 bytes, not " +
            BroadcastDescriptor.LENGTH + " (truncated)"), text.out());
        assertTrue(text.out().contains("  " + foreign.getFileName() + ": damaged: its control file starts with " +
            "0x12345678"), text.out());
        assertTrue(text.out().contains("  " + empty.getFileName() + ": no control file"), text.out());
        assertTrue(text.out().contains("  " + halfMade.getFileName() + ": not initialised"), text.out());
        assertTrue(text.out().contains("  not-a-key: not a broadcast channel"), text.out());
        assertTrue(text.out().contains("\"kept\" of null"), "a valid channel is still shown: " + text.out());
        assertTrue(text.out().contains("6 broadcast channels,"), text.out());
        assertEquals(0, json.exitCode(), json.err());
        final Map<String, Object> damaged = byKey(json.json(), gone.getFileName().toString());
        assertTrue(((String)damaged.get("problem")).startsWith("damaged: its control file is 4096 bytes"),
            damaged.toString());
        assertNull(damaged.get("name"));
        assertEquals(List.of(), damaged.get("receivers"));
        assertEquals(1L, damaged.get("files"));
        assertEquals(1L, Cli.broadcast(json.json(), "kept").get("messagesWritten"));
    }

    @Test
    void tailCountersAndErrorsAreNotThrownByTheBroadcastFolder() throws IOException
    {
        final Context alice = open("alice");
        join(alice, "prices").postMessage("waiting for nobody");
        alice.window("alice").postMessage("to herself", "*");
        Files.createDirectories(dir.resolve("broadcast").resolve("not-a-key"));
        final String key = BroadcastDescriptor.key("null", "prices");

        final Cli.Result counters = Cli.run(dir, "counters");
        final Cli.Result errors = Cli.run(dir, "errors");
        final Cli.Result tailKey = Cli.run(dir, "tail", key.substring(0, 8));
        final Cli.Result tailName = Cli.run(dir, "tail", "prices");
        final Cli.Result tailContext = Cli.run(dir, "tail", "alice", "--from-start");

        assertEquals(0, counters.exitCode(), counters.err());
        assertTrue(counters.out().contains("\nalice\n"), counters.out());
        assertFalse(counters.out().contains("broadcast"), counters.out());
        assertEquals(2L, counter("alice", "messages posted"), "the broadcast post is counted with the other");
        assertEquals(0, errors.exitCode(), errors.err());
        assertEquals(1, tailKey.exitCode());
        assertTrue(tailKey.err().contains("is the broadcast channel \"prices\" of null (" + key + ")"),
            tailKey.err());
        assertTrue(tailKey.err().contains("entangle inspect shows a broadcast channel's receivers"), tailKey.err());
        assertEquals(1, tailName.exitCode());
        assertTrue(tailName.err().contains("prices is the broadcast channel \"prices\""), tailName.err());
        assertEquals(0, tailContext.exitCode(), tailContext.err());
        assertTrue(tailContext.out().contains("\"to herself\""), tailContext.out());
    }

    private long counter(final String context, final String label)
    {
        final Cli.Result result = Cli.run(dir, "counters", "--json");
        for (final Object each : JsonParser.array(result.json().get("contexts")))
        {
            if (context.equals(JsonParser.object(each).get("name")))
            {
                for (final Object counter : JsonParser.array(JsonParser.object(each).get("counters")))
                {
                    if (label.equals(JsonParser.object(counter).get("label")))
                    {
                        return (Long)JsonParser.object(counter).get("value");
                    }
                }
            }
        }
        throw new AssertionError("no counter " + label + " of " + context + ": " + result.out());
    }

    private static Map<String, Object> byKey(final Map<String, Object> inspection, final String key)
    {
        for (final Object broadcast : JsonParser.array(inspection.get("broadcasts")))
        {
            if (key.equals(JsonParser.object(broadcast).get("key")))
            {
                return JsonParser.object(broadcast);
            }
        }
        throw new AssertionError("no broadcast folder " + key + " in " + inspection);
    }

    /**
     * @return the one line of a receivers table that names the context.
     */
    static String row(final String text, final String context)
    {
        final List<String> rows = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.matches(" +\\d+ +(active|lapped \\(left out\\)|unknown.*) +" + context + " .*"))
            {
                rows.add(line);
            }
        }
        assertEquals(1, rows.size(), "one row of " + context + " in:\n" + text);
        return rows.get(0);
    }
}
