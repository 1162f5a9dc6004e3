package dev.entangle.internal.lane;

import dev.entangle.internal.fs.MappedRegion;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader over a private copy of a lane's reader line, as an operator's tool uses one: it shows what waits, and
 * after a rewind what was already consumed, and never moves the real reader.
 */
class PrivateReaderTest
{
    private static final LaneSettings SETTINGS = new LaneSettings(LaneDescriptor.MIN_CAPACITY, 0, true);

    @TempDir
    Path dir;

    private MappedRegion controlFile;
    private LaneControl control;
    private LaneFiles files;

    @BeforeEach
    void createControl() throws IOException
    {
        controlFile = MappedRegion.create(dir.resolve("control"), 4096);
        control = new LaneControl(controlFile.buffer(), 256);
        control.initialise(System.currentTimeMillis());
        files = new LaneFiles(dir, "a");
    }

    @AfterEach
    void unmap()
    {
        controlFile.close();
    }

    @Test
    void aPrivateReaderShowsWhatWaitsWithoutMovingTheRealOne()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader real = new LaneReader(control, control.readerLine(), files, true))
        {
            for (int i = 0; i < 5; i++)
            {
                append(writer, i);
            }
            assertEquals(1, real.poll((type, buffer, offset, length) -> { }));
            final long realHead = control.readerLine().head();
            final long realRead = control.readerLine().readBytes();

            final List<Integer> shown = readAll(new LaneReader(control, control.readerLine().privateCopy(), files,
                false));

            assertEquals(List.of(1, 2, 3, 4), shown);
            assertEquals(realHead, control.readerLine().head());
            assertEquals(realRead, control.readerLine().readBytes());
            assertEquals(1, control.readerLine().messagesRead());
            final List<Integer> received = readAll(real);
            assertEquals(List.of(1, 2, 3, 4), received, "the real reader still gets every message");
        }
    }

    @Test
    void aRewoundPrivateReaderShowsTheConsumedFramesStillInTheRing()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader real = new LaneReader(control, control.readerLine(), files, true))
        {
            for (int i = 0; i < 3; i++)
            {
                append(writer, i);
            }
            readAll(real);
            try (LaneReader inspector = new LaneReader(control, control.readerLine().privateCopy(), files, false))
            {
                assertEquals(0, inspector.rewindToOldest());
                assertEquals(List.of(0, 1, 2), readAll(inspector));
            }
            assertEquals(3, control.readerLine().messagesRead());
        }
    }

    @Test
    void afterTheRingWrappedOnlyIntactFramesAreShownAndTheyLeadToTheReader()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader real = new LaneReader(control, control.readerLine(), files, true))
        {
            // Many small frames, each read at once: the ring wraps several times without growing.
            final int count = 5000;
            for (int i = 0; i < count; i++)
            {
                append(writer, i);
                real.poll((type, buffer, offset, length) -> { });
            }
            try (LaneReader inspector = new LaneReader(control, control.readerLine().privateCopy(), files, false))
            {
                inspector.rewindToOldest();
                final List<Integer> shown = readAll(inspector);
                assertTrue(!shown.isEmpty() && shown.size() < count, "some, not all: " + shown.size());
                for (int i = 0; i < shown.size(); i++)
                {
                    assertEquals(count - shown.size() + i, shown.get(i), "the newest frames, in order");
                }
            }
        }
    }

    @Test
    void rewindingALaneNothingWasWrittenToFindsNothing()
    {
        try (LaneReader inspector = new LaneReader(control, control.readerLine().privateCopy(), files, false))
        {
            assertEquals(0, inspector.rewindToOldest());
            assertEquals(List.of(), readAll(inspector));
        }
    }

    private static List<Integer> readAll(final LaneReader reader)
    {
        final List<Integer> values = new ArrayList<>();
        while (reader.poll((type, buffer, offset, length) -> values.add(buffer.getInt(offset))) == 1)
        {
            assertTrue(values.size() <= 100_000);
        }
        return values;
    }

    private static void append(final LaneWriter writer, final int value)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        buffer.putInt(0, value);
        writer.append(1, null, 0, 0, buffer, 0, 20);
    }
}
