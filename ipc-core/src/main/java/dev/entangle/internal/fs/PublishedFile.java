package dev.entangle.internal.fs;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Shared files whose header is published in two words: a magic number at offset 0, claimed first, and a version
 * written last with release semantics, once everything else the creator writes is in place. A reader that sees the
 * version sees the rest; a file whose magic is another format's is refused even when its version word matches.
 */
public final class PublishedFile
{
    private PublishedFile()
    {
    }

    /**
     * Maps a file to read it, when it is there and published.
     *
     * @param file          the file.
     * @param length        its exact length.
     * @param magic         the format's magic number.
     * @param versionOffset where the version word is.
     * @param version       the version this code reads.
     * @return the mapping, or null when the file is missing, of another length, or not published in this format.
     */
    public static MappedRegion open(
        final Path file, final int length, final int magic, final int versionOffset, final int version)
    {
        final MappedRegion region = MappedRegion.openExisting(file, length, length);
        if (region == null)
        {
            return null;
        }
        if (!isPublished(region.buffer(), magic, versionOffset, version))
        {
            region.close();
            return null;
        }
        return region;
    }

    /**
     * Initialises a file that several processes may open at once: the first to claim the magic number runs
     * {@code initialise} and publishes the version; the others wait for that, up to {@code waitNanos}.
     *
     * @return false when the file is damaged, of another format or version, or its creator never published it.
     */
    public static boolean initialiseOnce(final UnsafeBuffer buffer, final int magic, final int versionOffset,
        final int version, final Runnable initialise, final long waitNanos)
    {
        if (buffer.compareAndSetInt(0, 0, magic))
        {
            initialise.run();
            buffer.putIntRelease(versionOffset, version);
            return true;
        }
        final long deadline = System.nanoTime() + waitNanos;
        while (!isPublished(buffer, magic, versionOffset, version))
        {
            if (buffer.getInt(0) != magic || System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static boolean isPublished(final UnsafeBuffer buffer, final int magic, final int versionOffset,
        final int version)
    {
        return buffer.getInt(0) == magic && buffer.getIntAcquire(versionOffset) == version;
    }
}
