package dev.entangle.bench.codec;

import dev.entangle.bench.BenchFlags;
import dev.entangle.bench.RemoteCallBenchmark;
import dev.entangle.internal.codec.HostObjectReader;
import dev.entangle.internal.codec.HostObjectWriter;
import dev.entangle.internal.codec.ReceiverPolicy;
import dev.entangle.internal.codec.StructuredCloneReader;
import dev.entangle.internal.codec.StructuredCloneWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The structured-clone codec alone, in one JVM: encoding, decoding, and both, for the messages of the issue. Run
 * with {@code -prof gc} to see the bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { BenchFlags.HEAP, BenchFlags.PRE_TOUCH })
public class CodecBenchmark
{
    private static final int MAX = 16 << 20;
    /** The record row's class is the one the Remote benchmark sends; the receiver allows it, as a context would. */
    private static final ReceiverPolicy POLICY =
        ReceiverPolicy.of(List.of(RemoteCallBenchmark.Sample.class), List.of());

    @Param({ "bytes64", "string32", "record", "map10", "graph1000" })
    public String message;

    private final StructuredCloneWriter writer = new StructuredCloneWriter();
    private final StructuredCloneReader reader = new StructuredCloneReader();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 16);
    private Object value;
    private int encodedLength;

    @Setup
    public void prepare()
    {
        value = switch (message)
        {
            case "bytes64" -> new byte[64];
            case "string32" -> "a string of exactly 32 chars....";
            case "record" -> new RemoteCallBenchmark.Sample(42, 3, 4, "sample-payload-0123456789");
            case "map10" -> map10();
            default -> graph1000();
        };
        encodedLength = writer.encode(value, HostObjectWriter.NONE, buffer, 0, MAX);
    }

    private static Map<String, Object> map10()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++)
        {
            map.put("key" + i, i % 2 == 0 ? (Object)i : "value" + i);
        }
        return map;
    }

    /** A thousand lists and maps, a quarter of them reached from two places. */
    private static Object graph1000()
    {
        final Random random = new Random(42);
        final List<Object> nodes = new ArrayList<>();
        final List<Object> root = new ArrayList<>();
        nodes.add(root);
        while (nodes.size() < 1000)
        {
            final Object parent = nodes.get(random.nextInt(nodes.size()));
            final Object child;
            if (random.nextBoolean())
            {
                child = new ArrayList<>(List.of(nodes.size(), "n"));
            }
            else
            {
                child = new LinkedHashMap<>(Map.of("id", nodes.size()));
            }
            nodes.add(child);
            attach(parent, child);
            if (random.nextInt(4) == 0)
            {
                attach(nodes.get(random.nextInt(nodes.size())), child);
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void attach(final Object parent, final Object child)
    {
        if (parent instanceof List<?> list)
        {
            ((List<Object>)list).add(child);
        }
        else
        {
            final Map<String, Object> map = (Map<String, Object>)parent;
            map.put("c" + map.size(), child);
        }
    }

    @Benchmark
    public int encode()
    {
        return writer.encode(value, HostObjectWriter.NONE, buffer, 0, MAX);
    }

    @Benchmark
    public Object decode()
    {
        return reader.decode(buffer, 0, encodedLength, HostObjectReader.NONE, POLICY, MAX);
    }

    @Benchmark
    public Object encodeDecode()
    {
        final int length = writer.encode(value, HostObjectWriter.NONE, buffer, 0, MAX);
        return reader.decode(buffer, 0, length, HostObjectReader.NONE, POLICY, MAX);
    }
}
