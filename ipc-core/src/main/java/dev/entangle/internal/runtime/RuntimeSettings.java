package dev.entangle.internal.runtime;

/**
 * What a directory's runtime needs to know, settled by the first context that opens it.
 *
 * @param livenessIntervalNanos how often peer processes are checked.
 * @param sweepIntervalNanos    how often the directory is swept for what dead processes left.
 * @param sweepGraceMillis      how long the folder of a context that died is kept, so its error log can be read.
 */
public record RuntimeSettings(long livenessIntervalNanos, long sweepIntervalNanos, long sweepGraceMillis)
{
}
