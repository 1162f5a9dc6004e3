package dev.entangle.cli;

import dev.entangle.internal.handshake.ChannelId;
import dev.entangle.internal.runtime.Layout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A shared directory as the tool finds it, checked before anything in it is read: it must exist, be a folder (not
 * a link) and belong to the user running the tool, since its files are private to the user whose processes made
 * them. Nothing here creates, locks or changes a file.
 */
final class SharedDirectory
{
    /** Exit code of a directory that is missing, not a folder, or another user's. */
    static final int UNUSABLE = 1;

    private static final LinkOption[] NO_FOLLOW = { LinkOption.NOFOLLOW_LINKS };

    private final Layout layout;

    private SharedDirectory(final Path root)
    {
        this.layout = new Layout(root);
    }

    /**
     * @param dir the directory to read.
     * @return it, checked.
     * @throws CliException when it is missing, not a folder, or owned by another user.
     */
    static SharedDirectory open(final Path dir)
    {
        final Path root = dir.toAbsolutePath().normalize();
        if (!Files.exists(root, NO_FOLLOW))
        {
            throw new CliException(UNUSABLE, "no Entangle directory at " + root + ": nothing has run there, or it " +
                "was removed (choose another with --dir or the environment variable ENTANGLE_DIR)");
        }
        if (Files.isSymbolicLink(root))
        {
            throw new CliException(UNUSABLE, root + " is a symbolic link; Entangle never follows one, and neither " +
                "does this tool");
        }
        if (!Files.isDirectory(root, NO_FOLLOW))
        {
            throw new CliException(UNUSABLE, root + " is not a folder");
        }
        final Object owner = uidOf(root);
        final Object self = uidOf(Path.of("/proc/self"));
        if (owner != null && self != null && !owner.equals(self))
        {
            throw new CliException(UNUSABLE, "the Entangle directory " + root + " belongs to " + ownerName(root) +
                " (uid " + owner + "), not to the user running this tool (" + System.getProperty("user.name") +
                ", uid " + self + "): its files are private to that user; run the tool as " + ownerName(root));
        }
        return new SharedDirectory(root);
    }

    Path root()
    {
        return layout.root();
    }

    Layout layout()
    {
        return layout;
    }

    /**
     * @return true when no context name, no channel and no broadcast channel has a folder here.
     */
    boolean isEmpty()
    {
        return contextNames().isEmpty() && channelIds().isEmpty() && broadcastFolders().isEmpty();
    }

    /**
     * @return the names with a folder under {@code contexts/}, sorted.
     */
    List<String> contextNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Path folder : list(layout.contexts()))
        {
            if (Files.isDirectory(folder, NO_FOLLOW))
            {
                names.add(folder.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    /**
     * @return the channels with a folder under {@code channels/}, sorted by id.
     */
    List<ChannelId> channelIds()
    {
        final List<ChannelId> ids = new ArrayList<>();
        for (final Path folder : list(layout.channels()))
        {
            final ChannelId id = ChannelId.parse(folder.getFileName().toString());
            if (id != null && Files.isDirectory(folder, NO_FOLLOW))
            {
                ids.add(id);
            }
        }
        ids.sort((x, y) -> x.toString().compareTo(y.toString()));
        return ids;
    }

    /**
     * @return the folders under {@code broadcast/}, one per broadcast channel name and origin, sorted; any folder is
     * listed, so that one whose name is not a channel's key can be shown too.
     */
    List<Path> broadcastFolders()
    {
        final List<Path> folders = new ArrayList<>();
        for (final Path folder : list(layout.broadcasts()))
        {
            if (Files.isDirectory(folder, NO_FOLLOW))
            {
                folders.add(folder);
            }
        }
        Collections.sort(folders);
        return folders;
    }

    /**
     * @return the doorbell files under {@code doorbells/}, sorted.
     */
    List<Path> doorbellFiles()
    {
        final List<Path> files = list(layout.doorbells());
        Collections.sort(files);
        return files;
    }

    /**
     * @param folder a folder.
     * @return its entries; none when it is missing or vanishes while listed (a sweep may remove it).
     */
    static List<Path> list(final Path folder)
    {
        final List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(folder, NO_FOLLOW))
        {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder))
        {
            for (final Path entry : stream)
            {
                entries.add(entry);
            }
        }
        catch (final IOException | java.nio.file.DirectoryIteratorException ignore)
        {
            // Removed while listed: what was seen is what there is.
        }
        return entries;
    }

    private static Object uidOf(final Path path)
    {
        try
        {
            return Files.getAttribute(path, "unix:uid", NO_FOLLOW);
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            // Not a Unix file system: ownership cannot be compared, and the files' own permissions decide.
            return null;
        }
    }

    private static String ownerName(final Path path)
    {
        try
        {
            return Files.readAttributes(path, PosixFileAttributes.class, NO_FOLLOW).owner().getName();
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return "another user";
        }
    }
}
