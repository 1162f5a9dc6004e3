package dev.entangle.cli;

import dev.entangle.internal.handshake.ContextRecord;
import dev.entangle.internal.process.ProcessLiveness;
import dev.entangle.internal.stats.StatsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code entangle errors}: each context's distinct errors, from the error log in its statistics file, and from the
 * previous holder's, which a new holder of the name keeps.
 */
@Command(name = "errors", mixinStandardHelpOptions = true,
    description = {
        "Each context's distinct errors, with counts, times and stack traces.",
        "",
        "Shows each context's distinct errors (how often, first and last time, stack trace), as kept in its error " +
            "log: the current holder's and the previous holder's of each name, live or dead."
    })
final class ErrorsCommand implements Callable<Integer>
{
    @Mixin
    private DirectoryOption directory;

    @Option(names = "--json", description = "JSON instead of text")
    private boolean json;

    @Spec
    private CommandSpec spec;

    /**
     * One distinct error.
     */
    private record Entry(int count, long firstMillis, long lastMillis, String trace)
    {
    }

    /**
     * One error log.
     */
    private record Log(String context, String holder, long pid, String status, List<Entry> errors)
    {
    }

    @Override
    public Integer call()
    {
        final SharedDirectory dir = directory.open();
        final List<Log> logs = new ArrayList<>();
        for (final String name : dir.contextNames())
        {
            final Path folder = dir.layout().context(name);
            final Log current = read(folder.resolve(StatsFile.FILE_NAME), name, "current", folder);
            final Log previous = read(folder.resolve(StatsFile.PREVIOUS_FILE_NAME), name, "previous", folder);
            if (current != null)
            {
                logs.add(current);
            }
            if (previous != null)
            {
                logs.add(previous);
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(dir, logs));
        }
        else
        {
            printText(dir, logs, out);
        }
        return 0;
    }

    private static Log read(final Path file, final String name, final String holder, final Path folder)
    {
        final StatsFile stats = StatsFile.open(file);
        if (stats == null)
        {
            return null;
        }
        try
        {
            final List<Entry> errors = new ArrayList<>();
            stats.readErrors((count, first, last, trace) -> errors.add(new Entry(count, first, last, trace)));
            return new Log(name, holder, stats.pid(), status(stats, folder), errors);
        }
        finally
        {
            stats.close();
        }
    }

    /**
     * @return live, dead or closed: the current holder's state when the log is its own, else "ended".
     */
    private static String status(final StatsFile stats, final Path folder)
    {
        final ContextRecord record = ContextRecord.openExisting(folder);
        if (record == null)
        {
            return "unknown";
        }
        try
        {
            if (record.holderId() != stats.contextId())
            {
                return record.holderId() == 0 && record.holderPid() == stats.pid() ? "closed" : "ended";
            }
            return ProcessLiveness.isAlive(record.holderPid(), record.holderStart()) ? "live" : "dead";
        }
        finally
        {
            record.close();
        }
    }

    private static void printText(final SharedDirectory dir, final List<Log> logs, final PrintWriter out)
    {
        if (logs.isEmpty())
        {
            out.println("No error logs in " + dir.root() + ": no context has opened there.");
            return;
        }
        for (final Log log : logs)
        {
            out.println(log.context() + (log.holder().equals("previous") ? " (previous holder)" : "") + ", pid " +
                log.pid() + ", " + log.status() + ": " + Formats.count(log.errors().size(), "distinct error"));
            for (final Entry error : log.errors())
            {
                out.println("  " + error.count() + " time" + (error.count() == 1 ? "" : "s") + ", first " +
                    Formats.time(error.firstMillis()) + ", last " + Formats.time(error.lastMillis()));
                for (final String line : error.trace().split("\\R"))
                {
                    out.println("    " + line);
                }
            }
        }
    }

    private static String toJson(final SharedDirectory dir, final List<Log> logs)
    {
        final Json json = new Json(true).beginObject().field("directory", dir.root().toString());
        json.name("logs").beginArray();
        for (final Log log : logs)
        {
            json.beginObject()
                .field("context", log.context())
                .field("holder", log.holder())
                .field("pid", log.pid())
                .field("status", log.status())
                .name("errors").beginArray();
            for (final Entry error : log.errors())
            {
                json.beginObject()
                    .field("count", error.count())
                    .field("first", Formats.iso(error.firstMillis()))
                    .field("last", Formats.iso(error.lastMillis()))
                    .field("stackTrace", error.trace())
                    .endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject().toString();
    }
}
