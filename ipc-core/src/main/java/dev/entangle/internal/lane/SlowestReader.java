package dev.entangle.internal.lane;

/**
 * Where the slowest reader of a lane stands: the writer may not overwrite anything after it.
 */
@FunctionalInterface
public interface SlowestReader
{
    /**
     * @return the lowest position any live reader has not consumed yet.
     */
    long head();
}
