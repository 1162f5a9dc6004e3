package dev.entangle.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Round trips of 64 B to 1 MiB messages through Entangle and through raw Chronicle Queue, with the echo peer in a
 * second JVM.
 */
public class PayloadBenchmark extends RoundTripState
{
    @Param({ "entangle-spin", "chronicle-queue" })
    public String transport;

    @Param({ "64", "1024", "65536", "1048576" })
    public int payloadBytes;

    @Override
    protected String transport()
    {
        return transport;
    }

    @Override
    protected int payloadBytes()
    {
        return payloadBytes;
    }
}
