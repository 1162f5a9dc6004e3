package dev.entangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ArrayBuffer and SharedArrayBuffer across real JVMs: a buffer moved to another process and back, atomic increments
 * from two processes on one shared counter, and memory freed after the holder is killed.
 */
@Timeout(180)
class ArrayBufferIT
{
    @TempDir
    Path dir;

    private final List<PeerProcess> peers = new ArrayList<>();
    private final LinkedBlockingQueue<List<?>> replies = new LinkedBlockingQueue<>();
    private Context test;

    @BeforeEach
    void openTestContext()
    {
        test = Context.builder().directory(dir).name("test").open();
        test.onMessage(e -> replies.add((List<?>)e.data()));
    }

    @AfterEach
    void cleanUp()
    {
        peers.forEach(PeerProcess::close);
        test.close();
    }

    private PeerProcess peer(final String name)
    {
        final PeerProcess peer = PeerProcess.peer(dir, name, "test");
        peers.add(peer);
        return peer;
    }

    @Test
    void aBufferMovesToAnotherProcessAndBackWithItsBytes()
    {
        peer("other");
        final ArrayBuffer buffer = ArrayBuffer.allocate(test, 1 << 20);
        long expected = 0;
        for (int at = 0; at < 1 << 20; at += 8)
        {
            buffer.asDirectBuffer().putLong(at, at);
            expected += at;
        }
        test.window("other").postMessage(List.of("ab-back", "b", buffer), "*", List.of(buffer));
        assertTrue(buffer.detached());
        final List<?> back = Await.next(replies);
        assertEquals(List.of("ab-back", "b", expected), back.subList(0, 3));
        final ArrayBuffer returned = (ArrayBuffer)back.get(3);
        assertEquals(1 << 20, returned.byteLength());
        assertEquals((1 << 20) - 8, returned.asDirectBuffer().getLong((1 << 20) - 8));
        returned.close();
        assertEquals(List.of(), bufferFiles());
    }

    @Test
    void twoHundredThousandAtomicIncrementsFromTwoProcessesSumExactly() throws Exception
    {
        peer("other");
        final SharedArrayBuffer counter = SharedArrayBuffer.allocate(test, 64);
        test.window("other").postMessage(List.of("sab-add", "c", counter, 100_000), "*");
        for (int i = 0; i < 100_000; i++)
        {
            counter.asAtomicBuffer().getAndAddLong(0, 1);
        }
        assertEquals(List.of("added", "c"), Await.next(replies));
        assertEquals(200_000, counter.asAtomicBuffer().getLongVolatile(0));
        counter.close();
    }

    @Test
    void buffersHeldByAProcessKilledWithKillNineAreFreed()
    {
        final PeerProcess holder = peer("holder");
        final ArrayBuffer moved = ArrayBuffer.allocate(test, 4096);
        final SharedArrayBuffer shared = SharedArrayBuffer.allocate(test, 4096);
        test.window("holder").postMessage(List.of("hold", "h", moved, shared), "*", List.of(moved));
        assertEquals(List.of("ok", "hold"), Await.next(replies));
        shared.close();
        assertEquals(2, bufferFiles().size(), "the other process holds both");
        holder.kill();
        // A context opening the directory sweeps what dead processes left.
        Context.builder().directory(dir).name("sweeper").open().close();
        Await.until("the dead holder's buffers to be freed", () -> bufferFiles().isEmpty());
    }

    private List<Path> bufferFiles()
    {
        final Path buffers = dir.resolve("buffers");
        if (!Files.isDirectory(buffers))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(buffers))
        {
            return files.toList();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
