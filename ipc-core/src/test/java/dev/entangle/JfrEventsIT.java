package dev.entangle;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JFR events a recording that enables them receives: a post and its dispatch with the channel, side and size, a
 * transfer out and in, and a close with its cause. Recorded in a JVM of its own, since the library makes no event
 * object at all until a recording has started in the JVM and other tests count allocations.
 */
@Timeout(120)
class JfrEventsIT
{
    @TempDir
    Path dir;

    @Test
    void aRecordingGetsPostDispatchTransferAndCloseEvents() throws IOException
    {
        try (PeerProcess child = PeerProcess.launch(JfrRecordingMain.class, dir.toString()))
        {
            child.awaitLine("dumped");
            assertEquals(0, child.waitForExit());
        }
        final List<String> ids = Files.readAllLines(dir.resolve("ids"));
        final String channel = ids.get(0);
        final String carried = ids.get(1);
        assertEquals("1", ids.get(2), "the transferred port arrived");
        final List<RecordedEvent> events = RecordingFile.readAllEvents(dir.resolve("recording.jfr"));

        assertTrue(events.stream().anyMatch(e -> is(e, "Post") && channel.equals(e.getString("target")) &&
            e.getInt("side") == 1 && e.getLong("size") >= 1000 && e.getInt("transferred") == 1), events::toString);
        assertTrue(events.stream().anyMatch(e -> is(e, "Dispatch") && channel.equals(e.getString("source")) &&
            e.getInt("side") == 2 && e.getLong("size") >= 1000), events::toString);
        assertTrue(events.stream().anyMatch(e -> is(e, "Transfer") && carried.equals(e.getString("channel")) &&
            e.getInt("side") == 2 && !e.getBoolean("arrived")), events::toString);
        assertTrue(events.stream().anyMatch(e -> is(e, "Transfer") && carried.equals(e.getString("channel")) &&
            e.getInt("side") == 2 && e.getBoolean("arrived")), events::toString);
        assertTrue(events.stream().anyMatch(e -> is(e, "Close") && channel.equals(e.getString("channel")) &&
            "closed".equals(e.getString("cause"))), events::toString);
    }

    private static boolean is(final RecordedEvent event, final String name)
    {
        return event.getEventType().getName().equals("dev.entangle." + name);
    }
}
