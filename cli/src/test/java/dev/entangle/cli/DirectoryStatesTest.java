package dev.entangle.cli;

import dev.entangle.BroadcastChannel;
import dev.entangle.Context;
import dev.entangle.MessageChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A directory that is missing, empty or another user's is named as such; and whatever the tool is asked, it changes
 * nothing in the directory it reads.
 */
@Timeout(120)
class DirectoryStatesTest
{
    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsNamedAndFailsTheCommand()
    {
        final Path missing = dir.resolve("not-there");

        final Cli.Result inspect = Cli.run(missing, "inspect");
        final Cli.Result json = Cli.run(missing, "inspect", "--json");

        assertEquals(1, inspect.exitCode());
        assertTrue(inspect.err().contains("no Entangle directory at " + missing), inspect.err());
        assertEquals("", inspect.out());
        assertEquals(1, json.exitCode());
        assertEquals(1, Cli.run(missing, "errors").exitCode());
        assertEquals(1, Cli.run(missing, "counters").exitCode());
        assertEquals(1, Cli.run(missing, "tail", "alice").exitCode());
        assertFalse(Files.exists(missing), "the tool created nothing");
    }

    @Test
    void anEmptyDirectoryIsSaidToBeEmpty()
    {
        final Cli.Result inspect = Cli.run(dir, "inspect");
        final Cli.Result json = Cli.run(dir, "inspect", "--json");

        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("It is empty"), inspect.out());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals(true, json.json().get("empty"));
        assertEquals(List.of(), json.json().get("contexts"));
        assertEquals(List.of(), json.json().get("channels"));
        assertEquals(List.of(), json.json().get("broadcasts"));
    }

    @Test
    void aDirectoryOfAnotherUserIsRefusedAndNamed() throws IOException
    {
        assumeTrue(((Number)uid(Path.of("/proc/self"))).longValue() == 0, "only root can give a folder away");
        final Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", 65534);

        final Cli.Result inspect = Cli.run(foreign, "inspect");

        assertEquals(1, inspect.exitCode());
        assertTrue(inspect.err().contains("belongs to"), inspect.err());
        assertTrue(inspect.err().contains("uid 65534"), inspect.err());
        assertTrue(inspect.err().contains("not to the user running this tool"), inspect.err());
    }

    @Test
    void noCommandChangesAnythingInTheDirectory() throws IOException
    {
        try (Context alice = Context.builder().directory(dir).name("alice").open())
        {
            final MessageChannel channel = new MessageChannel(alice);
            channel.port1().postMessage("waiting");
            alice.window("nobody").postMessage("waiting too", "*");
            // Two receivers that never listen: what is posted waits in the broadcast folder.
            new BroadcastChannel(alice, "prices");
            new BroadcastChannel(alice, "prices").postMessage("waiting on a broadcast channel");
            final Map<String, String> before = listing();
            final String id = (String)Cli.channels(Cli.inspect(dir)).get(0).get("id");

            for (final String[] command : List.of(
                new String[]{ "inspect" }, new String[]{ "inspect", "--json" }, new String[]{ "tail", id },
                new String[]{ "tail", id, "--from-start" }, new String[]{ "tail", "nobody" },
                new String[]{ "tail", "alice" }, new String[]{ "errors" }, new String[]{ "counters" },
                new String[]{ "config" }))
            {
                assertEquals(0, Cli.run(dir, command[0], java.util.Arrays.copyOfRange(command, 1,
                    command.length)).exitCode(), String.join(" ", command));
            }

            assertEquals(before, listing(), "the same files, of the same sizes, modified at the same times");
            assertEquals("waiting", channel.port2().receiveMessage().orElseThrow().data());
        }
    }

    /**
     * @return every file and folder in the directory, but the stats files the context writes by itself, with its
     * size and modification time.
     */
    private Map<String, String> listing() throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.forEach(file ->
            {
                try
                {
                    files.put(dir.relativize(file).toString(), Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ?
                        "folder" : Files.size(file) + " bytes, modified " + Files.getLastModifiedTime(file));
                }
                catch (final IOException ex)
                {
                    files.put(dir.relativize(file).toString(), "unreadable: " + ex);
                }
            });
        }
        // Written through a mapping by the live context itself (its heartbeat, its counters, the time a broadcast
        // lane's lock was last taken), whenever it runs.
        files.replaceAll((name, value) -> name.endsWith("/context") || name.endsWith("/stats") ||
            name.startsWith("doorbells/") || name.endsWith("/channel") || name.endsWith("/control") ?
            value.replaceAll(", modified .*", "") : value);
        return files;
    }

    private static Object uid(final Path path) throws IOException
    {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
