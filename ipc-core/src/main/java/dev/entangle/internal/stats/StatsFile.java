package dev.entangle.internal.stats;

import dev.entangle.internal.fs.MappedRegion;
import dev.entangle.internal.fs.PublishedFile;
import dev.entangle.internal.fs.SafeFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * A context's statistics file, beside its record: Agrona counters and a distinct error log, readable while the
 * context runs and after its process died.
 * <pre>
 *      0 | magic (int) | version (int, written last) | pid | process start | context id | opened (ms) |
 *   4096 | counters metadata: one 512-byte record per counter                                      |
 *      . | counters values: one 128-byte record per counter                                         |
 *      . | distinct error log                                                                       |
 * </pre>
 */
public final class StatsFile implements AutoCloseable
{
    /** Name of the file in the context's folder. */
    public static final String FILE_NAME = "stats";
    /** Name the previous holder's file gets when a new context takes the name, so its errors stay readable. */
    public static final String PREVIOUS_FILE_NAME = "stats.previous";

    static final int COUNTERS = 32;
    private static final int MAGIC = 0x454E_5354;
    private static final int VERSION = 1;
    private static final int HEADER_LENGTH = 4096;
    private static final int METADATA_LENGTH = COUNTERS * CountersReader.METADATA_LENGTH;
    private static final int VALUES_LENGTH = COUNTERS * CountersReader.COUNTER_LENGTH;
    private static final int ERROR_LOG_LENGTH = 256 << 10;
    private static final int METADATA_OFFSET = HEADER_LENGTH;
    private static final int VALUES_OFFSET = METADATA_OFFSET + METADATA_LENGTH;
    private static final int ERROR_LOG_OFFSET = VALUES_OFFSET + VALUES_LENGTH;
    /** Length of the file. */
    public static final int LENGTH = ERROR_LOG_OFFSET + ERROR_LOG_LENGTH;

    private final MappedRegion region;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final UnsafeBuffer errorLog;

    private StatsFile(final MappedRegion region)
    {
        this.region = region;
        final UnsafeBuffer whole = region.buffer();
        this.metadata = new UnsafeBuffer(whole, METADATA_OFFSET, METADATA_LENGTH);
        this.values = new UnsafeBuffer(whole, VALUES_OFFSET, VALUES_LENGTH);
        this.errorLog = new UnsafeBuffer(whole, ERROR_LOG_OFFSET, ERROR_LOG_LENGTH);
    }

    /**
     * Creates a context's statistics file; the previous holder's, if any, is kept under
     * {@link #PREVIOUS_FILE_NAME}.
     *
     * @param folder    the context's folder.
     * @param pid       the process.
     * @param start     its start time.
     * @param contextId the context.
     * @return the file.
     */
    static StatsFile create(final Path folder, final long pid, final long start, final long contextId)
    {
        final Path file = folder.resolve(FILE_NAME);
        if (SafeFiles.exists(file))
        {
            SafeFiles.delete(folder.resolve(PREVIOUS_FILE_NAME));
            try
            {
                java.nio.file.Files.move(file, folder.resolve(PREVIOUS_FILE_NAME));
            }
            catch (final java.io.IOException ex)
            {
                SafeFiles.delete(file);
            }
        }
        final MappedRegion region;
        try
        {
            region = MappedRegion.create(file, LENGTH);
        }
        catch (final FileAlreadyExistsException raced)
        {
            throw new IllegalStateException("statistics file " + file + " appeared while being created");
        }
        final StatsFile stats = new StatsFile(region);
        final UnsafeBuffer header = region.buffer();
        header.putInt(0, MAGIC);
        header.putLong(8, pid);
        header.putLong(16, start);
        header.putLong(24, contextId);
        header.putLong(32, System.currentTimeMillis());
        header.putIntRelease(4, VERSION);
        return stats;
    }

    /**
     * Maps a statistics file to read it, without changing anything.
     *
     * @param file the file.
     * @return it, or null when missing or not valid.
     */
    public static StatsFile open(final Path file)
    {
        final MappedRegion region = PublishedFile.open(file, LENGTH, MAGIC, 4, VERSION);
        return region == null ? null : new StatsFile(region);
    }

    /**
     * @return a reader of the counters.
     */
    public CountersReader counters()
    {
        return new CountersReader(metadata, values);
    }

    /**
     * @param consumer receives each distinct error: count, first and last time (epoch ms), and its stack trace.
     * @return how many distinct errors there are.
     */
    public int readErrors(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(errorLog, consumer);
    }

    /**
     * @return the pid of the process that wrote it.
     */
    public long pid()
    {
        return region.buffer().getLong(8);
    }

    /**
     * @return the context id that wrote it.
     */
    public long contextId()
    {
        return region.buffer().getLong(24);
    }

    UnsafeBuffer metadataBuffer()
    {
        return metadata;
    }

    UnsafeBuffer valuesBuffer()
    {
        return values;
    }

    UnsafeBuffer errorLogBuffer()
    {
        return errorLog;
    }

    MappedRegion region()
    {
        return region;
    }

    @Override
    public void close()
    {
        region.close();
    }
}
