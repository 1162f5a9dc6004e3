package dev.entangle.cli;

import dev.entangle.Configuration;
import dev.entangle.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code entangle config}: the settings each live context runs with, as it wrote them when it opened, and the
 * defaults a context opened by this JVM would get, worked out without opening one.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
        "Settings of the live contexts, and the defaults of this JVM.",
        "",
        "Shows the effective settings of each live context, each with its source (builder, system property, " +
            "environment, default), as the context wrote them when it opened.",
        "Then the settings a context opened in this JVM would get from its system properties and environment: " +
            "pass -Dentangle.<setting>=<value> to java to see what a change would do."
    })
final class ConfigCommand implements Callable<Integer>
{
    /** The file each context writes into its folder when it opens. */
    static final String SETTINGS_FILE = "settings";

    @Mixin
    private DirectoryOption directory;

    @Option(names = "--all", description = "also the contexts that are not live (their settings as they ran)")
    private boolean all;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final Path root = directory.path();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS))
        {
            final SharedDirectory dir = directory.open();
            int shown = 0;
            for (final String name : dir.contextNames())
            {
                final Path folder = dir.layout().context(name);
                final Holder holder = Holder.of(folder);
                final String text = read(folder.resolve(SETTINGS_FILE));
                if (text != null && (all || holder.isLive()))
                {
                    out.println("Context " + name + " (" + holder + "):");
                    out.print(indent(text));
                    out.println();
                    shown++;
                }
            }
            if (shown == 0)
            {
                out.println("No " + (all ? "" : "live ") + "context in " + dir.root() + " has written its settings.");
                out.println();
            }
        }
        else
        {
            out.println("No Entangle directory at " + root + " yet: no context has opened there.");
            out.println();
        }
        out.println("Defaults for a context opened in this JVM (no builder settings; none was opened):");
        out.print(indent(defaults().toString()));
        return 0;
    }

    /**
     * @return what {@code Context.Builder.open()} would settle on with no builder setting, from this JVM's system
     * properties and environment, in the order a context writes them.
     */
    static Settings defaults()
    {
        final List<Settings.Entry> entries = new ArrayList<>();
        final String env = System.getenv(Configuration.DIRECTORY_ENV_NAME);
        entries.add(new Settings.Entry(Configuration.DIRECTORY_ENV_NAME,
            Configuration.defaultDirectory().toAbsolutePath().normalize().toString(),
            env != null && !env.isEmpty() ? Settings.Source.ENVIRONMENT : Settings.Source.DEFAULT));
        entries.add(number(Configuration.MAX_MESSAGE_SIZE_PROP_NAME, Configuration.MAX_MESSAGE_SIZE_DEFAULT));
        entries.add(number(Configuration.MAX_BUFFERED_AMOUNT_PROP_NAME, Configuration.MAX_BUFFERED_AMOUNT_DEFAULT));
        entries.add(number(Configuration.INBOX_EXPIRY_PROP_NAME, Configuration.INBOX_EXPIRY_DEFAULT_MS));
        entries.add(number(Configuration.LIVENESS_INTERVAL_PROP_NAME, Configuration.LIVENESS_INTERVAL_DEFAULT_MS));
        entries.add(number(Configuration.LANE_CAPACITY_PROP_NAME, Configuration.LANE_CAPACITY_DEFAULT));
        entries.add(number(Configuration.LANE_SHRINK_PROP_NAME, Configuration.LANE_SHRINK_DEFAULT_MS));
        entries.add(flag(Configuration.CHECKSUMS_PROP_NAME, Configuration.CHECKSUMS_DEFAULT));
        entries.add(flag(Configuration.DOORBELL_PROP_NAME, Configuration.DOORBELL_DEFAULT));
        entries.add(flag(Configuration.KEEP_ALIVE_PROP_NAME, Configuration.KEEP_ALIVE_DEFAULT));
        entries.add(flag(Configuration.COUNTERS_PROP_NAME, Configuration.COUNTERS_DEFAULT));
        entries.add(number(Configuration.SWEEP_GRACE_PROP_NAME, Configuration.SWEEP_GRACE_DEFAULT_MS));
        entries.add(number(Configuration.SWEEP_INTERVAL_PROP_NAME, Configuration.SWEEP_INTERVAL_DEFAULT_MS));
        return new Settings(entries);
    }

    private static Settings.Entry number(final String property, final long defaultValue)
    {
        final String value = System.getProperty(property);
        if (value == null)
        {
            return new Settings.Entry(property, Long.toString(defaultValue), Settings.Source.DEFAULT);
        }
        try
        {
            return new Settings.Entry(property, Long.toString(Long.parseLong(value.trim())),
                Settings.Source.SYSTEM_PROPERTY);
        }
        catch (final NumberFormatException ex)
        {
            // A context would refuse to open; say so rather than guess.
            return new Settings.Entry(property, "\"" + value + "\" is not a number: open() would fail",
                Settings.Source.SYSTEM_PROPERTY);
        }
    }

    private static Settings.Entry flag(final String property, final boolean defaultValue)
    {
        final String value = System.getProperty(property);
        if (value == null)
        {
            return new Settings.Entry(property, Boolean.toString(defaultValue), Settings.Source.DEFAULT);
        }
        // As the library reads a flag: anything but "false" is true.
        return new Settings.Entry(property, Boolean.toString(!"false".equalsIgnoreCase(value.trim())),
            Settings.Source.SYSTEM_PROPERTY);
    }

    private static String read(final Path file)
    {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            return null;
        }
        try
        {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static String indent(final String lines)
    {
        final StringBuilder text = new StringBuilder();
        for (final String line : lines.split("\\R"))
        {
            if (!line.isEmpty())
            {
                text.append("  ").append(line).append('\n');
            }
        }
        return text.toString();
    }
}
