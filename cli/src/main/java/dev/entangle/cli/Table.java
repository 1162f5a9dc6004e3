package dev.entangle.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text in aligned columns, two spaces apart, for a terminal; the last column is never padded.
 */
final class Table
{
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /**
     * @param headings the column headings, the first row.
     */
    Table(final String... headings)
    {
        this.columns = headings.length;
        rows.add(headings);
    }

    Table row(final Object... cells)
    {
        final String[] text = new String[columns];
        for (int i = 0; i < columns; i++)
        {
            text[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(text);
        return this;
    }

    void print(final PrintWriter out, final String indent)
    {
        final int[] widths = new int[columns];
        for (final String[] row : rows)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++)
            {
                line.append(row[i]);
                if (i < columns - 1)
                {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
