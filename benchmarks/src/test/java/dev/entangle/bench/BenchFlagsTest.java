package dev.entangle.bench;

import dev.entangle.JvmFlags;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarks' JVMs get the flags the POMs declare for them, which include every flag the library needs, and
 * Chronicle Queue's, since Chronicle Queue is one of the transports compared.
 */
class BenchFlagsTest
{
    @Test
    void requiredIsWhatThePomGivesAJvmOfThisJavaVersion()
    {
        final String flags = System.getProperty("pom.jvm.flags");
        assertNotNull(flags, "the build passes the POM's flags as system property pom.jvm.flags");
        final List<String> pom =
            Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).collect(Collectors.toList());
        assertEquals(pom, BenchFlags.required());
    }

    @Test
    void everyFlagOfTheLibraryIsThere()
    {
        assertTrue(BenchFlags.required().containsAll(JvmFlags.required()),
            "benchmarks " + BenchFlags.required() + ", library " + JvmFlags.required());
    }

    @Test
    void chronicleQueueCanRun()
    {
        assertTrue(BenchFlags.required().contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"),
            BenchFlags.required().toString());
        assertTrue(BenchFlags.required().contains("-Dchronicle.analytics.disable=true"),
            BenchFlags.required().toString());
    }
}
