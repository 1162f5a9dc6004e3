package dev.entangle.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The JMH fork settings every benchmark of the comparison inherits: one JVM per run, with the flags that Chronicle
 * Queue and Agrona need. The driver ({@link BenchMain}) runs each fork on its own and interleaves them; kept in one
 * place so that the way the flags arrive changes in one place.
 */
@Fork(value = 1, jvmArgsAppend = {
    BenchFlags.ADD_EXPORTS_REF, BenchFlags.ADD_EXPORTS_NIO, BenchFlags.ADD_EXPORTS_MISC, BenchFlags.ADD_EXPORTS_UTIL,
    BenchFlags.ADD_OPENS_LANG, BenchFlags.ADD_OPENS_REFLECT, BenchFlags.ADD_OPENS_IO, BenchFlags.ADD_OPENS_NIO,
    BenchFlags.ADD_OPENS_NIO_CH, BenchFlags.ADD_OPENS_UTIL, BenchFlags.NO_ANALYTICS, BenchFlags.HEAP })
public abstract class ForkedBenchmark
{
}
