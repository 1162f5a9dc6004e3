package dev.entangle.bench;

import dev.entangle.Configuration;
import org.openjdk.jmh.annotations.Param;

/**
 * What the counters each context keeps cost a round trip: the MessagePort 64-byte round trip with them on (the
 * default) and off, in both JVMs. The setting is a system property, read when a context opens; the echo peer's JVM
 * gets this JVM's {@code entangle.*} properties on its command line.
 */
public class CountersBenchmark extends RoundTripState
{
    /** {@code true} or {@code false}. */
    @Param({ "true", "false" })
    public String counters;

    @Override
    protected void configure()
    {
        System.setProperty(Configuration.COUNTERS_PROP_NAME, counters);
    }
}
