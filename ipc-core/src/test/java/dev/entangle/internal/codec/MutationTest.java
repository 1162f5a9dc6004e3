package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A million random mutations of valid encodings: each decodes, or is rejected with {@link MessageDecodeException}.
 */
class MutationTest
{
    private static final long SEED = 1124L;
    private static final int MUTATIONS = 1_000_000;

    @Test
    void everyMutationDecodesOrIsRejectedCleanly()
    {
        final Codec codec = new Codec().allow(RandomGraphs.Node.class).allowEnum(RandomGraphs.Suit.class);
        final RandomGraphs graphs = new RandomGraphs(SEED);
        final List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            valid.add(codec.encode(graphs.next()));
        }
        final Random random = new Random(SEED);
        int rejected = 0;
        for (int i = 0; i < MUTATIONS; i++)
        {
            final byte[] mutated = mutate(valid.get(random.nextInt(valid.size())), random);
            try
            {
                codec.decode(mutated);
            }
            catch (final MessageDecodeException expected)
            {
                rejected++;
            }
            catch (final Throwable ex)
            {
                fail("mutation " + i + " of seed " + SEED + " escaped as " + ex + ": " + Arrays.toString(mutated), ex);
            }
        }
        if (rejected == 0)
        {
            fail("no mutation was rejected: the mutations do not reach the decoder's checks");
        }
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        final byte[] bytes = original.clone();
        final int at = random.nextInt(bytes.length);
        switch (random.nextInt(7))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.nextInt(8));
                return bytes;
            case 1:
                bytes[at] = (byte)0xFF;
                return bytes;
            case 2:
                bytes[at] = 0;
                return bytes;
            case 3:
                bytes[at] = (byte)random.nextInt();
                return bytes;
            case 4:
            {
                final byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = (byte)random.nextInt();
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                return longer;
            }
            case 5:
            {
                final byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                return shorter;
            }
            default:
                return Arrays.copyOf(bytes, at);
        }
    }
}
