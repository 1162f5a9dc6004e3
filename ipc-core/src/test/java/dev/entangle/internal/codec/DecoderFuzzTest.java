package dev.entangle.internal.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzing the decoder: whatever the bytes, it returns a value or throws {@link MessageDecodeException}. Plain test
 * runs replay the committed inputs under {@code src/test/resources/dev/entangle/internal/codec/DecoderFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn -pl ipc-core test -Dtest=DecoderFuzzTest} fuzzes.
 */
class DecoderFuzzTest
{
    private final Codec codec = new Codec().allow(RandomGraphs.Node.class).allowEnum(RandomGraphs.Suit.class);

    @FuzzTest(maxDuration = "2m")
    void decode(final byte[] data)
    {
        try
        {
            codec.decode(data);
        }
        catch (final MessageDecodeException expected)
        {
            // Rejected cleanly: what the decoder must do with bad bytes.
        }
    }
}
