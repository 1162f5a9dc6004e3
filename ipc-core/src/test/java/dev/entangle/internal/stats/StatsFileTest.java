package dev.entangle.internal.stats;

import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context's statistics file: what the context counts and logs is read back through another mapping, the previous
 * holder's file is kept aside, and a file of another size or format is refused (null), never misread.
 */
@Timeout(60)
class StatsFileTest
{
    @TempDir
    Path dir;

    @Test
    void threadsCountingAtOnceLoseNoCount() throws Exception
    {
        final int threads = 4;
        final int each = 200_000;
        try (ContextStats stats = ContextStats.create(dir, 4321, 8765, 99, true))
        {
            final Thread[] posters = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                posters[t] = new Thread(() ->
                {
                    for (int i = 0; i < each; i++)
                    {
                        stats.increment(Counter.MESSAGES_POSTED);
                        stats.add(Counter.BYTES_POSTED, 3);
                    }
                });
                posters[t].start();
            }
            for (final Thread poster : posters)
            {
                poster.join();
            }
            try (StatsFile reader = StatsFile.open(dir.resolve(StatsFile.FILE_NAME)))
            {
                final Map<String, Long> counters = counters(reader.counters());
                assertEquals((long)threads * each, counters.get(Counter.MESSAGES_POSTED.label()));
                assertEquals(3L * threads * each, counters.get(Counter.BYTES_POSTED.label()));
            }
        }
    }

    @Test
    void countersAndErrorsAreReadThroughAnotherMapping() throws IOException
    {
        try (ContextStats stats = ContextStats.create(dir, 4321, 8765, 99, true))
        {
            stats.increment(Counter.MESSAGES_POSTED);
            stats.increment(Counter.MESSAGES_POSTED);
            stats.add(Counter.BYTES_POSTED, 1000);
            stats.max(Counter.LOOP_MAX_CYCLE_NANOS, 50);
            stats.max(Counter.LOOP_MAX_CYCLE_NANOS, 20);
            final IllegalStateException error = new IllegalStateException("logged once, counted twice");
            stats.record(error);
            stats.record(error);

            final Path file = dir.resolve(StatsFile.FILE_NAME);
            assertEquals(StatsFile.LENGTH, Files.size(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            try (StatsFile reader = StatsFile.open(file))
            {
                assertNotNull(reader);
                assertEquals(4321, reader.pid());
                assertEquals(99, reader.contextId());
                final Map<String, Long> counters = counters(reader.counters());
                assertEquals(Counter.values().length, counters.size());
                assertEquals(2, counters.get(Counter.MESSAGES_POSTED.label()));
                assertEquals(1000, counters.get(Counter.BYTES_POSTED.label()));
                assertEquals(50, counters.get(Counter.LOOP_MAX_CYCLE_NANOS.label()));
                assertEquals(0, counters.get(Counter.CLONE_ERRORS.label()));

                final List<Integer> observations = new ArrayList<>();
                final List<String> traces = new ArrayList<>();
                final int distinct = reader.readErrors((count, first, last, trace) ->
                {
                    observations.add(count);
                    traces.add(trace);
                });
                assertEquals(1, distinct);
                assertEquals(List.of(2), observations);
                assertTrue(traces.get(0).contains("logged once, counted twice"), traces.get(0));
            }
        }
    }

    @Test
    void withCountingOffOnlyTheErrorLogIsKept()
    {
        try (ContextStats stats = ContextStats.create(dir, 1, 2, 3, false))
        {
            stats.increment(Counter.MESSAGES_POSTED);
            stats.record(new IllegalArgumentException("still logged"));
            try (StatsFile reader = StatsFile.open(dir.resolve(StatsFile.FILE_NAME)))
            {
                assertNotNull(reader);
                assertEquals(Map.of(), counters(reader.counters()));
                assertEquals(1, reader.readErrors((count, first, last, trace) -> { }));
            }
        }
    }

    @Test
    void theNextHolderKeepsThePreviousFileAside()
    {
        try (ContextStats first = ContextStats.create(dir, 1, 2, 111, true))
        {
            first.record(new IllegalStateException("the first holder's error"));
        }
        try (ContextStats second = ContextStats.create(dir, 1, 2, 222, true);
            StatsFile current = StatsFile.open(dir.resolve(StatsFile.FILE_NAME));
            StatsFile previous = StatsFile.open(dir.resolve(StatsFile.PREVIOUS_FILE_NAME)))
        {
            assertTrue(second.isCounting());
            assertNotNull(current);
            assertNotNull(previous);
            assertEquals(222, current.contextId());
            assertEquals(111, previous.contextId());
            assertEquals(0, current.readErrors((count, first, last, trace) -> { }));
            assertEquals(1, previous.readErrors((count, first, last, trace) -> { }));
        }
    }

    @Test
    void openRefusesAMissingFileAWrongSizeMagicOrVersion() throws IOException
    {
        final Path file = dir.resolve(StatsFile.FILE_NAME);
        assertNull(StatsFile.open(file), "no file");

        ContextStats.create(dir, 1, 2, 3, true).close();
        final byte[] valid = Files.readAllBytes(file);

        Files.write(file, new byte[4096]);
        assertNull(StatsFile.open(file), "too short");
        Files.write(file, new byte[StatsFile.LENGTH + 4096]);
        assertNull(StatsFile.open(file), "too long");
        Files.write(file, new byte[StatsFile.LENGTH]);
        assertNull(StatsFile.open(file), "never initialised");
        Files.write(file, withInt(valid, 0, 0x1234_5678));
        assertNull(StatsFile.open(file), "another magic");
        Files.write(file, withInt(valid, 4, 77));
        assertNull(StatsFile.open(file), "another version");
        Files.write(file, valid);
        try (StatsFile reopened = StatsFile.open(file))
        {
            assertNotNull(reopened, "the valid file opens again");
        }
    }

    @Test
    void aClosedContextsStatsWriteNothingMore() throws IOException
    {
        final ContextStats stats = ContextStats.create(dir, 1, 2, 3, true);
        stats.close();
        stats.increment(Counter.MESSAGES_POSTED);
        stats.record(new IllegalStateException("after close"));
        try (StatsFile reader = StatsFile.open(dir.resolve(StatsFile.FILE_NAME)))
        {
            assertNotNull(reader);
            assertEquals(0, counters(reader.counters()).get(Counter.MESSAGES_POSTED.label()));
            assertEquals(0, reader.readErrors((count, first, last, trace) -> { }));
        }
    }

    private static Map<String, Long> counters(final CountersReader reader)
    {
        final Map<String, Long> values = new HashMap<>();
        // The loop thread's own counters share the labels of the others: a label's value is their sum.
        reader.forEach((counterId, typeId, keyBuffer, label) ->
            values.merge(label, reader.getCounterValue(counterId), Long::sum));
        return values;
    }

    private static byte[] withInt(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(offset, value);
        return copy;
    }
}
