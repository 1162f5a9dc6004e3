package dev.entangle.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One contestant of a {@link SlicedGroup}: its figures come from the group's run of the same fork, which the first
 * of the group's rows to be measured in a round starts.
 */
final class SlicedRow implements Row
{
    private final Table table;
    private final SlicedGroup group;
    private final String contestant;
    private final int payloadBytes;

    /**
     * @param table        the table the row appears in.
     * @param group        the run it takes its figures from.
     * @param contestant   one of the group's contestants, also the row's label.
     * @param payloadBytes the group's payload.
     */
    SlicedRow(final Table table, final SlicedGroup group, final String contestant, final int payloadBytes)
    {
        if (!group.contestants().contains(contestant))
        {
            throw new IllegalArgumentException(contestant + " is not in the group " + group.contestants());
        }
        this.table = table;
        this.group = group;
        this.contestant = contestant;
        this.payloadBytes = payloadBytes;
    }

    /**
     * @param table        the table of the rows.
     * @param payloadBytes the payload of every round trip.
     * @param contestants  transports and the copy floor.
     * @return a row per contestant, all of one group.
     */
    static List<Row> group(final Table table, final int payloadBytes, final String... contestants)
    {
        final SlicedGroup group = new SlicedGroup(List.of(contestants), payloadBytes);
        final List<Row> rows = new ArrayList<>();
        for (final String contestant : contestants)
        {
            rows.add(new SlicedRow(table, group, contestant, payloadBytes));
        }
        return rows;
    }

    @Override
    public Table table()
    {
        return table;
    }

    @Override
    public String label()
    {
        return contestant;
    }

    @Override
    public int payloadBytes()
    {
        return payloadBytes;
    }

    @Override
    public boolean isHeadline()
    {
        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * This row's share of its group's fork.
     */
    @Override
    public Duration forkTime(final Profile profile)
    {
        return group.forkTime(profile).dividedBy(group.contestants().size());
    }

    @Override
    public Measurement measure(final Profile profile, final int fork, final Path out, final Path log)
        throws Exception
    {
        return group.measure(profile, fork, contestant, log);
    }
}
