package dev.entangle.cli;

import dev.entangle.internal.stats.StatsFile;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code entangle counters}: every counter of every context, from the statistics files the contexts write.
 */
@Command(name = "counters", mixinStandardHelpOptions = true,
    description = {
        "Every counter of each context.",
        "",
        "Shows every counter of each context (messages and bytes posted and received, transfers, closes by cause, " +
            "event-loop time, backlog high-water marks), live or dead. With --watch, also the rate per second since " +
            "the previous sample."
    })
final class CountersCommand implements Callable<Integer>
{
    @Mixin
    private DirectoryOption directory;

    @Option(names = "--json", description = "JSON instead of text (one line per sample with --watch)")
    private boolean json;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "show them again every SECONDS until interrupted")
    private double watch;

    @Spec
    private CommandSpec spec;

    /** The previous sample's values by context and counter, for rates. */
    private final Map<String, Long> previous = new HashMap<>();
    private long previousMillis;

    /**
     * One counter's value.
     */
    private record Value(int id, String label, long value)
    {
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        return Watch.run(watch, out, Watch.clearsScreen(json), first ->
        {
            final SharedDirectory dir = directory.open();
            final long now = System.currentTimeMillis();
            final Map<String, List<Value>> counters = new java.util.LinkedHashMap<>();
            for (final String name : dir.contextNames())
            {
                final List<Value> values = read(dir, name);
                if (values != null)
                {
                    counters.put(name, values);
                }
            }
            if (json)
            {
                out.println(toJson(dir, now, counters, watch <= 0));
            }
            else
            {
                printText(dir, now, counters, out, !first);
            }
            for (final Map.Entry<String, List<Value>> context : counters.entrySet())
            {
                for (final Value value : context.getValue())
                {
                    previous.put(context.getKey() + "/" + value.id(), value.value());
                }
            }
            previousMillis = now;
            return null;
        });
    }

    private static List<Value> read(final SharedDirectory dir, final String name)
    {
        final StatsFile stats = StatsFile.open(dir.layout().context(name).resolve(StatsFile.FILE_NAME));
        if (stats == null)
        {
            return null;
        }
        try
        {
            final CountersReader reader = stats.counters();
            // A context's loop thread counts the per-message counters apart, under the same type and label: each
            // type is shown once, with the sum.
            final Map<Integer, Value> byType = new java.util.LinkedHashMap<>();
            reader.forEach((counterId, typeId, keyBuffer, label) -> byType.merge(typeId,
                new Value(typeId, label, reader.getCounterValue(counterId)),
                (a, b) -> new Value(a.id(), a.label(), a.value() + b.value())));
            return new ArrayList<>(byType.values());
        }
        finally
        {
            stats.close();
        }
    }

    private void printText(
        final SharedDirectory dir, final long now, final Map<String, List<Value>> counters, final PrintWriter out,
        final boolean rates)
    {
        out.println("Counters in " + dir.root() + " at " + Formats.time(now));
        if (counters.isEmpty())
        {
            out.println("  none: no context has opened here");
        }
        for (final Map.Entry<String, List<Value>> context : counters.entrySet())
        {
            out.println();
            out.println(context.getKey() + (context.getValue().isEmpty() ? ": counting is off (entangle.counters)" :
                ""));
            if (context.getValue().isEmpty())
            {
                continue;
            }
            final Table table = rates ? new Table("ID", "COUNTER", "VALUE", "PER SECOND") :
                new Table("ID", "COUNTER", "VALUE");
            for (final Value value : context.getValue())
            {
                final Long before = previous.get(context.getKey() + "/" + value.id());
                final String rate = before == null || now <= previousMillis ? "" : String.format(Locale.ROOT, "%.1f",
                    (value.value() - before) * 1000.0 / (now - previousMillis));
                table.row(value.id(), value.label(), value.value(), rate);
            }
            table.print(out, "  ");
        }
    }

    private static String toJson(
        final SharedDirectory dir, final long now, final Map<String, List<Value>> counters, final boolean pretty)
    {
        final Json json = new Json(pretty).beginObject()
            .field("directory", dir.root().toString())
            .field("takenAt", Formats.iso(now));
        json.name("contexts").beginArray();
        for (final Map.Entry<String, List<Value>> context : counters.entrySet())
        {
            json.beginObject().field("name", context.getKey()).name("counters").beginArray();
            for (final Value value : context.getValue())
            {
                json.beginObject()
                    .field("id", value.id())
                    .field("label", value.label())
                    .field("value", value.value())
                    .endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject().toString();
    }
}
