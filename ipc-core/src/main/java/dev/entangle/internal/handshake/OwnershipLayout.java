package dev.entangle.internal.handshake;

/**
 * Where each field of an {@link OwnershipRecord} stands, in bytes from the record's start; every field is a long.
 * <pre>
 *   0 | state word: epoch &lt;&lt; 8 | state                      |  the only field ever compared-and-set
 *   8 | owner pid | owner process start (ms) | owner context id  |
 *  32 | owner's doorbell slot                                   |  which bit the peer rings after writing
 *  40 | transfer token high | transfer token low                |  the 128-bit capability while in transit
 *  56 | custodian kind | custodian a | b | c                    |  what carries it while in transit
 *  88 | in transit since (epoch ms)                             |
 *  96 | close cause (written before the close is published)     |
 * 104 | started: 1 once the owner enabled the port's queue      |  cleared for each new owner
 * </pre>
 */
final class OwnershipLayout
{
    static final int STATE_OFFSET = 0;
    static final int OWNER_PID_OFFSET = 8;
    static final int OWNER_START_OFFSET = 16;
    static final int OWNER_CONTEXT_OFFSET = 24;
    static final int OWNER_SLOT_OFFSET = 32;
    static final int TOKEN_HIGH_OFFSET = 40;
    static final int TOKEN_LOW_OFFSET = 48;
    static final int CUSTODIAN_KIND_OFFSET = 56;
    static final int CUSTODIAN_A_OFFSET = 64;
    static final int CUSTODIAN_B_OFFSET = 72;
    static final int CUSTODIAN_C_OFFSET = 80;
    static final int TRANSIT_SINCE_OFFSET = 88;
    static final int CLOSE_CAUSE_OFFSET = 96;
    static final int STARTED_OFFSET = 104;

    private OwnershipLayout()
    {
    }
}
