package dev.entangle;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JVM flags that Chronicle Queue and Agrona need on Java 17 and later. The parent POM declares the same list
 * for tests, exec runs and jar manifests; this class gives them to every JVM the library launches, and checks at
 * start-up that the running JVM has them, because without them Chronicle fails late and obscurely.
 */
public final class JvmFlags
{
    private static final String[] EXPORTS = {
        "java.base/jdk.internal.ref", "java.base/sun.nio.ch", "java.base/jdk.internal.misc",
        "java.base/jdk.internal.util"
    };

    private static final String[] OPENS = {
        "java.base/java.lang", "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.nio",
        "java.base/sun.nio.ch", "java.base/java.util"
    };

    private JvmFlags()
    {
    }

    /**
     * @return the flags to pass to a child JVM running on the same Java version as this one.
     */
    public static List<String> required()
    {
        final List<String> flags = new ArrayList<>();
        for (final String export : EXPORTS)
        {
            flags.add("--add-exports=" + export + "=ALL-UNNAMED");
        }
        for (final String open : OPENS)
        {
            flags.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        flags.add("-D" + Configuration.CHRONICLE_ANALYTICS_PROP_NAME + "=true");
        if (Runtime.version().feature() >= 24)
        {
            flags.add("--enable-native-access=ALL-UNNAMED");
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return Collections.unmodifiableList(flags);
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
     * Turns Chronicle's usage analytics off before any Chronicle class loads, unless the user decided already:
     * the library must never reach out to the network.
     */
    static void disableChronicleAnalytics()
    {
        if (System.getProperty(Configuration.CHRONICLE_ANALYTICS_PROP_NAME) == null)
        {
            System.setProperty(Configuration.CHRONICLE_ANALYTICS_PROP_NAME, "true");
        }
    }

    /**
     * Fails with a message naming the missing flags when this JVM cannot map Chronicle's files writable.
     *
     * @throws IllegalStateException naming the flags to add.
     */
    static void check()
    {
        final Module javaBase = Object.class.getModule();
        final Module unnamed = JvmFlags.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String export : EXPORTS)
        {
            final String pkg = export.substring(export.indexOf('/') + 1);
            if (!javaBase.isExported(pkg, unnamed))
            {
                missing.add("--add-exports=" + export + "=ALL-UNNAMED");
            }
        }
        for (final String open : OPENS)
        {
            final String pkg = open.substring(open.indexOf('/') + 1);
            if (!javaBase.isOpen(pkg, unnamed))
            {
                missing.add("--add-opens=" + open + "=ALL-UNNAMED");
            }
        }
        if (!missing.isEmpty())
        {
            throw new IllegalStateException(
                "this JVM lacks flags that Chronicle Queue needs on Java " + Runtime.version().feature() +
                ": " + String.join(" ", missing) + " (running with " +
                ManagementFactory.getRuntimeMXBean().getInputArguments() + ")");
        }
    }
}
