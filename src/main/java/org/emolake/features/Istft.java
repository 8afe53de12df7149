package org.emolake.features;

import org.emolake.audio.ClipDeadline;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * {@code librosa.istft(stft_matrix, n_fft=2048, hop_length=512, win_length=n_fft, window='hann', center=True,
 * dtype=float32, length=n)}: windowed overlap-add divided by the window's sum of squares.
 *
 * <p>Arithmetic as in librosa 0.10.2 with numpy 1.x (which the golden data shows): each complex64 frame is inverted
 * in float64 ({@code irfft} ignores the imaginary parts of the DC and Nyquist bins), multiplied by the float64
 * window and added into the float32 signal one frame after another (each addition done in float64 and rounded to
 * float32); the squared window is accumulated the same way into a float32 sum, and samples where that sum exceeds
 * {@code tiny(float32)} are divided by it in float32. Frames are added in order, as librosa's head buffer and main
 * loop do, so the rounding sequence per sample is the same.
 *
 * <p>Immutable and thread-safe: the FFT plan and window are built once; buffers are per call.
 */
public final class Istft {
    private final int nFft;
    private final int hopLength;
    private final double[] window;
    private final double[] windowSquared;
    private final DoubleFFT_1D fft;

    public Istft(int nFft, int hopLength, double[] window) {
        if (window.length != nFft) {
            throw new IllegalArgumentException("Cannot build ISTFT: window length " + window.length + " != n_fft " + nFft);
        }
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.window = window.clone();
        this.windowSquared = new double[nFft];
        for (int k = 0; k < nFft; k++) {
            windowSquared[k] = window[k] * window[k];
        }
        this.fft = new DoubleFFT_1D(nFft);
    }

    /** librosa's defaults: n_fft 2048, hop 512, periodic Hann. */
    public static Istft librosaDefault() {
        return new Istft(Stft.DEFAULT_N_FFT, Stft.DEFAULT_HOP_LENGTH, Windows.periodicHann(Stft.DEFAULT_N_FFT));
    }

    /** The float32 signal of {@code length} samples whose centred STFT is {@code stft}. */
    public float[] inverse(Spectrogram stft, int length) {
        if (stft.bins() != nFft / 2 + 1) {
            throw new IllegalArgumentException("ISTFT with n_fft " + nFft + " needs " + (nFft / 2 + 1) + " bins, got "
                    + stft.bins());
        }
        int paddedLength = length + 2 * (nFft / 2);
        int frames = Math.min(stft.frames(), (paddedLength + hopLength - 1) / hopLength);
        int start = nFft / 2;
        float[] y = new float[length];
        float[] windowSum = new float[length];
        double[] buffer = new double[nFft];
        float[] re = stft.realParts();
        float[] im = stft.imaginaryParts();
        int bins = stft.bins();
        for (int t = 0; t < frames; t++) {
            ClipDeadline.check();
            int frameStart = t * hopLength - start;
            int from = Math.max(0, -frameStart);
            int to = Math.min(nFft, length - frameStart);
            if (from >= to) {
                continue;
            }
            unpack(re, im, t * bins, buffer);
            fft.realInverse(buffer, true);
            for (int k = from; k < to; k++) {
                int s = frameStart + k;
                y[s] = (float) (y[s] + window[k] * buffer[k]);
                windowSum[s] = (float) (windowSum[s] + windowSquared[k]);
            }
        }
        for (int s = 0; s < length; s++) {
            if (windowSum[s] > Float.MIN_NORMAL) {
                y[s] /= windowSum[s];
            }
        }
        return y;
    }

    /** Packs one complex64 frame into JTransforms' real-inverse layout (re0, re[n/2], re1, im1, ...). */
    private void unpack(float[] re, float[] im, int offset, double[] packed) {
        int last = nFft / 2;
        packed[0] = re[offset];
        packed[1] = re[offset + last];
        for (int k = 1; k < last; k++) {
            packed[2 * k] = re[offset + k];
            packed[2 * k + 1] = im[offset + k];
        }
    }
}
