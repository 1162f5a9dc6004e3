package dev.entangle.cli;

import dev.entangle.Configuration;
import dev.entangle.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code config} shows what each live context runs with, as the context reported it, and the defaults of the JVM the
 * tool runs in, without opening a context.
 */
@Timeout(120)
class ConfigTest
{
    @TempDir
    Path dir;

    @Test
    void showsEachLiveContextsSettingsWithTheirSourceAndThisJvmsDefaults()
    {
        try (Context alice = Context.builder().directory(dir).name("alice").maxMessageSize(4096).open())
        {
            final Cli.Result config = Cli.run(dir, "config");

            assertEquals(0, config.exitCode(), config.err());
            assertTrue(config.out().contains("Context alice (pid " + ProcessHandle.current().pid() + ", live):"),
                config.out());
            assertTrue(config.out().contains("  entangle.max.message.size = 4096 (builder)"), config.out());
            assertTrue(config.out().contains("  " + Configuration.DIRECTORY_ENV_NAME + " = " +
                alice.directory() + " (builder)"), config.out());
            final String defaults = config.out().substring(config.out().indexOf("Defaults"));
            assertTrue(defaults.contains("  entangle.max.message.size = " + Configuration.MAX_MESSAGE_SIZE_DEFAULT +
                " (default)"), defaults);
            assertEquals(alice.settings().entries().size(), ConfigCommand.defaults().entries().size(),
                "the defaults name every setting a context reports");
        }
        final Cli.Result afterClose = Cli.run(dir, "config");
        assertFalse(afterClose.out().contains("Context alice"), afterClose.out());
    }

    @Test
    void aSystemPropertyShowsInTheDefaults()
    {
        final String previous = System.getProperty(Configuration.LANE_CAPACITY_PROP_NAME);
        System.setProperty(Configuration.LANE_CAPACITY_PROP_NAME, "131072");
        try
        {
            final Cli.Result config = Cli.run(dir, "config");

            assertTrue(config.out().contains("  entangle.lane.capacity = 131072 (system property)"), config.out());
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty(Configuration.LANE_CAPACITY_PROP_NAME);
            }
            else
            {
                System.setProperty(Configuration.LANE_CAPACITY_PROP_NAME, previous);
            }
        }
    }
}
