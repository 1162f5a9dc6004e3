package dev.entangle.bench;

import java.util.List;

/**
 * One table of the report. Its rows are compared with its reference row fork by fork: the reference's figure
 * divided by the row's, from forks that ran in the same round. A table may also show rows that belong to another
 * table, so that a comparison needs no second run of them: they are measured once, under their own table, and
 * listed here too, marked with the table they come from.
 *
 * @param id        the key in {@code latest.json}.
 * @param title     the heading in {@code latest.md}.
 * @param kind      what its rows measure.
 * @param reference the label of the reference row (its own or one it shows); for a table of several payload sizes,
 *                  the reference row of the same size is used.
 * @param bySize    whether the table shows a payload column, its rows being of several sizes.
 * @param note      what the table shows and how to read it, under the heading.
 * @param shows     the ids ({@link Row#id()}) of rows of other tables that it shows too, in this order after its own.
 */
record Table(String id, String title, Kind kind, String reference, boolean bySize, String note, List<String> shows)
{
    /**
     * What a table's rows measure, or show.
     */
    enum Kind
    {
        /** Time per operation: percentiles and mean, in nanoseconds. */
        LATENCY,
        /** Operations per second. */
        THROUGHPUT,
        /** The bytes each row allocates per operation, in each JVM; the rows' own figures are in their tables. */
        ALLOCATION
    }

    /**
     * A table of its own rows only.
     *
     * @param id        the key in {@code latest.json}.
     * @param title     the heading in {@code latest.md}.
     * @param kind      what its rows measure.
     * @param reference the label of the reference row.
     * @param bySize    whether the table shows a payload column.
     * @param note      what the table shows and how to read it.
     */
    Table(final String id, final String title, final Kind kind, final String reference, final boolean bySize,
        final String note)
    {
        this(id, title, kind, reference, bySize, note, List.of());
    }

    Table
    {
        shows = List.copyOf(shows);
    }
}
