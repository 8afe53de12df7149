package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Istft#windowSumSquare} equals the frame-by-frame float32 overlap-add of the squared window, bit for bit. */
class IstftWindowSumTest {
    @Test
    void equalsFrameByFrameOverlapAdd() {
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
                    assertArrayEquals(bruteForce(window, nFft, hop, frames, length), Arrays.copyOf(sum, length),
                            nFft + "/" + hop + " length " + length + " frames " + frames);
                }
            }
        }
    }

    private static float[] bruteForce(double[] window, int nFft, int hop, int frames, int length) {
        float[] sum = new float[length];
        for (int t = 0; t < frames; t++) {
            int frameStart = t * hop - nFft / 2;
            int from = Math.max(0, -frameStart);
            int to = Math.min(nFft, length - frameStart);
            for (int k = from; k < to; k++) {
                int s = frameStart + k;
                sum[s] = (float) (sum[s] + window[k] * window[k]);
            }
        }
        return sum;
    }
}
