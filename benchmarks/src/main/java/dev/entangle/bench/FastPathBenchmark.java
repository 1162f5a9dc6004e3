package dev.entangle.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * The pre-faulter's effect: the Entangle round trip with it (the default) and without it, in both JVMs.
 */
public class FastPathBenchmark extends RoundTripState
{
    @Param({ "true", "false" })
    public String prefault;

    @Override
    protected void configure()
    {
        // Read by the library when it first loads in this JVM, and passed on to the echo peer's.
        System.setProperty("entangle.prefault", prefault);
    }
}
