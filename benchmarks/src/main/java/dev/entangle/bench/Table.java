package dev.entangle.bench;

/**
 * One table of the report. Its rows are compared with its reference row fork by fork: the reference's figure
 * divided by the row's, from forks that ran in the same round.
 *
 * @param id        the key in {@code latest.json}.
 * @param title     the heading in {@code latest.md}.
 * @param kind      what its rows measure.
 * @param reference the label of the reference row; for a table of several payload sizes, the reference row of the
 *                  same size is used.
 * @param bySize    whether the table shows a payload column, its rows being of several sizes.
 * @param note      a sentence under the heading: what the table shows and how to read it.
 */
record Table(String id, String title, Kind kind, String reference, boolean bySize, String note)
{
    /**
     * What a table's rows measure.
     */
    enum Kind
    {
        /** Time per operation: percentiles and mean, in nanoseconds. */
        LATENCY,
        /** Operations per second. */
        THROUGHPUT
    }
}
