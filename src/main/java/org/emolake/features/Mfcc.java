package org.emolake.features;

import java.util.Objects;

/**
 * {@code librosa.feature.mfcc(y=y, sr=22050, n_mfcc=13)} with librosa's other defaults: {@code dct_type=2,
 * norm='ortho', lifter=0}, 128 Slaney mels. That is {@code power_to_db(melspectrogram(y))} (float32, {@code ref=1},
 * {@code top_db=80}), then {@code scipy.fftpack.dct(type=2, norm='ortho', axis=-2)[:n_mfcc]} in float32.
 *
 * <p>The DCT reproduces scipy's float32 pocketfft arithmetic ({@link OrthoDct2}), so the MFCCs of librosa's own mel
 * spectrogram come out bit-identical; the remaining difference comes from the mel product (see
 * {@link Melspectrogram}). Immutable and thread-safe.
 */
public final class Mfcc {
    /** The feature set's {@code n_mfcc} (librosa's own default is 20). */
    public static final int N_MFCC = 13;

    private static final Mfcc DEFAULT = new Mfcc(Melspectrogram.librosaDefault(), N_MFCC);

    private final Melspectrogram melspectrogram;
    private final int nMfcc;
    private final OrthoDct2 dct;

    public Mfcc(Melspectrogram melspectrogram, int nMfcc) {
        this.melspectrogram = Objects.requireNonNull(melspectrogram, "melspectrogram");
        int mels = melspectrogram.filterbank().mels();
        if (nMfcc < 1 || nMfcc > mels) {
            throw new IllegalArgumentException("Cannot build MFCC: n_mfcc must be in [1, n_mels=" + mels + "] (" + nMfcc
                    + ")");
        }
        this.nMfcc = nMfcc;
        this.dct = new OrthoDct2(mels);
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
        int mels = dct.length();
        if (logMel.length != mels) {
            throw new IllegalArgumentException("Cannot compute MFCC: log-mel matrix has " + logMel.length
                    + " rows, expected " + mels);
        }
        int frames = mels == 0 ? 0 : logMel[0].length;
        float[][] out = new float[nMfcc][frames];
        float[] c = new float[mels];
        float[] scratch = new float[mels];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < mels; m++) {
                c[m] = logMel[m][t];
            }
            dct.exec(c, scratch);
            for (int k = 0; k < nMfcc; k++) {
                out[k][t] = c[k];
            }
        }
        return out;
    }
}
