package dev.entangle.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Round trips of 1 KiB to 1 MiB messages through Entangle, raw Chronicle Queue and the Agrona ring buffer, with
 * the echo peer in a second JVM. {@link CopyFloorBenchmark} gives the floor of copying the same payloads.
 */
public class PayloadBenchmark extends RoundTripState
{
    /** The transport measured. */
    @Param({ "entangle-spin", "chronicle-queue", "agrona-ring-buffer" })
    public String transport;

    /** The size of each message. */
    @Param({ "1024", "65536", "1048576" })
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
