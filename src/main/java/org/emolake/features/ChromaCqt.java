package org.emolake.features;

/**
 * {@code librosa.feature.chroma_cqt(y=y, sr=22050, hop_length=512, fmin=None, norm=np.inf, threshold=0.0,
 * tuning=None, n_chroma=12, n_octaves=7, window=None, bins_per_octave=36, cqt_mode='full')}.
 *
 * <p>The tuning is {@code estimate_tuning(y=y, sr, bins_per_octave=36)} ({@link EstimateTuning#fromSignal}); then
 * {@code C = np.abs(cqt(...))} ({@link Cqt}), {@code chroma = cq_to_chroma · C} ({@link CqToChroma}; float32, each
 * chroma the sum of its 21 bins; the threshold 0 never applies to these sums of magnitudes) and every frame
 * divided by its maximum ({@link Normalize}, norm inf). Output float32, frame-major: index
 * {@code frame * 12 + chroma}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChromaCqt {
    public static final int N_CHROMA = 12;

    private final CqToChroma cqToChroma = CqToChroma.chromaCqtDefault();

    /** The chromagram of {@code y} with the tuning librosa estimates from it. */
    public float[] chroma(float[] y) {
        return chroma(y, Workspace.NONE);
    }

    /** {@link #chroma(float[])} with the float64 signals of the tuning's STFT and the CQT in the workspace. */
    float[] chroma(float[] y, Workspace workspace) {
        double tuning = EstimateTuning.fromSignal(y, Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE, workspace);
        return chroma(y, tuning, workspace);
    }

    /** {@code estimate_tuning(y=y, sr=22050, bins_per_octave=36)}: the tuning {@code chroma_cqt} uses. */
    public static double estimateTuning(float[] y) {
        return EstimateTuning.fromSignal(y, Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE);
    }

    /** The chromagram of {@code y} with a given tuning (fraction of a 1/36-octave bin). */
    public float[] chroma(float[] y, double tuning) {
        return chroma(y, tuning, Workspace.NONE);
    }

    private float[] chroma(float[] y, double tuning, Workspace workspace) {
        Cqt cqt = Cqt.forTuning(tuning);
        float[] magnitude = cqt.magnitude(y, workspace);
        int frames = magnitude.length / Cqt.N_BINS;
        float[] chroma = cqToChroma.apply(magnitude, frames);
        Normalize.columns(chroma, N_CHROMA, Normalize.Norm.MAX, chroma);
        return chroma;
    }
}
