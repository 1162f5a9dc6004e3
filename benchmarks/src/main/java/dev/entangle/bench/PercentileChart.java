package dev.entangle.bench;

import java.util.List;
import java.util.Locale;

/**
 * An SVG line chart of latency percentiles: one line per row across p50, p90, p99, p99.9 and max (each the median
 * across the row's forks), on a logarithmic latency axis, drawn without any plotting library.
 */
final class PercentileChart
{
    private static final String[] LABELS = { "p50", "p90", "p99", "p99.9", "max" };
    private static final String[] COLOURS = {
        "#d62728", "#ff7f0e", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f" };
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 230;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private final List<RowResult> rows;

    PercentileChart(final List<RowResult> rows)
    {
        this.rows = rows.stream().filter(r -> !r.forks().isEmpty()).toList();
    }

    String svg()
    {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final RowResult row : rows)
        {
            for (final double v : values(row))
            {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        final double lowDecade = Math.floor(Math.log10(Math.max(1, min)));
        final double highDecade = Math.ceil(Math.log10(Math.max(10, max)));
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" " +
            "height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">Round trip between two " +
            "JVMs, 64 B: latency percentiles (log scale)</text>\n", LEFT));
        for (double d = lowDecade; d <= highDecade; d++)
        {
            final double y = y(Math.pow(10, d), lowDecade, highDecade);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" " +
                "stroke=\"#ddd\"/>\n", LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                LEFT - 8, y + 4, duration(Math.pow(10, d))));
        }
        for (int i = 0; i < LABELS.length; i++)
        {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                x(i), HEIGHT - BOTTOM + 20, LABELS[i]));
        }
        for (int r = 0; r < rows.size(); r++)
        {
            final double[] values = values(rows.get(r));
            final String colour = COLOURS[r % COLOURS.length];
            final StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.length; i++)
            {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i), y(values[i], lowDecade, highDecade)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" " +
                "points=\"%s\"/>\n", colour, points.toString().trim()));
            final int legendY = TOP + 20 * r + 10;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " +
                "stroke-width=\"3\"/>\n", WIDTH - RIGHT + 20, legendY, WIDTH - RIGHT + 45, legendY, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", WIDTH - RIGHT + 52,
                legendY + 4, rows.get(r).row().label()));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double[] values(final RowResult row)
    {
        final Measurement m = row.medians();
        return new double[]{ m.p50Ns(), m.p90Ns(), m.p99Ns(), m.p999Ns(), m.maxNs() };
    }

    private static double x(final int index)
    {
        return LEFT + 30 + index * (WIDTH - LEFT - RIGHT - 60) / (double)(LABELS.length - 1);
    }

    private static double y(final double ns, final double lowDecade, final double highDecade)
    {
        final double fraction = (Math.log10(Math.max(1, ns)) - lowDecade) / (highDecade - lowDecade);
        return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
    }

    private static String duration(final double ns)
    {
        return ns >= 1_000_000 ? String.format(Locale.ROOT, "%.0f ms", ns / 1e6) :
            ns >= 1_000 ? String.format(Locale.ROOT, "%.0f µs", ns / 1e3) : String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
