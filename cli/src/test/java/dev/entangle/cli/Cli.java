package dev.entangle.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the tool in this JVM, as {@code ./entangle} would run it, and keeps what it printed.
 */
final class Cli
{
    /**
     * What one run printed and returned.
     */
    record Result(int exitCode, String out, String err)
    {
        Map<String, Object> json()
        {
            return JsonParser.object(JsonParser.parse(out));
        }
    }

    private Cli()
    {
    }

    static Result run(final String... args)
    {
        return run(new StringWriter(), args);
    }

    /**
     * @param out receives what the tool prints as it prints it (a {@link StringWriter} may be read meanwhile).
     */
    static Result run(final StringWriter out, final String... args)
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = EntangleCli.commandLine();
        final PrintWriter outWriter = new PrintWriter(out);
        final PrintWriter errWriter = new PrintWriter(err);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        final int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        final Result result = new Result(code, out.toString(), err.toString());
        System.out.println("$ entangle " + String.join(" ", args) + "  (exit " + code + ")\n" + result.out() +
            result.err());
        return result;
    }

    static Result run(final Path dir, final String command, final String... options)
    {
        final List<String> args = new ArrayList<>();
        args.add(command);
        args.add("--dir");
        args.add(dir.toString());
        args.addAll(List.of(options));
        return run(args.toArray(new String[0]));
    }

    /**
     * @return {@code inspect --json} of the directory, parsed.
     */
    static Map<String, Object> inspect(final Path dir)
    {
        final Result result = run(dir, "inspect", "--json");
        if (result.exitCode() != 0)
        {
            throw new AssertionError("inspect failed: " + result);
        }
        return result.json();
    }

    static Map<String, Object> context(final Map<String, Object> inspection, final String name)
    {
        for (final Object context : JsonParser.array(inspection.get("contexts")))
        {
            if (name.equals(JsonParser.object(context).get("name")))
            {
                return JsonParser.object(context);
            }
        }
        throw new AssertionError("no context " + name + " in " + inspection);
    }

    static List<Map<String, Object>> channels(final Map<String, Object> inspection)
    {
        final List<Map<String, Object>> channels = new ArrayList<>();
        for (final Object channel : JsonParser.array(inspection.get("channels")))
        {
            channels.add(JsonParser.object(channel));
        }
        return channels;
    }

    /**
     * @return the broadcast channel of this name in {@code inspect --json}, failing when there is not exactly one.
     */
    static Map<String, Object> broadcast(final Map<String, Object> inspection, final String name)
    {
        final List<Map<String, Object>> found = new ArrayList<>();
        for (final Object broadcast : JsonParser.array(inspection.get("broadcasts")))
        {
            if (name.equals(JsonParser.object(broadcast).get("name")))
            {
                found.add(JsonParser.object(broadcast));
            }
        }
        if (found.size() != 1)
        {
            throw new AssertionError(found.size() + " broadcast channels named " + name + " in " + inspection);
        }
        return found.get(0);
    }

    /**
     * @return the receivers of a broadcast channel whose context has this name.
     */
    static List<Map<String, Object>> receivers(final Map<String, Object> broadcast, final String context)
    {
        final List<Map<String, Object>> found = new ArrayList<>();
        for (final Object receiver : JsonParser.array(broadcast.get("receivers")))
        {
            if (context.equals(JsonParser.object(receiver).get("context")))
            {
                found.add(JsonParser.object(receiver));
            }
        }
        return found;
    }

    /**
     * @return the one receiver of a broadcast channel whose context has this name.
     */
    static Map<String, Object> receiver(final Map<String, Object> broadcast, final String context)
    {
        final List<Map<String, Object>> found = receivers(broadcast, context);
        if (found.size() != 1)
        {
            throw new AssertionError(found.size() + " receivers of context " + context + " in " + broadcast);
        }
        return found.get(0);
    }

    static Map<String, Object> side(final Map<String, Object> channel, final String side)
    {
        for (final Object each : JsonParser.array(channel.get("sides")))
        {
            if (side.equals(JsonParser.object(each).get("side")))
            {
                return JsonParser.object(each);
            }
        }
        throw new AssertionError("no side " + side + " in " + channel);
    }
}
