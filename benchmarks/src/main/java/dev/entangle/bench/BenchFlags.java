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
 * a {@code @Fork} adds only {@link #HEAP} and {@link #PRE_TOUCH}.
 */
public final class BenchFlags
{
    /** Heap of each JMH fork. */
    public static final String HEAP = "-Xmx1g";

    /**
     * Every JVM of the comparison touches its whole heap as it starts, so that a fork of a few seconds measures
     * what a long-running process sees. Without it, a transport that allocates for each message walks its young
     * generation into pages the process has never touched, each a page fault, for the first seconds or minutes of
     * its life: in a sliced run with one second of warm-up, MessagePort's event path had a p99 of 2.4–3.1 µs
     * against 0.68–1.33 µs with the heap touched, while its bytes path, which allocates nothing, was the same
     * either way. A process pays that once; an application that cares about its tail from the first second
     * can start with this flag too.
     */
    public static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

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
