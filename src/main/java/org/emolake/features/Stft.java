package org.emolake.features;

import java.util.Arrays;
import org.emolake.numerics.NumpyCasts;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * {@code librosa.stft(y, n_fft=2048, hop_length=512, win_length=n_fft, window='hann', center=True,
 * pad_mode='constant')}.
 *
 * <p>Like librosa, each frame is the float32 signal times the float64 periodic Hann window, transformed in float64
 * (JTransforms) and stored as complex64. Centring pads {@code n_fft / 2} zeros on both sides, so a clip of
 * {@code n} samples has {@code 1 + n / hop} frames.
 *
 * <p>Immutable and thread-safe: the FFT plan and window are built once and only read afterwards; the work buffer is
 * per call.
 */
public final class Stft {
    public static final int DEFAULT_N_FFT = 2048;
    public static final int DEFAULT_HOP_LENGTH = 512;

    private final int nFft;
    private final int hopLength;
    private final double[] window;
    private final DoubleFFT_1D fft;

    public Stft(int nFft, int hopLength, double[] window) {
        if (window.length != nFft) {
            throw new IllegalArgumentException("Cannot build STFT: window length " + window.length + " != n_fft " + nFft);
        }
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.window = window.clone();
        this.fft = new DoubleFFT_1D(nFft);
    }

    /** librosa's defaults: n_fft 2048, hop 512, periodic Hann. */
    public static Stft librosaDefault() {
        return new Stft(DEFAULT_N_FFT, DEFAULT_HOP_LENGTH, Windows.periodicHann(DEFAULT_N_FFT));
    }

    public int nFft() {
        return nFft;
    }

    public int hopLength() {
        return hopLength;
    }

    public int bins() {
        return nFft / 2 + 1;
    }

    /** Frames of a centred STFT of {@code nSamples} samples. */
    public int frameCount(int nSamples) {
        return 1 + nSamples / hopLength;
    }

    public Spectrogram transform(float[] y) {
        return transform(y, Workspace.NONE);
    }

    /** {@link #transform(float[])} into the workspace's {@code STFT_RE}/{@code STFT_IM} (valid until reused). */
    Spectrogram transform(float[] y, Workspace workspace) {
        int bins = bins();
        int frames = frameCount(y.length);
        float[] re = workspace.floats(Workspace.Slot.STFT_RE, frames * bins);
        float[] im = workspace.floats(Workspace.Slot.STFT_IM, frames * bins);
        double[] buffer = new double[nFft];
        double[] signal = workspace.doubles(Workspace.Slot.SIGNAL, y.length);
        NumpyCasts.float64(y, signal);
        for (int t = 0; t < frames; t++) {
            frame(signal, y.length, t, buffer);
            writeFrame(buffer, re, im, t * bins, bins);
        }
        return new Spectrogram(bins, frames, re, im);
    }

    /**
     * {@code np.abs(stft(y))}: the float32 magnitude spectrogram, frame-major ({@code frame * bins + bin}), equal to
     * {@code transform(y).magnitude()} bit for bit without keeping the complex spectrogram.
     */
    public float[] magnitude(float[] y) {
        return magnitude(y, Workspace.NONE);
    }

    /** {@link #magnitude(float[])}, widening {@code y} into the workspace's {@code SIGNAL}. */
    float[] magnitude(float[] y, Workspace workspace) {
        int bins = bins();
        int frames = frameCount(y.length);
        float[] out = new float[frames * bins];
        float[] re = new float[bins];
        float[] im = new float[bins];
        float[] mag = new float[bins];
        double[] buffer = new double[nFft];
        double[] signal = workspace.doubles(Workspace.Slot.SIGNAL, y.length);
        NumpyCasts.float64(y, signal);
        for (int t = 0; t < frames; t++) {
            frame(signal, y.length, t, buffer);
            writeFrame(buffer, re, im, 0, bins);
            ComplexAbs.of(re, im, mag, bins);
            System.arraycopy(mag, 0, out, t * bins, bins);
        }
        return out;
    }

    /**
     * The windowed, zero-padded frame {@code t} of {@code signal} ({@code y} in float64), transformed in place
     * (JTransforms' layout). Copied first, then windowed: C2 of JDK 17 vectorises {@code buffer[k] *= window[k]} but
     * neither a float-to-double conversion nor a read at an offset into an array of the stored type.
     */
    private void frame(double[] signal, int length, int t, double[] buffer) {
        int start = t * hopLength - nFft / 2;
        copyFrame(signal, length, start, buffer);
        for (int k = 0; k < nFft; k++) {
            buffer[k] *= window[k];
        }
        fft.realForward(buffer);
    }

    /**
     * {@code frame.length} samples of the signal held in {@code signal[0..length)} from {@code start} (may be
     * negative), zeros outside it.
     */
    static void copyFrame(double[] signal, int length, int start, double[] frame) {
        int n = frame.length;
        int from = Math.max(0, Math.min(n, -start));
        int to = Math.max(from, Math.min(n, length - start));
        Arrays.fill(frame, 0, from, 0.0);
        System.arraycopy(signal, start + from, frame, from, to - from);
        Arrays.fill(frame, to, n, 0.0);
    }

    /** Unpacks JTransforms' real-forward layout (re0, re[n/2], re1, im1, ...) into complex64 bins. */
    private void writeFrame(double[] packed, float[] re, float[] im, int offset, int bins) {
        re[offset] = (float) packed[0];
        im[offset] = 0f;
        re[offset + bins - 1] = (float) packed[1];
        im[offset + bins - 1] = 0f;
        for (int k = 1; k < bins - 1; k++) {
            re[offset + k] = (float) packed[2 * k];
            im[offset + k] = (float) packed[2 * k + 1];
        }
    }
}
