package org.emolake.features;

import java.util.EnumMap;
import java.util.Map;
import org.emolake.audio.AudioException;
import org.emolake.audio.ClipDeadline;
import org.emolake.audio.ErrorCode;

/**
 * {@code extract_features(path)} of {@code shared/spec/extract_features.py} after loading: the nine blocks of
 * {@code frame_features(y, sr=22050)}, then {@link FrameStatistics per-row means and standard deviations} in the
 * order of {@link FeatureBlock} → 110 values ({@link FeatureSet#names()}).
 *
 * <p>The STFT of {@code y} is computed once, and its magnitude and power once, and shared by every block that reads
 * them (mfcc, chroma_stft, contrast, centroid, rolloff and the HPSS inside {@code effects.harmonic}).
 *
 * <p>Thread-safe: all FFT plans, windows and filterbanks are built once, when the class is constructed (or, for
 * tuning-dependent filterbanks, on first use of a tuning) and only read afterwards. The large work arrays are kept
 * per thread between calls, one set per thread for all instances ({@link Workspace}: 6.7 MB for a 3-s clip, never
 * more than ~27 MB per thread; clips longer than ~12 s use fresh arrays); the rest are per call. Memory per call is
 * O(clip length).
 */
public final class FeatureExtractor {
    /** The reference raises below 9 frames ({@code delta}'s width): 1 + n / 512 ≥ 9 ⇔ n ≥ 4096 samples. */
    public static final int MIN_SAMPLES = 4096;

    /**
     * One per thread, shared by all extractors (jobs create one per partition): an instance field would leave every
     * discarded extractor's arrays in the threads' maps until they happen to be expunged. Safe to share because an
     * extraction runs to its end on its thread and returns nothing from the workspace.
     */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    private final Stft stft = Stft.librosaDefault();
    private final Mfcc mfcc = Mfcc.librosaDefault();
    private final Delta delta = Delta.librosaDefault();
    private final SpectralContrast contrast = SpectralContrast.librosaDefault();
    private final EffectsHarmonic harmonic = new EffectsHarmonic(stft);
    private final ChromaCqt chromaCqt = new ChromaCqt();
    private final ZeroCrossingRate zeroCrossingRate = ZeroCrossingRate.librosaDefault();
    private final Rms rms = Rms.librosaDefault();
    private final SpectralCentroid centroid = SpectralCentroid.librosaDefault();
    private final SpectralRolloff rolloff = SpectralRolloff.librosaDefault();

    /**
     * The 110 features of a clip loaded as {@code librosa.load(path, sr=22050, mono=True)} returns it.
     *
     * @param name names the clip in errors
     * @throws AudioException {@link ErrorCode#TOO_SHORT} for clips under {@link #MIN_SAMPLES} samples
     */
    public double[] extract(float[] y, String name) throws AudioException {
        return frames(y, name).summary();
    }

    /** The per-frame matrices of every block ({@code frame_features(y)}), before summarising. */
    public ClipFrames frames(float[] y, String name) throws AudioException {
        return frames(y, name, WORKSPACES.get());
    }

    /** {@link #frames(float[], String)} with the given work arrays (none of which the result refers to). */
    ClipFrames frames(float[] y, String name, Workspace workspace) throws AudioException {
        if (y.length < MIN_SAMPLES) {
            throw new AudioException(ErrorCode.TOO_SHORT, name, "the loaded signal has " + y.length
                    + " samples at 22050 Hz; feature set v1 needs at least " + MIN_SAMPLES + " (9 frames)");
        }
        ClipDeadline.check();
        SpectralFrames spectral = SpectralFrames.of(stft, y, workspace);
        int frames = spectral.frames();
        Map<FeatureBlock, float[][]> float32 = new EnumMap<>(FeatureBlock.class);
        Map<FeatureBlock, double[][]> float64 = new EnumMap<>(FeatureBlock.class);

        float[][] mfccFrames = mfcc.compute(spectral);
        float32.put(FeatureBlock.MFCC, mfccFrames);
        ClipDeadline.check();
        float32.put(FeatureBlock.MFCC_DELTA, delta.apply(mfccFrames));
        ClipDeadline.check();
        ChromaStft.Chroma chroma = ChromaStft.compute(spectral);
        float32.put(FeatureBlock.CHROMA, rows(chroma.values(), ChromaStft.N_CHROMA, frames));
        ClipDeadline.check();
        float64.put(FeatureBlock.CONTRAST, contrast.compute(spectral));
        ClipDeadline.check();
        float[] yHarmonic = harmonic.harmonic(y, spectral.spectrogram(), spectral.magnitude(), workspace);
        float[] cqtChroma = chromaCqt.chroma(yHarmonic, workspace);
        int cqtFrames = cqtChroma.length / ChromaCqt.N_CHROMA;
        ClipDeadline.check();
        float64.put(FeatureBlock.TONNETZ, rows(Tonnetz.of(cqtChroma, cqtFrames), Tonnetz.ROWS, cqtFrames));
        ClipDeadline.check();
        float64.put(FeatureBlock.ZCR, new double[][] {zeroCrossingRate.compute(y)});
        float32.put(FeatureBlock.RMS, new float[][] {rms.compute(y)});
        float64.put(FeatureBlock.CENTROID, new double[][] {centroid.compute(spectral)});
        float64.put(FeatureBlock.ROLLOFF, new double[][] {rolloff.compute(spectral)});
        ClipDeadline.check();
        return new ClipFrames(float32, float64);
    }

    /** Frame-major {@code [frame * rows + row]} to {@code [row][frame]}. */
    private static float[][] rows(float[] frameMajor, int rows, int frames) {
        float[][] out = new float[rows][frames];
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rows; r++) {
                out[r][t] = frameMajor[t * rows + r];
            }
        }
        return out;
    }

    private static double[][] rows(double[] frameMajor, int rows, int frames) {
        double[][] out = new double[rows][frames];
        for (int t = 0; t < frames; t++) {
            for (int r = 0; r < rows; r++) {
                out[r][t] = frameMajor[t * rows + r];
            }
        }
        return out;
    }

    /** The nine per-frame matrices of one clip, {@code [row][frame]}, in each block's reference dtype. */
    public static final class ClipFrames {
        private final Map<FeatureBlock, float[][]> float32;
        private final Map<FeatureBlock, double[][]> float64;

        ClipFrames(Map<FeatureBlock, float[][]> float32, Map<FeatureBlock, double[][]> float64) {
            this.float32 = float32;
            this.float64 = float64;
        }

        /** A block's frames widened to double (exactly, for float32 blocks). */
        public double[][] matrix(FeatureBlock block) {
            if (!block.float32()) {
                return float64.get(block);
            }
            float[][] m = float32.get(block);
            double[][] out = new double[m.length][];
            for (int r = 0; r < m.length; r++) {
                out[r] = new double[m[r].length];
                for (int t = 0; t < m[r].length; t++) {
                    out[r][t] = m[r][t];
                }
            }
            return out;
        }

        /** The 110 values: per block, row means then row standard deviations, summed as numpy does. */
        public double[] summary() {
            double[] out = new double[FeatureSet.SIZE];
            for (FeatureBlock block : FeatureBlock.values()) {
                int offset = FeatureSet.offset(block);
                if (block.float32()) {
                    FrameStatistics.float32(float32.get(block), block.fortranOrder(), out, offset);
                } else {
                    FrameStatistics.float64(float64.get(block), block.fortranOrder(), out, offset);
                }
            }
            return out;
        }
    }
}
