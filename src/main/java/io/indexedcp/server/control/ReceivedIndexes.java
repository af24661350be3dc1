package io.indexedcp.server.control;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The received chunk indexes of an upload as its placed prefix (every index below it) followed by
 * the indexes recorded beyond it, without a boxed entry per index: a status may list a hundred
 * thousand of them, and it is asked for on every resume.
 */
public final class ReceivedIndexes extends AbstractList<Integer> implements RandomAccess {

    private final int prefix;
    private final List<Integer> beyond;

    public ReceivedIndexes(int prefix, List<Integer> beyond) {
        this.prefix = prefix;
        this.beyond = List.copyOf(beyond);
    }

    /** How many indexes, from 0, are received as a run. */
    public int prefix() {
        return prefix;
    }

    /** The indexes received beyond the prefix, ascending. */
    public List<Integer> beyond() {
        return beyond;
    }

    @Override
    public Integer get(int position) {
        if (position < 0 || position >= size()) {
            throw new IndexOutOfBoundsException(position);
        }
        return position < prefix ? position : beyond.get(position - prefix);
    }

    @Override
    public int size() {
        return prefix + beyond.size();
    }
}
