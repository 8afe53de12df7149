package org.emolake.features;

import java.util.Arrays;
import org.emolake.audio.ClipDeadline;

/**
 * {@code librosa.piptrack(S=S, sr, n_fft=2(bins-1), fmin=150, fmax=4000, threshold=0.1, ref=np.max)}: pitch tracking
 * by parabolic interpolation of the spectral peaks of each frame.
 *
 * <p>A bin is a peak of its frame when it lies in {@code fmin ≤ f < fmax} and is a local maximum (greater than the bin
 * below, not less than the bin above) of the frame after every value not above {@code threshold · max(frame)} is set
 * to 0. Its pitch is {@code (bin + shift) · sr / n_fft} and its magnitude {@code S + 0.5 · gradient · shift}, where
 * {@code shift} is the vertex offset of the parabola through the bin and its two neighbours.
 *
 * <p>librosa returns two dense {@code bins × frames} matrices that are zero outside the peaks; this class returns the
 * peaks only ({@link Peaks}), which is all {@code estimate_tuning} reads. Arithmetic follows librosa's dtypes for
 * float32 input: the gradient, skew and magnitudes in float32; the parabola ({@code numba} stencil, where integer
 * literals promote to float64) in float64 rounded to float32; the pitch in float64 rounded to float32.
 *
 * <p>Immutable and thread-safe.
 */
public final class Piptrack {
    public static final double DEFAULT_FMIN = 150.0;
    public static final double DEFAULT_FMAX = 4000.0;
    public static final float DEFAULT_THRESHOLD = 0.1f;

    private final double sampleRate;
    private final int nFft;
    private final int bins;
    private final int firstBin;
    private final int lastBin;
    private final float threshold;

    /**
     * @param sampleRate sampling rate of the analysed signal (Hz)
     * @param nFft FFT length; the spectrogram has {@code nFft / 2 + 1} bins
     * @param fmin lowest peak frequency (inclusive), clipped at 0
     * @param fmax highest peak frequency (exclusive), clipped at {@code sr / 2}
     * @param threshold fraction of each frame's maximum a value must exceed to count
     */
    public Piptrack(double sampleRate, int nFft, double fmin, double fmax, float threshold) {
        this.sampleRate = sampleRate;
        this.nFft = nFft;
        this.bins = nFft / 2 + 1;
        this.threshold = threshold;
        double low = Math.max(fmin, 0.0);
        double high = Math.min(fmax, sampleRate / 2);
        // np.fft.rfftfreq(n_fft, 1 / sr): k * (1 / (n_fft * (1 / sr)))
        double binHz = 1.0 / (nFft * (1.0 / sampleRate));
        int first = bins;
        int last = -1;
        for (int k = 0; k < bins; k++) {
            double f = k * binHz;
            if (low <= f && f < high) {
                first = Math.min(first, k);
                last = k;
            }
        }
        this.firstBin = first;
        this.lastBin = last;
    }

    /** librosa's defaults for a spectrogram of {@code nFft}: fmin 150 Hz, fmax 4000 Hz, threshold 0.1. */
    public static Piptrack librosaDefault(double sampleRate, int nFft) {
        return new Piptrack(sampleRate, nFft, DEFAULT_FMIN, DEFAULT_FMAX, DEFAULT_THRESHOLD);
    }

    /**
     * Peaks of a magnitude or power spectrogram.
     *
     * @param spectrogram float32 values, frame-major: index {@code frame * bins + bin}; absolute values are used
     * @param frames number of frames
     */
    public Peaks track(float[] spectrogram, int frames) {
        if (spectrogram.length != frames * bins) {
            throw new IllegalArgumentException("Cannot track pitches: " + spectrogram.length + " values is not "
                    + frames + " frames of " + bins + " bins");
        }
        Peaks peaks = new Peaks(Math.max(16, frames * 8));
        float[] kept = new float[bins];
        for (int t = 0; t < frames; t++) {
            ClipDeadline.check();
            trackFrame(spectrogram, t * bins, t, peaks, kept);
        }
        return peaks;
    }

    private void trackFrame(float[] s, int offset, int frame, Peaks peaks, float[] kept) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < bins; k++) {
            max = Math.max(max, Math.abs(s[offset + k]));
        }
        float ref = threshold * max;
        if (Float.isNaN(ref)) {
            return; // a NaN in the frame: no value is above ref, so no bin is a peak
        }
        // S * (S > ref) over the band and its two neighbours, then the local maxima (few: most values are now 0).
        // x > ref compared on the bits (x is non-negative and not NaN, so ordered like ints; a negative ref, whose
        // bits are negative, as -1) without a branch: whether a bin passes is data-dependent, and C2 compiles a
        // ternary as a branch or not depending on the profile.
        int refBits = Math.max(Float.floatToRawIntBits(ref), -1);
        int from = Math.max(0, firstBin - 1);
        int to = Math.min(bins - 1, lastBin + 1);
        for (int k = from; k <= to; k++) {
            int bits = Float.floatToRawIntBits(s[offset + k]) & 0x7fffffff;
            kept[k] = Float.intBitsToFloat(bits & ((refBits - bits) >> 31));
        }
        for (int k = Math.max(1, firstBin); k <= lastBin; k++) {
            float x = kept[k];
            if (x > kept[k - 1] && (k == bins - 1 || x >= kept[k + 1])) {
                addPeak(s, offset, k, frame, peaks);
            }
        }
    }

    /**
     * The peak rule {@link #track} implements with branch-free masking, written plainly for one frame: librosa's
     * {@code freq_mask & util.localmax(S * (S > ref))} with {@code S} the absolute values and
     * {@code ref = threshold · max(S)}; {@code localmax} pads the frame with its edge values, so bin 0 is never a peak
     * and the last bin is one when it is not below its neighbour. Returns the peak bins, ascending: the reference
     * {@code PiptrackTest} holds {@link #track} equal to.
     */
    int[] peakBinsByThePlainRule(float[] spectrogram, int frame) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < bins; k++) {
            max = Math.max(max, Math.abs(spectrogram[frame * bins + k]));
        }
        float ref = threshold * max;
        float[] kept = new float[bins];
        for (int k = 0; k < bins; k++) {
            float x = Math.abs(spectrogram[frame * bins + k]);
            kept[k] = x > ref ? x : 0f;
        }
        int[] peaks = new int[bins];
        int count = 0;
        for (int k = 0; k < bins; k++) {
            boolean inBand = firstBin <= k && k <= lastBin;
            float below = kept[Math.max(k - 1, 0)];
            float above = kept[Math.min(k + 1, bins - 1)];
            if (inBand && kept[k] > below && kept[k] >= above) {
                peaks[count++] = k;
            }
        }
        return Arrays.copyOf(peaks, count);
    }

    private void addPeak(float[] s, int offset, int k, int frame, Peaks peaks) {
        float here = Math.abs(s[offset + k]);
        float shift = 0f;
        float gradient;
        if (k == 0) {
            gradient = Math.abs(s[offset + 1]) - here;
        } else if (k == bins - 1) {
            gradient = here - Math.abs(s[offset + k - 1]);
        } else {
            float below = Math.abs(s[offset + k - 1]);
            float above = Math.abs(s[offset + k + 1]);
            gradient = (above - below) / 2f;
            double a = (double) (above + below) - 2.0 * here;
            double b = (double) (above - below) / 2.0;
            if (Math.abs(b) < Math.abs(a)) {
                shift = (float) (-b / a);
            }
        }
        float skew = 0.5f * gradient * shift;
        float pitch = (float) ((k + (double) shift) * sampleRate / nFft);
        peaks.add(k, frame, pitch, here + skew);
    }

    /**
     * The non-zero entries of piptrack's {@code pitches} and {@code magnitudes}, ordered by frame, then bin. Arrays
     * are valid up to {@link #count()}.
     */
    public static final class Peaks {
        private int count;
        private int[] bins;
        private int[] frames;
        private float[] pitches;
        private float[] magnitudes;

        Peaks(int capacity) {
            bins = new int[capacity];
            frames = new int[capacity];
            pitches = new float[capacity];
            magnitudes = new float[capacity];
        }

        void add(int bin, int frame, float pitch, float magnitude) {
            if (count == bins.length) {
                int capacity = 2 * count;
                bins = Arrays.copyOf(bins, capacity);
                frames = Arrays.copyOf(frames, capacity);
                pitches = Arrays.copyOf(pitches, capacity);
                magnitudes = Arrays.copyOf(magnitudes, capacity);
            }
            bins[count] = bin;
            frames[count] = frame;
            pitches[count] = pitch;
            magnitudes[count] = magnitude;
            count++;
        }

        public int count() {
            return count;
        }

        public int bin(int i) {
            return bins[i];
        }

        public int frame(int i) {
            return frames[i];
        }

        /** Interpolated pitch (Hz, float32). */
        public float pitch(int i) {
            return pitches[i];
        }

        /** Interpolated magnitude (float32, in the units of the input spectrogram). */
        public float magnitude(int i) {
            return magnitudes[i];
        }
    }
}
