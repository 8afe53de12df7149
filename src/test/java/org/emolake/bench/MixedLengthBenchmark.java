package org.emolake.bench;

import org.emolake.audio.AudioException;
import org.emolake.testing.TestWavs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link FeatureExtractionBenchmark} on 16 clips of 2.5 to 3.5 s taken in turn, as an archive's clips come: every
 * clip has another length, so work arrays kept between clips must serve any length (mean clip 3.0 s, so the score
 * compares with the 3-s benchmark's). Run with {@code bin/bench MixedLength}.
 */
public class MixedLengthBenchmark extends ExtractionBenchmarkSettings {
    private static final int CLIPS = 16;

    private final byte[][] wavs = new byte[CLIPS][];
    private int next;

    @Setup
    public void makeClips() {
        for (int i = 0; i < CLIPS; i++) {
            double seconds = 2.5 + i / (CLIPS - 1.0);
            wavs[i] = TestWavs.pcm16(TestWavs.speechLike(seconds, sampleRate, 42 + i), 1, sampleRate);
        }
    }

    @Benchmark
    public double[] loadAndExtract() throws AudioException {
        byte[] wav = wavs[next];
        next = (next + 1) % CLIPS;
        return loadAndExtract(wav);
    }
}
