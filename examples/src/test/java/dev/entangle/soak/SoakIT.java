package dev.entangle.soak;

import dev.entangle.JvmFlags;
import dev.entangle.examples.Examples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the soak for 20 seconds, with a kill every 4 seconds or so, as a user would run it: through the examples'
 * entry point in a JVM of its own. It checks the exit code and the summary's shape, not its timings, and that the
 * soak left neither a process nor its directory behind.
 */
@Timeout(120)
class SoakIT
{
    private static final long LIMIT_SECONDS = 90;
    private static final Pattern DIRECTORY = Pattern.compile("^soak: \\d+ nodes and an edge in (\\S+) for ",
        Pattern.MULTILINE);

    private Process soak;

    @AfterEach
    void killWhateverIsLeft()
    {
        if (soak != null)
        {
            soak.descendants().forEach(ProcessHandle::destroyForcibly);
            soak.destroyForcibly();
        }
    }

    @Test
    void aShortSoakWithKillsPassesAndSaysSo() throws Exception
    {
        final List<String> command = JvmFlags.childJvm();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Examples.class.getName(), "soak",
            "--seconds", "20", "--kill-every", "4"));
        soak = new ProcessBuilder(command).redirectErrorStream(true).start();
        final StringBuilder output = new StringBuilder();
        final Thread reader = new Thread(() ->
        {
            try
            {
                output.append(new String(soak.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            catch (final IOException ignore)
            {
                // Killed.
            }
        });
        reader.start();
        final List<ProcessHandle> children = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (soak.isAlive() && System.nanoTime() < deadline)
        {
            soak.descendants().forEach(children::add);
            Thread.sleep(200);
        }
        if (!soak.waitFor(1, TimeUnit.MILLISECONDS))
        {
            fail("the soak did not end within " + LIMIT_SECONDS + " s");
        }
        reader.join();
        final String text = output.toString();
        System.out.println(text);

        assertEquals(0, soak.exitValue(), text);
        assertTrue(text.contains("\n[soak 0:10] delivered "), text);
        assertTrue(text.contains("\nsoak summary after "), text);
        assertLine(text, "messages delivered   [\\d,]+ in order \\([\\d,]+/s\\); sent [\\d,]+; .*");
        assertLine(text, "ordering violations  0 \\(backwards 0, repeated 0, gaps 0, corrupt 0\\)");
        final Matcher kills = assertLine(text, "kills                (\\d+) with SIGKILL, .*; 0 unexpected exits");
        assertTrue(Integer.parseInt(kills.group(1)) >= 2, text);
        assertLine(text, "kill -> close        (\\d+) closes owed to surviving peers, \\1 arrived, 0 never; " +
            "p50 \\d+ ms, max \\d+ ms; \\d+ took over 1 s");
        assertLine(text, "ports moved          [\\d,]+ sent from one process to another; .*");
        assertLine(text, "writers held back    [\\d,]+ offers refused; largest bufferedAmount seen [\\d,]+ bytes " +
            "\\(limit 4,194,304\\); \\d+ low events missed");
        assertLine(text, "directory peak       [\\d.]+ MiB allocated; bound then [\\d.]+ MiB; 0 times over the " +
            "bound;.*");
        assertLine(text, "descriptors peak     node-0 \\d+, node-1 \\d+, node-2 \\d+, node-3 \\d+, edge \\d+");
        assertLine(text, "library errors       \\d+ reported to error handlers; .*");
        assertLine(text, "result               PASS");

        final Matcher directory = DIRECTORY.matcher(text);
        assertTrue(directory.find(), text);
        assertFalse(Files.exists(Path.of(directory.group(1))), "the soak left " + directory.group(1));
        for (final ProcessHandle child : children)
        {
            final boolean ended = child.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null;
            assertTrue(ended || !child.isAlive(), "process " + child.pid() + " outlived the soak");
        }
    }

    private static Matcher assertLine(final String text, final String regex)
    {
        final Matcher line = Pattern.compile("^  " + regex + "$", Pattern.MULTILINE).matcher(text);
        assertTrue(line.find(), "no line matching \"" + regex + "\" in:\n" + text);
        return line;
    }
}
