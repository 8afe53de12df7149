package org.emolake.features;

import java.util.Arrays;
import org.emolake.audio.ClipDeadline;

/**
 * {@code scipy.ndimage.median_filter(x, size=..., mode='reflect')} along one axis of a float32 matrix: each output is
 * the exact middle element of the {@code size} values centred on it (odd {@code size}, so no averaging).
 *
 * <p>scipy's {@code 'reflect'} mode is the half-sample symmetric extension {@code d c b a | a b c d | d c b a},
 * repeated with period {@code 2n} when the window reaches further than one reflection (verified against scipy 1.17
 * for lines of 4 or more samples; for 2 or 3 samples scipy's own result is not reproducible).
 *
 * <p>A sliding window kept sorted: each step replaces the outgoing value by the incoming one with one partial
 * insertion pass, O(size) per output and no allocation per element. Immutable and thread-safe; work buffers are per
 * call.
 */
public final class MedianFilter {
    private final int size;
    private final int half;

    public MedianFilter(int size) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("Median filter size must be odd and positive, got " + size);
        }
        this.size = size;
        this.half = size / 2;
    }

    public int size() {
        return size;
    }

    /**
     * Filters every row of a row-major {@code rows × columns} matrix (index {@code row * columns + column}) along
     * its columns, writing into {@code out} (not {@code in}).
     */
    public void filterRows(float[] in, int rows, int columns, float[] out) {
        if (in.length != rows * columns || out.length != in.length) {
            throw new IllegalArgumentException("Median filter: arrays of " + in.length + " and " + out.length
                    + " values do not hold " + rows + " x " + columns);
        }
        if (columns == 0) {
            return;
        }
        int[] source = reflectedIndices(columns);
        float[] extended = new float[source.length];
        float[] window = new float[size];
        for (int r = 0; r < rows; r++) {
            ClipDeadline.check();
            int offset = r * columns;
            for (int j = 0; j < extended.length; j++) {
                extended[j] = in[offset + source[j]];
            }
            filterLine(extended, window, out, offset, columns);
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
