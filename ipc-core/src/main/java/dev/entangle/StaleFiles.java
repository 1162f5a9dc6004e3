package dev.entangle;

import dev.entangle.handshake.PortRecords;
import dev.entangle.transport.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes what dead processes left behind: channels neither of whose ports can ever be used again, and the
 * doorbells of contexts whose process is gone.
 */
final class StaleFiles
{
    /** A channel folder without a valid handshake file this long after it was made was abandoned mid-creation. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private StaleFiles()
    {
    }

    static void sweep(final Layout layout)
    {
        sweepDoorbells(layout);
        final Path channels = layout.channels();
        OwnerOnlyFiles.createDirectories(channels);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(channels))
        {
            for (final Path dir : dirs)
            {
                if (isStale(layout, dir))
                {
                    OwnerOnlyFiles.deleteRecursively(dir);
                }
            }
        }
        catch (final IOException ignore)
        {
            // Sweeping is a courtesy; a folder we cannot list is left for the next context.
        }
    }

    private static void sweepDoorbells(final Layout layout)
    {
        if (!Files.isDirectory(layout.doorbells()))
        {
            return;
        }
        try (DirectoryStream<Path> bells = Files.newDirectoryStream(layout.doorbells()))
        {
            for (final Path bell : bells)
            {
                if (Doorbell.isStale(bell))
                {
                    Files.deleteIfExists(bell);
                }
            }
        }
        catch (final IOException ignore)
        {
            // As for channels: the next context tries again.
        }
    }

    private static boolean isStale(final Layout layout, final Path dir)
    {
        final PortRecords records = PortRecords.open(dir);
        if (records == null)
        {
            try
            {
                final FileTime modified = Files.getLastModifiedTime(dir);
                return modified.toInstant().plus(ABANDONED_AFTER).isBefore(Instant.now());
            }
            catch (final IOException ex)
            {
                return false;
            }
        }
        try
        {
            return Liveness.isGone(layout, records, 0) && Liveness.isGone(layout, records, 1);
        }
        finally
        {
            records.release();
        }
    }
}
