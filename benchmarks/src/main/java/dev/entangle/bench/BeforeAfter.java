package dev.entangle.bench;

import dev.entangle.bench.RowResult.Spread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MessagePort 64-byte round trip of two builds, measured in the same run: each build's own benchmark jar runs
 * its own {@code RoundTripBenchmark} (transport {@code entangle-spin}, payload 64) as a JMH fork of its own, the two
 * jars alternating fork by fork, and the first of each pair swapping every round, so that both meet the same
 * machine. It writes a markdown table of every fork's p50, p99, p99.9 and mean, their medians, and the ratio after
 * ÷ before computed round by round:
 * <pre>
 * java -cp benchmarks.jar dev.entangle.bench.BeforeAfter --before OLD.jar [--before-label TEXT] [--after NEW.jar]
 *     [--after-label TEXT] [--forks N] [--out FILE] [--command TEXT]
 * </pre>
 * {@code --after} defaults to the jar this runs from; {@code --forks} (default 3) is the number of forks of each;
 * {@code --out} defaults to {@code benchmarks/results/before-after.md}. {@code benchmarks/before-after} builds the
 * jar of an older commit and calls this. Both jars must have {@code dev.entangle.bench.RoundTripBenchmark.roundTrip}
 * with the parameters {@code transport} and {@code payloadBytes} and take JMH's command line after {@code jmh}.
 */
public final class BeforeAfter
{
    /** The benchmark both jars run, as a JMH include pattern. */
    static final String BENCHMARK = "^dev\\.entangle\\.bench\\.RoundTripBenchmark\\.roundTrip$";
    private static final int WARMUP_ITERATIONS = 2;
    private static final int MEASURED_ITERATIONS = 3;
    private static final int ITERATION_SECONDS = 2;
    private static final long FORK_TIMEOUT_MINUTES = 10;

    private BeforeAfter()
    {
    }

    /**
     * One fork's figures, in nanoseconds.
     *
     * @param round  the round, from 1.
     * @param after  true for the after build.
     * @param p50Ns  median latency.
     * @param p99Ns  99th percentile.
     * @param p999Ns 99.9th percentile.
     * @param meanNs mean latency.
     */
    record Fork(int round, boolean after, double p50Ns, double p99Ns, double p999Ns, double meanNs)
    {
    }

    /**
     * @param args see the class description.
     * @throws Exception when a fork fails or the result cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> arguments = Arrays.asList(args);
        final Path before = Path.of(option(arguments, "--before", null));
        final Path after = Path.of(option(arguments, "--after", System.getProperty("java.class.path")));
        final String beforeLabel = option(arguments, "--before-label", before.getFileName().toString());
        final String afterLabel = option(arguments, "--after-label", after.getFileName().toString());
        final int forks = Integer.parseInt(option(arguments, "--forks", "3"));
        final Path out = Path.of(option(arguments, "--out", "benchmarks/results/before-after.md"));
        final String command = option(arguments, "--command", "java -cp benchmarks.jar " +
            BeforeAfter.class.getName() + " " + String.join(" ", arguments));
        for (final Path jar : List.of(before, after))
        {
            if (!Files.isRegularFile(jar))
            {
                throw new IllegalArgumentException("no such jar: " + jar);
            }
        }
        final long started = System.nanoTime();
        final List<Fork> measured = new ArrayList<>();
        for (int round = 1; round <= forks; round++)
        {
            final boolean afterFirst = round % 2 == 0;
            for (final boolean isAfter : new boolean[] { afterFirst, !afterFirst })
            {
                final Fork fork = run(isAfter ? after : before, round, isAfter);
                System.out.printf(Locale.ROOT, "round %d %-6s p50 %s, p99 %s, p99.9 %s, mean %s%n", round,
                    isAfter ? "after" : "before", ResultsReport.micros(fork.p50Ns()),
                    ResultsReport.micros(fork.p99Ns()), ResultsReport.micros(fork.p999Ns()),
                    ResultsReport.micros(fork.meanNs()));
                measured.add(fork);
            }
        }
        final long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        if (out.getParent() != null)
        {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, markdown(measured, beforeLabel, afterLabel, command, seconds));
        System.out.println("results: " + out + " (" + seconds + " s)");
    }

    /** Runs one JMH fork of one jar, in a JVM of its own, and reads its figures from JMH's JSON result. */
    private static Fork run(final Path jar, final int round, final boolean after) throws IOException,
        InterruptedException
    {
        final Path json = Files.createTempFile("entangle-before-after-", ".json");
        final Path log = Files.createTempFile("entangle-before-after-", ".log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (System.getProperty("jmh.ignoreLock") != null)
        {
            command.add("-Djmh.ignoreLock=" + System.getProperty("jmh.ignoreLock"));
        }
        command.addAll(List.of("-jar", jar.toString(), "jmh", BENCHMARK, "-p", "transport=entangle-spin",
            "-p", "payloadBytes=64", "-f", "1", "-wi", Integer.toString(WARMUP_ITERATIONS),
            "-w", ITERATION_SECONDS + "s", "-i", Integer.toString(MEASURED_ITERATIONS), "-r", ITERATION_SECONDS + "s",
            "-rf", "json", "-rff", json.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final Thread stop = new Thread(process::destroyForcibly, "stop-before-after-fork");
        Runtime.getRuntime().addShutdownHook(stop);
        try
        {
            if (!process.waitFor(FORK_TIMEOUT_MINUTES, TimeUnit.MINUTES))
            {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("a fork of " + jar + " took over " + FORK_TIMEOUT_MINUTES +
                    " minutes; its output: " + log);
            }
            final String result = Files.readString(json);
            if (process.exitValue() != 0 || result.isBlank())
            {
                throw new IllegalStateException("a fork of " + jar + " failed (exit " + process.exitValue() +
                    "); its output: " + log);
            }
            Files.delete(log);
            return parse(result, round, after);
        }
        finally
        {
            Runtime.getRuntime().removeShutdownHook(stop);
            Files.deleteIfExists(json);
        }
    }

    /**
     * @param json  JMH's JSON result of one benchmark in {@code SampleTime} mode, in nanoseconds.
     * @param round the round.
     * @param after true for the after build.
     * @return its figures.
     */
    static Fork parse(final String json, final int round, final boolean after)
    {
        final int primary = json.indexOf("\"primaryMetric\"");
        final int secondary = json.indexOf("\"secondaryMetrics\"", primary);
        if (primary < 0)
        {
            throw new IllegalArgumentException("no primary metric in JMH's result");
        }
        final String metric = json.substring(primary, secondary < 0 ? json.length() : secondary);
        if (!metric.contains("\"scoreUnit\" : \"ns/op\""))
        {
            throw new IllegalArgumentException("the result is not in ns/op: " + metric);
        }
        return new Fork(round, after, number(metric, "\"50.0\""), number(metric, "\"99.0\""),
            number(metric, "\"99.9\""), number(metric, "\"score\""));
    }

    private static double number(final String text, final String key)
    {
        final Matcher matcher = Pattern.compile(Pattern.quote(key) + "\\s*:\\s*\"?([-0-9.eE+]+|NaN)").matcher(text);
        if (!matcher.find())
        {
            throw new IllegalArgumentException("no " + key + " in JMH's result");
        }
        return Double.parseDouble(matcher.group(1));
    }

    /**
     * @return the markdown file: how it was run, every fork, the medians and the ratios.
     */
    static String markdown(
        final List<Fork> forks, final String beforeLabel, final String afterLabel, final String command,
        final long seconds) throws IOException
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Before and after: MessagePort round trip, 64 B, same run\n\n")
            .append("Command: `").append(command).append("` (").append(seconds).append(" s), finished ")
            .append(Instant.now()).append("\n\n")
            .append("Machine: ").append(BenchMain.machine()).append("\n\n")
            .append("Before: `").append(beforeLabel).append("`; after: `").append(afterLabel).append("`. ")
            .append("Each build's own benchmark jar runs its own `RoundTripBenchmark.roundTrip` with ")
            .append("`transport=entangle-spin`, `payloadBytes=64`: this JVM posts a 64-byte `byte[]` on a ")
            .append("`MessagePort` and takes the echo with `receiveMessage()`, spinning; the echo peer, in a second ")
            .append("JVM, answers from a busy-spinning context's listener. Each fork is one JMH run (`SampleTime`) ")
            .append("in a JVM of its own, ").append(WARMUP_ITERATIONS).append(" x ").append(ITERATION_SECONDS)
            .append(" s warm-up, ").append(MEASURED_ITERATIONS).append(" x ").append(ITERATION_SECONDS)
            .append(" s measured. The builds alternate fork by fork, the first of each round swapping every round, ")
            .append("so both meet the same machine; a ratio is after ÷ before between forks of the same round ")
            .append("(above 1: after is slower), shown as its median [min–max] across rounds. Each build runs its ")
            .append("own harness, so what the harnesses do differently is part of the ratio: this tree's echo ")
            .append("listener also counts each message for its allocation figure (one ordered store) and checks ")
            .append("whether the message is an `ArrayBuffer` to transfer back.\n\n");
        md.append("| round | build | p50 | p99 | p99.9 | mean |\n| ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (final Fork fork : forks)
        {
            row(md, Integer.toString(fork.round()), fork.after() ? afterLabel : beforeLabel, fork.p50Ns(),
                fork.p99Ns(), fork.p999Ns(), fork.meanNs());
        }
        for (final boolean after : new boolean[] { false, true })
        {
            row(md, "median", after ? afterLabel : beforeLabel, median(forks, after, Fork::p50Ns),
                median(forks, after, Fork::p99Ns), median(forks, after, Fork::p999Ns),
                median(forks, after, Fork::meanNs));
        }
        md.append("\nRatio after ÷ before, round by round:\n\n| figure | ratio | no slower (median at most 1) |\n")
            .append("| --- | ---: | --- |\n");
        ratio(md, forks, "p50", Fork::p50Ns);
        ratio(md, forks, "p99", Fork::p99Ns);
        ratio(md, forks, "p99.9", Fork::p999Ns);
        ratio(md, forks, "mean", Fork::meanNs);
        return md.toString();
    }

    private static void row(
        final StringBuilder md, final String round, final String build, final double p50, final double p99,
        final double p999, final double mean)
    {
        md.append("| ").append(round).append(" | ").append(build).append(" | ").append(ResultsReport.micros(p50))
            .append(" | ").append(ResultsReport.micros(p99)).append(" | ").append(ResultsReport.micros(p999))
            .append(" | ").append(ResultsReport.micros(mean)).append(" |\n");
    }

    private static double median(final List<Fork> forks, final boolean after, final ToDoubleFunction<Fork> figure)
    {
        return Spread.of(forks.stream().filter(f -> f.after() == after).mapToDouble(figure).toArray()).median();
    }

    private static void ratio(
        final StringBuilder md, final List<Fork> forks, final String name, final ToDoubleFunction<Fork> figure)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final Fork after : forks)
        {
            for (final Fork before : forks)
            {
                if (after.after() && !before.after() && after.round() == before.round())
                {
                    ratios.add(figure.applyAsDouble(after) / figure.applyAsDouble(before));
                }
            }
        }
        final Spread spread = Spread.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        md.append("| ").append(name).append(" | ").append(ResultsReport.spread(spread)).append(" | ")
            .append(spread.count() == 0 ? "" : spread.median() <= 1.0 ? "yes" : "no").append(" |\n");
    }

    private static String option(final List<String> arguments, final String name, final String otherwise)
    {
        final int at = arguments.indexOf(name);
        if (at >= 0 && at + 1 >= arguments.size())
        {
            throw new IllegalArgumentException(name + " needs a value");
        }
        if (at < 0 && otherwise == null)
        {
            throw new IllegalArgumentException(name + " is required");
        }
        return at >= 0 ? arguments.get(at + 1) : otherwise;
    }
}
