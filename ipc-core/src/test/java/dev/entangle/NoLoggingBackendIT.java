package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library ships no logging backend, and a user who adds none must still see a failure: the default error
 * handler prints to standard error, and nothing prints SLF4J's warning about missing providers.
 */
@Timeout(120)
class NoLoggingBackendIT
{
    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void kill()
    {
        if (child != null)
        {
            child.destroyForcibly();
        }
    }

    @Test
    void aThrowingListenerIsPrintedOnStandardErrorAndDeliveryGoesOn() throws IOException, InterruptedException
    {
        final String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("slf4j-simple"))
            .collect(Collectors.joining(File.pathSeparator));
        final List<String> command = JvmFlags.childJvm();
        command.addAll(List.of("-cp", classPath, NoBackendMain.class.getName(), dir.toString()));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the program did not end");
        final String stdout = Files.readString(out, StandardCharsets.UTF_8);
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);

        assertEquals(0, child.exitValue(), stdout + stderr);
        assertTrue(stdout.contains("delivered") && !stdout.contains("not delivered"), stdout + stderr);
        assertTrue(stderr.contains("entangle context quiet:"), stderr);
        assertTrue(stderr.contains("listener failed on purpose"), stderr);
        assertFalse(stderr.contains("SLF4J"), stderr);
        assertFalse(stderr.contains("ERROR dev.entangle"), "printed by a logging backend after all: " + stderr);
    }
}
