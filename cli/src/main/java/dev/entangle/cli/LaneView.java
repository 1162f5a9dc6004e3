package dev.entangle.cli;

import dev.entangle.internal.lane.LaneControl;
import dev.entangle.internal.lane.LaneFiles;
import dev.entangle.internal.lane.LaneReader;

/**
 * Reads a lane from a position of its own: a reader over a private copy of the lane's reader line, so the lane's
 * real reader is never moved, no message is consumed, and no ring is deleted. What it shows can be overtaken: the
 * writer may write over frames the real reader consumed before this view reaches them; {@link #resync()} then
 * goes on from where the real reader stands.
 */
final class LaneView implements AutoCloseable
{
    private final LaneControl control;
    private final LaneFiles files;
    private LaneReader reader;

    /**
     * @param control the lane's control block.
     * @param files   where its rings live.
     */
    LaneView(final LaneControl control, final LaneFiles files)
    {
        this.control = control;
        this.files = files;
        this.reader = new LaneReader(control, control.readerLine().privateCopy(), files, false);
    }

    /**
     * Goes back to the oldest frame still intact in the rings.
     */
    void rewind()
    {
        reader.rewindToOldest();
    }

    /**
     * @param handler receives the next frame.
     * @return 1 when a frame was shown, 0 when none waits.
     * @throws dev.entangle.internal.lane.LaneDamagedException when the bytes there are not a frame (overwritten
     *                                                         meanwhile, or damaged).
     */
    int poll(final LaneReader.FrameHandler handler)
    {
        return reader.poll(handler);
    }

    /**
     * @param end     a position, usually the tail when reading began.
     * @param handler receives each frame before {@code end}.
     * @return how many frames it received.
     */
    int readUpTo(final long end, final LaneReader.FrameHandler handler)
    {
        int frames = 0;
        while (reader.head() < end && reader.poll(handler) == 1)
        {
            frames++;
        }
        return frames;
    }

    /**
     * @return where this view stands: the position of the next frame it shows.
     */
    long position()
    {
        return reader.head();
    }

    /**
     * @return where the real reader stands: frames before it were consumed, frames from it on wait.
     */
    long realHead()
    {
        return control.readerLine().head();
    }

    /**
     * @return the position after the last frame written.
     */
    long tail()
    {
        return control.tail();
    }

    /**
     * Goes on from where the real reader stands now.
     */
    void resync()
    {
        reader.close();
        reader = new LaneReader(control, control.readerLine().privateCopy(), files, false);
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
