package dev.entangle.bench;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Runs the whole comparison in one go and writes the results: {@code java -jar benchmarks.jar [--quick | --full]
 * [--out DIR]}. With {@code jmh} as first argument it is JMH's own command line instead.
 */
public final class BenchMain
{
    private static final String[] JMH_BENCHMARKS = {
        RoundTripBenchmark.class.getSimpleName(), FastPathBenchmark.class.getSimpleName(),
        PayloadBenchmark.class.getSimpleName(), ThroughputBenchmark.class.getSimpleName(),
        IdleScaleBenchmark.class.getSimpleName(), IdleScaleWithoutDoorbellBenchmark.class.getSimpleName() };

    private BenchMain()
    {
    }

    /**
     * @param args {@code --quick} (default), {@code --full}, {@code --out DIR}; or {@code jmh ...}.
     * @throws Exception when a benchmark fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "jmh".equals(args[0]))
        {
            final List<String> jmh = new ArrayList<>();
            jmh.add("-jvmArgsPrepend");
            jmh.add(String.join(" ", BenchFlags.required()));
            jmh.addAll(Arrays.asList(args).subList(1, args.length));
            org.openjdk.jmh.Main.main(jmh.toArray(new String[0]));
            return;
        }
        System.setProperty("chronicle.analytics.disable", "true");
        final boolean full = Arrays.asList(args).contains("--full");
        final int out = Arrays.asList(args).indexOf("--out");
        final Path results = Path.of(out >= 0 ? args[out + 1] : "benchmarks/results");
        Files.createDirectories(results);
        final String profile = full ? "full" : "quick";
        final long started = System.currentTimeMillis();

        final List<ResultRow> rows = new ArrayList<>();
        for (final RunResult result : runJmh(full, results))
        {
            rows.add(toRow(result));
        }
        for (final String transport : List.of("entangle-spin", "chronicle-queue"))
        {
            final FixedRateRun run = new FixedRateRun(transport, 100_000, full ? 10 : 5, full ? 30 : 8);
            final Histogram histogram = run.run(results.resolve("fixed-rate-" + transport + ".hlog"));
            rows.add(new ResultRow("fixed_rate_100k", transport, 64,
                (double)histogram.getValueAtPercentile(50), (double)histogram.getValueAtPercentile(90),
                (double)histogram.getValueAtPercentile(99), (double)histogram.getValueAtPercentile(99.9),
                (double)histogram.getMaxValue(), null));
        }
        final String command = "./entangle bench" + (full ? " --full" : "");
        new ResultsReport(rows, command, profile, (System.currentTimeMillis() - started) / 1000).write(results);
        System.out.println("results: " + results.resolve("latest.md") + ", latest.json, latest.svg");
    }

    private static Collection<RunResult> runJmh(final boolean full, final Path results) throws RunnerException
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(1)
            .jvmArgsPrepend(BenchFlags.required().toArray(new String[0]))
            .shouldFailOnError(true)
            .warmupIterations(full ? 3 : 1)
            .warmupTime(TimeValue.seconds(full ? 5 : 3))
            .measurementIterations(full ? 5 : 2)
            .measurementTime(TimeValue.seconds(full ? 5 : 3))
            .resultFormat(ResultFormatType.JSON)
            .result(results.resolve("jmh.json").toString());
        for (final String benchmark : JMH_BENCHMARKS)
        {
            options.include("dev\\.entangle\\.bench\\." + benchmark + "\\.");
        }
        return new Runner(options.build()).run();
    }

    private static ResultRow toRow(final RunResult run)
    {
        final String name = run.getParams().getBenchmark();
        final String simple = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1,
            name.lastIndexOf('.'));
        final Result<?> primary = run.getPrimaryResult();
        final String transport = param(run, "transport", "entangle-spin");
        final int payload = Integer.parseInt(param(run, "payloadBytes", "64"));
        if (simple.equals(ThroughputBenchmark.class.getSimpleName()))
        {
            return new ResultRow("throughput", transport, payload, null, null, null, null, null, primary.getScore());
        }
        final Statistics stats = primary.getStatistics();
        final String benchmark;
        final String label;
        switch (simple)
        {
            case "RoundTripBenchmark" ->
            {
                benchmark = "round_trip";
                label = transport;
            }
            case "PayloadBenchmark" ->
            {
                benchmark = "payload";
                label = transport;
            }
            case "FastPathBenchmark" ->
            {
                benchmark = "fast_path";
                label = "entangle-spin prefault=" + param(run, "prefault", "true");
            }
            case "IdleScaleBenchmark" ->
            {
                benchmark = "idle_scale";
                label = "entangle-spin idle=" + param(run, "idlePorts", "0") + " doorbell";
            }
            default ->
            {
                benchmark = "idle_scale";
                label = "entangle-spin idle=" + param(run, "idlePorts", "0") + " no-doorbell";
            }
        }
        return new ResultRow(benchmark, label, payload, stats.getPercentile(50), stats.getPercentile(90),
            stats.getPercentile(99), stats.getPercentile(99.9), stats.getMax(), null);
    }

    private static String param(final RunResult run, final String key, final String otherwise)
    {
        final String value = run.getParams().getParam(key);
        return value != null ? value : otherwise;
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
