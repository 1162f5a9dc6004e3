package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A row measured by one JMH benchmark method with fixed parameter values: each fork is one JMH run of one fork
 * ({@code -f 1}) with {@code -prof gc} and {@link EchoAllocationProfiler}, driven through JMH's {@link Runner}.
 * <pre>{@code
 * JmhRow.of(Rows.PAYLOAD, "entangle-spin", PayloadBenchmark.class).param("transport", "entangle-spin")
 *     .payload(65536).headline()
 * }</pre>
 */
final class JmhRow implements Row
{
    private final Table table;
    private final String label;
    private final Class<?> benchmark;
    private final String method;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private int payloadBytes;
    private boolean headline;

    private JmhRow(final Table table, final String label, final Class<?> benchmark, final String method)
    {
        this.table = table;
        this.label = label;
        this.benchmark = benchmark;
        this.method = method;
    }

    /**
     * @param table     the table the row appears in.
     * @param label     the row's label.
     * @param benchmark a JMH benchmark class with exactly one {@code @Benchmark} method, its own or inherited.
     * @return a row with the benchmark's default parameters, not headline, of no particular payload size.
     */
    static JmhRow of(final Table table, final String label, final Class<?> benchmark)
    {
        return new JmhRow(table, label, benchmark, benchmarkMethod(benchmark));
    }

    /**
     * @param table     the table the row appears in.
     * @param label     the row's label.
     * @param benchmark a JMH benchmark class.
     * @param method    the name of one of its {@code @Benchmark} methods, its own or inherited.
     * @return a row of that method, with the benchmark's default parameters, not headline, of no particular size.
     */
    static JmhRow of(final Table table, final String label, final Class<?> benchmark, final String method)
    {
        for (final Method candidate : benchmark.getMethods())
        {
            if (candidate.getName().equals(method) && candidate.isAnnotationPresent(Benchmark.class))
            {
                return new JmhRow(table, label, benchmark, method);
            }
        }
        throw new IllegalArgumentException(benchmark.getSimpleName() + " has no @Benchmark method " + method);
    }

    /**
     * Fixes a {@code @Param} of the benchmark.
     *
     * @param name  the field's name.
     * @param value its value.
     * @return this row.
     */
    JmhRow param(final String name, final String value)
    {
        if (paramField(benchmark, name) == null)
        {
            throw new IllegalArgumentException(benchmark.getSimpleName() + " has no @Param " + name);
        }
        params.put(name, value);
        return this;
    }

    /**
     * Sets the row's payload size, and the benchmark's {@code payloadBytes} parameter where it has one.
     *
     * @param bytes the payload size.
     * @return this row.
     */
    JmhRow payload(final int bytes)
    {
        payloadBytes = bytes;
        if (paramField(benchmark, "payloadBytes") != null)
        {
            params.put("payloadBytes", Integer.toString(bytes));
        }
        return this;
    }

    /**
     * Runs the row's JVMs, the benchmark's and the echo peer's, with these flags beside their usual ones.
     *
     * @param flags JVM flags.
     * @return this row.
     */
    JmhRow jvmFlags(final String... flags)
    {
        jvmFlags.addAll(List.of(flags));
        return this;
    }

    /**
     * Makes it a headline row.
     *
     * @return this row.
     */
    JmhRow headline()
    {
        headline = true;
        return this;
    }

    @Override
    public Table table()
    {
        return table;
    }

    @Override
    public String label()
    {
        return label;
    }

    @Override
    public int payloadBytes()
    {
        return payloadBytes;
    }

    @Override
    public boolean isHeadline()
    {
        return headline;
    }

    @Override
    public Duration forkTime(final Profile profile)
    {
        return profile.jmhForkTime();
    }

    @Override
    public Measurement measure(final Profile profile, final int fork, final Path out, final Path log)
        throws Exception
    {
        final Path output = Files.createTempFile("entangle-bench-fork-", ".log");
        try
        {
            final ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .forks(1)
                .jvmArgsPrepend(BenchFlags.required().toArray(new String[0]))
                .warmupForks(0)
                .warmupIterations(profile.warmupIterations())
                .warmupTime(TimeValue.milliseconds(profile.warmupTime().toMillis()))
                .measurementIterations(profile.measurementIterations())
                .measurementTime(TimeValue.milliseconds(profile.measurementTime().toMillis()))
                .addProfiler(GCProfiler.class)
                .addProfiler(EchoAllocationProfiler.class)
                .shouldFailOnError(true)
                .output(output.toString());
            params.forEach(options::param);
            if (!jvmFlags.isEmpty())
            {
                final List<String> appended = new ArrayList<>(jvmFlags);
                appended.add("-D" + EchoPeer.JVM_FLAGS_PROP + "=" + String.join(" ", jvmFlags));
                options.jvmArgsAppend(appended.toArray(new String[0]));
            }
            final RunResult result = new Runner(options.build()).runSingle();
            return Measurement.of(fork, result);
        }
        finally
        {
            append(log, "=== " + id() + ", fork " + fork + "\n", output);
            Files.deleteIfExists(output);
        }
    }

    private static void append(final Path log, final String heading, final Path output) throws IOException
    {
        Files.writeString(log, heading, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (Files.exists(output))
        {
            Files.write(log, Files.readAllBytes(output), StandardOpenOption.APPEND);
        }
    }

    private static String benchmarkMethod(final Class<?> benchmark)
    {
        String found = null;
        for (final Method candidate : benchmark.getMethods())
        {
            if (candidate.isAnnotationPresent(Benchmark.class))
            {
                if (found != null)
                {
                    throw new IllegalArgumentException(benchmark.getSimpleName() + " has more than one @Benchmark " +
                        "method: " + found + ", " + candidate.getName());
                }
                found = candidate.getName();
            }
        }
        if (found == null)
        {
            throw new IllegalArgumentException(benchmark.getSimpleName() + " has no @Benchmark method");
        }
        return found;
    }

    private static Field paramField(final Class<?> benchmark, final String name)
    {
        for (Class<?> type = benchmark; type != null; type = type.getSuperclass())
        {
            for (final Field field : type.getDeclaredFields())
            {
                if (field.getName().equals(name) && field.isAnnotationPresent(Param.class))
                {
                    return field;
                }
            }
        }
        return null;
    }
}
