package org.emolake.features;

import java.util.Arrays;

/**
 * {@link MedianFilter}'s fast path, for floats that are neither NaN nor have the sign bit set (magnitudes, the HPSS
 * case): the same medians as {@link SortedWindowMedian}, computed on many lines ("lanes") side by side.
 *
 * <p>Each window is held as {@code size} slots with the rank of every slot in its window (ties ranked by arrival). A
 * step replaces the oldest slot and updates all ranks with branch-free integer arithmetic on the float bits (which
 * order non-negative floats as the floats do), and the median is the value of rank {@code size / 2}, picked with a
 * mask, the ranks in a window being distinct. The inner loops run over the lanes, contiguous in memory, so the JIT
 * vectorises them: O(size) operations per output, but no branches and SIMD-wide.
 */
final class MedianLanes {
    /** Lanes filtered together at most: the slots and ranks of a block stay in L1 (2 x 32 x 256 ints). */
    private static final int MAX_LANES = 256;
    /** Rank of a slot that must never be the median: dummy slots and the slot being replaced. */
    private static final int NEVER = 1 << 20;

    private final int size;
    private final int half;
    /** {@code size} rounded up to a multiple of 8; the extra slots hold {@link Integer#MAX_VALUE}. */
    private final int slots;

    /** {@code size} odd and positive. */
    MedianLanes(int size) {
        this.size = size;
        this.half = size / 2;
        this.slots = (size + 7) & ~7;
    }

    /**
     * Whether the first {@code n} float bits, read as ints, order the values as the floats do and differ by less than
     * 2^31: true for non-negative floats up to +infinity, false for NaN and anything with the sign bit set.
     */
    static boolean admits(int[] bits, int n) {
        // Bits in [0, 0x7f800000] leave the sign of both b and 0x7f800000 - b clear.
        int any = 0;
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            any |= b | (0x7f800000 - b);
        }
        return any >= 0;
    }

    /**
     * Filters {@code keys}, {@code steps × lanes} row-major (the bits of floats that {@link #admits} accepts), along
     * the steps of each lane, reading step {@code source[i + k]} at position {@code k} of the {@code i}-th window;
     * returns the medians' bits in the same layout (the workspace's {@code MEDIANS}).
     */
    int[] filter(int[] keys, int[] source, int steps, int lanes, Workspace workspace) {
        int[] out = workspace.ints(Workspace.Slot.MEDIANS, steps * lanes);
        int blocks = (lanes + MAX_LANES - 1) / MAX_LANES;
        int width = (lanes + blocks - 1) / blocks;
        int[][] value = new int[slots][width];
        int[][] rank = new int[slots][width];
        int[] outgoingMinusOne = new int[width];
        int[] incoming = new int[width];
        int[] greater = new int[width];
        int[] median = new int[width];
        for (int first = 0; first < lanes; first += width) {
            int n = Math.min(width, lanes - first);
            for (int k = 0; k < size; k++) {
                System.arraycopy(keys, source[k] * lanes + first, value[k], 0, n);
            }
            for (int k = size; k < slots; k++) {
                Arrays.fill(value[k], Integer.MAX_VALUE);
                Arrays.fill(rank[k], NEVER);
            }
            initialRanks(value, rank, n);
            Arrays.fill(median, 0);
            for (int k = 0; k < size; k++) {
                int[] v = value[k];
                int[] r = rank[k];
                for (int l = 0; l < n; l++) {
                    median[l] |= v[l] & isMedian(r[l]);
                }
            }
            System.arraycopy(median, 0, out, first, n);
            for (int i = 1; i < steps; i++) {
                int row = source[i + size - 1] * lanes + first;
                advance(value, rank, (i - 1) % size, keys, row, incoming, outgoingMinusOne, greater, median, n);
                System.arraycopy(median, 0, out, i * lanes + first, n);
            }
        }
        return out;
    }

    /**
     * One step of {@code n} lanes: slot {@code slot} (the oldest) is replaced by row {@code row} of {@code keys}; the
     * new medians go to {@code median}. A method of its own so that the JIT compiles it whole rather than as part of
     * an on-stack replacement of the caller's long loop.
     */
    private void advance(int[][] value, int[][] rank, int slot, int[] keys, int row, int[] incoming,
            int[] outgoingMinusOne, int[] greater, int[] median, int n) {
        int[] slotValue = value[slot];
        int[] slotRank = rank[slot];
        // Copies and fills rather than one loop: C2 of JDK 17 does not vectorise keys[row + l] (an int array read at
        // an offset while int arrays are stored).
        System.arraycopy(keys, row, incoming, 0, n);
        Arrays.fill(greater, 0, n, 0);
        Arrays.fill(median, 0, n, 0);
        Arrays.fill(slotRank, 0, n, NEVER);
        for (int l = 0; l < n; l++) {
            outgoingMinusOne[l] = slotValue[l] - 1;
        }
        for (int k = 0; k < slots; k += 8) {
            step8(value, rank, k, incoming, outgoingMinusOne, greater, median, n);
        }
        // greater counts the dummy slots and the outgoing slot too.
        int othersAtMost = slots - 1;
        for (int l = 0; l < n; l++) {
            int v = incoming[l];
            int outgoingAbove = (v - outgoingMinusOne[l] - 1) >>> 31;
            int r = othersAtMost - greater[l] + outgoingAbove;
            slotValue[l] = v;
            slotRank[l] = r;
            median[l] |= v & isMedian(r);
        }
    }

    /**
     * Eight slots of one step: the outgoing value leaves (slots at or above it drop one rank, ties ranked by
     * arrival), the incoming one arrives (slots above it gain one), and the value now ranked {@code half}, if in
     * these slots, is or-ed into {@code median}.
     *
     * <p>Keep the XORs of the median test ({@code (n ^ h) - 1}): C2 of JDK 17 unrolls, and therefore vectorises, a loop
     * body this large only when it holds at least four XORs (its exception for checksum loops). Written without them
     * (e.g. {@code (n - h) * (n - h) - 1}) the loop stays scalar and the filter is several times slower
     * (docs/PERFORMANCE.md).
     */
    private void step8(int[][] value, int[][] rank, int k, int[] incoming, int[] outgoingMinusOne, int[] greater,
            int[] median, int n) {
        int[] v0 = value[k];
        int[] v1 = value[k + 1];
        int[] v2 = value[k + 2];
        int[] v3 = value[k + 3];
        int[] v4 = value[k + 4];
        int[] v5 = value[k + 5];
        int[] v6 = value[k + 6];
        int[] v7 = value[k + 7];
        int[] r0 = rank[k];
        int[] r1 = rank[k + 1];
        int[] r2 = rank[k + 2];
        int[] r3 = rank[k + 3];
        int[] r4 = rank[k + 4];
        int[] r5 = rank[k + 5];
        int[] r6 = rank[k + 6];
        int[] r7 = rank[k + 7];
        int h = half;
        for (int l = 0; l < n; l++) {
            int in = incoming[l];
            int om1 = outgoingMinusOne[l];
            int x0 = v0[l];
            int x1 = v1[l];
            int x2 = v2[l];
            int x3 = v3[l];
            int x4 = v4[l];
            int x5 = v5[l];
            int x6 = v6[l];
            int x7 = v7[l];
            int g0 = (in - x0) >>> 31;
            int g1 = (in - x1) >>> 31;
            int g2 = (in - x2) >>> 31;
            int g3 = (in - x3) >>> 31;
            int g4 = (in - x4) >>> 31;
            int g5 = (in - x5) >>> 31;
            int g6 = (in - x6) >>> 31;
            int g7 = (in - x7) >>> 31;
            int n0 = r0[l] + g0 + ((om1 - x0) >> 31);
            int n1 = r1[l] + g1 + ((om1 - x1) >> 31);
            int n2 = r2[l] + g2 + ((om1 - x2) >> 31);
            int n3 = r3[l] + g3 + ((om1 - x3) >> 31);
            int n4 = r4[l] + g4 + ((om1 - x4) >> 31);
            int n5 = r5[l] + g5 + ((om1 - x5) >> 31);
            int n6 = r6[l] + g6 + ((om1 - x6) >> 31);
            int n7 = r7[l] + g7 + ((om1 - x7) >> 31);
            r0[l] = n0;
            r1[l] = n1;
            r2[l] = n2;
            r3[l] = n3;
            r4[l] = n4;
            r5[l] = n5;
            r6[l] = n6;
            r7[l] = n7;
            greater[l] += ((g0 + g1) + (g2 + g3)) + ((g4 + g5) + (g6 + g7));
            median[l] |= ((x0 & (((n0 ^ h) - 1) >> 31)) | (x1 & (((n1 ^ h) - 1) >> 31))
                    | (x2 & (((n2 ^ h) - 1) >> 31)) | (x3 & (((n3 ^ h) - 1) >> 31)))
                    | ((x4 & (((n4 ^ h) - 1) >> 31)) | (x5 & (((n5 ^ h) - 1) >> 31))
                    | (x6 & (((n6 ^ h) - 1) >> 31)) | (x7 & (((n7 ^ h) - 1) >> 31)));
        }
    }

    /** All ones if {@code rank} is the median's ({@code half}), else 0; ranks are never negative. */
    private int isMedian(int rank) {
        return ((rank ^ half) - 1) >> 31;
    }

    /** Ranks of the first window: values below, plus equal values that arrived earlier (lower slot). */
    private void initialRanks(int[][] value, int[][] rank, int n) {
        for (int k = 0; k < size; k++) {
            int[] rk = rank[k];
            int[] vk = value[k];
            Arrays.fill(rk, 0, n, 0);
            for (int j = 0; j < k; j++) {
                int[] vj = value[j];
                for (int l = 0; l < n; l++) {
                    rk[l] += 1 - ((vk[l] - vj[l]) >>> 31);
                }
            }
            for (int j = k + 1; j < size; j++) {
                int[] vj = value[j];
                for (int l = 0; l < n; l++) {
                    rk[l] += (vj[l] - vk[l]) >>> 31;
                }
            }
        }
    }
}
