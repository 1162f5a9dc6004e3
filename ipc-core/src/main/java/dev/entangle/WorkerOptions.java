package dev.entangle;

import java.util.List;
import java.util.Objects;

/**
 * How to launch a {@link Worker}. Immutable: each setter returns a new instance.
 */
public final class WorkerOptions
{
    private static final WorkerOptions DEFAULTS = new WorkerOptions(null, List.of());

    private final String name;
    private final List<String> jvmArgs;

    private WorkerOptions(final String name, final List<String> jvmArgs)
    {
        this.name = name;
        this.jvmArgs = jvmArgs;
    }

    /**
     * @return a generated context name and no extra JVM arguments.
     */
    public static WorkerOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * @param contextName the worker context's name, {@code [A-Za-z0-9._-]{1,64}}; it also prefixes the worker's
     *                    output in the parent's.
     * @return options with that name.
     * @throws IllegalArgumentException for an invalid name.
     */
    public WorkerOptions name(final String contextName)
    {
        ContextNames.validateName(contextName);
        return new WorkerOptions(contextName, jvmArgs);
    }

    /**
     * @param args JVM arguments added to those the library needs, such as {@code -Xmx64m}.
     * @return options with those arguments.
     */
    public WorkerOptions jvmArgs(final List<String> args)
    {
        return new WorkerOptions(name, List.copyOf(Objects.requireNonNull(args, "args")));
    }

    String name()
    {
        return name;
    }

    List<String> jvmArgs()
    {
        return jvmArgs;
    }
}
