package dev.entangle.internal.broadcast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import static dev.entangle.internal.broadcast.BroadcastDescriptor.*;

/**
 * For a tool that reads a directory without joining it: why a broadcast channel's folder has no valid control file,
 * said before anything is mapped. The file's length and first bytes are read with a plain read, so a file truncated
 * meanwhile cannot fault the reader; nothing is created, locked or changed.
 */
public final class BroadcastInspection
{
    private static final int HEADER_BYTES = VERSION_OFFSET + 4;

    private BroadcastInspection()
    {
    }

    /**
     * @param folder a channel's folder, {@code broadcast/<key>}.
     * @return null when its control file is whole, initialised and of this version (so that
     * {@link BroadcastFile#openExisting} maps it, unless it changes meanwhile); otherwise why not, as one sentence
     * that starts with "damaged" when the file is there but cannot be valid.
     */
    public static String problem(final Path folder)
    {
        final Path control = folder.resolve(FILE_NAME);
        if (Files.isSymbolicLink(control))
        {
            return "damaged: its control file is a symbolic link";
        }
        if (!Files.exists(control, LinkOption.NOFOLLOW_LINKS))
        {
            return "no control file: it is being made or removed, or a process died making it";
        }
        if (!Files.isRegularFile(control, LinkOption.NOFOLLOW_LINKS))
        {
            return "damaged: its control file is not a regular file";
        }
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.nativeOrder());
        final long size;
        try (SeekableByteChannel channel = Files.newByteChannel(control,
            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))
        {
            size = channel.size();
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                // A short read of a regular file only happens at its end.
            }
        }
        catch (final NoSuchFileException ex)
        {
            return "no control file: it was removed while read";
        }
        catch (final IOException ex)
        {
            return "its control file cannot be read: " + ex;
        }
        if (size != LENGTH)
        {
            return "damaged: its control file is " + size + " bytes, not " + LENGTH +
                (size < LENGTH ? " (truncated)" : "");
        }
        final int magic = header.getInt(0);
        final int version = header.getInt(VERSION_OFFSET);
        if (magic == 0 && version == 0)
        {
            return "not initialised: its creator is writing it now, or died doing so";
        }
        if (magic != MAGIC)
        {
            return String.format("damaged: its control file starts with 0x%08x, not the broadcast mark 0x%08x", magic,
                MAGIC);
        }
        if (version == 0)
        {
            return "not initialised: its creator is writing it now, or died doing so";
        }
        if (version != VERSION)
        {
            return "of another version: " + version + " (this build reads version " + VERSION + ")";
        }
        return null;
    }
}
