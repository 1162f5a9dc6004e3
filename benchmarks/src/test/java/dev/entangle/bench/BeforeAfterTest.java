package dev.entangle.bench;

import dev.entangle.bench.BeforeAfter.Fork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The before-and-after tool's reading of JMH's JSON result and its table, from made-up figures.
 */
class BeforeAfterTest
{
    /** The shape of JMH 1.37's JSON result of a {@code SampleTime} benchmark, shortened. */
    private static final String JSON = """
        [
            {
                "jmhVersion" : "1.37",
                "benchmark" : "dev.entangle.bench.RoundTripBenchmark.roundTrip",
                "mode" : "sample",
                "params" : {
                    "payloadBytes" : "64",
                    "transport" : "entangle-spin"
                },
                "primaryMetric" : {
                    "score" : 62939.639327633675,
                    "scoreError" : 21271.91473747355,
                    "scoreConfidence" : [
                        41667.72459016013,
                        84211.55406510722
                    ],
                    "scorePercentiles" : {
                        "0.0" : 1922.0,
                        "50.0" : 2664.0,
                        "90.0" : 3104.0,
                        "95.0" : 3452.0,
                        "99.0" : 1603461.1199999973,
                        "99.9" : 1.0949001216001332E7,
                        "99.99" : 3.298846310399437E7,
                        "100.0" : 3.5979264E7
                    },
                    "scoreUnit" : "ns/op",
                    "rawDataHistogram" : [ [ [ [ 1922.0, 2 ] ] ] ]
                },
                "secondaryMetrics" : {
                    "gc.alloc.rate.norm" : {
                        "score" : 1.0,
                        "scorePercentiles" : { "50.0" : 1.0 },
                        "scoreUnit" : "B/op"
                    }
                }
            }
        ]
        """;

    @Test
    void theFiguresComeFromThePrimaryMetric()
    {
        final Fork fork = BeforeAfter.parse(JSON, 2, true);
        assertEquals(new Fork(2, true, 2664.0, 1603461.1199999973, 1.0949001216001332E7, 62939.639327633675), fork);
    }

    @Test
    void aResultInAnotherUnitIsRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> BeforeAfter.parse(JSON.replace("\"ns/op\"", "\"us/op\""), 1, false));
    }

    @Test
    void theTableGivesEveryForkTheMediansAndTheRatiosRoundByRound() throws Exception
    {
        final List<Fork> forks = List.of(
            new Fork(1, false, 2000, 4000, 8000, 2500), new Fork(1, true, 1800, 4000, 8000, 2500),
            new Fork(2, true, 2200, 4000, 8000, 2500), new Fork(2, false, 2000, 4000, 8000, 2500),
            new Fork(3, false, 2000, 4000, 16000, 2500), new Fork(3, true, 2000, 4000, 8000, 2500));
        final String md = BeforeAfter.markdown(forks, "70bf9ef", "abc1234", "benchmarks/before-after", 60);
        assertTrue(md.contains("Command: `benchmarks/before-after` (60 s)"), md);
        assertTrue(md.contains("| 1 | 70bf9ef | 2.00 µs | 4.00 µs | 8.00 µs | 2.50 µs |"), md);
        assertTrue(md.contains("| 2 | abc1234 | 2.20 µs |"), md);
        assertTrue(md.contains("| median | abc1234 | 2.00 µs | 4.00 µs | 8.00 µs | 2.50 µs |"), md);
        // p50: 0.9, 1.1, 1.0; p99.9: 1, 1, 0.5.
        assertTrue(md.contains("| p50 | 1.00 [0.90–1.10] | yes |"), md);
        assertTrue(md.contains("| p99.9 | 1.00 [0.50–1.00] | yes |"), md);
        assertTrue(md.contains("| mean | 1.00 [1.00–1.00] | yes |"), md);
    }
}
