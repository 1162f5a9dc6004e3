package dev.entangle.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The size of each folder directly in a parent, with one run of {@code du} for them all.
     *
     * @param parent a folder of folders, each without folders of its own (as {@code broadcast/}).
     * @return the size of each folder found, by its name.
     */
    static Map<String, DirectorySize> ofEach(final Path parent)
    {
        final Map<String, DirectorySize> sizes = new HashMap<>();
        final List<Path> folders = SharedDirectory.list(parent);
        if (folders.isEmpty())
        {
            return sizes;
        }
        final Map<String, Long> allocated = new HashMap<>();
        // Without -s, du gives one line per folder, the parent's last: "<KiB>\t<path>".
        for (final String line : du("-k", parent).split("\n"))
        {
            final int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(0, tab).matches("\\d+"))
            {
                final Path folder = Path.of(line.substring(tab + 1));
                if (parent.equals(folder.getParent()))
                {
                    allocated.put(folder.getFileName().toString(), Long.parseLong(line.substring(0, tab)) * 1024);
                }
            }
        }
        for (final Path folder : folders)
        {
            final String name = folder.getFileName().toString();
            final long[] totals = new long[2];
            for (final Path file : SharedDirectory.list(folder))
            {
                try
                {
                    final BasicFileAttributes attributes =
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile())
                    {
                        totals[0]++;
                        totals[1] += attributes.size();
                    }
                }
                catch (final IOException ex)
                {
                    // Deleted meanwhile: it no longer counts.
                }
            }
            sizes.put(name, new DirectorySize(totals[0], totals[1], allocated.getOrDefault(name, -1L)));
        }
        return sizes;
    }

    private static long allocated(final Path root)
    {
        // du exits non-zero when a file vanished while it walked; its total is still the best there is.
        final String[] fields = du("-sk", root).trim().split("\\s+");
        return fields.length > 0 && fields[0].matches("\\d+") ? Long.parseLong(fields[0]) * 1024 : -1;
    }

    /**
     * @return what {@code du <option> <path>} printed, or nothing when it could not run or took too long.
     */
    private static String du(final String option, final Path path)
    {
        try
        {
            final Process du = new ProcessBuilder("du", option, path.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!du.waitFor(DU_WAIT_SECONDS, TimeUnit.SECONDS))
            {
                du.destroyForcibly();
                return "";
            }
            return output;
        }
        catch (final IOException ex)
        {
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
