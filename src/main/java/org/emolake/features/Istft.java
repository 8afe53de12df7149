package org.emolake.features;

import java.util.Arrays;
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
 * <p>Immutable and thread-safe: the FFT plan and window are built once; buffers are per call (or a caller's
 * {@link Workspace}).
 */
public final class Istft {
    private final int nFft;
    private final int hopLength;
    private final double[] window;
    private final double[] windowSquared;
    private final DoubleFFT_1D fft;
    /** {@link #steadySums}: the window sum of squares of a sample every frame covers, by offset within a hop. */
    private final float[] steadySum;

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
        this.steadySum = steadySums(windowSquared, nFft, hopLength);
    }

    /** librosa's defaults: n_fft 2048, hop 512, periodic Hann. */
    public static Istft librosaDefault() {
        return new Istft(Stft.DEFAULT_N_FFT, Stft.DEFAULT_HOP_LENGTH, Windows.periodicHann(Stft.DEFAULT_N_FFT));
    }

    /** The float32 signal of {@code length} samples whose centred STFT is {@code stft}. */
    public float[] inverse(Spectrogram stft, int length) {
        return inverse(stft, length, Workspace.NONE);
    }

    /** {@link #inverse(Spectrogram, int)} with the window sum in the workspace; the signal is a new array. */
    float[] inverse(Spectrogram stft, int length, Workspace workspace) {
        if (stft.bins() != nFft / 2 + 1) {
            throw new IllegalArgumentException("ISTFT with n_fft " + nFft + " needs " + (nFft / 2 + 1) + " bins, got "
                    + stft.bins());
        }
        int frames = frameCount(stft.frames(), length);
        int start = nFft / 2;
        float[] y = new float[length];
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
            // windowed in a loop of its own (vectorised), then added sample by sample in float64 rounded to float32
            for (int k = from; k < to; k++) {
                buffer[k] *= window[k];
            }
            for (int k = from; k < to; k++) {
                int s = frameStart + k;
                y[s] = (float) (y[s] + buffer[k]);
            }
        }
        // Samples whose window sum is not above tiny(float32) stay as they are: divided by 1, so that the division
        // is one branch-free loop the JIT vectorises.
        float[] divisor = workspace.floats(Workspace.Slot.WINDOW_SUM, length);
        windowSumSquare(frames, length, divisor);
        for (int s = 0; s < length; s++) {
            if (!(divisor[s] > Float.MIN_NORMAL)) {
                divisor[s] = 1f;
            }
        }
        for (int s = 0; s < length; s++) {
            y[s] /= divisor[s];
        }
        return y;
    }

    /** Frames librosa inverts: at most the frames that reach into the {@code length} samples. */
    private int frameCount(int stftFrames, int length) {
        int paddedLength = length + 2 * (nFft / 2);
        return Math.min(stftFrames, (paddedLength + hopLength - 1) / hopLength);
    }

    /**
     * The float32 window sum of squares of {@code frames} frames over {@code length} samples, into
     * {@code sum[0..length)}: for each sample the squared window values of the frames covering it, added frame after
     * frame (each addition in float64 rounded to float32), as librosa's {@code window_sumsquare} overlap-add does.
     * Where all {@code n_fft / hop} frames that can cover a sample do, its sum depends only on its offset within a hop
     * ({@link #steadySum}); the other samples (the first and last {@code n_fft} or so) are summed frame by frame.
     */
    void windowSumSquare(int frames, int length, float[] sum) {
        int start = nFft / 2;
        if (steadySum == null) {
            overlapAddSquaredWindows(frames, length, sum);
            return;
        }
        int perSample = nFft / hopLength;
        // Sample s is covered by frames t with s + start - nFft < t * hop <= s + start, i.e. t in [lo(s), hi(s)],
        // lo(s) = floor((s + start - nFft) / hop) + 1, hi(s) = floor((s + start) / hop); fully when lo >= 0 and
        // hi <= frames - 1.
        int steadyFrom = Math.max(0, nFft - hopLength - start);
        int steadyTo = Math.min(length, frames * hopLength - start);
        if (steadyFrom >= steadyTo || frames < perSample) {
            overlapAddSquaredWindows(frames, length, sum);
            return;
        }
        for (int s = 0; s < steadyFrom; s++) {
            sum[s] = sampleSum(s, frames);
        }
        // the periodic pattern, one hop at a time
        for (int s = steadyFrom, phase = (steadyFrom + start) % hopLength; s < steadyTo; phase = 0) {
            int n = Math.min(hopLength - phase, steadyTo - s);
            System.arraycopy(steadySum, phase, sum, s, n);
            s += n;
        }
        for (int s = steadyTo; s < length; s++) {
            sum[s] = sampleSum(s, frames);
        }
    }

    /**
     * The rule {@link #windowSumSquare} implements, written plainly (and its fallback where the hop does not divide
     * n_fft): every frame's squared window added, in order, into {@code sum[0..length)} (zeroed first).
     */
    void overlapAddSquaredWindows(int frames, int length, float[] sum) {
        Arrays.fill(sum, 0, length, 0f);
        for (int t = 0; t < frames; t++) {
            int frameStart = t * hopLength - nFft / 2;
            int from = Math.max(0, -frameStart);
            int to = Math.min(nFft, length - frameStart);
            for (int k = from; k < to; k++) {
                int s = frameStart + k;
                sum[s] = (float) (sum[s] + windowSquared[k]);
            }
        }
    }

    /** The window sum of one sample, its covering frames added in order. */
    private float sampleSum(int s, int frames) {
        int shifted = s + nFft / 2;
        int lo = Math.max(0, Math.floorDiv(shifted - nFft, hopLength) + 1);
        int hi = Math.min(frames - 1, Math.floorDiv(shifted, hopLength));
        float sum = 0f;
        for (int t = lo; t <= hi; t++) {
            sum = (float) (sum + windowSquared[shifted - t * hopLength]);
        }
        return sum;
    }

    /**
     * For each offset {@code j} within a hop, the sum of a sample covered by all {@code n_fft / hop} frames: window
     * indices {@code j + q · hop}, from the highest q (the earliest frame) down. Null unless the hop divides n_fft.
     */
    private static float[] steadySums(double[] windowSquared, int nFft, int hopLength) {
        if (nFft % hopLength != 0) {
            return null;
        }
        float[] out = new float[hopLength];
        for (int j = 0; j < hopLength; j++) {
            float sum = 0f;
            for (int q = nFft / hopLength - 1; q >= 0; q--) {
                sum = (float) (sum + windowSquared[j + q * hopLength]);
            }
            out[j] = sum;
        }
        return out;
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
