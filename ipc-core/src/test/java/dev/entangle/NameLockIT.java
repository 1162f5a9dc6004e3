package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context name is held by one live context at a time, across JVMs: a second open of a held name is refused in the
 * holder's JVM and in any other, and a refused attempt never frees the holder's name (closing a channel of the lock
 * file releases every lock the JVM holds on it). Once the holder closes or is killed, the name can be opened again.
 */
@Timeout(180)
class NameLockIT
{
    private static final String NAME = "dupB";

    @TempDir
    Path dir;

    private final List<PeerProcess> children = new ArrayList<>();
    private Contexts contexts;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
    }

    @AfterEach
    void close()
    {
        for (final PeerProcess child : children)
        {
            child.kill();
        }
        contexts.close();
    }

    @Test
    void aNameHeldHereIsRefusedHereAndInAnotherJvmUntilItIsClosed()
    {
        final Context holder = contexts.open(NAME);
        final IllegalStateException again = assertThrows(IllegalStateException.class, () -> contexts.open(NAME));
        assertTrue(again.getMessage().contains(NAME), again.getMessage());

        // The refusal above must have left this JVM's lock in place: another JVM is refused too, twice over.
        tryInChild("refused");
        tryInChild("refused");

        holder.close();
        tryInChild("opened");
        contexts.open(NAME).close();
    }

    @Test
    void aNameHeldByAnotherJvmIsRefusedHereAndInAThirdUntilTheHolderIsKilled()
    {
        final PeerProcess holder = launch("hold");
        holder.awaitLine("second open refused");
        holder.awaitLine("ready");

        assertThrows(IllegalStateException.class, () -> contexts.open(NAME));
        tryInChild("refused");
        assertThrows(IllegalStateException.class, () -> contexts.open(NAME), "refused again after a refusal");

        holder.kill();
        final Context reopened = contexts.open(NAME);
        assertEquals(NAME, reopened.name());
        tryInChild("refused");
        reopened.close();
        tryInChild("opened");
    }

    private void tryInChild(final String expected)
    {
        final PeerProcess child = launch("try");
        child.awaitLine(expected);
        assertEquals(0, child.waitForExit());
    }

    private PeerProcess launch(final String mode)
    {
        final PeerProcess child = PeerProcess.launch(NameLockProbe.class, dir.toString(), NAME, mode);
        children.add(child);
        return child;
    }
}
