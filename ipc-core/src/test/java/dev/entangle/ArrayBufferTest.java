package dev.entangle;

import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ArrayBuffer and SharedArrayBuffer in one JVM: moved by transfer, copied otherwise, shared when shared, and their
 * memory freed when nothing holds it.
 */
@Timeout(120)
class ArrayBufferTest
{
    @TempDir
    Path dir;

    private Contexts contexts;
    private Context a;
    private Context b;

    @BeforeEach
    void open()
    {
        contexts = new Contexts(dir);
        a = contexts.open("a");
        b = contexts.open("b");
    }

    @AfterEach
    void close()
    {
        contexts.close();
    }

    @Test
    void aTransferredBufferMovesTheSameMemoryAndDetachesTheSender()
    {
        final ArrayBuffer buffer = ArrayBuffer.allocate(a, 4096);
        final MutableDirectBuffer view = buffer.asDirectBuffer();
        view.putLong(0, 42);
        view.putLong(4088, 7);
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage(Map.of("buffer", buffer), List.of(buffer));

        assertTrue(buffer.detached());
        assertEquals(0, buffer.byteLength());
        assertThrows(IllegalStateException.class, buffer::asByteBuffer);
        assertThrows(IllegalStateException.class, buffer::asDirectBuffer);
        view.getLong(0);

        final MessageEvent event = channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow();
        final ArrayBuffer received = (ArrayBuffer)((Map<?, ?>)event.data()).get("buffer");
        assertEquals(4096, received.byteLength());
        assertEquals(42, received.asDirectBuffer().getLong(0));
        assertEquals(7, received.asByteBuffer().getLong(4088));
        assertTrue(event.ports().isEmpty(), "a buffer is not a port");
        received.close();
        assertTrue(received.detached());
        assertEquals(List.of(), bufferFiles(), "closing the last holder frees the memory");
    }

    @Test
    void aBufferNotInTheTransferListIsCopied()
    {
        final ArrayBuffer buffer = ArrayBuffer.allocate(a, 100);
        buffer.asDirectBuffer().putInt(0, 1234);
        final MessageChannel channel = new MessageChannel(a);
        channel.port1().postMessage(List.of(buffer, buffer));
        assertTrue(!buffer.detached());
        final List<?> data = (List<?>)channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow().data();
        final ArrayBuffer copy = (ArrayBuffer)data.get(0);
        assertSame(copy, data.get(1), "identity is kept: one object reached twice");
        assertNotSame(buffer, copy);
        assertEquals(1234, copy.asDirectBuffer().getInt(0));
        copy.asDirectBuffer().putInt(0, 5678);
        assertEquals(1234, buffer.asDirectBuffer().getInt(0), "a copy is other memory");
        buffer.close();
        copy.close();
        assertEquals(List.of(), bufferFiles());
    }

    @Test
    void aBufferListedTwiceOrDetachedIsRefusedAndNothingMoves()
    {
        final ArrayBuffer buffer = ArrayBuffer.allocate(a, 16);
        final MessageChannel channel = new MessageChannel(a);
        final DataCloneException twice = assertThrows(DataCloneException.class,
            () -> channel.port1().postMessage(buffer, List.of(buffer, buffer)));
        assertTrue(twice.getMessage().contains("index 1"), twice.getMessage());
        assertTrue(!buffer.detached());
        buffer.close();
        assertThrows(DataCloneException.class, () -> channel.port1().postMessage(buffer, List.of(buffer)));
        assertThrows(DataCloneException.class, () -> channel.port1().postMessage(buffer));
    }

    @Test
    void emptyAndLargeBuffersTravel()
    {
        final MessageChannel channel = new MessageChannel(a);
        final ArrayBuffer empty = ArrayBuffer.allocate(a, 0);
        channel.port1().postMessage(empty, List.of(empty));
        assertEquals(0, ((ArrayBuffer)channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow().data())
            .byteLength());
        final ArrayBuffer large = ArrayBuffer.allocate(a, 64 << 20);
        large.asDirectBuffer().putLong((64 << 20) - 8, 99);
        channel.port1().postMessage(large, List.of(large));
        final ArrayBuffer arrived =
            (ArrayBuffer)channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow().data();
        assertEquals(64 << 20, arrived.byteLength());
        assertEquals(99, arrived.asDirectBuffer().getLong((64 << 20) - 8));
        assertThrows(IllegalArgumentException.class, () -> ArrayBuffer.allocate(a, -1));
    }

    @Test
    void aTransferredBufferCountsInTheBufferedAmountUntilRead()
    {
        final MessageChannel channel = new MessageChannel(a);
        final ArrayBuffer buffer = ArrayBuffer.allocate(a, 1 << 20);
        channel.port1().postMessage("with a buffer", List.of(buffer));
        assertTrue(channel.port1().bufferedAmount() >= 1 << 20, "" + channel.port1().bufferedAmount());
        channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(0, channel.port1().bufferedAmount());
    }

    @Test
    void aClosedContextFreesItsBuffersAndAnUnreferencedOneIsFreedOnCollection()
    {
        final Context c = contexts.open("c");
        ArrayBuffer.allocate(c, 1000);
        SharedArrayBuffer.allocate(c, 1000);
        assertEquals(2, bufferFiles().size());
        c.close();
        assertEquals(List.of(), bufferFiles());

        allocateAndForget();
        Await.until("the collected buffer to be freed", () ->
        {
            System.gc();
            return bufferFiles().isEmpty();
        });
    }

    private void allocateAndForget()
    {
        ArrayBuffer.allocate(a, 1000).asDirectBuffer().putInt(0, 1);
    }

    @Test
    void aSharedBufferIsTheSameMemoryForEveryHolderUntilTheLastLetsGo()
    {
        final SharedArrayBuffer shared = SharedArrayBuffer.allocate(a, 4096);
        final MessageChannel channel = new MessageChannel(a);
        final Context c = b;
        c.onMessage(e -> { });
        a.window("b").postMessage(List.of(shared, shared));
        channel.port1().postMessage(shared);
        final SharedArrayBuffer viaPort =
            (SharedArrayBuffer)channel.port2().receiveMessage(Duration.ofSeconds(30)).orElseThrow().data();
        assertNotSame(shared, viaPort);
        viaPort.asAtomicBuffer().getAndAddLong(0, 5);
        assertEquals(5, shared.asAtomicBuffer().getLongVolatile(0));
        final ByteBuffer bytes = shared.asByteBuffer();
        assertEquals(4096, bytes.capacity());
        shared.close();
        assertThrows(IllegalStateException.class, shared::asAtomicBuffer);
        assertEquals(5, viaPort.asAtomicBuffer().getLongVolatile(0), "another holder still holds it");
        viaPort.close();
        assertEquals(1, bufferFiles().size(), "the message to b still carries it");
        c.close();
        Await.until("the memory to be freed once nothing holds it", () -> bufferFiles().isEmpty());
    }

    /**
     * A buffer passed back and forth arrives each time in a JVM that mapped it before: it must reuse that mapping.
     * A new mapping at every arrival lasts until a collection; a fast exchange then reaches the kernel's limit on
     * mappings (65,530 by default) and the JVM dies, as the transfer benchmark did.
     */
    @Test
    void aBufferPassedBackAndForthIsMappedOnceInTheJvm() throws IOException
    {
        final Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs /proc/self/maps");
        ArrayBuffer buffer = ArrayBuffer.allocate(a, 4096);
        final Path file = bufferFiles().get(0);
        final MessageChannel channel = new MessageChannel(a);
        final MessagePort[] ports = { channel.port1(), channel.port2() };
        MessagePort from = channel.port1();
        for (int i = 0; i < 20_000; i++)
        {
            buffer.asDirectBuffer().putInt(0, i);
            from.postMessage(buffer, List.of(buffer));
            final MessagePort to = from == ports[0] ? ports[1] : ports[0];
            buffer = (ArrayBuffer)to.receiveMessage(Duration.ofSeconds(30)).orElseThrow().data();
            assertEquals(i, buffer.asDirectBuffer().getInt(0));
            from = to;
        }
        final long mappings;
        try (Stream<String> lines = Files.lines(maps))
        {
            mappings = lines.filter(line -> line.endsWith(file.getFileName().toString()) ||
                line.endsWith(file.getFileName() + " (deleted)")).count();
        }
        assertTrue(mappings <= 2, "the buffer's file is mapped " + mappings + " times after 20,000 arrivals");
        buffer.close();
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
