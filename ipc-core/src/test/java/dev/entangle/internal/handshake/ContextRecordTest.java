package dev.entangle.internal.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record of a context name: created once and shared by every mapping of it, and refused (never misread) when
 * its file is of another size, magic or version.
 */
@Timeout(60)
class ContextRecordTest
{
    @TempDir
    Path dir;

    @Test
    void aNewRecordIsOwnerOnlyHeldByNobodyAndHasAnInitialisedInbox() throws IOException
    {
        final long before = System.currentTimeMillis();
        try (ContextRecord record = ContextRecord.openOrCreate(dir))
        {
            final Path file = dir.resolve(ContextRecord.FILE_NAME);
            assertEquals(ContextRecord.LENGTH, Files.size(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(0, record.holderId());
            assertEquals(0, record.inbox().tail());
            assertEquals(0, record.inbox().bufferedBytes());
            assertTrue(record.inbox().createdMillis() >= before);
            assertEquals(dir, record.folder());
        }
    }

    @Test
    void aHolderIsSeenThroughEveryMappingUntilItReleasesTheName()
    {
        try (ContextRecord first = ContextRecord.openOrCreate(dir))
        {
            first.hold(77, 1234, 5678, "https://a.example");
            first.heartbeat(1_700_000_000_000L);
            try (ContextRecord second = ContextRecord.openOrCreate(dir);
                ContextRecord reader = ContextRecord.openExisting(dir))
            {
                assertNotNull(reader);
                for (final ContextRecord view : new ContextRecord[]{ second, reader })
                {
                    assertEquals(77, view.holderId(), "opening again does not initialise it again");
                    assertEquals(1234, view.holderPid());
                    assertEquals(5678, view.holderStart());
                    assertEquals("https://a.example", view.origin());
                    assertEquals(1_700_000_000_000L, view.heartbeat());
                    assertTrue(view.openedMillis() > 0);
                }
                first.release();
                assertEquals(0, reader.holderId());
            }
        }
    }

    @Test
    void aLongOriginIsCutToWhatTheRecordHolds()
    {
        try (ContextRecord record = ContextRecord.openOrCreate(dir))
        {
            record.hold(1, 2, 3, "https://" + "a".repeat(400) + ".example");
            assertEquals(250, record.origin().length());
        }
    }

    @Test
    void openExistingRefusesAMissingFileAWrongSizeMagicOrVersion() throws IOException
    {
        assertNull(ContextRecord.openExisting(dir), "no file");

        ContextRecord.openOrCreate(dir).close();
        final Path file = dir.resolve(ContextRecord.FILE_NAME);
        final byte[] valid = Files.readAllBytes(file);

        Files.write(file, new byte[ContextRecord.LENGTH - 1]);
        assertNull(ContextRecord.openExisting(dir), "too short");
        Files.write(file, new byte[ContextRecord.LENGTH * 2]);
        assertNull(ContextRecord.openExisting(dir), "too long");
        Files.write(file, new byte[ContextRecord.LENGTH]);
        assertNull(ContextRecord.openExisting(dir), "never initialised");
        Files.write(file, withInt(valid, 0, 0x1234_5678));
        assertNull(ContextRecord.openExisting(dir), "another magic");
        Files.write(file, withInt(valid, 4, 99));
        assertNull(ContextRecord.openExisting(dir), "another version");
        Files.write(file, valid);
        try (ContextRecord record = ContextRecord.openExisting(dir))
        {
            assertNotNull(record, "the valid file opens again");
        }
    }

    @Test
    void openOrCreateRefusesAFileOfAnotherSizeOrFormatWithAMessageNamingIt() throws IOException
    {
        ContextRecord.openOrCreate(dir).close();
        final Path file = dir.resolve(ContextRecord.FILE_NAME);
        final byte[] valid = Files.readAllBytes(file);

        Files.write(file, new byte[100]);
        final IllegalStateException size = assertThrows(IllegalStateException.class,
            () -> ContextRecord.openOrCreate(dir));
        assertTrue(size.getMessage().contains(file.toString()), size.getMessage());

        Files.write(file, withInt(valid, 0, 0x1234_5678));
        final IllegalStateException magic = assertThrows(IllegalStateException.class,
            () -> ContextRecord.openOrCreate(dir));
        assertTrue(magic.getMessage().contains(file.toString()), magic.getMessage());
        assertEquals(0x1234_5678, intAt(Files.readAllBytes(file), 0), "a refused file is left as it was");
    }

    @Test
    void aFileOfAnotherFormatWithTheSameSizeAndVersionIsRefused() throws IOException
    {
        // A channel's file has the record's length and version number, and another magic.
        final Path elsewhere = Files.createDirectory(dir.resolve("channel"));
        ChannelFile.create(elsewhere, new ChannelId(1, 2), new Owner(1, 2, 3, 4)).close();
        final Path folder = Files.createDirectory(dir.resolve("name"));
        Files.copy(elsewhere.resolve(ChannelFile.FILE_NAME), folder.resolve(ContextRecord.FILE_NAME));

        assertNull(ContextRecord.openExisting(folder));
        assertThrows(IllegalStateException.class, () -> ContextRecord.openOrCreate(folder));
    }

    @Test
    void aRecordWhoseCreatorDiedBeforeWritingAnythingIsInitialised() throws IOException
    {
        Files.write(dir.resolve(ContextRecord.FILE_NAME), new byte[ContextRecord.LENGTH]);
        try (ContextRecord record = ContextRecord.openOrCreate(dir))
        {
            assertEquals(0, record.holderId());
        }
        try (ContextRecord record = ContextRecord.openExisting(dir))
        {
            assertNotNull(record);
        }
    }

    @Test
    void aRecordWhoseCreatorDiedBeforePublishingItsVersionIsRefused() throws IOException
    {
        ContextRecord.openOrCreate(dir).close();
        final Path file = dir.resolve(ContextRecord.FILE_NAME);
        Files.write(file, withInt(Files.readAllBytes(file), 4, 0));

        assertThrows(IllegalStateException.class, () -> ContextRecord.openOrCreate(dir));
        assertNull(ContextRecord.openExisting(dir));
    }

    @Test
    void aLinkInPlaceOfTheFileIsNotFollowed() throws IOException
    {
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        ContextRecord.openOrCreate(outside).close();
        final Path folder = Files.createDirectory(dir.resolve("name"));
        Files.createSymbolicLink(folder.resolve(ContextRecord.FILE_NAME), outside.resolve(ContextRecord.FILE_NAME));

        assertNull(ContextRecord.openExisting(folder));
        assertThrows(IllegalStateException.class, () -> ContextRecord.openOrCreate(folder));
    }

    private static byte[] withInt(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(offset, value);
        return copy;
    }

    private static int intAt(final byte[] bytes, final int offset)
    {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(offset);
    }
}
