package dev.entangle.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark runner, started as a user starts it, answers {@code --help} and refuses an argument it does not know,
 * before it runs anything: a mistyped option must not start a quarter of an hour of benchmarks.
 */
class BenchMainArgumentsTest
{
    @TempDir
    Path dir;

    @Test
    void helpPrintsTheUsageAndRunsNothing() throws Exception
    {
        final Ran ran = run("--help");
        assertEquals(0, ran.exit(), ran.output());
        assertFalse(ran.output().contains("round 1"), ran.output());
        assertUsageAndNoResults(ran);
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheUsage() throws Exception
    {
        final Ran ran = run("--rwos", "round_trip");
        assertEquals(2, ran.exit(), ran.output());
        assertTrue(ran.output().contains("unknown argument --rwos"), ran.output());
        assertUsageAndNoResults(ran);
    }

    private void assertUsageAndNoResults(final Ran ran)
    {
        assertTrue(ran.output().contains("usage: java -jar benchmarks.jar"), ran.output());
        assertFalse(Files.exists(dir.resolve("out")), "no results written");
    }

    @Test
    void theValueOfAnOptionIsNotTakenForAnArgument() throws Exception
    {
        final Ran ran = run("--rows", "^no-such-row$", "--list");
        assertEquals(0, ran.exit(), ran.output());
        assertTrue(ran.output().contains("0 rows"), ran.output());
    }

    private Ran run(final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchMain.class.getName());
        command.addAll(List.of(arguments));
        command.add("--out");
        command.add(dir.resolve("out").toString());
        final Path log = dir.resolve("log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        try
        {
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the runner did not stop");
            return new Ran(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private record Ran(int exit, String output)
    {
    }
}
