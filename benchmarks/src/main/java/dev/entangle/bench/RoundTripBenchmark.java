package dev.entangle.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Round trip of a 64-byte message between this JVM and an echo peer in a second JVM, for every transport.
 */
public class RoundTripBenchmark extends RoundTripState
{
    @Param({ "entangle-spin", "entangle-backoff", "entangle-bytes", "chronicle-queue", "agrona-ring-buffer",
        "aeron-ipc", "uds-blocking", "uds-spin", "tcp-loopback" })
    public String transport;

    @Param({ "64" })
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
