package dev.entangle;

import java.util.List;

/**
 * The settings a context runs with, each with where its value came from. {@link #toString()} gives one line per
 * setting, for logs and for {@code entangle config}.
 *
 * @param entries the settings, in a fixed order.
 */
public record Settings(List<Entry> entries)
{
    /**
     * Where a value came from.
     */
    public enum Source
    {
        /** The library's default. */
        DEFAULT,
        /** An environment variable. */
        ENVIRONMENT,
        /** A system property. */
        SYSTEM_PROPERTY,
        /** A {@link Context.Builder} method. */
        BUILDER
    }

    /**
     * One setting.
     *
     * @param name     the system property (or environment variable) that sets it.
     * @param value    the value in effect.
     * @param source   where the value came from.
     */
    public record Entry(String name, String value, Source source)
    {
    }

    /**
     * @param name a setting's name.
     * @return its value, or null when there is no such setting.
     */
    public String value(final String name)
    {
        for (final Entry entry : entries)
        {
            if (entry.name().equals(name))
            {
                return entry.value();
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Entry entry : entries)
        {
            text.append(entry.name()).append(" = ").append(entry.value())
                .append(" (").append(entry.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(")\n");
        }
        return text.toString();
    }
}
