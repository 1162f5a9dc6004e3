package dev.entangle.internal.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel's file: both ports owned by their creator, two lanes crossed between the sides, shared by every mapping,
 * and refused (null, never misread) when it is of another size, format or channel.
 */
@Timeout(60)
class ChannelFileTest
{
    private static final Owner OWNER = new Owner(1, 2, 3, 4);
    private static final ChannelId ID = new ChannelId(0x0123_4567_89AB_CDEFL, -42);

    @TempDir
    Path dir;

    @Test
    void aNewChannelHasBothPortsOwnedAndItsLanesCrossed() throws IOException
    {
        final long before = System.currentTimeMillis();
        try (ChannelFile file = ChannelFile.create(dir, ID, OWNER))
        {
            final Path path = dir.resolve(ChannelFile.FILE_NAME);
            assertEquals(ChannelFile.LENGTH, Files.size(path));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals(ID, file.id());
            assertTrue(file.createdMillis() >= before);
            for (int side = 0; side < 2; side++)
            {
                assertEquals(OwnershipRecord.OWNED, file.record(side).state());
                assertEquals(OWNER, file.record(side).owner());
                assertSame(file.outgoing(side), file.incoming(1 - side),
                    "side " + side + " writes what the other reads");
                assertEquals(file.outgoingFiles(side).toString(), file.incomingFiles(1 - side).toString());
                assertTrue(file.outgoing(side).createdMillis() >= before);
            }
            assertFalse(file.bothClosed());
        }
    }

    @Test
    void aSecondMappingSeesTheSameRecords() throws IOException
    {
        try (ChannelFile file = ChannelFile.create(dir, ID, OWNER);
            ChannelFile other = ChannelFile.open(dir, ID))
        {
            assertNotNull(other);
            final TransitTicket ticket = file.record(1).beginTransit(new Custodian.None(), new SecureRandom());
            assertEquals(OwnershipRecord.IN_TRANSIT, other.record(1).state());
            assertTrue(other.record(1).claim(ticket, new Owner(9, 9, 9, 9)));
            assertEquals(new Owner(9, 9, 9, 9), file.record(1).owner());
            assertEquals(OwnershipRecord.OWNED, file.record(0).state(), "the records are apart");

            file.record(0).close(1);
            assertFalse(other.bothClosed());
            other.record(1).close(1);
            assertTrue(file.bothClosed());
        }
    }

    @Test
    void createRefusesAFileAlreadyThere() throws IOException
    {
        ChannelFile.create(dir, ID, OWNER).close();
        assertThrows(FileAlreadyExistsException.class, () -> ChannelFile.create(dir, ID, OWNER));
    }

    @Test
    void openRefusesAMissingFileAnotherChannelAWrongSizeMagicOrVersion() throws IOException
    {
        assertNull(ChannelFile.open(dir, ID), "no file");

        ChannelFile.create(dir, ID, OWNER).close();
        final Path path = dir.resolve(ChannelFile.FILE_NAME);
        final byte[] valid = Files.readAllBytes(path);

        assertNull(ChannelFile.open(dir, new ChannelId(ID.high(), ID.low() + 1)), "another channel's id");
        Files.write(path, new byte[ChannelFile.LENGTH - 8]);
        assertNull(ChannelFile.open(dir, ID), "too short");
        Files.write(path, new byte[ChannelFile.LENGTH + 8]);
        assertNull(ChannelFile.open(dir, ID), "too long");
        Files.write(path, new byte[ChannelFile.LENGTH]);
        assertNull(ChannelFile.open(dir, ID), "never initialised");
        Files.write(path, withInt(valid, 0, 0x1234_5678));
        assertNull(ChannelFile.open(dir, ID), "another magic");
        Files.write(path, withInt(valid, 4, 0));
        assertNull(ChannelFile.open(dir, ID), "version not yet published");
        Files.write(path, withInt(valid, 4, 99));
        assertNull(ChannelFile.open(dir, ID), "another version");
        Files.write(path, valid);
        try (ChannelFile file = ChannelFile.open(dir, ID))
        {
            assertNotNull(file, "the valid file opens again");
        }
    }

    @Test
    void aLinkInPlaceOfTheFileIsNotFollowed() throws IOException
    {
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        ChannelFile.create(outside, ID, OWNER).close();
        final Path folder = Files.createDirectory(dir.resolve("channel"));
        Files.createSymbolicLink(folder.resolve(ChannelFile.FILE_NAME), outside.resolve(ChannelFile.FILE_NAME));

        assertNull(ChannelFile.open(folder, ID));
        assertThrows(FileAlreadyExistsException.class, () -> ChannelFile.create(folder, ID, OWNER));
    }

    @Test
    void channelIdsReadBackFromTheirFolderNames()
    {
        assertEquals(ID, ChannelId.parse(ID.toString()));
        assertEquals(32, ID.toString().length());
        assertNull(ChannelId.parse("not a channel"));
        assertNull(ChannelId.parse("g".repeat(32)));
        assertNull(ChannelId.parse(ID + "0"));
    }

    private static byte[] withInt(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(offset, value);
        return copy;
    }
}
