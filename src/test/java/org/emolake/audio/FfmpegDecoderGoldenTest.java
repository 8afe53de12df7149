package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.emolake.features.FeatureBlock;
import org.emolake.features.FeatureExtractor;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * AAC (.m4a) through FFmpeg, as librosa 0.10.2 reads it through audioread: {@link FfmpegDecoder} → {@link ToMono} →
 * {@link Resampler} at 22050 Hz (as {@link AudioLoader} does for every decoder) → the 110 features, each block
 * frame by frame and its summary values within 1e-3 (scaled, as docs/PARITY.md defines it) of the golden file.
 * {@link #main} prints the measured errors for docs/PARITY.md.
 */
class FfmpegDecoderGoldenTest {
    private static final String CLIP = "speech_enus_16000_mono_aac";
    private static final double TOLERANCE = 1e-3;

    /** Per block: the largest scaled error over all frames, then over the block's summary values. */
    record BlockErrors(Map<FeatureBlock, double[]> errors, int samples) {
    }

    static BlockErrors measure() throws AudioException {
        JsonNode golden = TestResources.json("golden-formats/" + CLIP + ".json");
        byte[] m4a = TestResources.bytes("golden-formats/audio/" + CLIP + ".m4a");
        DecodedWav decoded = FfmpegDecoder.decode(ByteBuffer.wrap(m4a), CLIP, AudioLoader.DEFAULT_MAX_DURATION_SECONDS);
        float[] mono = ToMono.mean(decoded.samples(), decoded.channels());
        float[] y = Resampler.resample(mono, decoded.sampleRate(), AudioLoader.TARGET_SAMPLE_RATE, false);
        FeatureExtractor.ClipFrames frames = new FeatureExtractor().frames(y, CLIP);
        double[] expectedVector = Golden.doubles(golden.get("features"));
        double[] vector = frames.summary();
        Map<FeatureBlock, double[]> errors = new EnumMap<>(FeatureBlock.class);
        int offset = 0;
        for (FeatureBlock block : FeatureBlock.values()) {
            double[][] expected = Golden.matrix(golden.get("frames").get(block.id()));
            double[][] actual = frames.matrix(block);
            assertEquals(expected.length, actual.length, block.id() + " rows");
            double frameError = 0;
            for (int r = 0; r < expected.length; r++) {
                assertEquals(expected[r].length, actual[r].length, block.id() + " frames");
                for (int t = 0; t < expected[r].length; t++) {
                    frameError = Math.max(frameError, Tolerance.scaledError(actual[r][t], expected[r][t]));
                }
            }
            // The summary vector holds each block's means then standard deviations, blocks in declaration order.
            double summaryError = 0;
            for (int i = offset; i < offset + 2 * block.rows(); i++) {
                summaryError = Math.max(summaryError, Tolerance.scaledError(vector[i], expectedVector[i]));
            }
            offset += 2 * block.rows();
            errors.put(block, new double[] {frameError, summaryError});
        }
        return new BlockErrors(errors, y.length);
    }

    @Test
    void everyBlockIsWithinOneThousandthOfLibrosa() throws AudioException {
        JsonNode golden = TestResources.json("golden-formats/" + CLIP + ".json");
        assertEquals("AUDIOREAD", golden.get("source").get("subtype").asText(), "librosa read it through audioread");
        BlockErrors measured = measure();
        assertEquals(golden.get("load").get("n_samples").asInt(), measured.samples(), "samples at 22050 Hz");
        for (Map.Entry<FeatureBlock, double[]> e : measured.errors().entrySet()) {
            double[] error = e.getValue();
            assertTrue(error[0] <= TOLERANCE && error[1] <= TOLERANCE, String.format(Locale.ROOT,
                    "%s: frame error %.3g, summary error %.3g, above %.0e", e.getKey().id(), error[0], error[1],
                    TOLERANCE));
        }
    }

    /** Prints the per-block errors as a Markdown table row (docs/PARITY.md, "AAC through FFmpeg"). */
    public static void main(String[] args) throws AudioException {
        BlockErrors measured = measure();
        StringBuilder header = new StringBuilder("| clip |");
        StringBuilder row = new StringBuilder("| " + CLIP + " |");
        for (Map.Entry<FeatureBlock, double[]> e : measured.errors().entrySet()) {
            header.append(' ').append(e.getKey().id()).append(" |");
            row.append(String.format(Locale.ROOT, " %.1e (%.1e) |", e.getValue()[0], e.getValue()[1]));
        }
        System.out.println(header);
        System.out.println("|" + " --- |".repeat(FeatureBlock.values().length + 1));
        System.out.println(row);
    }
}
