package dev.entangle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * JVM arguments of every JVM the benchmarks start: the flags of the library and of Chronicle Queue, a comparison
 * peer, for this Java version. They are declared in the POMs; the build copies them into the class path resource
 * {@code dev/entangle/bench/jvm-flags.properties}, which this class reads, so nobody types them. JMH forks get
 * them from {@link BenchMain} (an annotation can only hold constants, and the list depends on the Java version);
 * a {@code @Fork} adds only {@link #HEAP}.
 */
public final class BenchFlags
{
    /** Heap of each JMH fork. */
    public static final String HEAP = "-Xmx1g";

    private static final String RESOURCE = "jvm-flags.properties";

    private BenchFlags()
    {
    }

    /**
     * @return the flags for a JVM on the same Java version as this one that runs any of the benchmarked transports.
     */
    public static List<String> required()
    {
        final Properties properties = new Properties();
        try (InputStream in = BenchFlags.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("class path resource missing: dev/entangle/bench/" + RESOURCE);
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read dev/entangle/bench/" + RESOURCE, ex);
        }
        final List<String> flags = new ArrayList<>();
        addAll(flags, properties.getProperty("flags", ""));
        if (Runtime.version().feature() >= 24)
        {
            addAll(flags, properties.getProperty("flags.jdk24", ""));
        }
        return Collections.unmodifiableList(flags);
    }

    private static void addAll(final List<String> flags, final String spaced)
    {
        for (final String flag : spaced.trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                flags.add(flag);
            }
        }
    }
}
