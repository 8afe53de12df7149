package org.emolake.features;

/**
 * {@code librosa.feature.chroma_stft(y=y, sr=22050)} with its defaults (n_fft 2048, hop 512, power 2, norm=inf,
 * tuning estimated, n_chroma 12).
 *
 * <p>Steps, as librosa: the float32 power spectrogram {@code |stft(y)|²}; its tuning by {@link EstimateTuning} (12 bins
 * per octave); the {@link ChromaFilterbank} for that tuning; raw chroma = filterbank · power; every frame divided by
 * its largest value ({@link Normalize}, frames whose maximum is below {@code tiny(float32)}, e.g. silence, stay
 * zero). The product is accumulated in float64 and rounded to float32 (librosa: float32 BLAS {@code sgemm}, whose
 * own rounding is the remaining difference, below 1e-6 of the frame maximum on the golden clips).
 *
 * <p>Stateless and thread-safe; filterbanks are cached per tuning.
 */
public final class ChromaStft {
    public static final int N_CHROMA = ChromaFilterbank.N_CHROMA;

    private ChromaStft() {
    }

    /** Chroma of a 22050 Hz signal from its (shared) default STFT. */
    public static Chroma compute(Spectrogram stft) {
        return compute(stft.power(), stft.frames());
    }

    /**
     * Chroma from the float32 power spectrogram of a 22050 Hz signal.
     *
     * @param power {@code |stft(y)|²}, 1025 bins per frame, frame-major: index {@code frame * 1025 + bin}
     * @param frames number of frames
     */
    public static Chroma compute(float[] power, int frames) {
        int bins = ChromaFilterbank.BINS;
        if (power.length != frames * bins) {
            throw new IllegalArgumentException("Cannot compute chroma: " + power.length + " values is not " + frames
                    + " frames of " + bins + " bins (n_fft 2048)");
        }
        double tuning = EstimateTuning.fromSpectrogram(power, bins, frames, ChromaFilterbank.SAMPLE_RATE, N_CHROMA);
        double[] weights = ChromaFilterbank.forTuning(tuning).weightsByBin();
        float[] chroma = new float[frames * N_CHROMA];
        for (int t = 0; t < frames; t++) {
            project(weights, power, t * bins, chroma, t * N_CHROMA);
        }
        Normalize.columns(chroma, N_CHROMA, Normalize.Norm.MAX, chroma);
        return new Chroma(chroma, frames, tuning);
    }

    /**
     * One frame of filterbank · power: the 12 chroma sums in float64 accumulators side by side, each over the bins in
     * ascending order, from float64 weights laid out by bin (each power value read and widened once).
     */
    private static void project(double[] weights, float[] power, int powerOffset, float[] out, int outOffset) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        double s8 = 0;
        double s9 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int k = 0, w = 0; k < ChromaFilterbank.BINS; k++, w += N_CHROMA) {
            double p = power[powerOffset + k];
            s0 += weights[w] * p;
            s1 += weights[w + 1] * p;
            s2 += weights[w + 2] * p;
            s3 += weights[w + 3] * p;
            s4 += weights[w + 4] * p;
            s5 += weights[w + 5] * p;
            s6 += weights[w + 6] * p;
            s7 += weights[w + 7] * p;
            s8 += weights[w + 8] * p;
            s9 += weights[w + 9] * p;
            s10 += weights[w + 10] * p;
            s11 += weights[w + 11] * p;
        }
        out[outOffset] = (float) s0;
        out[outOffset + 1] = (float) s1;
        out[outOffset + 2] = (float) s2;
        out[outOffset + 3] = (float) s3;
        out[outOffset + 4] = (float) s4;
        out[outOffset + 5] = (float) s5;
        out[outOffset + 6] = (float) s6;
        out[outOffset + 7] = (float) s7;
        out[outOffset + 8] = (float) s8;
        out[outOffset + 9] = (float) s9;
        out[outOffset + 10] = (float) s10;
        out[outOffset + 11] = (float) s11;
    }

    /**
     * A chromagram: float32 {@code 12 × frames}, frame-major (index {@code frame * 12 + chroma}, chroma 0 = C), and the
     * tuning it was computed with.
     */
    public static final class Chroma {
        private final float[] values;
        private final int frames;
        private final double tuning;

        Chroma(float[] values, int frames, double tuning) {
            this.values = values;
            this.frames = frames;
            this.tuning = tuning;
        }

        /** Frame-major values, index {@code frame * 12 + chroma}; shared, not to be modified. */
        public float[] values() {
            return values;
        }

        public float value(int chroma, int frame) {
            return values[frame * N_CHROMA + chroma];
        }

        public int frames() {
            return frames;
        }

        /** The estimated tuning, in fractions of a chroma bin. */
        public double tuning() {
            return tuning;
        }
    }
}
