package dev.entangle.soak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the coordinator measures from outside: the bytes the shared directory takes in memory (allocated blocks,
 * as {@code du -sk} counts them, not file lengths: a ring file is sparse until written) and the descriptors each
 * participant has open ({@code /proc/<pid>/fd}). Used by the coordinator's thread only.
 */
final class Gauges
{
    private final Path directory;
    private final Map<String, Integer> peakDescriptors = new LinkedHashMap<>();
    private long lastBytes = -1;
    private long peakBytes = -1;
    private long peakBound;

    Gauges(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Measures the directory.
     *
     * @param bound the bytes it may take now; kept with the peak.
     * @return the bytes it takes, or -1 when {@code du} could not tell.
     */
    long sampleDirectory(final long bound)
    {
        final long bytes = allocatedBytes();
        if (bytes >= 0)
        {
            lastBytes = bytes;
            if (bytes > peakBytes)
            {
                peakBytes = bytes;
                peakBound = bound;
            }
        }
        return bytes;
    }

    /**
     * Counts a participant's open descriptors, if it runs.
     */
    void sampleDescriptors(final String name, final long pid)
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd")))
        {
            final int count = (int)fds.count();
            peakDescriptors.merge(name, count, Math::max);
        }
        catch (final IOException | RuntimeException gone)
        {
            // The process ended between the look and the count, or this is not Linux.
        }
    }

    long lastBytes()
    {
        return lastBytes;
    }

    long peakBytes()
    {
        return peakBytes;
    }

    /**
     * @return the bound in force when the peak was measured.
     */
    long peakBound()
    {
        return peakBound;
    }

    Map<String, Integer> peakDescriptors()
    {
        return peakDescriptors;
    }

    /**
     * @return what is left in the directory, in words: for after every process closed its context.
     */
    String leftover()
    {
        long files = 0;
        long channels = 0;
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                if (Files.isRegularFile(path))
                {
                    files++;
                }
                else if (path.getParent() != null && "channels".equals(path.getParent().getFileName().toString()))
                {
                    channels++;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown (" + ex + ")";
        }
        return String.format("%d KiB allocated in %d files; %d channel folders", allocatedBytes() >> 10, files,
            channels);
    }

    private long allocatedBytes()
    {
        try
        {
            final Process du = new ProcessBuilder("du", "-sk", directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final String out;
            try (InputStream in = du.getInputStream())
            {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!du.waitFor(10, TimeUnit.SECONDS))
            {
                du.destroyForcibly();
                return -1;
            }
            // du exits 1 when a file vanished while it looked, yet prints the total of what it saw.
            final String[] fields = out.split("\\s+");
            return fields.length > 0 && !fields[0].isEmpty() ? Long.parseLong(fields[0]) * 1024 : -1;
        }
        catch (final IOException | NumberFormatException ex)
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
