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
        return chroma(power, SpectralFrames.byBinFloat64(power, frames, bins), frames);
    }

    /** Chroma of a 22050 Hz signal from its shared spectral frames (power frame-major and by bin). */
    public static Chroma compute(SpectralFrames spectral) {
        if (spectral.bins() != ChromaFilterbank.BINS) {
            throw new IllegalArgumentException("Cannot compute chroma: " + spectral.bins() + " bins per frame, expected "
                    + ChromaFilterbank.BINS + " (n_fft 2048)");
        }
        return chroma(spectral.power(), spectral.powerByBin(), spectral.frames());
    }

    /** The chroma of a checked power spectrogram, given also laid out by bin in float64. */
    private static Chroma chroma(float[] power, double[][] powerByBin, int frames) {
        double tuning = EstimateTuning.fromSpectrogram(power, ChromaFilterbank.BINS, frames,
                ChromaFilterbank.SAMPLE_RATE, N_CHROMA);
        float[] chroma = project(ChromaFilterbank.forTuning(tuning).weightsFloat64(), powerByBin, frames);
        Normalize.columns(chroma, N_CHROMA, Normalize.Norm.MAX, chroma);
        return new Chroma(chroma, frames, tuning);
    }

    /**
     * Filterbank · power, frame-major float32 out: every chroma of every frame a float64 sum over the bins in
     * ascending order (rounded to float32 once). The frames are accumulated side by side, from the power laid out by
     * bin in float64, so that the JIT vectorises the loop over frames.
     */
    private static float[] project(double[] weights, double[][] byBin, int frames) {
        int bins = ChromaFilterbank.BINS;
        double[][] sums = new double[N_CHROMA][frames];
        for (int k = 0; k < bins; k++) {
            double[] p = byBin[k];
            for (int c = 0; c < N_CHROMA; c++) {
                double w = weights[c * bins + k];
                double[] sum = sums[c];
                for (int t = 0; t < frames; t++) {
                    sum[t] += w * p[t];
                }
            }
        }
        float[] out = new float[frames * N_CHROMA];
        for (int c = 0; c < N_CHROMA; c++) {
            for (int t = 0; t < frames; t++) {
                out[t * N_CHROMA + c] = (float) sums[c][t];
            }
        }
        return out;
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
