package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A link to an echo peer in a second JVM, in a fresh folder under shared memory, for one benchmark trial.
 */
final class LinkState
{
    private final Path dir;
    final Link link;
    final byte[] payload;

    LinkState(final String transport, final int payloadBytes)
    {
        this.dir = freshDirectory();
        this.payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++)
        {
            payload[i] = (byte)i;
        }
        this.link = Transports.open(transport, dir, Math.max(payloadBytes, 64));
    }

    void roundTrip()
    {
        link.roundTrip(payload, payload.length);
    }

    void close()
    {
        try
        {
            link.close();
        }
        finally
        {
            delete(dir);
        }
    }

    static Path freshDirectory()
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            final Path base = Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            sweepStale(base);
            return Files.createTempDirectory(base, "entangle-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** A fork killed mid-run leaves its folder behind; the next run removes folders older than an hour. */
    private static void sweepStale(final Path base) throws IOException
    {
        final long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> old = Files.list(base))
        {
            old.filter(p -> p.getFileName().toString().startsWith("entangle-bench-"))
                .filter(p -> p.toFile().lastModified() < hourAgo)
                .forEach(LinkState::delete);
        }
    }

    static void delete(final Path dir)
    {
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final java.io.IOException | java.io.UncheckedIOException ignore)
        {
            // Already gone.
        }
    }
}
