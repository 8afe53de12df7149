package org.emolake.features;

import java.util.Arrays;

/**
 * {@code scipy.ndimage.median_filter(x, size=..., mode='reflect')} along one axis of a float32 matrix: each output is
 * the exact middle element of the {@code size} values centred on it (odd {@code size}, so no averaging).
 *
 * <p>scipy's {@code 'reflect'} mode is the half-sample symmetric extension {@code d c b a | a b c d | d c b a},
 * repeated with period {@code 2n} when the window reaches further than one reflection (verified against scipy 1.17
 * for lines of 4 or more samples; for 2 or 3 samples scipy's own result is not reproducible).
 *
 * <p>Two algorithms, with identical results (a median is an order statistic: it is one of the input values, whatever
 * the algorithm):
 * <ul>
 *   <li>Inputs free of NaN and of values with the sign bit set (magnitudes, the HPSS case): many lines are filtered
 *   side by side ("lanes"), each window held as {@code size} slots with the rank of every slot in its window
 *   (ties ranked by arrival). A step replaces the oldest slot and updates all ranks with branch-free integer
 *   arithmetic on the float bits (which order non-negative floats like the floats do), and the median is the value
 *   of rank {@code size / 2} (picked with a mask, the ranks in a window being distinct). The inner loops run over the lanes, contiguous in memory,
 *   so the JIT vectorises them: O(size) operations per output, but no branches and SIMD-wide.</li>
 *   <li>Anything else (negative values, {@code -0.0}, NaN): a sliding window kept sorted, one partial insertion pass
 *   per output.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; work buffers are per call (or a caller's {@link Workspace}).
 */
public final class MedianFilter {
    /** Lanes filtered together at most: the slots and ranks of a block stay in L1 (2 x 32 x 256 ints). */
    private static final int MAX_LANES = 256;
    /** Rank of a slot that must never be the median: dummy slots and the slot being replaced. */
    private static final int NEVER = 1 << 20;

    private final int size;
    private final int half;
    /** {@code size} rounded up to a multiple of 8; the extra slots hold {@link Integer#MAX_VALUE}. */
    private final int slots;

    public MedianFilter(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("Median filter size must be odd and positive, got " + size);
        }
        this.size = size;
        this.half = size / 2;
        this.slots = (size + 7) & ~7;
    }

    public int size() {
        return size;
    }

    /**
     * Filters every row of a row-major {@code rows × columns} matrix (index {@code row * columns + column}) along
     * its columns, writing into {@code out} (not {@code in}).
     */
    public void filterRows(float[] in, int rows, int columns, float[] out) {
        checkShape(in, rows, columns, out);
        filterRows(in, rows, columns, out, Workspace.NONE);
    }

    /**
     * {@link #filterRows(float[], int, int, float[])} with the keys and medians in the workspace; {@code in} and
     * {@code out} hold at least {@code rows × columns} values.
     */
    void filterRows(float[] in, int rows, int columns, float[] out, Workspace workspace) {
        int n = checkCapacity(in, rows, columns, out);
        if (n == 0) {
            return;
        }
        // Lanes are the rows: lay the matrix out column-major so that each step reads contiguous lanes, and filter
        // into the same layout (contiguous stores; transposed back at the end).
        int[] keys = workspace.ints(Workspace.Slot.MEDIAN_KEYS, n);
        for (int r = 0; r < rows; r++) {
            int offset = r * columns;
            for (int c = 0; c < columns; c++) {
                keys[c * rows + r] = Float.floatToRawIntBits(in[offset + c]);
            }
        }
        if (!laneEligible(keys, n)) {
            sortedWindowRows(in, rows, columns, out);
            return;
        }
        int[] filtered = filterLanes(keys, columns, rows, workspace);
        for (int r = 0; r < rows; r++) {
            int offset = r * columns;
            for (int c = 0; c < columns; c++) {
                out[offset + c] = Float.intBitsToFloat(filtered[c * rows + r]);
            }
        }
    }

    /**
     * Filters every column of a row-major {@code rows × columns} matrix (index {@code row * columns + column})
     * along its rows, writing into {@code out} (not {@code in}); the same as {@link #filterRows} of the transpose,
     * without transposing.
     */
    public void filterColumns(float[] in, int rows, int columns, float[] out) {
        checkShape(in, rows, columns, out);
        filterColumns(in, rows, columns, out, Workspace.NONE);
    }

    /**
     * {@link #filterColumns(float[], int, int, float[])} with the keys and medians in the workspace; {@code in} and
     * {@code out} hold at least {@code rows × columns} values.
     */
    void filterColumns(float[] in, int rows, int columns, float[] out, Workspace workspace) {
        int n = checkCapacity(in, rows, columns, out);
        if (n == 0) {
            return;
        }
        int[] keys = workspace.ints(Workspace.Slot.MEDIAN_KEYS, n);
        for (int i = 0; i < n; i++) {
            keys[i] = Float.floatToRawIntBits(in[i]);
        }
        if (!laneEligible(keys, n)) {
            float[] transposed = transpose(in, rows, columns);
            float[] filtered = new float[n];
            sortedWindowRows(transposed, columns, rows, filtered);
            for (int c = 0; c < columns; c++) {
                for (int r = 0; r < rows; r++) {
                    out[r * columns + c] = filtered[c * rows + r];
                }
            }
            return;
        }
        int[] filtered = filterLanes(keys, rows, columns, workspace);
        for (int i = 0; i < n; i++) {
            out[i] = Float.intBitsToFloat(filtered[i]);
        }
    }

    /** The public methods take arrays of exactly {@code rows × columns} values. */
    private static void checkShape(float[] in, int rows, int columns, float[] out) {
        if (rows < 0 || columns < 0 || (long) rows * columns != in.length || out.length != in.length) {
            throw shapeError(in, rows, columns, out);
        }
    }

    /** {@code rows × columns}, checked to fit in both arrays, which must differ. */
    private static int checkCapacity(float[] in, int rows, int columns, float[] out) {
        long n = (long) rows * columns;
        if (rows < 0 || columns < 0 || n > in.length || n > out.length) {
            throw shapeError(in, rows, columns, out);
        }
        if (in == out) {
            throw new IllegalArgumentException("Median filter cannot work in place");
        }
        return (int) n;
    }

    private static IllegalArgumentException shapeError(float[] in, int rows, int columns, float[] out) {
        return new IllegalArgumentException("Median filter: arrays of " + in.length + " and " + out.length
                + " values do not hold " + rows + " x " + columns);
    }

    /**
     * Whether float bits, read as ints, order the values as the floats do and differ by less than 2^31: true for
     * non-negative floats up to +infinity, false for NaN and anything with the sign bit set.
     */
    private static boolean laneEligible(int[] bits, int n) {
        // Bits in [0, 0x7f800000] leave the sign of both b and 0x7f800000 - b clear.
        int any = 0;
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            any |= b | (0x7f800000 - b);
        }
        return any >= 0;
    }

    /**
     * The lane-parallel filter. {@code keys} is {@code steps × lanes} row-major (the bits of non-negative floats);
     * each lane is filtered along the steps; returns the medians' bits in the same layout (the workspace's
     * {@code MEDIANS}).
     */
    private int[] filterLanes(int[] keys, int steps, int lanes, Workspace workspace) {
        int[] out = workspace.ints(Workspace.Slot.MEDIANS, steps * lanes);
        int[] source = reflectedIndices(steps);
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
     * (e.g. {@code (n - h) * (n - h) - 1}) the loop stays scalar and both filters take 4.8× as long.
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

    /** For each position of the extended line, the index of the input sample that scipy's reflect mode reads. */
    private int[] reflectedIndices(int n) {
        int[] source = new int[n + size - 1];
        int period = 2 * n;
        for (int j = 0; j < source.length; j++) {
            int k = Math.floorMod(j - half, period);
            source[j] = k < n ? k : period - 1 - k;
        }
        return source;
    }

    /** Row-major {@code rows × columns} to row-major {@code columns × rows}. */
    static float[] transpose(float[] in, int rows, int columns) {
        float[] out = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = in[r * columns + c];
            }
        }
        return out;
    }

    // ---- General inputs: a sliding sorted window per line ---------------------------------------------------

    private void sortedWindowRows(float[] in, int rows, int columns, float[] out) {
        int[] source = reflectedIndices(columns);
        float[] extended = new float[source.length];
        float[] window = new float[size];
        for (int r = 0; r < rows; r++) {
            int offset = r * columns;
            for (int j = 0; j < extended.length; j++) {
                extended[j] = in[offset + source[j]];
            }
            filterLine(extended, window, out, offset, columns);
        }
    }

    private void filterLine(float[] extended, float[] window, float[] out, int offset, int n) {
        System.arraycopy(extended, 0, window, 0, size);
        Arrays.sort(window);
        out[offset] = window[half];
        for (int i = 1; i < n; i++) {
            replace(window, extended[i - 1], extended[i + size - 1]);
            out[offset + i] = window[half];
        }
    }

    /** Removes one occurrence of {@code outgoing} from the sorted window and inserts {@code incoming} in order. */
    private void replace(float[] window, float outgoing, float incoming) {
        int p = find(window, outgoing);
        if (incoming > outgoing) {
            while (p + 1 < size && window[p + 1] < incoming) {
                window[p] = window[p + 1];
                p++;
            }
        } else {
            while (p > 0 && window[p - 1] > incoming) {
                window[p] = window[p - 1];
                p--;
            }
        }
        window[p] = incoming;
    }

    /** Index of an element equal to {@code value} (present by construction), by bisection. */
    private int find(float[] window, float value) {
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (window[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
