package dev.entangle.bench;

import dev.entangle.bench.transport.PipedJvm;
import dev.entangle.bench.transport.Transports;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The main class of one contestant's JVM in a sliced run ({@link SlicedGroup}): the benchmark's side of one
 * transport (which starts its own echo peer), or the copy floor. A JVM of its own keeps its round-trip loop seeing
 * one transport only, as a JMH fork's does. Between slices it waits in a blocking read and its echo peer parks, so
 * that only the contestant being measured spins.
 * <p>
 * Requests come on standard input, one a line; answers go to standard output, each a line that starts with the
 * request's answer word (the JVM or a logger may print other lines there):
 * <ul>
 *     <li>{@code slice <settleNs> <measureNs> <record>}: wakes the echo peer, runs round trips for
 *     {@code settleNs + measureNs}, records those that started after {@code settleNs} when {@code record} is
 *     {@code true}, puts the echo peer back to sleep; answer {@code sliced <recorded round trips>};</li>
 *     <li>{@code report}: answer {@code histogram <base64>}, every recorded round trip in nanoseconds, compressed.</li>
 * </ul>
 * It closes its link and ends when its standard input closes.
 */
final class SliceWorker
{
    /** The contestant that is not a transport. */
    static final String COPY_FLOOR = Rows.COPY_FLOOR;
    /** The transports whose echo loop parks while another contestant takes its turn ({@code EchoPause}). */
    static final Set<String> PAUSING = Set.of(Transports.ENTANGLE_SPIN, Transports.ENTANGLE_BYTES,
        Transports.CHRONICLE, Transports.AGRONA);
    static final String SLICE = "slice";
    static final String SLICED = "sliced";
    static final String REPORT = "report";
    static final String HISTOGRAM = "histogram";

    private final Contestant contestant;
    private final Histogram recorded = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

    private SliceWorker(final Contestant contestant)
    {
        this.contestant = contestant;
    }

    /**
     * @param args the contestant (a transport of {@link Transports}, or {@link #COPY_FLOOR}) and the payload size.
     * @throws Exception when the contestant cannot be opened or a request fails.
     */
    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        try (Contestant contestant = Contestant.open(args[0], Integer.parseInt(args[1])))
        {
            new SliceWorker(contestant).serve();
        }
    }

    private void serve() throws java.io.IOException
    {
        contestant.pause();
        answer(PipedJvm.READY);
        final BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String request;
        while ((request = requests.readLine()) != null)
        {
            final String[] words = request.trim().split(" ");
            if (SLICE.equals(words[0]))
            {
                final long count = slice(Long.parseLong(words[1]), Long.parseLong(words[2]),
                    Boolean.parseBoolean(words[3]));
                answer(SLICED + " " + count);
            }
            else if (REPORT.equals(words[0]))
            {
                answer(HISTOGRAM + " " + encode(recorded));
            }
        }
    }

    private long slice(final long settleNs, final long measureNs, final boolean record)
    {
        contestant.resume();
        try
        {
            long count = 0;
            final long from = System.nanoTime() + settleNs;
            final long end = from + measureNs;
            long started;
            while ((started = System.nanoTime()) - end < 0)
            {
                contestant.roundTrip();
                final long took = System.nanoTime() - started;
                if (record && started - from >= 0)
                {
                    recorded.recordValue(took);
                    count++;
                }
            }
            return count;
        }
        finally
        {
            contestant.pause();
        }
    }

    private static void answer(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }

    static String encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    static Histogram decode(final String base64) throws java.util.zip.DataFormatException
    {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }

    /**
     * What one slice repeats: a round trip of one transport, or of the copy floor. Each JVM uses one kind only.
     */
    private interface Contestant extends AutoCloseable
    {
        void roundTrip();

        /** Lets the echo peer stop spinning; nothing for the copy floor. */
        void pause();

        /** Makes the echo peer spin again. */
        void resume();

        @Override
        void close();

        static Contestant open(final String name, final int payloadBytes)
        {
            if (COPY_FLOOR.equals(name))
            {
                return new Floor(new CopyFloor(payloadBytes));
            }
            if (!PAUSING.contains(name))
            {
                throw new IllegalArgumentException(name + " cannot take turns: its echo peer does not pause");
            }
            return Transport.open(name, payloadBytes);
        }
    }

    /** A transport's round trip of one {@code byte[]}, as the round-trip and payload benchmarks make it. */
    private record Transport(LinkState state) implements Contestant
    {
        static Transport open(final String name, final int payloadBytes)
        {
            return new Transport(new LinkState(name, payloadBytes, 0));
        }

        @Override
        public void roundTrip()
        {
            state.roundTrip();
        }

        @Override
        public void pause()
        {
            state.link.echo().pause();
        }

        @Override
        public void resume()
        {
            state.link.echo().resume();
        }

        @Override
        public void close()
        {
            state.close();
        }
    }

    /** The copy floor, which has no echo peer to wake. */
    private static final class Floor implements Contestant
    {
        private final CopyFloor floor;
        /** Keeps each round trip's result reachable, so that the copies cannot be optimised away. */
        private byte[] last;

        Floor(final CopyFloor floor)
        {
            this.floor = floor;
        }

        @Override
        public void roundTrip()
        {
            last = floor.roundTrip();
        }

        @Override
        public void pause()
        {
        }

        @Override
        public void resume()
        {
        }

        @Override
        public void close()
        {
            floor.close();
        }
    }
}
