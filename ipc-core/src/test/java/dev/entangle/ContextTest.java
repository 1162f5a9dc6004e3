package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The context builder's defaults and validation, and the life of a context's name within one JVM; a dead
 * process's name being reclaimed is in {@link CrossProcessIT}.
 */
@Timeout(60)
class ContextTest
{
    @TempDir
    Path dir;

    @Test
    void defaultsAreAGeneratedUniqueNameAndTheOpaqueOrigin()
    {
        final Context one = Context.builder().directory(dir).open();
        final Context two = Context.builder().directory(dir).open();
        try
        {
            assertNotEquals(one.name(), two.name());
            assertTrue(one.name().matches("[A-Za-z0-9._-]{1,64}"), one.name());
            assertEquals("null", one.origin());
            assertEquals(dir.toAbsolutePath(), one.directory());
        }
        finally
        {
            one.close();
            two.close();
        }
    }

    @Test
    void theDefaultDirectoryIsPerUserUnderSharedMemoryOrTheTemporaryFolder()
    {
        final String folder = "entangle-" + System.getProperty("user.name");
        final Path expected = System.getenv(Configuration.DIRECTORY_ENV_NAME) != null ?
            Path.of(System.getenv(Configuration.DIRECTORY_ENV_NAME)) :
            java.nio.file.Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm", folder) :
            Path.of(System.getProperty("java.io.tmpdir"), folder);
        assertEquals(expected, Configuration.defaultDirectory());
    }

    @Test
    void invalidSettingsAreRefused()
    {
        for (final String name : new String[]{ "", "has space", "slash/", "x".repeat(65), "ünïcode" })
        {
            assertThrows(IllegalArgumentException.class,
                () -> Context.builder().directory(dir).name(name).open(), name);
        }
        assertDoesNotThrow(() -> Context.builder().name("A-z_0.9"));
        for (final String origin : new String[]{ "example.org", "http://host/path", "http://foo bar", "", "*" })
        {
            final Context.Builder builder = Context.builder().directory(dir).origin(origin);
            assertThrows(IllegalArgumentException.class, builder::open, origin);
        }
        assertThrows(IllegalArgumentException.class, () -> Context.builder().maxMessageSize(0));
        assertThrows(IllegalArgumentException.class, () -> Context.builder().maxMessageSize((16 << 20) + 1));
        assertThrows(NullPointerException.class, () -> Context.builder().directory(null));
    }

    @Test
    void aLiveNameCannotBeOpenedTwiceAndIsFreeAgainAfterClose()
    {
        final Context first = Context.builder().directory(dir).name("only").open();
        try
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Context.builder().directory(dir).name("only").open());
            assertTrue(refused.getMessage().contains("only"), refused.getMessage());
        }
        finally
        {
            first.close();
            first.close();
        }
        Context.builder().directory(dir).name("only").open().close();
    }

    @Test
    void theLoopWritesAHeartbeatIntoTheLivenessRecord()
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context context = contexts.open("beating");
            Await.until("a first heartbeat", () -> context.lastHeartbeat() > 0);
            final long first = context.lastHeartbeat();
            Await.until("a later heartbeat", () -> context.lastHeartbeat() > first);
        }
    }

    @Test
    void executeRunsTasksInOrderOnTheLoop()
    {
        try (Contexts contexts = new Contexts(dir))
        {
            final Context context = contexts.open("loop");
            final Received ran = new Received();
            for (int i = 0; i < 100; i++)
            {
                final int n = i;
                context.execute(() -> ran.onMessage(new MessageEvent(
                    n + " " + Thread.currentThread().getName(), "", "", null, java.util.List.of())));
            }
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i + " entangle-loop", ran.nextData());
            }
        }
    }
}
