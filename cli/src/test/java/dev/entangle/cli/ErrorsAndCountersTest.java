package dev.entangle.cli;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code errors} shows what a context's error handler logged, and {@code counters} what its counters counted, read
 * from the statistics files while the context runs.
 */
@Timeout(120)
class ErrorsAndCountersTest
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Context> contexts = new ArrayList<>();
    private final LinkedBlockingQueue<Throwable> handled = new LinkedBlockingQueue<>();

    @AfterEach
    void close()
    {
        for (int i = contexts.size() - 1; i >= 0; i--)
        {
            contexts.get(i).close();
        }
    }

    private Context open(final String name)
    {
        final Context context = Context.builder().directory(dir).name(name).errorHandler(handled::add).open();
        contexts.add(context);
        return context;
    }

    @Test
    void anErrorAListenerThrewIsShownWithItsCountAndStackTrace() throws InterruptedException
    {
        final Context alice = open("alice");
        alice.onMessage(event ->
        {
            throw new IllegalStateException("provoked by the test: " + event.data());
        });
        alice.window("alice").postMessage("first");
        alice.window("alice").postMessage("first");
        assertNotNull(handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertNotNull(handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        final Cli.Result text = Cli.run(dir, "errors");
        final Cli.Result json = Cli.run(dir, "errors", "--json");

        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("alice, pid " + ProcessHandle.current().pid() + ", live: 1 distinct error"),
            text.out());
        assertTrue(text.out().contains("  2 times, first "), text.out());
        assertTrue(text.out().contains("java.lang.IllegalStateException: provoked by the test: first"), text.out());
        assertTrue(text.out().contains(ErrorsAndCountersTest.class.getName()), "the stack trace: " + text.out());
        final Map<String, Object> log = JsonParser.object(JsonParser.array(json.json().get("logs")).get(0));
        assertEquals("alice", log.get("context"));
        assertEquals("current", log.get("holder"));
        final Map<String, Object> error = JsonParser.object(JsonParser.array(log.get("errors")).get(0));
        assertEquals(2L, error.get("count"));
        assertTrue(((String)error.get("stackTrace")).startsWith(
            "java.lang.IllegalStateException: provoked by the test: first"));
        assertEquals(1L, Cli.context(Cli.inspect(dir), "alice").get("distinctErrors"));
    }

    @Test
    void countersMatchTheMessagesSentAndReceived()
    {
        final Context alice = open("alice");
        final MessageChannel channel = new MessageChannel(alice);
        for (int i = 0; i < 5; i++)
        {
            channel.port1().postMessage("message " + i);
        }
        final long posted = channel.port1().bufferedAmount();
        for (int i = 0; i < 5; i++)
        {
            assertEquals("message " + i, channel.port2().receiveMessage(WAIT).orElseThrow().data());
        }

        final Map<String, Long> counters = counters("alice");

        assertEquals(5L, counters.get("messages posted"));
        assertEquals(posted, counters.get("bytes posted"), "what was posted is what was buffered");
        assertEquals(5L, counters.get("messages received"));
        assertTrue(counters.get("bytes received") > 0 && counters.get("bytes received") <= posted);
        assertEquals(0L, counters.get("message errors"));
        assertEquals(0L, counters.get("clone errors"));
        final Cli.Result text = Cli.run(dir, "counters");
        assertTrue(text.out().contains("messages posted                 5"), text.out());
    }

    private Map<String, Long> counters(final String name)
    {
        final Cli.Result result = Cli.run(dir, "counters", "--json");
        assertEquals(0, result.exitCode(), result.err());
        for (final Object context : JsonParser.array(result.json().get("contexts")))
        {
            if (name.equals(JsonParser.object(context).get("name")))
            {
                final Map<String, Long> values = new HashMap<>();
                for (final Object counter : JsonParser.array(JsonParser.object(context).get("counters")))
                {
                    values.put((String)JsonParser.object(counter).get("label"),
                        (Long)JsonParser.object(counter).get("value"));
                }
                return values;
            }
        }
        throw new AssertionError("no counters of " + name + ": " + result.out());
    }
}
