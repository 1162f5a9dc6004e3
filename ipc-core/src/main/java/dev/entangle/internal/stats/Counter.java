package dev.entangle.internal.stats;

/**
 * The counters every context keeps, in this order in its counters file.
 */
public enum Counter
{
    /** Messages posted on ports and to windows. */
    MESSAGES_POSTED("messages posted"),
    /** Bytes of those messages. */
    BYTES_POSTED("bytes posted"),
    /** Messages dispatched to listeners or taken by receiveMessage. */
    MESSAGES_RECEIVED("messages received"),
    /** Bytes of those messages. */
    BYTES_RECEIVED("bytes received"),
    /** Received messages that could not be deserialized (messageerror). */
    MESSAGE_ERRORS("message errors"),
    /** Posts refused because the message could not be cloned (DataCloneException). */
    CLONE_ERRORS("clone errors"),
    /** Posts refused by the buffered limit. */
    POSTS_REFUSED("posts refused by back-pressure"),
    /** Ports this context sent away in messages. */
    PORTS_TRANSFERRED_OUT("ports transferred out"),
    /** Ports this context received in messages. */
    PORTS_TRANSFERRED_IN("ports transferred in"),
    /** close events fired here because the peer was closed. */
    CLOSES_PEER_CLOSED("closes: peer closed"),
    /** close events fired here because the peer's process died. */
    CLOSES_PROCESS_DIED("closes: peer process died"),
    /** close events fired here because the peer was garbage collected. */
    CLOSES_GARBAGE_COLLECTED("closes: peer garbage collected"),
    /** close events fired here because the peer's context closed. */
    CLOSES_CONTEXT_CLOSED("closes: peer context closed"),
    /** close events fired here because the peer was in transit to a context that died or closed. */
    CLOSES_IN_TRANSIT("closes: peer lost in transit"),
    /** close events fired here because a file the channel depends on was damaged. */
    CLOSES_DAMAGED("closes: channel damaged"),
    /** Event-loop cycles that did work. */
    LOOP_BUSY_CYCLES("loop busy cycles"),
    /** Total nanoseconds of those cycles, estimated from the one in 16 that is timed. */
    LOOP_BUSY_NANOS("loop busy nanos"),
    /** The longest cycle timed (one busy cycle in 16 is), nanoseconds. */
    LOOP_MAX_CYCLE_NANOS("loop max cycle nanos"),
    /** Upkeep passes of the loop (liveness of peers, giving back memory), one per liveness interval. */
    LOOP_UPKEEPS("loop upkeep passes"),
    /** Total nanoseconds of those passes: what watching peers costs the loop. */
    LOOP_UPKEEP_NANOS("loop upkeep nanos"),
    /** The most bytes seen waiting in this context's inbox. */
    INBOX_BACKLOG_MAX("inbox backlog high-water bytes"),
    /** The most bytes seen waiting unread on one of this context's ports. */
    PORT_BACKLOG_MAX("port backlog high-water bytes");

    private final String label;

    Counter(final String label)
    {
        this.label = label;
    }

    /**
     * @return how the counter is shown.
     */
    public String label()
    {
        return label;
    }
}
