package org.emolake.features;

import java.util.Arrays;

/**
 * The rule {@link MedianFilter} implements, written plainly: {@code scipy.ndimage.median_filter(x, size=size,
 * mode='reflect')} along one axis, as {@code librosa.decompose.hpss} calls it (sizes {@code (1, 31)} and
 * {@code (31, 1)}). Each output is the middle value of the {@code size} samples centred on it, found by sorting a
 * copy of the window.
 *
 * <ul>
 *   <li>Near the ends the window reads scipy's {@code 'reflect'} extension, mirrored about the half sample
 *   ({@code d c b a | a b c d | d c b a}), again and again when the window is longer than the line.</li>
 *   <li>Values are ordered as {@link Arrays#sort(float[])} orders them: {@code -0.0} below {@code +0.0}, NaN above
 *   {@code +infinity}.</li>
 * </ul>
 *
 * <p>O(size log size) per output: the reference that {@code MedianFilterTest} holds {@link MedianFilter} equal to,
 * not a filter for the extraction.
 */
final class SortedWindowMedian {
    private SortedWindowMedian() {
    }

    /** The filtered {@code line}; {@code size} odd and positive. */
    static float[] filterLine(float[] line, int size) {
        int n = line.length;
        int half = size / 2;
        float[] out = new float[n];
        float[] window = new float[size];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < size; k++) {
                window[k] = line[reflect(i - half + k, n)];
            }
            Arrays.sort(window);
            out[i] = window[half];
        }
        return out;
    }

    /** Index of the sample that scipy's {@code 'reflect'} mode reads at position {@code j} of a line of {@code n}. */
    static int reflect(int j, int n) {
        while (j < 0 || j >= n) {
            j = j < 0 ? -j - 1 : 2 * n - 1 - j;
        }
        return j;
    }

    /** Each row of a row-major {@code rows × columns} matrix filtered along its columns, as a new matrix. */
    static float[] filterRows(float[] in, int rows, int columns, int size) {
        float[] out = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            float[] row = Arrays.copyOfRange(in, r * columns, (r + 1) * columns);
            System.arraycopy(filterLine(row, size), 0, out, r * columns, columns);
        }
        return out;
    }

    /** Each column of a row-major {@code rows × columns} matrix filtered along its rows, as a new matrix. */
    static float[] filterColumns(float[] in, int rows, int columns, int size) {
        float[] out = new float[rows * columns];
        float[] column = new float[rows];
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                column[r] = in[r * columns + c];
            }
            float[] filtered = filterLine(column, size);
            for (int r = 0; r < rows; r++) {
                out[r * columns + c] = filtered[r];
            }
        }
        return out;
    }
}
