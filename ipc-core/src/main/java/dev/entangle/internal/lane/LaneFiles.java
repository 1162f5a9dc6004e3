package dev.entangle.internal.lane;

import java.nio.file.Path;

/**
 * Where a lane's rings live: {@code <folder>/<prefix>.<generation>}.
 *
 * @param folder the folder of the lane's owner (a channel, a context name).
 * @param prefix the lane's name within it.
 */
public record LaneFiles(Path folder, String prefix)
{
    /**
     * @param generation a ring's generation.
     * @return its file.
     */
    public Path ring(final long generation)
    {
        return folder.resolve(prefix + "." + generation);
    }

    /**
     * @param fileName a file name in the folder.
     * @return true when it names one of this lane's rings.
     */
    public boolean isRing(final String fileName)
    {
        return fileName.startsWith(prefix + ".");
    }
}
