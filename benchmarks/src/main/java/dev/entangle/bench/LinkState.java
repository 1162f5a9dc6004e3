package dev.entangle.bench;

import dev.entangle.ArrayBuffer;
import dev.entangle.bench.transport.EntangleLink;
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
 * measurement of the echo peer's allocation over the measured iterations. A round trip carries a {@code byte[]}, a
 * {@code String}, or (MessagePort only) an {@link ArrayBuffer} that moves there and back in the transfer list.
 */
final class LinkState
{
    private final Path dir;
    final Link link;
    final byte[] payload;
    /** The message of a string round trip; null when the round trip carries {@link #payload}. */
    private final String text;
    /** The buffer of a transfer round trip, the one that last came back; null for other round trips. */
    private ArrayBuffer buffer;
    /** What the last transfer round trip wrote into the buffer's first bytes, to check on its return. */
    private long stamp;

    /**
     * @param transport    one of {@link Transports}.
     * @param payloadBytes the size of the {@code byte[]} sent.
     * @param textChars    when above 0, round trips carry a string of that many characters instead of bytes.
     */
    LinkState(final String transport, final int payloadBytes, final int textChars)
    {
        this(transport, payloadBytes, textChars, false);
    }

    private LinkState(final String transport, final int payloadBytes, final int textChars, final boolean transfer)
    {
        this.dir = freshDirectory();
        this.payload = new byte[transfer ? 0 : payloadBytes];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)i;
        }
        final StringBuilder chars = new StringBuilder();
        for (int i = 0; i < textChars; i++)
        {
            chars.append((char)('a' + i % 26));
        }
        this.text = textChars > 0 ? chars.toString() : null;
        try
        {
            this.link = Transports.open(transport, dir, Math.max(payloadBytes, 64));
        }
        catch (final RuntimeException ex)
        {
            delete(dir);
            throw ex;
        }
        if (transfer)
        {
            buffer = filledBuffer(payloadBytes);
        }
    }

    /**
     * @param payloadBytes the buffer's size.
     * @return a link to a MessagePort echo peer whose round trips transfer one {@link ArrayBuffer} of that size,
     * filled once here, there and back.
     */
    static LinkState transferring(final int payloadBytes)
    {
        return new LinkState(Transports.ENTANGLE_SPIN, payloadBytes, 0, true);
    }

    private ArrayBuffer filledBuffer(final int payloadBytes)
    {
        final ArrayBuffer filled;
        try
        {
            filled = ArrayBuffer.allocate(((EntangleLink)link).context(), payloadBytes);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        // Every page written once, so that the memory that moves is resident, as a real payload's would be.
        final byte[] page = new byte[4096];
        for (int i = 0; i < page.length; i++)
        {
            page[i] = (byte)i;
        }
        final org.agrona.MutableDirectBuffer bytes = filled.asDirectBuffer();
        for (int at = 0; at < payloadBytes; at += page.length)
        {
            bytes.putBytes(at, page, 0, Math.min(page.length, payloadBytes - at));
        }
        return filled;
    }

    void roundTrip()
    {
        if (buffer != null)
        {
            transferRoundTrip();
        }
        else if (text == null)
        {
            link.roundTrip(payload, payload.length);
        }
        else
        {
            link.roundTripText(text);
        }
    }

    /**
     * Stamps the buffer's first bytes, transfers it there and back, and checks the stamp on the buffer that came
     * back: the same memory, not a copy. Only the first page is touched; the rest is neither read nor written.
     */
    private void transferRoundTrip()
    {
        final long sent = ++stamp;
        buffer.asDirectBuffer().putLong(0, sent);
        buffer = ((EntangleLink)link).roundTripTransfer(buffer);
        final long back = buffer.asDirectBuffer().getLong(0);
        if (back != sent)
        {
            throw new IllegalStateException("the transferred buffer came back with stamp " + back + ", not " + sent);
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
            if (buffer != null)
            {
                buffer.close();
            }
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
