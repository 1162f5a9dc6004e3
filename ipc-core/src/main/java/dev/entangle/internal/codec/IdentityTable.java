package dev.entangle.internal.codec;

import java.util.Arrays;

/**
 * Object-to-id map by identity, open addressing with linear probing. Reused across messages and cleared in time
 * proportional to what the last message put in it, so a warm encoder allocates nothing. The first key is held
 * apart and compared without hashing: a message that is one array, or a container of values without identity,
 * never asks for an identity hash code (a call into the VM that also writes the object's header).
 */
final class IdentityTable
{
    static final int MISSING = -1;

    private Object[] keys = new Object[64];
    private int[] ids = new int[64];
    private int[] usedSlots = new int[32];
    private int size;
    private Object first;
    private int firstId;

    /**
     * @return the id of {@code key}, or {@link #MISSING}.
     */
    int get(final Object key)
    {
        if (key == first && size > 0)
        {
            return firstId;
        }
        if (size <= 1)
        {
            return MISSING;
        }
        final Object[] keys = this.keys;
        final int mask = keys.length - 1;
        int slot = hash(key) & mask;
        Object candidate;
        while ((candidate = keys[slot]) != null)
        {
            if (candidate == key)
            {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Adds a key known to be absent.
     */
    void put(final Object key, final int id)
    {
        if (size == 0)
        {
            first = key;
            firstId = id;
            size = 1;
            return;
        }
        if (size * 2 > keys.length)
        {
            grow();
        }
        insert(key, id);
        size++;
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        for (int i = 0; i < size - 1; i++)
        {
            keys[usedSlots[i]] = null;
        }
        first = null;
        size = 0;
    }

    private void insert(final Object key, final int id)
    {
        final int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = id;
        final int inTable = size - 1;
        if (inTable == usedSlots.length)
        {
            usedSlots = Arrays.copyOf(usedSlots, inTable * 2);
        }
        usedSlots[inTable] = slot;
    }

    private void grow()
    {
        final Object[] oldKeys = keys;
        final int[] oldIds = ids;
        final int[] oldUsed = usedSlots;
        final int oldSize = size;
        keys = new Object[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        usedSlots = new int[oldUsed.length * 2];
        // insert() files each key at index size - 1 of usedSlots: replay the sizes it had.
        for (int i = 0; i < oldSize - 1; i++)
        {
            size = i + 1;
            insert(oldKeys[oldUsed[i]], oldIds[oldUsed[i]]);
        }
        size = oldSize;
    }

    private static int hash(final Object key)
    {
        final int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }
}
