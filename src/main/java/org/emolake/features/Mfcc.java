package org.emolake.features;

import java.util.Objects;

/**
 * {@code librosa.feature.mfcc(y=y, sr=22050, n_mfcc=13)} with librosa's other defaults: {@code dct_type=2,
 * norm='ortho', lifter=0}, 128 Slaney mels. That is {@code power_to_db(melspectrogram(y))} (float32, {@code ref=1},
 * {@code top_db=80}), then {@code scipy.fftpack.dct(type=2, norm='ortho', axis=-2)[:n_mfcc]} in float32.
 *
 * <p>The DCT is the orthonormal DCT-II basis (13 × 128, built once in float64) applied in float64 and rounded to
 * float32. scipy computes it in float32 through pocketfft's FFT; the two differ by a few float32 ulps of the largest
 * log-mel value (≤ 6e-6 on the golden clips), well inside the 1e-5 target, and we do not re-implement an FFT to
 * remove that. Immutable and thread-safe.
 */
public final class Mfcc {
    /** The feature set's {@code n_mfcc} (librosa's own default is 20). */
    public static final int N_MFCC = 13;

    private static final Mfcc DEFAULT = new Mfcc(Melspectrogram.librosaDefault(), N_MFCC);

    private final Melspectrogram melspectrogram;
    private final int nMfcc;
    /** {@code basis[k * mels + m]}: row k of scipy's orthonormal DCT-II matrix. */
    private final double[] basis;

    public Mfcc(Melspectrogram melspectrogram, int nMfcc) {
        this.melspectrogram = Objects.requireNonNull(melspectrogram, "melspectrogram");
        int mels = melspectrogram.filterbank().mels();
        if (nMfcc < 1 || nMfcc > mels) {
            throw new IllegalArgumentException("Cannot build MFCC: n_mfcc must be in [1, n_mels=" + mels + "] (" + nMfcc
                    + ")");
        }
        this.nMfcc = nMfcc;
        this.basis = orthonormalDct2(nMfcc, mels);
    }

    /** 13 coefficients from 128 mels at sr 22050, n_fft 2048 (shares the default filterbank). */
    public static Mfcc librosaDefault() {
        return DEFAULT;
    }

    public Melspectrogram melspectrogram() {
        return melspectrogram;
    }

    public int nMfcc() {
        return nMfcc;
    }

    /** MFCCs {@code [coefficient][frame]} (float32) of a clip. */
    public float[][] compute(SpectralFrames frames) {
        float[][] mel = melspectrogram.compute(frames);
        PowerToDb.librosaDefault().applyInPlace(mel);
        return fromLogMel(mel);
    }

    /** The DCT step alone: MFCCs of a float32 log-mel matrix {@code [mel][frame]} (e.g. {@code power_to_db} output). */
    public float[][] fromLogMel(float[][] logMel) {
        int mels = melspectrogram.filterbank().mels();
        if (logMel.length != mels) {
            throw new IllegalArgumentException("Cannot compute MFCC: log-mel matrix has " + logMel.length
                    + " rows, expected " + mels);
        }
        int frames = logMel[0].length;
        float[][] out = new float[nMfcc][frames];
        double[] sums = new double[frames];
        for (int k = 0; k < nMfcc; k++) {
            java.util.Arrays.fill(sums, 0.0);
            int row = k * mels;
            for (int m = 0; m < mels; m++) {
                double w = basis[row + m];
                float[] mel = logMel[m];
                for (int t = 0; t < frames; t++) {
                    sums[t] += w * mel[t];
                }
            }
            for (int t = 0; t < frames; t++) {
                out[k][t] = (float) sums[t];
            }
        }
        return out;
    }

    /** {@code X[k] = f(k) · Σ x[m] cos(π k (2m + 1) / 2N)} with {@code f(0) = √(1/N)}, {@code f(k) = √(2/N)}. */
    private static double[] orthonormalDct2(int rows, int n) {
        double[] basis = new double[rows * n];
        for (int k = 0; k < rows; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (int m = 0; m < n; m++) {
                basis[k * n + m] = scale * Math.cos(Math.PI * k * (2 * m + 1) / (2.0 * n));
            }
        }
        return basis;
    }
}
