package dev.entangle;

/**
 * The replies one side sent, until the peer acknowledges them: when the peer reports a frame lost (it could not
 * deserialize it), this says which call the frame answered. Kept in seq order, so acknowledging drops from the
 * front. Not thread-safe: the endpoint's send lock guards it.
 */
final class RemoteSentLog
{
    /** What {@link #callAnsweredBy} returns for a frame the log does not hold. */
    static final long UNKNOWN = -1;

    private long[] seqs = new long[16];
    private long[] subjects = new long[16];
    private int head;
    private int size;

    /**
     * @param seq     the reply's seq, higher than any added before.
     * @param subject the id of the call it answers.
     */
    void add(final long seq, final long subject)
    {
        if (size == seqs.length)
        {
            grow();
        }
        final int at = (head + size) & (seqs.length - 1);
        seqs[at] = seq;
        subjects[at] = subject;
        size++;
    }

    /**
     * Forgets every frame up to the seq the peer has received.
     */
    void acknowledge(final long ack)
    {
        while (size > 0 && seqs[head] <= ack)
        {
            head = (head + 1) & (seqs.length - 1);
            size--;
        }
    }

    /**
     * @return the call the reply of that seq answered, or {@link #UNKNOWN}.
     */
    long callAnsweredBy(final long seq)
    {
        for (int i = 0; i < size; i++)
        {
            final int at = (head + i) & (seqs.length - 1);
            if (seqs[at] == seq)
            {
                return subjects[at];
            }
        }
        return UNKNOWN;
    }

    int size()
    {
        return size;
    }

    private void grow()
    {
        final long[] newSeqs = new long[seqs.length * 2];
        final long[] newSubjects = new long[seqs.length * 2];
        for (int i = 0; i < size; i++)
        {
            final int at = (head + i) & (seqs.length - 1);
            newSeqs[i] = seqs[at];
            newSubjects[i] = subjects[at];
        }
        seqs = newSeqs;
        subjects = newSubjects;
        head = 0;
    }
}
