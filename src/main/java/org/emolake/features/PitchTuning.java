package org.emolake.features;

/**
 * {@code librosa.pitch_tuning(frequencies, resolution=0.01, bins_per_octave)}: the tuning offset, in fractions of a
 * bin, of a set of frequencies relative to A440.
 *
 * <p>Each frequency above 0 Hz is mapped to {@code bins_per_octave · log2(f / 27.5)}; its fractional part, folded into
 * [−0.5, 0.5), is counted in a 100-bin histogram over {@code np.linspace(-0.5, 0.5, 101)} and the result is the left
 * edge of the first fullest bin. With no positive frequency the result is 0.0, as librosa returns (with a warning).
 *
 * <p>Precision follows numpy: float32 frequencies (as {@code piptrack} returns them) are mapped in float32, float64
 * frequencies in float64. numpy's float32 {@code log2} is replaced by the correctly rounded value (float64 log2 rounded
 * to float32); a residual that lands within a float32 rounding step of a histogram edge could therefore count in the
 * neighbouring bin.
 */
public final class PitchTuning {
    /** Histogram bins per tuning unit: {@code ceil(1 / resolution)} with resolution 0.01. */
    static final int HISTOGRAM_BINS = 100;
    private static final double[] EDGES = histogramEdges();
    private static final double LN_2 = Math.log(2.0);
    /** {@code A440 / 16} with tuning 0: the frequency of octave 0 in {@code hz_to_octs}. */
    private static final double OCTAVE_ZERO_HZ = 440.0 / 16;

    private PitchTuning() {
    }

    /** Tuning of the first {@code count} float32 frequencies (computed in float32, as numpy does for float32 input). */
    public static double of(float[] frequencies, int count, int binsPerOctave) {
        int[] counts = new int[HISTOGRAM_BINS];
        float octaveZero = (float) OCTAVE_ZERO_HZ;
        float bins = binsPerOctave;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            float f = frequencies[i];
            if (!(f > 0f)) {
                continue;
            }
            any = true;
            float octs = (float) log2(f / octaveZero);
            float residual = floatMod1(bins * octs);
            if (residual >= 0.5f) {
                residual -= 1.0f;
            }
            count(counts, residual);
        }
        return any ? peak(counts) : 0.0;
    }

    /** Tuning of float64 frequencies (computed in float64). */
    public static double of(double[] frequencies, int binsPerOctave) {
        int[] counts = new int[HISTOGRAM_BINS];
        boolean any = false;
        for (double f : frequencies) {
            if (!(f > 0.0)) {
                continue;
            }
            any = true;
            double octs = log2(f / OCTAVE_ZERO_HZ);
            double residual = doubleMod1(binsPerOctave * octs);
            if (residual >= 0.5) {
                residual -= 1.0;
            }
            count(counts, residual);
        }
        return any ? peak(counts) : 0.0;
    }

    /** The {@code index}-th histogram edge: {@code -0.5 + index / 100} as {@code np.linspace} rounds it. */
    static double edge(int index) {
        return EDGES[index];
    }

    static double log2(double x) {
        return Math.log(x) / LN_2;
    }

    /** {@code np.mod(x, 1.0)} in float32 (fmod, then shifted to the sign of the divisor). */
    private static float floatMod1(float x) {
        float mod = x % 1.0f;
        if (mod == 0f) {
            return 0f;
        }
        return mod < 0f ? mod + 1.0f : mod;
    }

    private static double doubleMod1(double x) {
        double mod = x % 1.0;
        if (mod == 0.0) {
            return 0.0;
        }
        return mod < 0.0 ? mod + 1.0 : mod;
    }

    /** {@code np.histogram}: bin i holds edge[i] ≤ r < edge[i+1]; the last bin also holds r = 0.5. */
    private static void count(int[] counts, double residual) {
        if (!(residual >= EDGES[0] && residual <= EDGES[HISTOGRAM_BINS])) {
            return;
        }
        int bin = (int) Math.floor((residual + 0.5) * HISTOGRAM_BINS);
        bin = Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin));
        while (bin > 0 && residual < EDGES[bin]) {
            bin--;
        }
        while (bin < HISTOGRAM_BINS - 1 && residual >= EDGES[bin + 1]) {
            bin++;
        }
        counts[bin]++;
    }

    /** Left edge of the first bin with the highest count ({@code np.argmax}). */
    private static double peak(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return EDGES[best];
    }

    /** {@code np.linspace(-0.5, 0.5, 101)}: {@code k * step + start}, the last edge set to the stop value. */
    private static double[] histogramEdges() {
        double step = (0.5 - -0.5) / HISTOGRAM_BINS;
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int k = 0; k < HISTOGRAM_BINS; k++) {
            edges[k] = k * step + -0.5;
        }
        edges[HISTOGRAM_BINS] = 0.5;
        return edges;
    }
}
