package dev.entangle.bench;

import dev.entangle.bench.transport.Link;
import dev.entangle.bench.transport.Transports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A link to an echo peer in a second JVM, in a fresh folder under shared memory, for one benchmark trial; and the
 * measurement of the echo peer's allocation over the measured iterations.
 */
final class LinkState
{
    private final Path dir;
    final Link link;
    final byte[] payload;
    /** The message of a string round trip; null when the round trip carries {@link #payload}. */
    private final String text;

    /**
     * @param transport    one of {@link Transports}.
     * @param payloadBytes the size of the {@code byte[]} sent.
     * @param textChars    when above 0, round trips carry a string of that many characters instead of bytes.
     */
    LinkState(final String transport, final int payloadBytes, final int textChars)
    {
        this.dir = freshDirectory();
        this.payload = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++)
        {
            payload[i] = (byte)i;
        }
        final StringBuilder chars = new StringBuilder();
        for (int i = 0; i < textChars; i++)
        {
            chars.append((char)('a' + i % 26));
        }
        this.text = textChars > 0 ? chars.toString() : null;
        this.link = Transports.open(transport, dir, Math.max(payloadBytes, 64));
    }

    void roundTrip()
    {
        if (text == null)
        {
            link.roundTrip(payload, payload.length);
        }
        else
        {
            link.roundTripText(text);
        }
    }

    /**
     * Starts counting the echo peer's allocation; called before each measured iteration.
     */
    void markEchoAllocation()
    {
        link.echo().markAllocation();
    }

    /**
     * Hands the echo peer's allocation since {@link #markEchoAllocation()} to {@link EchoAllocationProfiler}.
     */
    void reportEchoAllocation()
    {
        EchoAllocationProfiler.record(link.echo().allocationPerMessage());
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

    /**
     * Deletes a folder and everything in it, as far as it can: what another process still holds open may stay.
     */
    static void delete(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // A folder left behind is swept by a later run.
        }
    }
}
