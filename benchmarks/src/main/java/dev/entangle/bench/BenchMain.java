package dev.entangle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the whole comparison and writes the results:
 * <pre>
 * java -jar benchmarks.jar [--quick | --full] [--out DIR] [--rows REGEX] [--command TEXT]
 * java -jar benchmarks.jar [--quick | --full] [--rows REGEX] --list
 * java -jar benchmarks.jar jmh [JMH options]
 * </pre>
 * {@code --rows} keeps the rows whose id ({@code table/label/size}, see {@code --list}) the expression finds;
 * {@code --list} prints those ids and how long the profile would take to run them; {@code --command} is the command
 * written into the results (by default, this one). With {@code jmh} first, it is
 * JMH's own command line instead. The rows are those of {@link Rows}, run by {@link InterleavedRun}, reported by
 * {@link ResultsReport}. The exit status is 1 when a fork failed; the results are written all the same.
 */
public final class BenchMain
{
    private static final String USAGE = """
        usage: java -jar benchmarks.jar [--quick | --full] [--out DIR] [--rows REGEX] [--command TEXT]
               java -jar benchmarks.jar [--quick | --full] [--rows REGEX] --list
               java -jar benchmarks.jar jmh [JMH options]
          --quick         headline rows 3 forks, the others 1 (the default)
          --full          every row 3 forks, longer iterations
          --out DIR       where latest.md, latest.json and latest.svg go (benchmarks/results)
          --rows REGEX    only the rows whose id (table/label/size) the expression finds
          --list          print the ids of those rows and how long they would take, and stop
          --command TEXT  the command written into the results (by default, this one)""";
    private static final List<String> FLAGS = List.of("--quick", "--full", "--list");
    private static final List<String> OPTIONS = List.of("--out", "--rows", "--command");

    private BenchMain()
    {
    }

    /**
     * @param args see the class description.
     * @throws Exception when the results cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "jmh".equals(args[0]))
        {
            final List<String> jmh = new java.util.ArrayList<>();
            jmh.add("-jvmArgsPrepend");
            jmh.add(String.join(" ", BenchFlags.required()));
            jmh.addAll(Arrays.asList(args).subList(1, args.length));
            org.openjdk.jmh.Main.main(jmh.toArray(new String[0]));
            return;
        }
        System.setProperty("chronicle.analytics.disable", "true");
        final List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h"))
        {
            System.out.println(USAGE);
            return;
        }
        final String unknown = firstUnknown(arguments);
        if (unknown != null)
        {
            System.err.println("bench: unknown argument " + unknown + "\n" + USAGE);
            System.exit(2);
        }
        final Profile profile = arguments.contains("--full") ? Profile.FULL : Profile.QUICK;
        final Path out = Path.of(option(arguments, "--out", "benchmarks/results"));
        final Pattern only = Pattern.compile(option(arguments, "--rows", ""));
        final String command = option(arguments, "--command", "java -jar benchmarks.jar " +
            arguments.stream().map(BenchMain::shellWord).collect(Collectors.joining(" ")));
        final List<Row> rows = Rows.all().stream().filter(r -> only.matcher(r.id()).find()).toList();
        if (arguments.contains("--list"))
        {
            rows.forEach(r -> System.out.println(r.id() + (r.isHeadline() ? "  (headline)" : "")));
            final InterleavedRun run = new InterleavedRun(rows, profile, out, System.out);
            final List<InterleavedRun.Step> steps = run.plan();
            System.out.printf(Locale.ROOT, "%d rows, %d forks, about %d min (%s)%n", rows.size(),
                steps.size(), Math.max(1, Math.round(run.estimate(steps).toSeconds() / 60.0)), profile.describe());
            return;
        }
        if (rows.isEmpty())
        {
            System.err.println("bench: no row matches --rows " + only);
            System.exit(2);
        }
        Files.createDirectories(out);
        final long started = System.nanoTime();
        final List<RowResult> results = new InterleavedRun(rows, profile, out, System.out).run();
        final long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        new ResultsReport(Rows.TABLES, results, command, profile, seconds).write(out);
        System.out.println("results: " + out.resolve("latest.md") + ", latest.json, latest.svg (" + seconds + " s)");
        if (results.stream().anyMatch(r -> !r.failures().isEmpty()))
        {
            System.err.println("bench: some forks failed; see the end of latest.md and " + out.resolve("jmh.log"));
            System.exit(1);
        }
    }

    /**
     * @return the first argument that is neither a known flag nor the value of a known option, or null.
     */
    private static String firstUnknown(final List<String> arguments)
    {
        for (int i = 0; i < arguments.size(); i++)
        {
            final String argument = arguments.get(i);
            if (OPTIONS.contains(argument))
            {
                i++;
            }
            else if (!FLAGS.contains(argument))
            {
                return argument;
            }
        }
        return null;
    }

    private static String option(final List<String> arguments, final String name, final String otherwise)
    {
        final int at = arguments.indexOf(name);
        if (at >= 0 && at + 1 >= arguments.size())
        {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return at >= 0 ? arguments.get(at + 1) : otherwise;
    }

    /** Quotes an argument the way a shell needs it, so the command written into the results can be pasted. */
    private static String shellWord(final String argument)
    {
        return argument.matches("[A-Za-z0-9_./=:,+-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    static String machine() throws IOException
    {
        final String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2))
            .orElse("unknown CPU");
        final String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal")).findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("");
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + memory + ", " +
            System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK " +
            System.getProperty("java.vm.vendor") + " " + Runtime.version();
    }
}
