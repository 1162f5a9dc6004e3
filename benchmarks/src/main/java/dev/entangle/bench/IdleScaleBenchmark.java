package dev.entangle.bench;

import dev.entangle.bench.transport.EchoPeer;
import org.openjdk.jmh.annotations.Param;

/**
 * The Entangle round trip while the echo peer's context also holds many started, idle ports, whose event loop must
 * find the one busy port among them.
 */
public class IdleScaleBenchmark extends RoundTripState
{
    @Param({ "0", "100", "1000", "10000" })
    public int idlePorts;

    @Override
    protected void configure()
    {
        System.setProperty(EchoPeer.IDLE_PORTS_PROP, Integer.toString(idlePorts));
    }
}
