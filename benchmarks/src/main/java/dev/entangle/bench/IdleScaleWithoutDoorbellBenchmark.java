package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
import org.openjdk.jmh.annotations.Param;

/**
 * As {@link IdleScaleBenchmark}, without the doorbell: the echo peer's loop polls every port each cycle (10,000
 * started ports would also open 10,000 tailers, more descriptors than this machine allows).
 */
public class IdleScaleWithoutDoorbellBenchmark extends RoundTripState
{
    @Param({ "0", "100", "1000" })
    public int idlePorts;

    @Override
    protected void configure()
    {
        System.setProperty(EchoPeer.IDLE_PORTS_PROP, Integer.toString(idlePorts));
        System.setProperty("entangle.doorbell", "false");
    }
}
