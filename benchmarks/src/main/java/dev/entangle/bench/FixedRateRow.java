package dev.entangle.bench;

import java.nio.file.Path;

/**
 * A row that is not JMH: {@link FixedRateRun} in the driver's own JVM, 100,000 round trips a second, each fork's
 * interval histograms written to {@code fixed-rate-<transport>.hlog} ({@code -fork<n>} after the first fork).
 */
final class FixedRateRow implements Row
{
    /** Round trips per second. */
    static final int RATE = 100_000;

    private final Table table;
    private final String transport;

    /**
     * @param table     the table the row appears in.
     * @param transport the transport, also the row's label.
     */
    FixedRateRow(final Table table, final String transport)
    {
        this.table = table;
        this.transport = transport;
    }

    @Override
    public Table table()
    {
        return table;
    }

    @Override
    public String label()
    {
        return transport;
    }

    @Override
    public int payloadBytes()
    {
        return 64;
    }

    @Override
    public boolean isHeadline()
    {
        return false;
    }

    @Override
    public Measurement measure(final Profile profile, final int fork, final Path out, final Path log)
        throws Exception
    {
        final Path hlog = out.resolve("fixed-rate-" + transport + (fork == 1 ? "" : "-fork" + fork) + ".hlog");
        final FixedRateRun run = new FixedRateRun(transport, RATE, profile.fixedRateWarmup(), profile.fixedRateTime());
        return Measurement.of(fork, run.run(hlog));
    }
}
