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
        float[] weights = ChromaFilterbank.forTuning(tuning).weights();
        float[] chroma = new float[frames * N_CHROMA];
        for (int t = 0; t < frames; t++) {
            project(weights, power, t * bins, chroma, t * N_CHROMA);
        }
        Normalize.columns(chroma, N_CHROMA, Normalize.Norm.MAX, chroma);
        return new Chroma(chroma, frames, tuning);
    }

    /** One frame of filterbank · power, four chroma rows at a time (independent float64 accumulators). */
    private static void project(float[] weights, float[] power, int powerOffset, float[] out, int outOffset) {
        int bins = ChromaFilterbank.BINS;
        for (int c = 0; c < N_CHROMA; c += 4) {
            int w0 = c * bins;
            int w1 = w0 + bins;
            int w2 = w1 + bins;
            int w3 = w2 + bins;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < bins; k++) {
                double p = power[powerOffset + k];
                s0 += weights[w0 + k] * p;
                s1 += weights[w1 + k] * p;
                s2 += weights[w2 + k] * p;
                s3 += weights[w3 + k] * p;
            }
            out[outOffset + c] = (float) s0;
            out[outOffset + c + 1] = (float) s1;
            out[outOffset + c + 2] = (float) s2;
            out[outOffset + c + 3] = (float) s3;
        }
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
