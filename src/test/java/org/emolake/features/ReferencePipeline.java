package org.emolake.features;

import java.util.Arrays;

/**
 * The harmonic / estimate_tuning / chroma_cqt pipeline as it was before the perf-hpss optimisations (copies of the
 * classes, prefixed {@code Reference}): the oracle for the bit-identity tests and the "before" of
 * {@code HarmonicBenchmark}.
 */
public final class ReferencePipeline {
    private final ReferenceStft stft = ReferenceStft.librosaDefault();
    private final ReferenceHpss hpss = new ReferenceHpss();
    private final ReferenceIstft istft = ReferenceIstft.librosaDefault();
    private final CqToChroma cqToChroma = CqToChroma.chromaCqtDefault();

    public Spectrogram stft(float[] y) {
        return stft.transform(y);
    }

    public Spectrogram hpss(Spectrogram s) {
        return hpss.harmonic(s);
    }

    public float[] istft(Spectrogram s, int length) {
        return istft.inverse(s, length);
    }

    /** {@code effects.harmonic(y)}. */
    public float[] harmonic(float[] y) {
        return istft.inverse(hpss.harmonic(stft.transform(y)), y.length);
    }

    /** {@code estimate_tuning(y=y, sr=22050, bins_per_octave=36)}. */
    public double tuning(float[] y) {
        Spectrogram s = stft.transform(y);
        return tuningOfSpectrogram(s.magnitude(), s.bins(), s.frames(), Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE);
    }

    /** {@code estimate_tuning(S=S, sr, bins_per_octave)}. */
    public double tuningOfSpectrogram(float[] spectrogram, int bins, int frames, double sampleRate,
            int binsPerOctave) {
        ReferencePiptrack.Peaks peaks = ReferencePiptrack.librosaDefault(sampleRate, 2 * (bins - 1))
                .track(spectrogram, frames);
        int n = peaks.count();
        float[] pitches = new float[n];
        float[] magnitudes = new float[n];
        int pitched = 0;
        for (int i = 0; i < n; i++) {
            if (peaks.pitch(i) > 0f) {
                pitches[pitched] = peaks.pitch(i);
                magnitudes[pitched] = peaks.magnitude(i);
                pitched++;
            }
        }
        float threshold = 0f;
        if (pitched > 0) {
            float[] sorted = Arrays.copyOf(magnitudes, pitched);
            Arrays.sort(sorted);
            int middle = pitched / 2;
            threshold = pitched % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2f;
        }
        int selected = 0;
        for (int i = 0; i < pitched; i++) {
            if (magnitudes[i] >= threshold) {
                pitches[selected++] = pitches[i];
            }
        }
        return PitchTuning.of(pitches, selected, binsPerOctave);
    }

    /** {@code np.abs(cqt(y, tuning=tuning))}, frame-major. */
    public float[] cqtMagnitude(float[] y, double tuning) {
        return ReferenceCqt.forTuning(tuning).magnitude(y);
    }

    /** {@code chroma_cqt(y, tuning=tuning)}. */
    public float[] chroma(float[] y, double tuning) {
        float[] magnitude = cqtMagnitude(y, tuning);
        float[] chroma = cqToChroma.apply(magnitude, magnitude.length / Cqt.N_BINS);
        Normalize.columns(chroma, ChromaCqt.N_CHROMA, Normalize.Norm.MAX, chroma);
        return chroma;
    }
}
