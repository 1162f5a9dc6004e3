package dev.entangle;

import dev.entangle.internal.handshake.ChannelFile;
import dev.entangle.internal.handshake.OwnershipRecord;
import dev.entangle.internal.handshake.TransferEntry;
import dev.entangle.internal.handshake.TransitTicket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File permissions, the handshake token, received messages that cannot be rebuilt, and the clean-up of channel
 * files.
 */
@Timeout(120)
class SecurityAndResourcesTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;

    record Point(int x, int y)
    {
    }

    record Unlisted(String s)
    {
    }

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a", b -> b.allowRecord(Point.class));
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void foldersAreOwnerOnlyAndFilesOwnerReadWriteOnly() throws IOException
    {
        final Context b = contexts.open("b");
        final MessageChannel channel = new MessageChannel(a);
        final Received atB = new Received();
        b.onMessage(atB);
        a.window("b").postMessage("port", "*", List.of(channel.port2()));
        atB.next().ports().get(0).postMessage("back");
        Await.until("the reply to be written", () -> channel.port1().receiveMessage().isPresent());

        final Set<PosixFilePermission> folder = PosixFilePermissions.fromString("rwx------");
        final Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-------");
        try (Stream<Path> paths = Files.walk(dir))
        {
            final List<Path> all = paths.filter(p -> !p.equals(dir)).toList();
            assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().matches("[ab]\\.\\d+")),
                "no lane ring among " + all);
            for (final Path path : all)
            {
                final Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
                assertEquals(Files.isDirectory(path) ? folder : file, actual, path.toString());
            }
        }
    }

    @Test
    void aClaimWithoutTheTokenIsRefusedAndTheRightfulReceiverStillGetsThePort()
    {
        final MessageChannel channel = new MessageChannel(a);
        final PortState travelling = ((PortHandle)channel.port2()).state();
        // "later" is not open yet: the port waits, in transit, in its inbox.
        a.window("later").postMessage("port", "*", List.of(channel.port2()));
        final ChannelFile file = a.core().runtime().channels().acquire(travelling.channelId());
        assertNotNull(file);
        try
        {
            final OwnershipRecord record = file.record(travelling.side);
            final long word = record.stateWord();
            assertEquals(OwnershipRecord.IN_TRANSIT, OwnershipRecord.state(word));
            final Context thief = contexts.open("thief");
            final TransitTicket real = travelling.departure;
            final TransferEntry forged = new TransferEntry(TransferEntry.PORT, travelling.channelId().high(),
                travelling.channelId().low(), travelling.side,
                new TransitTicket(real.epoch(), real.tokenHigh() ^ 1, real.tokenLow()), 0);
            final PortState stolen = PortTransfer.claim(thief.core(), forged);
            assertEquals(PortState.Phase.DISENTANGLED, stolen.phase());
            assertEquals(word, record.stateWord());
        }
        finally
        {
            a.core().runtime().channels().release(file);
        }

        final Context later = contexts.open("later");
        final Received atLater = new Received();
        later.onMessage(atLater);
        final MessagePort received = atLater.next().ports().get(0);
        final Received atPort = new Received();
        received.onMessage(atPort);
        channel.port1().postMessage("for the rightful owner");
        assertEquals("for the rightful owner", atPort.nextData());
    }

    @Test
    void anAllowedRecordIsRebuiltAndAnotherBecomesMessageErrorWhileTheChannelGoesOn()
    {
        final MessageChannel channel = new MessageChannel(a);
        final Received messages = new Received();
        final Received errors = new Received();
        channel.port2().onMessageError(errors);
        channel.port2().onMessage(messages);
        channel.port1().postMessage(new Point(1, 2));
        channel.port1().postMessage(new Unlisted("no"));
        channel.port1().postMessage("after");

        assertEquals(new Point(1, 2), messages.nextData());
        final MessageEvent error = errors.next();
        assertNull(error.data());
        final Throwable reason = Await.next(contexts.errors);
        assertTrue(reason instanceof MessageErrorException, reason.toString());
        assertTrue(reason.getMessage().contains(Unlisted.class.getName()), reason.getMessage());
        assertEquals("after", messages.nextData());
    }

    @Test
    void aChannelsFilesAreDeletedOnceBothPortsAreClosed() throws IOException
    {
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage("some traffic");
        final PortState state = ((PortHandle)channel.port1()).state();
        final Path channelDir = a.core().runtime().layout().channel(state.channelId());
        assertTrue(Files.isDirectory(channelDir));
        channel.port1().close();
        assertTrue(Files.isDirectory(channelDir), "deleted while one port was still open");
        channel.port2().close();
        Await.until("the channel folder to go", () -> !Files.exists(channelDir));
        try (Stream<Path> left = Files.list(a.core().runtime().layout().channels()))
        {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aClosedContextFreesItsFolderEntriesForItsPorts() throws IOException
    {
        final Context b = contexts.open("b");
        for (int i = 0; i < 5; i++)
        {
            new MessageChannel(b).port1().postMessage(i);
        }
        b.close();
        try (Stream<Path> left = Files.list(a.core().runtime().layout().channels()))
        {
            assertEquals(List.of(), left.toList());
        }
        assertFalse(Files.exists(a.core().runtime().layout().context("b")), "the closed context's folder is gone");
    }
}
