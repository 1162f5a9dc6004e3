package dev.entangle.internal.lane;

import dev.entangle.internal.fs.MappedRegion;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lane on real mapped files: frames arrive whole and in order, rings grow for a backlog and shrink after it, space
 * is given back as the reader passes, and damaged bytes are reported, never misread.
 */
class LaneTest
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
    void framesArriveWholeAndInOrderAcrossPaddingAndGrowth()
    {
        final Random random = new Random(42);
        final List<byte[]> sent = new ArrayList<>();
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            final List<byte[]> received = new ArrayList<>();
            for (int round = 0; round < 200; round++)
            {
                final int burst = 1 + random.nextInt(50);
                for (int i = 0; i < burst; i++)
                {
                    final byte[] body = new byte[random.nextInt(random.nextInt(10) == 0 ? 40_000 : 300)];
                    random.nextBytes(body);
                    sent.add(body);
                    append(writer, body);
                }
                final int drain = random.nextInt(burst + 20);
                for (int i = 0; i < drain && reader.poll((type, buffer, offset, length) ->
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    received.add(copy);
                }) == 1; i++)
                {
                    assertEquals(sent.size() - received.size(), countBuffered(sent, received.size()),
                        "buffered bytes");
                }
            }
            while (reader.poll((type, buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                received.add(copy);
            }) == 1)
            {
                assertEquals(7, 7);
            }
            assertEquals(sent.size(), received.size());
            for (int i = 0; i < sent.size(); i++)
            {
                assertArrayEquals(sent.get(i), received.get(i), "frame " + i);
            }
            assertEquals(0, control.bufferedBytes());
            assertEquals(sent.size(), control.messagesWritten());
            assertEquals(sent.size(), control.readerLine().messagesRead());
        }
    }

    @Test
    void aBacklogGrowsTheRingAndTheOldRingsAreDeletedAsTheReaderPasses() throws IOException
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            final byte[] body = new byte[1000];
            for (int i = 0; i < 1000; i++)
            {
                append(writer, body);
            }
            assertTrue(ringFiles() > 1, "older rings wait for the reader");
            assertTrue(ringBytes() >= 1000 * 1000, "the rings hold the backlog: " + ringBytes());
            assertTrue(ringBytes() <= 4 * 1000 * LaneDescriptor.frameLength(1000), "and not much more: " + ringBytes());
            int read = 0;
            while (reader.poll((type, buffer, offset, length) -> { }) == 1)
            {
                read++;
            }
            assertEquals(1000, read);
            assertEquals(1, ringFiles(), "the reader deleted every ring it left");
        }
    }

    @Test
    void aLargeRingIsGivenBackOnceItsBacklogIsGone() throws IOException
    {
        final LaneSettings settings = new LaneSettings(LaneDescriptor.MIN_CAPACITY, 0, false);
        try (LaneWriter writer = new LaneWriter(control, files, settings, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            final byte[] big = new byte[1 << 20];
            append(writer, big);
            assertTrue(writer.capacity() > (1 << 20));
            assertEquals(1, reader.poll((type, buffer, offset, length) -> assertEquals(big.length, length)));
            writer.shrinkIfIdle(System.nanoTime() + 1);
            assertEquals(LaneDescriptor.MIN_CAPACITY, writer.capacity());
            append(writer, new byte[10]);
            assertEquals(1, reader.poll((type, buffer, offset, length) -> assertEquals(10, length)));
            assertEquals(1, ringFiles());
            assertTrue(ringBytes() <= LaneDescriptor.MIN_CAPACITY, "only the small ring is left: " + ringBytes());
        }
    }

    @Test
    void aRingGrownForALargeFrameHoldsManyOfThemUpToALimit()
    {
        final LaneSettings settings = new LaneSettings(LaneDescriptor.MIN_CAPACITY, 0, false);
        try (LaneWriter writer = new LaneWriter(control, files, settings, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            streamAtOnce(writer, reader, 64 << 10);
            assertEquals(1 << 20, writer.capacity(), "sixteen 64 KiB frames, less their headers");
            streamAtOnce(writer, reader, 1 << 20);
            assertEquals(RingSizes.LARGE_FRAME_RING_LIMIT, writer.capacity(), "four 1 MiB frames: the limit");
            streamAtOnce(writer, reader, 3 << 20);
            assertEquals(8 << 20, writer.capacity(), "past the limit, a ring only doubles");
        }
    }

    /**
     * Appends frames of one size, each read at once, checking that the ring grows for the first one only.
     */
    private static void streamAtOnce(final LaneWriter writer, final LaneReader reader, final int size)
    {
        for (int i = 0; i < RingSizes.ROOM_FOR_LARGE_FRAMES * 2; i++)
        {
            final int before = writer.capacity();
            append(writer, new byte[size]);
            assertEquals(1, reader.poll((type, buffer, offset, length) -> assertEquals(size, length)));
            if (i > 0)
            {
                assertEquals(before, writer.capacity(), "no growth while each frame is read at once");
            }
        }
    }

    @Test
    void aLargeRingIsGivenBackDuringAStreamOnceItsBacklogIsGone()
    {
        final LaneSettings settings = new LaneSettings(LaneDescriptor.MIN_CAPACITY, 0, false);
        try (LaneWriter writer = new LaneWriter(control, files, settings, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            append(writer, new byte[1 << 20]);
            assertTrue(writer.capacity() > (1 << 20));
            assertEquals(1, reader.poll((type, buffer, offset, length) -> { }));
            int appends = 0;
            while (writer.capacity() > LaneDescriptor.MIN_CAPACITY && appends < 1000)
            {
                append(writer, new byte[10]);
                assertEquals(1, reader.poll((type, buffer, offset, length) -> assertEquals(10, length)));
                appends++;
            }
            assertEquals(LaneDescriptor.MIN_CAPACITY, writer.capacity(), "given back after " + appends + " appends");
        }
    }

    @Test
    void aGarbledFrameIsReportedNotMisread()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            append(writer, new byte[64]);
            append(writer, new byte[64]);
            assertEquals(1, reader.poll((type, buffer, offset, length) -> { }));
            final MappedRegion ring = MappedRegion.openExisting(files.ring(0), 0, Integer.MAX_VALUE);
            ring.buffer().putLong(LaneDescriptor.frameLength(64) + 24, 0xDEADBEEFL);
            ring.close();
            final LaneDamagedException damaged =
                assertThrows(LaneDamagedException.class, () -> reader.poll((type, buffer, offset, length) -> { }));
            assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        }
    }

    @Test
    void aGarbledHeaderIsReported()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            append(writer, new byte[64]);
            final MappedRegion ring = MappedRegion.openExisting(files.ring(0), 0, Integer.MAX_VALUE);
            ring.buffer().putLong(0, 0x7777_7777_7777_7777L);
            ring.close();
            assertThrows(LaneDamagedException.class, () -> reader.poll((type, buffer, offset, length) -> { }));
        }
    }

    @Test
    void whatEarlierLapsLeftIsNeverTakenForAFrame()
    {
        // Bodies of 0xFF bytes cover every offset of a small ring lap after lap: the slot at the tail must still
        // read as empty, not as a header that carries another position.
        final Random random = new Random(7);
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            long received = 0;
            while (control.tail() < 4L * LaneDescriptor.MIN_CAPACITY)
            {
                final byte[] body = new byte[1 + random.nextInt(900)];
                java.util.Arrays.fill(body, (byte)0xFF);
                append(writer, body);
                final byte[][] got = new byte[1][];
                assertEquals(1, reader.poll((type, buffer, offset, length) ->
                {
                    got[0] = new byte[length];
                    buffer.getBytes(offset, got[0]);
                }));
                assertArrayEquals(body, got[0]);
                assertEquals(0, reader.poll((type, buffer, offset, length) -> { }), "nothing after frame " + received);
                received++;
            }
            assertEquals(LaneDescriptor.MIN_CAPACITY, writer.capacity(), "one ring, lapped, not grown");
        }
    }

    @Test
    void aFrameBehindThePublishedTailThatIsNoLongerThereIsReported()
    {
        try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, false);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            append(writer, new byte[64]);
            append(writer, new byte[64]);
            assertEquals(1, reader.poll((type, buffer, offset, length) -> { }));
            final MappedRegion ring = MappedRegion.openExisting(files.ring(0), 0, Integer.MAX_VALUE);
            ring.buffer().putInt(LaneDescriptor.frameLength(64) + LaneDescriptor.POSITION_FIELD, 0);
            ring.close();
            assertTrue(reader.hasWaiting(), "the tail says a frame is there");
            final LaneDamagedException damaged =
                assertThrows(LaneDamagedException.class, () -> reader.poll((type, buffer, offset, length) -> { }));
            assertTrue(damaged.getMessage().contains("no frame is published"), damaged.getMessage());
        }
    }

    @Test
    void aWriterOfASharedLaneTakesOverAFrameWhoseWriterDiedBeforeMovingTheTail()
    {
        try (LaneWriter first = new LaneWriter(control, files, SETTINGS, true);
            LaneWriter second = new LaneWriter(control, files, SETTINGS, true);
            LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            append(first, new byte[] {1});
            // What a writer killed between publishing its frame and its tail leaves: the frame, whole, past the tail.
            final long orphan = control.tail();
            final MappedRegion ring = MappedRegion.openExisting(files.ring(0), 0, Integer.MAX_VALUE);
            final int at = (int)orphan;
            ring.buffer().putByte(at + LaneDescriptor.HEADER_LENGTH, (byte)2);
            ring.buffer().putInt(at + LaneDescriptor.BODY_LENGTH_FIELD, 1);
            ring.buffer().putInt(at + LaneDescriptor.TYPE_FIELD, 1);
            ring.buffer().putInt(at + LaneDescriptor.CHECKSUM_FIELD, 0);
            ring.buffer().putIntRelease(at + LaneDescriptor.POSITION_FIELD, LaneDescriptor.positionCheck(orphan));
            ring.close();
            append(second, new byte[] {3});
            final List<Byte> got = new ArrayList<>();
            while (reader.poll((type, buffer, offset, length) -> got.add(buffer.getByte(offset))) == 1)
            {
                assertTrue(got.size() <= 3, "no frame twice: " + got);
            }
            assertEquals(List.of((byte)1, (byte)2, (byte)3), got, "the orphan frame in its place, nothing overwritten");
            assertEquals(control.tail(), reader.head());
        }
    }

    @Test
    void manyWritersTakeTurnsThroughTheLock() throws InterruptedException
    {
        final int writers = 4;
        final int each = 2000;
        final Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++)
        {
            final int id = w;
            threads[w] = new Thread(() ->
            {
                try (LaneWriter writer = new LaneWriter(control, files, SETTINGS, true))
                {
                    final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
                    for (int i = 0; i < each; i++)
                    {
                        body.putInt(0, id);
                        body.putInt(4, i);
                        writer.append(1, null, 0, 0, body, 0, 8);
                    }
                }
            });
            threads[w].start();
        }
        final int[] next = new int[writers];
        int total = 0;
        try (LaneReader reader = new LaneReader(control, control.readerLine(), files, true))
        {
            while (total < writers * each)
            {
                total += reader.poll((type, buffer, offset, length) ->
                {
                    final int id = buffer.getInt(offset);
                    assertEquals(next[id]++, buffer.getInt(offset + 4), "order from writer " + id);
                });
            }
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (int w = 0; w < writers; w++)
        {
            assertEquals(each, next[w]);
        }
    }

    private long countBuffered(final List<byte[]> sent, final int consumed)
    {
        long bytes = 0;
        for (int i = consumed; i < sent.size(); i++)
        {
            bytes += sent.get(i).length;
        }
        return control.bufferedBytes() == bytes ? sent.size() - consumed : -1;
    }

    private static void append(final LaneWriter writer, final byte[] body)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(Math.max(1, body.length));
        buffer.putBytes(0, body);
        writer.append(1, null, 0, 0, buffer, 0, body.length);
    }

    private long ringFiles() throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.filter(p -> files.isRing(p.getFileName().toString())).count();
        }
    }

    private long ringBytes() throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.filter(p -> files.isRing(p.getFileName().toString()))
                .mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
