package dev.entangle.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * How much a directory holds. Rings and records are sparse files in memory ({@code /dev/shm}), so their lengths
 * overstate what they cost: the memory they really take is what {@code du} counts, the blocks allocated, which
 * Java's file attributes do not report. So {@code du -sk} is asked for that, and the sum of the lengths is given
 * beside it, and alone where {@code du} cannot be run.
 *
 * @param files          regular files found.
 * @param apparentBytes  the sum of their lengths.
 * @param allocatedBytes the bytes allocated to the directory, as {@code du} counts them, or -1 when not known.
 */
record DirectorySize(long files, long apparentBytes, long allocatedBytes)
{
    private static final long DU_WAIT_SECONDS = 10;

    /**
     * @param root the directory.
     * @return its size.
     */
    static DirectorySize of(final Path root)
    {
        final long[] totals = new long[2];
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                {
                    if (attributes.isRegularFile())
                    {
                        totals[0]++;
                        totals[1] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                {
                    // Deleted meanwhile by a sweep or a reader leaving a ring: it no longer counts.
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ignore)
        {
            // Gone while walked: the totals so far.
        }
        return new DirectorySize(totals[0], totals[1], allocated(root));
    }

    private static long allocated(final Path root)
    {
        try
        {
            final Process du = new ProcessBuilder("du", "-sk", root.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!du.waitFor(DU_WAIT_SECONDS, TimeUnit.SECONDS))
            {
                du.destroyForcibly();
                return -1;
            }
            // du exits non-zero when a file vanished while it walked; its total is still the best there is.
            final String[] fields = output.split("\\s+");
            return fields.length > 0 && fields[0].matches("\\d+") ? Long.parseLong(fields[0]) * 1024 : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
