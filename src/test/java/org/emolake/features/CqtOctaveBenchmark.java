package org.emolake.features;

import org.emolake.audio.Resampler;
import org.emolake.bench.StageTimer;
import org.emolake.testing.TestWavs;

/**
 * Thread CPU time of each CQT octave's spectra ({@link BandSpectra}, the bins the basis reads) for a 3-s speech-like
 * clip: one JTransforms FFT per frame against the sliding DFT, octave by octave (hop 512 down to 8, the signal
 * decimated by libsoxr as the CQT does). {@code Cqt} slides where the second column wins. Run with
 * {@code bin/bench cqt-octaves [ROUNDS CALLS]}; figures in docs/PERFORMANCE.md.
 */
public final class CqtOctaveBenchmark {
    private CqtOctaveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        float[] signal = TestWavs.speechLike(3.0, 22050, 42);
        Cqt cqt = Cqt.forTuning(0.0);
        int frames = cqt.frameCount(signal.length);
        StageTimer timer = new StageTimer();
        Workspace workspace = new Workspace();
        for (int i = 0; i < Cqt.N_OCTAVES; i++) {
            CqtOctaveBasis basis = cqt.octave(i);
            int hop = Cqt.HOP_LENGTH >> i;
            int width = basis.lastColumn - basis.firstColumn + 1;
            float[] y = signal;
            float[][] re = new float[width][frames];
            float[][] im = new float[width][frames];
            BandSpectra fft = new BandSpectra(CqtOctaveBasis.N_FFT, hop, basis.firstColumn, basis.lastColumn, false);
            BandSpectra sliding = new BandSpectra(CqtOctaveBasis.N_FFT, hop, basis.firstColumn, basis.lastColumn, true);
            timer.add("octave " + i + " fft", () -> {
                fft.compute(y, frames, re, im, workspace);
                return re;
            });
            timer.add("octave " + i + " sliding", () -> {
                sliding.compute(y, frames, re, im, workspace);
                return re;
            });
            signal = Resampler.resample(signal, 2, 1, true);
        }
        timer.report("CQT octave spectra, " + frames + " frames of a 3-s clip", 3, rounds, calls);
    }
}
