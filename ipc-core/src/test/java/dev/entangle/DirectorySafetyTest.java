package dev.entangle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared directory belongs to one user: a folder that others may write, that another user owns, or that is a
 * link is refused with a message that names it and says how to choose another; what the library creates is closed
 * to others; names that would leave the directory are refused before anything is created; and a closed context
 * makes no channel, runs no task and launches no worker.
 */
@Timeout(120)
class DirectorySafetyTest
{
    /** The user "nobody" on Linux: a user other than the one running the tests. */
    private static final int OTHER_UID = 65534;

    @TempDir
    Path dir;

    @Test
    void aDirectoryThatOthersMayWriteIsRefusedWithAMessageNamingItAndTheVariable() throws IOException
    {
        final Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(shared, "a"));

        assertTrue(refused.getMessage().contains(shared.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("ENTANGLE_DIR"), refused.getMessage());
        assertEquals(List.of(), list(shared), "nothing was written in a refused directory");
    }

    @Test
    void aDirectoryThatTheGroupMayWriteIsRefused() throws IOException
    {
        final Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));

        assertThrows(IllegalStateException.class, () -> open(shared, "a"));
        assertEquals(List.of(), list(shared));
    }

    @Test
    void aContextFolderPlantedAsALinkToAFolderOutsideIsRefusedAndNothingIsWrittenThere() throws IOException
    {
        final Path shared = dir.resolve("shared");
        open(shared, "first").close();
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(shared.resolve("contexts").resolve("planted"), outside);

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> open(shared, "planted"));

        assertTrue(refused.getMessage().contains("planted"), refused.getMessage());
        assertEquals(List.of(), list(outside), "written outside the directory through a link");
        // The refused open left the name free and the directory usable.
        Files.delete(shared.resolve("contexts").resolve("planted"));
        open(shared, "planted").close();
        assertEquals(List.of(), list(outside));
    }

    @Test
    void aLinkInPlaceOfTheContextsFolderIsRefusedAndNothingIsWrittenOutside() throws IOException
    {
        final Path shared = Files.createDirectory(dir.resolve("shared"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.createSymbolicLink(shared.resolve("contexts"), outside);

        assertThrows(IllegalStateException.class, () -> open(shared, "a"));
        assertEquals(List.of(), list(outside));
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused() throws IOException
    {
        // Giving a folder to another user takes root; as any other user this case cannot be set up, and the
        // ownership check is then left untested here rather than faked.
        assumeTrue(isRoot(), "needs root to give a folder to another user");
        final Path shared = Files.createDirectory(dir.resolve("shared"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(shared, "unix:uid", OTHER_UID);

        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(shared, "a"));

        assertTrue(refused.getMessage().contains(shared.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("owned by"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ENTANGLE_DIR"), refused.getMessage());
        assertEquals(List.of(), list(shared));
    }

    @Test
    void aContextFolderOwnedByAnotherUserIsRefused() throws IOException
    {
        // Root only, as above.
        assumeTrue(isRoot(), "needs root to give a folder to another user");
        final Path shared = dir.resolve("shared");
        open(shared, "first").close();
        final Path planted = Files.createDirectory(shared.resolve("contexts").resolve("planted"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(planted, "unix:uid", OTHER_UID);

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> open(shared, "planted"));

        assertTrue(refused.getMessage().contains(planted.toString()), refused.getMessage());
        assertEquals(List.of(), list(planted));
    }

    @Test
    void foldersTheLibraryCreatesAreOwnerOnlyAndItsFilesOwnerReadWriteOnly() throws IOException
    {
        // Missing parents are created too, each closed to others.
        final Path shared = dir.resolve("parent").resolve("child").resolve("shared");
        try (Context a = open(shared, "a"); Context b = open(shared, "b"))
        {
            final MessageChannel channel = new MessageChannel(a);
            final Received atB = new Received();
            b.onMessage(atB);
            a.window("b").postMessage("hello", "*", List.of(channel.port2()));
            channel.port1().postMessage("on the port");
            final MessagePort port = atB.next().ports().get(0);
            Await.until("the port's message", () -> port.receiveMessage().isPresent());
            a.window("nobody-yet").postMessage("waits in an inbox");

            final Set<PosixFilePermission> folder = PosixFilePermissions.fromString("rwx------");
            final Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-------");
            final List<Path> created;
            try (Stream<Path> walk = Files.walk(dir.resolve("parent")))
            {
                created = walk.toList();
            }
            assertTrue(created.size() > 10, "too few files to be a real directory: " + created);
            for (final Path path : created)
            {
                assertFalse(Files.isSymbolicLink(path), path + " is a link");
                final Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                assertEquals(Files.isDirectory(path) ? folder : file, actual, path.toString());
            }
        }
    }

    @Test
    void theNamesDotAndDotDotAreRefusedAndCreateNothing() throws IOException
    {
        final Path shared = dir.resolve("shared");
        for (final String name : new String[]{ ".", "..", "../x", "a/b", "", "x".repeat(65) })
        {
            assertThrows(IllegalArgumentException.class, () -> Context.builder().directory(shared).name(name).open(),
                "name \"" + name + "\"");
        }
        assertFalse(Files.exists(shared), "a refused name created the directory");

        try (Context a = open(shared, "a"))
        {
            for (final String name : new String[]{ ".", ".." })
            {
                assertThrows(IllegalArgumentException.class, () -> a.window(name), "window \"" + name + "\"");
            }
            assertEquals(List.of(shared.resolve("contexts").resolve("a")), list(shared.resolve("contexts")),
                "only the open context has a folder");
        }
        open(shared, "...").close();
    }

    @Test
    void aFileWhereTheDirectoryShouldBeGivesAClearMessage() throws IOException
    {
        final Path notAFolder = Files.writeString(dir.resolve("shared"), "a file");

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> open(notAFolder, "a"));

        assertTrue(refused.getMessage().contains(notAFolder.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a folder"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ENTANGLE_DIR"), refused.getMessage());
        assertEquals("a file", Files.readString(notAFolder), "the file was left as it was");
    }

    @Test
    void aFileWhereAParentOfTheDirectoryShouldBeGivesAClearMessage() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("parent"), "a file");

        final RuntimeException refused = assertThrows(RuntimeException.class,
            () -> open(file.resolve("shared"), "a"));

        assertTrue(refused instanceof IllegalStateException || refused instanceof java.io.UncheckedIOException,
            refused.toString());
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    @Test
    void aClosedContextMakesNoChannelRunsNoTaskAndLaunchesNoWorker()
    {
        final Context closed = open(dir.resolve("shared"), "closed");
        closed.close();
        final long childrenBefore = ProcessHandle.current().children().count();

        assertThrows(IllegalStateException.class, () -> new MessageChannel(closed));
        assertThrows(IllegalStateException.class, () -> closed.execute(() -> { }));
        assertThrows(IllegalStateException.class, () -> Worker.start(closed, WorkerMains.Echo.class));
        assertThrows(IllegalStateException.class,
            () -> Worker.start(closed, WorkerMains.Echo.class, WorkerOptions.defaults().name("w")));

        assertEquals(childrenBefore, ProcessHandle.current().children().count(), "a worker process was launched");
        // Posting stays silent, as the standard says.
        closed.window("anyone").postMessage("dropped");
    }

    private static Context open(final Path shared, final String name)
    {
        return Context.builder().directory(shared).name(name).open();
    }

    private static List<Path> list(final Path folder) throws IOException
    {
        try (Stream<Path> entries = Files.list(folder))
        {
            return entries.sorted().toList();
        }
    }

    private static boolean isRoot()
    {
        try
        {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return false;
        }
    }
}
