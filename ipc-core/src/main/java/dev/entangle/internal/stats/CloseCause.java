package dev.entangle.internal.stats;

/**
 * Why a port was closed, written into its ownership record before the close is published, so that its peer (and an
 * operator) can tell.
 */
public enum CloseCause
{
    /** Not recorded. */
    UNKNOWN,
    /** Its {@code close()} was called. */
    CLOSED,
    /** Its handle was garbage collected without {@code close()}. */
    GARBAGE_COLLECTED,
    /** Its context closed. */
    CONTEXT_CLOSED,
    /** It was in transit to a context that died or closed, or its message expired. */
    LOST_IN_TRANSIT,
    /** A file its channel depends on was damaged. */
    DAMAGED,
    /** Its entangled port was posted to itself: the channel was lost, as the standard says. */
    DOOMED,
    /** Its owner's process died (decided by the peer's liveness check, not recorded). */
    PROCESS_DIED;

    /**
     * @param ordinal a stored value.
     * @return the cause, {@link #UNKNOWN} for anything unexpected.
     */
    public static CloseCause of(final long ordinal)
    {
        final CloseCause[] all = values();
        return ordinal >= 0 && ordinal < all.length ? all[(int)ordinal] : UNKNOWN;
    }
}
