package dev.entangle.cli;

import dev.entangle.Context;
import dev.entangle.MessageChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shaded jar as an operator runs it, {@code java -jar entangle-cli.jar}, with no JVM flag on the command line:
 * its manifest must carry what the library needs. Runs after {@code package} (the "jar" execution of surefire).
 */
@Timeout(180)
class JarIT
{
    @TempDir
    Path dir;

    private final List<ChildProcess> processes = new ArrayList<>();

    @AfterEach
    void killWhateverIsLeft()
    {
        processes.forEach(ChildProcess::kill);
    }

    @Test
    void theJarInspectsALiveDirectoryWithNoFlagsAndFailsOnAMissingOne()
    {
        // Only the "jar" execution, after package, names the jar; a run that selects tests by name reaches here
        // in the "test" phase too, where the jar is not built yet.
        assumeTrue(System.getProperty("cli.jar") != null, "runs after package, in the jar execution");
        final Path jar = Path.of(System.getProperty("cli.jar"));
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built before this test: " + jar);
        try (Context alice = Context.builder().directory(dir).name("alice").open())
        {
            final MessageChannel channel = new MessageChannel(alice);
            channel.port1().postMessage("waiting for the jar");

            final ChildProcess inspect = run(jar, "inspect", "--json", "--dir", dir.toString());
            assertEquals(0, inspect.waitForExit(), inspect.output());
            final Map<String, Object> json = JsonParser.object(JsonParser.parse(inspect.output()));
            assertEquals(ProcessHandle.current().pid(), Cli.context(json, "alice").get("pid"));
            assertEquals(true, Cli.context(json, "alice").get("alive"));
            final Map<String, Object> side = Cli.side(Cli.channels(json).get(0), "a");
            assertEquals(channel.port1().bufferedAmount(), side.get("bufferedAmount"));

            final ChildProcess tail = run(jar, "tail", (String)Cli.channels(json).get(0).get("id"), "--dir",
                dir.toString());
            assertEquals(0, tail.waitForExit(), tail.output());
            assertTrue(tail.output().contains("\"waiting for the jar\""), tail.output());
            assertEquals("waiting for the jar", channel.port2().receiveMessage().orElseThrow().data());
        }

        final ChildProcess missing = run(jar, "inspect", "--dir", dir.resolve("missing").toString());
        assertEquals(1, missing.waitForExit());
        assertTrue(missing.output().startsWith("entangle: no Entangle directory at "), missing.output());
    }

    private ChildProcess run(final Path jar, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        final ChildProcess process = ChildProcess.start(command);
        processes.add(process);
        return process;
    }
}
