package org.emolake.features;

import java.util.Arrays;

/**
 * {@code librosa.estimate_tuning(y | S, sr, n_fft=2048, resolution=0.01, bins_per_octave)}: {@link Piptrack} with its
 * defaults, then {@link PitchTuning} of the pitches whose magnitude is at least the median magnitude of all pitched
 * peaks (0 when there is none).
 *
 * <p>Two inputs, as the extractor uses them:
 * <ul>
 *   <li>{@link #fromSpectrogram}: {@code estimate_tuning(S=S, sr, bins_per_octave)} on a given spectrogram, e.g. the
 *   float32 power spectrogram inside {@code chroma_stft} (12 bins per octave);</li>
 *   <li>{@link #fromSignal} / {@link #fromStft}: {@code estimate_tuning(y=y, sr, bins_per_octave)}, which runs piptrack
 *   on the magnitude {@code |stft(y)|} (n_fft 2048, hop 512, centred, zero padding), e.g. inside {@code chroma_cqt}
 *   (36 bins per octave). Pass the STFT of {@code y} to {@link #fromStft} when it is already computed.</li>
 * </ul>
 *
 * <p>The median of the float32 magnitudes is numpy's: the middle value, or the float32 mean of the two middle values.
 */
public final class EstimateTuning {
    /** librosa's default STFT (immutable and thread-safe: plan and window only read), shared by all calls. */
    private static final Stft DEFAULT_STFT = Stft.librosaDefault();

    private EstimateTuning() {
    }

    /**
     * Tuning of a magnitude or power spectrogram.
     *
     * @param spectrogram float32, frame-major: index {@code frame * bins + bin}
     * @param bins bins per frame ({@code n_fft / 2 + 1})
     * @param frames number of frames
     * @param sampleRate sampling rate of the analysed signal (Hz)
     * @param binsPerOctave 12 for {@code chroma_stft}, 36 for {@code chroma_cqt}
     * @return the tuning in fractions of a bin, in [−0.5, 0.5)
     */
    public static double fromSpectrogram(float[] spectrogram, int bins, int frames, double sampleRate,
            int binsPerOctave) {
        Piptrack piptrack = Piptrack.librosaDefault(sampleRate, 2 * (bins - 1));
        return fromPeaks(piptrack.track(spectrogram, frames), binsPerOctave);
    }

    /** {@code estimate_tuning(y=y, ...)} given {@code stft(y)} with librosa's defaults (magnitude spectrogram). */
    public static double fromStft(Spectrogram stft, double sampleRate, int binsPerOctave) {
        return fromSpectrogram(stft.magnitude(), stft.bins(), stft.frames(), sampleRate, binsPerOctave);
    }

    /** {@code estimate_tuning(y=y, sr, bins_per_octave)}: computes the default STFT of {@code y}. */
    public static double fromSignal(float[] y, double sampleRate, int binsPerOctave) {
        return fromSignal(y, sampleRate, binsPerOctave, Workspace.NONE);
    }

    /** {@link #fromSignal(float[], double, int)}, widening {@code y} into the workspace. */
    static double fromSignal(float[] y, double sampleRate, int binsPerOctave, Workspace workspace) {
        Stft stft = DEFAULT_STFT;
        return fromSpectrogram(stft.magnitude(y, workspace), stft.bins(), stft.frameCount(y.length), sampleRate,
                binsPerOctave);
    }

    static double fromPeaks(Piptrack.Peaks peaks, int binsPerOctave) {
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
        float threshold = pitched > 0 ? median(Arrays.copyOf(magnitudes, pitched)) : 0f;
        int selected = 0;
        for (int i = 0; i < pitched; i++) {
            if (magnitudes[i] >= threshold) {
                pitches[selected++] = pitches[i];
            }
        }
        return PitchTuning.of(pitches, selected, binsPerOctave);
    }

    /** {@code np.median} of a non-empty float32 array (sorts its argument). */
    private static float median(float[] values) {
        Arrays.sort(values);
        int middle = values.length / 2;
        if (values.length % 2 == 1) {
            return values[middle];
        }
        return (values[middle - 1] + values[middle]) / 2f;
    }
}
