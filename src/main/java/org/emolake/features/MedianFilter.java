package org.emolake.features;

import java.util.Arrays;

/**
 * {@code scipy.ndimage.median_filter(x, size=..., mode='reflect')} along one axis of a float32 matrix: each output is
 * the exact middle element of the {@code size} values centred on it (odd {@code size}, so no averaging). The rule is
 * {@link SortedWindowMedian}'s (sort each window, take the middle); this class computes the same bits faster.
 *
 * <p>scipy's {@code 'reflect'} mode is the half-sample symmetric extension {@code d c b a | a b c d | d c b a},
 * repeated with period {@code 2n} when the window reaches further than one reflection (verified against scipy 1.17
 * for lines of 4 or more samples; for 2 or 3 samples scipy's own result is not reproducible).
 *
 * <p>Two algorithms, with identical results (a median is an order statistic: it is one of the input values, whatever
 * the algorithm):
 * <ul>
 *   <li>Inputs free of NaN and of values with the sign bit set (magnitudes, the HPSS case): {@link MedianLanes},
 *   many lines side by side with branch-free rank updates the JIT vectorises.</li>
 *   <li>Anything else (negative values, {@code -0.0}, NaN): a sliding window kept sorted, one partial insertion pass
 *   per output, on keys that order the floats as {@link Arrays#sort(float[])} does (NaN payloads are not kept: a NaN
 *   median is {@link Float#NaN}).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; work buffers are per call (or a caller's {@link Workspace}).
 */
public final class MedianFilter {
    private final int size;
    private final int half;
    private final MedianLanes lanes;

    public MedianFilter(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("Median filter size must be odd and positive, got " + size);
        }
        this.size = size;
        this.half = size / 2;
        this.lanes = new MedianLanes(size);
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
        int[] filtered = medians(keys, columns, rows, workspace);
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
        int[] filtered = medians(keys, rows, columns, workspace);
        for (int i = 0; i < n; i++) {
            out[i] = Float.intBitsToFloat(filtered[i]);
        }
    }

    /**
     * The medians of {@code keys}, the raw bits of a {@code steps × lanes} row-major matrix, along the steps of each
     * lane, as raw bits in the same layout (the workspace's {@code MEDIANS}).
     */
    private int[] medians(int[] keys, int steps, int lanes, Workspace workspace) {
        int[] source = reflectedIndices(steps);
        if (MedianLanes.admits(keys, steps * lanes)) {
            return this.lanes.filter(keys, source, steps, lanes, workspace);
        }
        return sortedWindow(keys, source, steps, lanes, workspace);
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

    // ---- General inputs: a sliding sorted window per lane ---------------------------------------------------

    /** {@link #medians} for any float bits, one lane at a time. */
    private int[] sortedWindow(int[] keys, int[] source, int steps, int lanes, Workspace workspace) {
        int[] out = workspace.ints(Workspace.Slot.MEDIANS, steps * lanes);
        int[] extended = new int[source.length];
        int[] window = new int[size];
        for (int l = 0; l < lanes; l++) {
            for (int j = 0; j < extended.length; j++) {
                extended[j] = totalOrderKey(keys[source[j] * lanes + l]);
            }
            System.arraycopy(extended, 0, window, 0, size);
            Arrays.sort(window);
            out[l] = floatBits(window[half]);
            for (int i = 1; i < steps; i++) {
                replace(window, extended[i - 1], extended[i + size - 1]);
                out[i * lanes + l] = floatBits(window[half]);
            }
        }
        return out;
    }

    /**
     * An int that orders float bits as {@link Arrays#sort(float[])} orders the floats: {@code -0.0} below
     * {@code +0.0}, every NaN equal (as {@link Float#NaN}) and above {@code +infinity}.
     */
    private static int totalOrderKey(int bits) {
        int b = (bits & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : bits;
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    /** The float bits of a {@link #totalOrderKey}. */
    private static int floatBits(int key) {
        return key ^ ((key >> 31) & 0x7fffffff);
    }

    /** Removes one occurrence of {@code outgoing} from the sorted window and inserts {@code incoming} in order. */
    private void replace(int[] window, int outgoing, int incoming) {
        int p = Arrays.binarySearch(window, outgoing);
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
}
