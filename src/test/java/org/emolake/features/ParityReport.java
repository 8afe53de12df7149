package org.emolake.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.emolake.audio.AudioException;
import org.emolake.testing.Golden;
import org.emolake.testing.Tolerance;

/**
 * Prints the achieved parity of the whole pipeline (file → frames → 110 values) for every golden clip as the Markdown
 * table of docs/PARITY.md: the largest scaled error per block over all frames, and over the block's summary values.
 * Run with {@code bin/parity-report}.
 */
public final class ParityReport {
    private ParityReport() {
    }

    public static void main(String[] args) throws AudioException {
        FeatureExtractor extractor = new FeatureExtractor();
        StringBuilder header = new StringBuilder("| clip | rate |");
        StringBuilder rule = new StringBuilder("| --- | --- |");
        for (FeatureBlock block : FeatureBlock.values()) {
            header.append(' ').append(block.id()).append(" |");
            rule.append(" --- |");
        }
        System.out.println("Per-frame max scaled error (summary-vector max in brackets):");
        System.out.println();
        System.out.println(header.append(" tunings equal |"));
        System.out.println(rule.append(" --- |"));
        for (String clip : FeatureExtractorGoldenTest.clips().toList()) {
            JsonNode golden = Golden.json(clip);
            FeatureExtractor.ClipFrames frames = extractor.frames(Golden.y(clip), clip);
            double[] expectedVector = Golden.doubles(golden.get("features"));
            double[] vector = frames.summary();
            StringBuilder row = new StringBuilder("| " + clip + " | " + golden.get("source").get("sample_rate") + " |");
            for (FeatureBlock block : FeatureBlock.values()) {
                double[][] expected = Golden.matrix(golden.get("frames").get(block.id()));
                double frameError = worst(expected, frames.matrix(block));
                int offset = FeatureSet.offset(block);
                double summaryError = 0;
                for (int i = offset; i < offset + 2 * block.rows(); i++) {
                    summaryError = Math.max(summaryError, Tolerance.scaledError(vector[i], expectedVector[i]));
                }
                row.append(String.format(Locale.ROOT, " %.1e (%.1e) |", frameError, summaryError));
            }
            System.out.println(row.append(' ').append(tuningsEqual(clip, golden)).append(" |"));
        }
    }

    private static double worst(double[][] expected, double[][] actual) {
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int t = 0; t < expected[r].length; t++) {
                worst = Math.max(worst, Tolerance.scaledError(actual[r][t], expected[r][t]));
            }
        }
        return worst;
    }

    private static String tuningsEqual(String clip, JsonNode golden) {
        float[] y = Golden.y(clip);
        Spectrogram s = Stft.librosaDefault().transform(y);
        boolean stft = ChromaStft.compute(s).tuning() == golden.get("tuning").get("chroma_stft").asDouble();
        double cqtTuning = ChromaCqt.estimateTuning(new EffectsHarmonic().harmonic(y, s));
        boolean cqt = cqtTuning == golden.get("tuning").get("chroma_cqt").asDouble();
        return stft && cqt ? "yes" : "NO (stft " + stft + ", cqt " + cqt + ")";
    }
}
