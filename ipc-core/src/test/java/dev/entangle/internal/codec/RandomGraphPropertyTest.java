package dev.entangle.internal.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * 100,000 random object graphs — nested maps, lists, sets, arrays, typed arrays, optionals, records and host
 * objects, holding every kind of value, with shared references and cycles — arrive structurally equal, with the same
 * sharing.
 */
class RandomGraphPropertyTest
{
    private static final long SEED = 20261124L;
    private static final int GRAPHS = 100_000;

    @Test
    void randomGraphsRoundTripWithTheirSharing()
    {
        final Codec codec = new Codec().allow(RandomGraphs.Node.class).allowEnum(RandomGraphs.Suit.class);
        final RandomGraphs graphs = new RandomGraphs(SEED);
        for (int i = 0; i < GRAPHS; i++)
        {
            final Object graph = graphs.next();
            final Object back = codec.roundTrip(graph);
            assertNull(RandomGraphs.difference(graph, back), "graph " + i + " of seed " + SEED);
        }
    }
}
