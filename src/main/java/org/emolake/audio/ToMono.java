package org.emolake.audio;

import org.emolake.numerics.NumpySums;

/**
 * {@code librosa.to_mono}: {@code np.mean(y, axis=0)} of the float32 {@code (channels, frames)} view
 * that soundfile's interleaved read becomes after {@code .T}.
 *
 * <p>Because the channel axis is the contiguous one, numpy reduces each frame's channels with its
 * float32 pairwise summation ({@code pairwise_sum} in {@code loops_utils.h}) added to a zero-filled
 * result, then divides by the channel count in float32. Below 8 channels that is a plain left-to-right
 * sum; from 8 channels on, 8 interleaved partial sums are combined pairwise, and we do the same.
 */
final class ToMono {
    private ToMono() {
    }

    static float[] mean(float[] interleaved, int channels) {
        if (channels == 1) {
            return interleaved;
        }
        int frames = interleaved.length / channels;
        float[] mono = new float[frames];
        float count = channels;
        for (int f = 0; f < frames; f++) {
            mono[f] = (0.0f + NumpySums.pairwise(interleaved, f * channels, channels)) / count;
        }
        return mono;
    }
}
