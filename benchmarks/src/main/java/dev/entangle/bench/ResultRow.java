package dev.entangle.bench;

/**
 * One line of {@code latest.json}: a transport's figures in one benchmark. Latencies are in nanoseconds; a figure
 * that does not apply is null.
 */
record ResultRow(
    String benchmark,
    String transport,
    int payloadBytes,
    Double p50Ns,
    Double p90Ns,
    Double p99Ns,
    Double p999Ns,
    Double maxNs,
    Double throughputMsgsPerS)
{
    String toJson()
    {
        return "{\"benchmark\": \"" + benchmark + "\", \"transport\": \"" + transport + "\", \"payload_bytes\": " +
            payloadBytes + ", \"p50_ns\": " + number(p50Ns) + ", \"p90_ns\": " + number(p90Ns) + ", \"p99_ns\": " +
            number(p99Ns) + ", \"p999_ns\": " + number(p999Ns) + ", \"max_ns\": " + number(maxNs) +
            ", \"throughput_msgs_per_s\": " + number(throughputMsgsPerS) + "}";
    }

    private static String number(final Double value)
    {
        return value == null || value.isNaN() ? "null" : String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
