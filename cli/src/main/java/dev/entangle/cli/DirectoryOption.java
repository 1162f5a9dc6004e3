package dev.entangle.cli;

import dev.entangle.Configuration;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --dir} option every command takes: the shared directory to read.
 */
final class DirectoryOption
{
    @Option(names = "--dir", paramLabel = "DIR",
        description = "the shared directory (default: $ENTANGLE_DIR, else /dev/shm/entangle-<user>)")
    private Path dir;

    /**
     * @return the directory named, else the one a context of this JVM would use by default.
     */
    Path path()
    {
        return (dir != null ? dir : Configuration.defaultDirectory()).toAbsolutePath().normalize();
    }

    /**
     * @return the directory, checked.
     * @throws CliException when it is missing, not a folder, or another user's.
     */
    SharedDirectory open()
    {
        return SharedDirectory.open(path());
    }
}
