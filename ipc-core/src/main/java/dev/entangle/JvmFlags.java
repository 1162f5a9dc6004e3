package dev.entangle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The JVM flags that the library and what it is built on need on Java 17 and later. They are declared once, in
 * the parent POM, which also gives them to tests, exec runs and jar manifests; the build copies them into the
 * class path resource {@code dev/entangle/jvm-flags.properties}, which this class reads. It gives them to every
 * JVM the library launches, and checks at start-up that the running JVM has them, because without them the
 * library fails late and obscurely.
 */
public final class JvmFlags
{
    /** The class path resource, next to this class, that holds the flags. */
    static final String RESOURCE = "jvm-flags.properties";
    /** Key of the flags for every Java version from 17. */
    static final String FLAGS_KEY = "flags";
    /** Key of the flags added on Java 24 and later, which older versions reject. */
    static final String FLAGS_JDK24_KEY = "flags.jdk24";

    private static final String ADD_EXPORTS = "--add-exports=";
    private static final String ADD_OPENS = "--add-opens=";

    private JvmFlags()
    {
    }

    /**
     * @return the flags to pass to a child JVM running on the same Java version as this one.
     */
    public static List<String> required()
    {
        final Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("class path resource missing: dev/entangle/" + RESOURCE);
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read dev/entangle/" + RESOURCE, ex);
        }
        final List<String> flags = new ArrayList<>();
        addAll(flags, properties.getProperty(FLAGS_KEY, ""));
        if (Runtime.version().feature() >= 24)
        {
            addAll(flags, properties.getProperty(FLAGS_JDK24_KEY, ""));
        }
        return Collections.unmodifiableList(flags);
    }

    /**
     * @return the flags of {@link #required()} as one string, separated by spaces, to paste into a command line
     * or a {@code JDK_JAVA_OPTIONS} variable.
     */
    public static String commandLine()
    {
        return String.join(" ", required());
    }

    /**
     * @return the start of a command line for a child JVM on the same Java: the java executable, the flags the
     * library needs, and this JVM's {@code entangle.*} settings, so the child behaves like its parent. Class path,
     * main class and arguments follow.
     */
    public static List<String> childJvm()
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(required());
        for (final String key : System.getProperties().stringPropertyNames())
        {
            if (key.startsWith("entangle."))
            {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        return command;
    }

    /**
     * Fails with a message naming the missing flags when this JVM lacks an export or an opening of
     * {@link #required()}, without which the library cannot reach the JDK internals it needs.
     *
     * @throws IllegalStateException naming the flags to add.
     */
    static void check()
    {
        final Module unnamed = JvmFlags.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String flag : required())
        {
            final boolean exports = flag.startsWith(ADD_EXPORTS);
            if (exports || flag.startsWith(ADD_OPENS))
            {
                // --add-exports=module/package=ALL-UNNAMED
                final String target = flag.substring(flag.indexOf('=') + 1, flag.lastIndexOf('='));
                final String moduleName = target.substring(0, target.indexOf('/'));
                final String pkg = target.substring(target.indexOf('/') + 1);
                final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
                if (module.isPresent() &&
                    !(exports ? module.get().isExported(pkg, unnamed) : module.get().isOpen(pkg, unnamed)))
                {
                    missing.add(flag);
                }
            }
        }
        if (!missing.isEmpty())
        {
            throw new IllegalStateException(
                "this JVM lacks flags that Entangle needs on Java " + Runtime.version().feature() +
                ": " + String.join(" ", missing) + " (running with " +
                ManagementFactory.getRuntimeMXBean().getInputArguments() + ")");
        }
    }

    private static void addAll(final List<String> flags, final String spaced)
    {
        for (final String flag : spaced.trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                flags.add(flag);
            }
        }
    }
}
