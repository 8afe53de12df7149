package org.emolake.bench;

import java.util.Locale;
import org.emolake.audio.AudioLoader;
import org.emolake.features.ChromaCqt;
import org.emolake.features.ChromaStft;
import org.emolake.features.Cqt;
import org.emolake.features.Delta;
import org.emolake.features.EstimateTuning;
import org.emolake.features.FeatureExtractor;
import org.emolake.features.Hpss;
import org.emolake.features.Istft;
import org.emolake.features.Mfcc;
import org.emolake.features.Rms;
import org.emolake.features.SpectralCentroid;
import org.emolake.features.SpectralContrast;
import org.emolake.features.SpectralFrames;
import org.emolake.features.SpectralRolloff;
import org.emolake.features.Spectrogram;
import org.emolake.features.Stft;
import org.emolake.features.Tonnetz;
import org.emolake.features.ZeroCrossingRate;
import org.emolake.testing.TestWavs;

/**
 * Thread CPU time per 3-second speech-like WAV clip (16-bit PCM, mono) of every stage of the whole extractor — WAV
 * decode (with libsoxr resampling to 22050 Hz for other rates), the shared STFT and its magnitude and power, and each
 * feature block as {@link FeatureExtractor#frames} runs it — then the whole {@code load + extract} per clip.
 *
 * <p>Not a JMH benchmark: run {@link #main} with the class path {@code bin/bench} builds, e.g.
 * <pre>
 * mvn -o -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
 *     -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *     org.emolake.bench.FeatureStagesBenchmark [rounds=15] [clips=10] [rates=22050,44100]
 * </pre>
 * Each stage is timed on its own inputs, computed once beforehand, so the stage sum slightly differs from the whole.
 */
public final class FeatureStagesBenchmark {
    private FeatureStagesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String[] rates = (args.length > 2 ? args[2] : "22050,44100").split(",");
        for (String rate : rates) {
            run(Integer.parseInt(rate.trim()), rounds, clips);
        }
    }

    private static void run(int sampleRate, int rounds, int clips) throws Exception {
        byte[] wav = TestWavs.pcm16(TestWavs.speechLike(3.0, sampleRate, 42), 1, sampleRate);
        AudioLoader loader = new AudioLoader();
        FeatureExtractor extractor = new FeatureExtractor();
        Stft stft = Stft.librosaDefault();
        Mfcc mfcc = Mfcc.librosaDefault();
        Delta delta = Delta.librosaDefault();
        SpectralContrast contrast = SpectralContrast.librosaDefault();
        Hpss hpss = new Hpss();
        Istft istft = Istft.librosaDefault();
        ChromaCqt chromaCqt = new ChromaCqt();
        ZeroCrossingRate zcr = ZeroCrossingRate.librosaDefault();
        Rms rms = Rms.librosaDefault();
        SpectralCentroid centroid = SpectralCentroid.librosaDefault();
        SpectralRolloff rolloff = SpectralRolloff.librosaDefault();

        float[] y = loader.load(wav, "bench.wav").samples();
        Spectrogram spec = stft.transform(y);
        SpectralFrames spectral = new SpectralFrames(spec);
        float[] magnitude = spectral.magnitude();
        float[] power = spectral.power();
        int frames = spec.frames();
        float[][] mfccFrames = mfcc.compute(spectral);
        Spectrogram harmonicStft = hpss.harmonic(spec, magnitude);
        float[] harmonic = istft.inverse(harmonicStft, y.length);
        double tuning = EstimateTuning.fromSignal(harmonic, Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE);
        float[] cqtChroma = chromaCqt.chroma(harmonic, tuning);
        int cqtFrames = cqtChroma.length / ChromaCqt.N_CHROMA;

        StageTimer timer = new StageTimer()
                .add("decode", () -> loader.load(wav, "bench.wav"))
                .add("stft", () -> stft.transform(y))
                .add("magnitude+power", () -> new SpectralFrames(spec).power())
                .add("mfcc", () -> mfcc.compute(spectral))
                .add("delta", () -> delta.apply(mfccFrames))
                .add("chroma_stft", () -> ChromaStft.compute(power, frames))
                .add("contrast", () -> contrast.compute(spectral))
                .add("hpss", () -> hpss.harmonic(spec, magnitude))
                .add("istft", () -> istft.inverse(harmonicStft, y.length))
                .add("tuning(harmonic)",
                        () -> EstimateTuning.fromSignal(harmonic, Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE))
                .add("chroma_cqt", () -> chromaCqt.chroma(harmonic, tuning))
                .add("tonnetz", () -> Tonnetz.of(cqtChroma, cqtFrames))
                .add("zcr", () -> zcr.compute(y))
                .add("rms", () -> rms.compute(y))
                .add("centroid", () -> centroid.compute(spectral))
                .add("rolloff", () -> rolloff.compute(spectral))
                .add("load+extract", () -> extractor.extract(loader.load(wav, "bench.wav").samples(), "bench.wav"));
        double[][] m = timer.report("3-s clip at " + sampleRate + " Hz", 3, rounds, clips);
        double sum = 0;
        for (int k = 0; k < m.length - 1; k++) {
            sum += m[k][2];
        }
        double whole = m[m.length - 1][2];
        System.out.printf(Locale.ROOT, "%-22s %31.3f%n", "sum of stages", sum);
        System.out.printf(Locale.ROOT, "load+extract at %d Hz: %.3f ms CPU per 3-s clip = %.0f s of audio per CPU second%n%n",
                sampleRate, whole, 3.0 / (whole / 1000));
    }
}
