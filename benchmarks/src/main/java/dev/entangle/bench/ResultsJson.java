package dev.entangle.bench;

import dev.entangle.bench.RowResult.Spread;
import dev.entangle.bench.Targets.Target;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code latest.json}: every fork's figures of every row, their medians, the ratios to each row's reference with
 * their range over forks, which rows each table shows, and the targets with whether each was met. Written by hand,
 * as the figures are few and a JSON library would be one more dependency of the benchmark jar.
 */
final class ResultsJson
{
    private final ResultsReport report;
    private final List<Table> tables;
    private final List<RowResult> results;
    private final String command;
    private final Profile profile;
    private final long seconds;

    ResultsJson(
        final ResultsReport report, final List<Table> tables, final List<RowResult> results, final String command,
        final Profile profile, final long seconds)
    {
        this.report = report;
        this.tables = tables;
        this.results = results;
        this.command = command;
        this.profile = profile;
        this.seconds = seconds;
    }

    String json(final String machine, final String finished)
    {
        final StringBuilder json = new StringBuilder();
        json.append("{\n  \"command\": ").append(quote(command))
            .append(",\n  \"profile\": ").append(quote(profile.name()))
            .append(",\n  \"profile_detail\": ").append(quote(profile.describe()))
            .append(",\n  \"seconds\": ").append(seconds)
            .append(",\n  \"finished\": ").append(quote(finished))
            .append(",\n  \"machine\": ").append(quote(machine))
            .append(",\n  \"rows\": [");
        String separator = "\n";
        for (final RowResult row : results)
        {
            json.append(separator);
            separator = ",\n";
            rowJson(json, row);
        }
        json.append("\n  ],\n  \"tables\": [");
        separator = "\n";
        for (final Table table : tables)
        {
            json.append(separator).append("    {\"id\": ").append(quote(table.id()))
                .append(", \"title\": ").append(quote(table.title()))
                .append(", \"reference\": ").append(quote(table.reference()))
                .append(", \"rows\": [")
                .append(report.shown(table).stream().map(r -> quote(r.row().id())).collect(Collectors.joining(", ")))
                .append("]}");
            separator = ",\n";
        }
        json.append("\n  ],\n  \"targets\": [");
        separator = "\n";
        for (final Target target : Targets.ALL)
        {
            final Optional<Spread> ratio = target.ratio(report::byId);
            if (ratio.isPresent())
            {
                json.append(separator).append("    {\"what\": ").append(quote(target.what()))
                    .append(", \"numerator\": ").append(quote(target.numerator()))
                    .append(", \"denominator\": ").append(quote(target.denominator()))
                    .append(", \"figure\": ").append(quote(target.figure().text()))
                    .append(", \"limit\": ").append(target.limit())
                    .append(", \"at_most\": ").append(target.atMost())
                    .append(", \"ratio\": ").append(spreadJson(ratio.get()))
                    .append(", \"met\": ").append(target.met(ratio.get())).append('}');
                separator = ",\n";
            }
        }
        return json.append("\n  ]\n}\n").toString();
    }

    private void rowJson(final StringBuilder json, final RowResult row)
    {
        final Optional<RowResult> reference = report.reference(row);
        json.append("    {\"table\": ").append(quote(row.row().table().id()))
            .append(", \"label\": ").append(quote(row.row().label()))
            .append(", \"payload_bytes\": ").append(row.row().payloadBytes())
            .append(", \"headline\": ").append(row.row().isHeadline())
            .append(", \"reference\": ").append(reference.map(r -> quote(r.row().label())).orElse("null"))
            .append(",\n     \"forks\": [");
        String separator = "";
        for (final Measurement fork : row.forks())
        {
            json.append(separator).append("\n       {\"fork\": ").append(fork.fork()).append(", ")
                .append(figures(fork)).append('}');
            separator = ",";
        }
        json.append("],\n     \"median\": {").append(figures(row.medians()))
            .append("},\n     \"ratio_reference_over_row\": {");
        if (reference.isPresent())
        {
            json.append("\"p50\": ").append(spreadJson(RowResult.ratio(reference.get(), row, Measurement::p50Ns)))
                .append(", \"p99\": ").append(spreadJson(RowResult.ratio(reference.get(), row, Measurement::p99Ns)))
                .append(", \"p999\": ")
                .append(spreadJson(RowResult.ratio(reference.get(), row, Measurement::p999Ns)))
                .append(", \"mean\": ")
                .append(spreadJson(RowResult.ratio(reference.get(), row, Measurement::meanNs)))
                .append(", \"ops_per_s\": ")
                .append(spreadJson(RowResult.ratio(reference.get(), row, Measurement::opsPerSecond)));
        }
        json.append("},\n     \"failures\": [")
            .append(row.failures().stream().map(ResultsJson::quote).collect(Collectors.joining(", ")))
            .append("]}");
    }

    private static String figures(final Measurement m)
    {
        return "\"p50_ns\": " + number(m.p50Ns()) + ", \"p90_ns\": " + number(m.p90Ns()) + ", \"p99_ns\": " +
            number(m.p99Ns()) + ", \"p999_ns\": " + number(m.p999Ns()) + ", \"mean_ns\": " + number(m.meanNs()) +
            ", \"max_ns\": " + number(m.maxNs()) + ", \"ops_per_s\": " + number(m.opsPerSecond()) +
            ", \"bench_bytes_per_op\": " + number(m.benchBytesPerOp()) + ", \"echo_bytes_per_op\": " +
            number(m.echoBytesPerOp()) + ", \"samples\": " + m.samples();
    }

    private static String spreadJson(final Spread spread)
    {
        return spread.count() == 0 ? "null" : "{\"median\": " + ratioNumber(spread.median()) + ", \"min\": " +
            ratioNumber(spread.min()) + ", \"max\": " + ratioNumber(spread.max()) + ", \"forks\": " +
            spread.count() + "}";
    }

    private static String number(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratioNumber(final double value)
    {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String quote(final String text)
    {
        final StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
