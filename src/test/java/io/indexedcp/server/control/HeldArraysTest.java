package io.indexedcp.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Large held bodies' arrays are reused at their exact length, within a bound; small ones never. */
class HeldArraysTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void anArrayGivenBackIsTakenAgainAtItsExactLengthOnly() {
        HeldArrays arrays = new HeldArrays(4L * MIB);
        byte[] first = arrays.take(MIB);
        arrays.give(first);
        assertNotSame(first, arrays.take(MIB - 1), "another length gets a new array");
        assertSame(first, arrays.take(MIB));
        assertNotSame(first, arrays.take(MIB), "taken: not handed out twice");
        assertEquals(0, arrays.keptBytes());
    }

    @Test
    void smallArraysAreNeitherKeptNorReused() {
        HeldArrays arrays = new HeldArrays(4L * MIB);
        byte[] small = arrays.take(HeldArrays.REUSED_FROM - 1);
        arrays.give(small);
        assertEquals(0, arrays.keptBytes());
        assertNotSame(small, arrays.take(HeldArrays.REUSED_FROM - 1));
    }

    @Test
    void theKeptArraysStayWithinTheBoundTheOldestLeavingFirst() {
        HeldArrays arrays = new HeldArrays(2L * MIB);
        byte[] a = arrays.take(MIB);
        byte[] b = arrays.take(MIB);
        byte[] c = arrays.take(MIB);
        arrays.give(a);
        arrays.give(b);
        arrays.give(c); // a leaves
        assertEquals(2L * MIB, arrays.keptBytes());
        assertSame(c, arrays.take(MIB), "the most recently given first");
        assertSame(b, arrays.take(MIB));
        assertNotSame(a, arrays.take(MIB));
        arrays.give(new byte[3 * MIB]); // larger than the bound: not kept
        assertEquals(0, arrays.keptBytes());
    }
}
