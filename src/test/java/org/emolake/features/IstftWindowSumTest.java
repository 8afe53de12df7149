package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Istft#windowSumSquare} equals the plain rule, the frame-by-frame float32 overlap-add of the squared window
 * ({@link Istft#overlapAddSquaredWindows}), bit for bit.
 */
class IstftWindowSumTest {
    @Test
    void equalsFrameByFrameOverlapAdd() {
        // 12/5: the hop does not divide n_fft, so the plain rule itself runs (into the garbage-filled array)
        int[][] configs = {{2048, 512}, {1024, 256}, {16, 4}, {12, 5}, {16, 16}};
        for (int[] c : configs) {
            int nFft = c[0];
            int hop = c[1];
            double[] window = Windows.periodicHann(nFft);
            Istft istft = new Istft(nFft, hop, window);
            for (int length = 1; length < 3 * nFft + 7 * hop; length += (length < 2 * nFft ? 1 : 13)) {
                int maxFrames = (length + 2 * (nFft / 2) + hop - 1) / hop;
                for (int frames = Math.max(1, maxFrames - 4); frames <= maxFrames; frames++) {
                    // a longer array full of garbage, as a reused workspace hands it out
                    float[] sum = new float[length + 3];
                    Arrays.fill(sum, Float.NaN);
                    istft.windowSumSquare(frames, length, sum);
                    float[] expected = new float[length];
                    istft.overlapAddSquaredWindows(frames, length, expected);
                    assertArrayEquals(expected, Arrays.copyOf(sum, length),
                            nFft + "/" + hop + " length " + length + " frames " + frames);
                }
            }
        }
    }
}
