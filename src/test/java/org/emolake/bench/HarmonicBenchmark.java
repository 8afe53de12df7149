package org.emolake.bench;

import java.util.concurrent.TimeUnit;
import org.emolake.features.ChromaCqt;
import org.emolake.features.Cqt;
import org.emolake.features.EstimateTuning;
import org.emolake.features.Hpss;
import org.emolake.features.Istft;
import org.emolake.features.Spectrogram;
import org.emolake.features.Stft;
import org.emolake.testing.TestWavs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Milliseconds per 3-second speech-like clip (22050 Hz, 66150 samples, 130 STFT frames), one thread, for the
 * stages of {@code tonnetz(y=effects.harmonic(y))}: STFT, HPSS, ISTFT, {@code estimate_tuning} of the harmonic
 * signal and {@code chroma_cqt} at that tuning.
 *
 * <p>JMH (wall clock): {@code bin/bench Harmonic}. Thread CPU time per clip, which stays meaningful on a shared
 * machine: run {@link #main} (class path as {@code bin/bench} builds it); it prints the median wall and CPU time of
 * each stage.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HarmonicBenchmark {
    private final Stages stages = new Stages();
    private float[] y;
    private Spectrogram stftOfY;
    private Spectrogram harmonicStft;
    private float[] harmonic;
    private double tuning;

    @Setup
    public void prepare() {
        y = TestWavs.speechLike(3.0, 22050, 42);
        stftOfY = stages.stft(y);
        harmonicStft = stages.hpss(stftOfY);
        harmonic = stages.istft(harmonicStft, y.length);
        tuning = stages.tuning(harmonic);
        stages.chroma(harmonic, tuning);
    }

    @Benchmark
    public Spectrogram stft() {
        return stages.stft(y);
    }

    @Benchmark
    public Spectrogram hpss() {
        return stages.hpss(stftOfY);
    }

    @Benchmark
    public float[] istft() {
        return stages.istft(harmonicStft, y.length);
    }

    @Benchmark
    public double tuningOfHarmonic() {
        return stages.tuning(harmonic);
    }

    @Benchmark
    public float[] chromaCqt() {
        return stages.chroma(harmonic, tuning);
    }

    /** Everything the tonnetz block needs before the tonnetz projection, from the signal. */
    @Benchmark
    public float[] harmonicAndChroma() {
        return stages.all(y);
    }

    /** The stages, as the extractor runs them. */
    static final class Stages {
        private final Stft stft = Stft.librosaDefault();
        private final Hpss hpss = new Hpss();
        private final Istft istft = Istft.librosaDefault();
        private final ChromaCqt chromaCqt = new ChromaCqt();

        Spectrogram stft(float[] y) {
            return stft.transform(y);
        }

        Spectrogram hpss(Spectrogram s) {
            return hpss.harmonic(s);
        }

        float[] istft(Spectrogram s, int length) {
            return istft.inverse(s, length);
        }

        double tuning(float[] harmonic) {
            return EstimateTuning.fromSignal(harmonic, Cqt.SAMPLE_RATE, Cqt.BINS_PER_OCTAVE);
        }

        float[] chroma(float[] harmonic, double tuning) {
            return chromaCqt.chroma(harmonic, tuning);
        }

        float[] all(float[] y) {
            float[] h = istft(hpss(stft(y)), y.length);
            return chroma(h, tuning(h));
        }
    }

    /** Thread CPU time: {@code args[0]} rounds (default 15) of {@code args[1]} clips (default 20) after a warm-up. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        float[] y = TestWavs.speechLike(3.0, 22050, 42);
        Stages s = new Stages();
        Spectrogram spec = s.stft(y);
        Spectrogram harm = s.hpss(spec);
        float[] h = s.istft(harm, y.length);
        double tuning = s.tuning(h);
        new StageTimer()
                .add("stft", () -> s.stft(y))
                .add("hpss", () -> s.hpss(spec))
                .add("istft", () -> s.istft(harm, y.length))
                .add("tuning(harmonic)", () -> s.tuning(h))
                .add("chroma_cqt", () -> s.chroma(h, tuning))
                .add("total", () -> s.all(y))
                .report("3-s clip at 22050 Hz", 3, rounds, clips);
    }
}
