package dev.entangle.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The JMH fork settings every benchmark of the comparison inherits: one JVM per run. The flags that Chronicle Queue
 * and Agrona need cannot be annotation constants (they are read from the build's list at run time), so the driver
 * ({@link BenchMain}, {@link JmhRow}) prepends them to every fork.
 */
@Fork(value = 1, jvmArgsAppend = { BenchFlags.HEAP, BenchFlags.PRE_TOUCH })
public abstract class ForkedBenchmark
{
}
