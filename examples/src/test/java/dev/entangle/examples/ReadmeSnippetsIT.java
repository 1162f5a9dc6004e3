package dev.entangle.examples;

import dev.entangle.JvmFlags;
import dev.entangle.examples.readme.FirstLook;
import dev.entangle.examples.readme.FirstLookOther;
import dev.entangle.examples.readme.Workers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every code block of the README is a program under {@code dev.entangle.examples.readme}, and runs as written.
 * <p>
 * A block is tied to its program by an HTML comment on the line before its fence, {@code <!-- snippet: NAME -->};
 * the program holds the same text between the lines {@code // README: NAME begin} and {@code // README: NAME end},
 * indented as the code around it (the common indentation is stripped before comparing). Blocks are read from
 * {@code README.md} and, while it exists, from {@code examples/README-snippets.md}, where new README text is written
 * before it is merged. Once {@code README.md} marks any block, it must show every program's region.
 * <p>
 * Then each program runs in JVMs of its own, started as a user would start them, in a fresh directory passed through
 * {@code ENTANGLE_DIR}: each must do its exchange, print what it says, and exit by itself with code 0 — the
 * keep-alive rule at work — leaving no process and no message behind.
 */
@Timeout(600)
class ReadmeSnippetsIT
{
    /** Generous: a program still running after this long hangs. */
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String PROGRAMS = "examples/src/main/java/dev/entangle/examples/readme";
    private static final String SNIPPETS_FILE = "examples/README-snippets.md";
    private static final Pattern BEGIN = Pattern.compile("^\\s*// README: (\\S+) begin$");
    private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+) -->$");
    private static final String FENCE = "```";

    /** A program's marked region: its name, the file it is in and its text. */
    private record Region(String name, String file, String text)
    {
    }

    /** The marked blocks of a Markdown file, and what is wrong with its markers. */
    private record Blocks(Map<String, String> byName, List<String> problems)
    {
    }

    @TestFactory
    List<DynamicTest> everyMarkedBlockEqualsItsProgramsRegion() throws IOException
    {
        final Path root = root();
        final Map<String, Region> regions = regions(root.resolve(PROGRAMS));
        final List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("programs have regions", () -> assertFalse(regions.isEmpty(),
            "no program under " + PROGRAMS + " marks a README region")));
        for (final String document : List.of("README.md", SNIPPETS_FILE))
        {
            final Path path = root.resolve(document);
            if (!Files.exists(path))
            {
                continue;
            }
            final Blocks blocks = blocks(path);
            // The snippets file must hold every block; the README must once it marks any.
            final boolean strict = document.equals(SNIPPETS_FILE) || !blocks.byName().isEmpty();
            for (final Region region : regions.values())
            {
                tests.add(dynamicTest(document + " shows " + region.name(), () ->
                {
                    final String block = blocks.byName().get(region.name());
                    if (block == null)
                    {
                        final String missing = document + " has no block marked <!-- snippet: " + region.name() +
                            " --> (the region of " + region.file() + ")";
                        if (strict)
                        {
                            fail(missing);
                        }
                        abort(missing + "; it marks no block yet");
                    }
                    assertEquals(region.text(), block, "the block marked <!-- snippet: " + region.name() + " --> in " +
                        document + " differs from the region " + region.name() + " of " + region.file());
                }));
            }
            for (final String name : blocks.byName().keySet())
            {
                tests.add(dynamicTest(document + ": " + name + " has a program", () -> assertTrue(
                    regions.containsKey(name), document + " marks a block <!-- snippet: " + name + " --> but no " +
                    "program under " + PROGRAMS + " has a region // README: " + name + " begin")));
            }
            tests.add(dynamicTest(document + " markers are well formed", () -> assertTrue(
                blocks.problems().isEmpty(), String.join("\n", blocks.problems()))));
        }
        return tests;
    }

    @Test
    void theReadmeOrTheSnippetsFileShowsThePrograms() throws IOException
    {
        final Path root = root();
        final boolean readmeMarks = !blocks(root.resolve("README.md")).byName().isEmpty();
        assertTrue(readmeMarks || Files.exists(root.resolve(SNIPPETS_FILE)),
            "README.md marks no block <!-- snippet: NAME --> and " + SNIPPETS_FILE + " is gone: nothing ties the " +
            "README's code to the programs under " + PROGRAMS);
    }

    @Test
    void firstLookRunsInTwoJvmsWhichExitByThemselves()
    {
        runFirstLook(FirstLook.class, FirstLookOther.class);
    }

    @Test
    void firstLookRunsWhenTheSecondProgramStartsFirst()
    {
        runFirstLook(FirstLookOther.class, FirstLook.class);
    }

    @Test
    void workersRunsAndExitsByItselfAfterItsWorker()
    {
        final Path dir = Narrator.freshDirectory();
        try (Program parent = Program.start(Workers.class, dir))
        {
            parent.awaitExit();
            assertEquals(List.of("echo: hi", "worker ended with 0"), parent.stdoutLines(), parent.describe());
            assertEquals(0, parent.exitCode(), parent.describe());
            assertNothingLeft(dir, parent);
        }
        finally
        {
            Narrator.deleteDirectory(dir);
        }
    }

    private static void runFirstLook(final Class<?> startedFirst, final Class<?> startedSecond)
    {
        final Path dir = Narrator.freshDirectory();
        try (Program first = Program.start(startedFirst, dir); Program second = Program.start(startedSecond, dir))
        {
            first.awaitExit();
            second.awaitExit();
            final Program main = first.main == FirstLook.class ? first : second;
            final Program other = main == first ? second : first;
            // The replies come on two routes (the channel and the context's inbox), so in either order.
            assertEquals(Set.of("Message is: hi back", "Message is: thanks"), Set.copyOf(main.stdoutLines()),
                main.describe());
            assertEquals(2, main.stdoutLines().size(), main.describe());
            assertEquals(List.of("Message is: hello"), other.stdoutLines(), other.describe());
            assertEquals(0, main.exitCode(), main.describe());
            assertEquals(0, other.exitCode(), other.describe());
            assertNothingLeft(dir, main, other);
        }
        finally
        {
            Narrator.deleteDirectory(dir);
        }
    }

    /**
     * No process that the programs started is alive, none names the directory on its command line (a worker does),
     * and no context folder is left in the directory: every context closed, and no message waits in an inbox for
     * the next, unrelated process of that name.
     */
    private static void assertNothingLeft(final Path dir, final Program... programs)
    {
        for (final Program program : programs)
        {
            assertFalse(program.process.isAlive(), program.describe());
            for (final ProcessHandle child : program.children)
            {
                final boolean ended = child.onExit().completeOnTimeout(null, LIMIT.toSeconds(), TimeUnit.SECONDS)
                    .join() != null || !child.isAlive();
                assertTrue(ended, "process " + child.pid() + " outlived " + program.describe());
            }
        }
        final List<Long> naming = ProcessHandle.allProcesses()
            .filter(handle -> handle.isAlive() && handle.info().arguments()
                .map(args -> Stream.of(args).anyMatch(arg -> arg.contains(dir.toString()))).orElse(false))
            .map(ProcessHandle::pid).collect(Collectors.toList());
        assertEquals(List.of(), naming, "processes still use " + dir);
        try (Stream<Path> contexts = Files.list(dir.resolve("contexts")))
        {
            assertEquals(List.of(), contexts.map(path -> path.getFileName().toString()).collect(Collectors.toList()),
                "contexts left in " + dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the repository's root: the nearest folder above the working directory with the README and examples.
     */
    private static Path root()
    {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve(PROGRAMS)))
            {
                return dir;
            }
        }
        throw new AssertionError("no README.md with " + PROGRAMS + " beside it above " +
            System.getProperty("user.dir"));
    }

    /**
     * @return every region marked in the programs of a folder, by name.
     */
    private static Map<String, Region> regions(final Path folder) throws IOException
    {
        final Map<String, Region> regions = new LinkedHashMap<>();
        final List<Path> files;
        try (Stream<Path> listing = Files.list(folder))
        {
            files = listing.filter(path -> path.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        for (final Path file : files)
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++)
            {
                final Matcher begin = BEGIN.matcher(lines.get(i));
                if (!begin.matches())
                {
                    continue;
                }
                final String name = begin.group(1);
                final int end = indexOf(lines, "// README: " + name + " end", i + 1);
                if (end < 0)
                {
                    fail(file.getFileName() + ": region " + name + " begins at line " + (i + 1) + " and never ends");
                }
                final Region region = new Region(name, file.getFileName().toString(),
                    stripIndentation(lines.subList(i + 1, end)));
                if (regions.put(name, region) != null)
                {
                    fail("two regions are named " + name + ", the second in " + file.getFileName());
                }
                i = end;
            }
        }
        return regions;
    }

    private static int indexOf(final List<String> lines, final String marker, final int from)
    {
        for (int i = from; i < lines.size(); i++)
        {
            if (lines.get(i).trim().equals(marker))
            {
                return i;
            }
        }
        return -1;
    }

    private static String stripIndentation(final List<String> lines)
    {
        final int indent = lines.stream().filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
            .collect(Collectors.joining("\n"));
    }

    /**
     * @return the blocks of a Markdown file marked with {@code <!-- snippet: NAME -->} on the line before their
     * opening fence ({@code ```java}), by name.
     */
    private static Blocks blocks(final Path markdown) throws IOException
    {
        final List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        final Map<String, String> blocks = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        final String file = markdown.getFileName().toString();
        for (int i = 0; i < lines.size(); i++)
        {
            final Matcher marker = MARKER.matcher(lines.get(i).trim());
            if (!marker.matches())
            {
                continue;
            }
            final String name = marker.group(1);
            if (i + 1 >= lines.size() || !lines.get(i + 1).equals(FENCE + "java"))
            {
                problems.add(file + ":" + (i + 1) + ": <!-- snippet: " + name + " --> is not followed by a ```java " +
                    "block on the next line");
                continue;
            }
            final int end = lines.subList(i + 2, lines.size()).indexOf(FENCE);
            if (end < 0)
            {
                problems.add(file + ":" + (i + 2) + ": the block of " + name + " never ends");
                continue;
            }
            if (blocks.put(name, String.join("\n", lines.subList(i + 2, i + 2 + end))) != null)
            {
                problems.add(file + ":" + (i + 1) + ": a second block is marked " + name);
            }
            i = i + 2 + end;
        }
        return new Blocks(blocks, problems);
    }

    /**
     * One program in a JVM of its own, started as a user would start it: the library's JVM flags, the examples'
     * class path, and the directory in {@code ENTANGLE_DIR}. Closing it kills whatever is left of it.
     */
    private static final class Program implements AutoCloseable
    {
        private final Class<?> main;
        private final Process process;
        private final Set<ProcessHandle> children = ConcurrentHashMap.newKeySet();
        private final StringBuffer stdout = new StringBuffer();
        private final StringBuffer stderr = new StringBuffer();
        private final Thread stdoutPump;
        private final Thread stderrPump;

        private Program(final Class<?> main, final Process process)
        {
            this.main = main;
            this.process = process;
            stdoutPump = pump(process.getInputStream(), stdout);
            stderrPump = pump(process.getErrorStream(), stderr);
        }

        static Program start(final Class<?> main, final Path dir)
        {
            final List<String> command = JvmFlags.childJvm();
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            final ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("ENTANGLE_DIR", dir.toString());
            try
            {
                return new Program(main, builder.start());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot start " + main.getName(), ex);
            }
        }

        /**
         * Waits until the program exits by itself, noting the processes it starts meanwhile; fails when it hangs.
         */
        void awaitExit()
        {
            final long deadline = System.nanoTime() + LIMIT.toNanos();
            try
            {
                while (!process.waitFor(20, TimeUnit.MILLISECONDS))
                {
                    process.descendants().forEach(children::add);
                    if (System.nanoTime() > deadline)
                    {
                        fail(main.getSimpleName() + " did not exit by itself within " + LIMIT + "\n" + describe());
                    }
                }
                stdoutPump.join();
                stderrPump.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }

        int exitCode()
        {
            return process.exitValue();
        }

        List<String> stdoutLines()
        {
            return stdout.toString().lines().collect(Collectors.toList());
        }

        String describe()
        {
            return main.getSimpleName() + " (pid " + process.pid() + (process.isAlive() ? ", running" :
                ", exit code " + process.exitValue()) + ")\n--- standard output:\n" + stdout +
                "--- standard error:\n" + stderr;
        }

        @Override
        public void close()
        {
            children.forEach(ProcessHandle::destroyForcibly);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private static Thread pump(final InputStream in, final StringBuffer into)
        {
            final Thread pump = new Thread(() ->
            {
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8))
                {
                    final char[] buffer = new char[8192];
                    int read;
                    while ((read = reader.read(buffer)) >= 0)
                    {
                        into.append(buffer, 0, read);
                    }
                }
                catch (final IOException ignore)
                {
                    // The program was killed.
                }
            }, "program-output");
            pump.setDaemon(true);
            pump.start();
            return pump;
        }
    }
}
