package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.emolake.model.Fixtures;
import org.emolake.model.ModelBundle;
import org.emolake.model.Prediction;
import org.emolake.testing.Golden;
import org.emolake.testing.GoldenFeatures;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class ScoringEngineTest {
    private static Map<String, byte[]> artifacts;
    private static ScoringEngine engine;

    @BeforeAll
    static void loadBundle(@TempDir Path dir) throws Exception {
        artifacts = ScoringEngine.readArtifacts(Fixtures.keras7PickleBundle(dir.resolve("bundle")));
        engine = ScoringEngine.forArtifacts(artifacts);
    }

    private static ClipInput golden(String clip) throws Exception {
        return new ClipInput(clip + ".wav", Files.readAllBytes(Golden.audio(clip)));
    }

    /**
     * Every clip of a batch equals librosa's golden data: its features within the tolerance of docs/PARITY.md, its
     * sample count and source rate exactly, and its prediction that of the model on librosa's own feature vector
     * (same label; probabilities within 1e-3, the float32 network's answer to feature differences of at most 1e-3).
     */
    @Test
    void outcomesEqualTheGoldenClips() throws Exception {
        String[] clips = {"speech_en_22050_mono_s16", "speech_de_48000_mono_s24", "noise_white_16000_mono_s16"};
        List<ClipInput> batch = new ArrayList<>();
        for (String clip : clips) {
            batch.add(golden(clip));
        }
        List<ClipOutcome> outcomes = engine.score(batch, true);
        assertEquals(clips.length, outcomes.size());

        ModelBundle bundle = ModelBundle.fromBytes(artifacts);
        for (int i = 0; i < clips.length; i++) {
            JsonNode golden = Golden.json(clips[i]);
            Prediction librosa = bundle.newScorer().score(new double[][] {Golden.doubles(golden.get("features"))})
                    .get(0);
            ClipOutcome outcome = outcomes.get(i);
            assertTrue(outcome.ok(), outcome.toString());
            assertEquals(clips[i] + ".wav", outcome.source());
            GoldenFeatures.assertMatches(clips[i], outcome.features());
            assertEquals(golden.get("load").get("n_samples").asLong(), outcome.audio().samples(), clips[i]);
            assertEquals(golden.get("source").get("sample_rate").asInt(), outcome.sourceSampleRate().intValue());
            assertEquals(golden.get("source").get("frames").asDouble() / outcome.sourceSampleRate(),
                    outcome.durationSeconds(), 1e-12, clips[i]);
            assertEquals(librosa.label(), outcome.label(), clips[i]);
            assertEquals(bundle.labels(), List.copyOf(outcome.probabilities().keySet()));
            for (int k = 0; k < bundle.labels().size(); k++) {
                String label = bundle.labels().get(k);
                assertEquals(librosa.probabilities()[k], outcome.probabilities().get(label), 1e-3,
                        clips[i] + " " + label);
            }
        }
        assertEquals(bundle.sha256(), engine.modelSha256());
        assertEquals("v1", engine.featureSet());
    }

    @Test
    void badClipsBecomeErrorOutcomesAndTheRestIsScored() throws Exception {
        byte[] tooShort = TestWavs.pcm16(new float[1000], 1, 22050);
        List<ClipOutcome> outcomes = engine.score(List.of(
                new ClipInput("text.wav", "hello".getBytes()),
                golden("sine_440_22050_mono_s16"),
                new ClipInput("short.wav", tooShort),
                new ClipInput("empty.wav", new byte[0])), false);
        assertEquals(4, outcomes.size());
        assertOutcome(outcomes.get(0), "NOT_RIFF_WAVE", "text.wav");
        assertTrue(outcomes.get(1).ok());
        assertNull(outcomes.get(1).features(), "features only when asked for");
        assertOutcome(outcomes.get(2), "TOO_SHORT", "short.wav");
        assertEquals(1000 / 22050.0, outcomes.get(2).durationSeconds(), 1e-12, "a decoded clip keeps its duration");
        assertOutcome(outcomes.get(3), "EMPTY_FILE", "empty.wav");
    }

    @Test
    void theEngineIsBuiltOncePerJvmAndBundle() {
        assertSame(engine, ScoringEngine.forArtifacts(artifacts));
    }

    @Test
    void aBadBundleIsRefusedWithTheFileNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoringEngine.forArtifacts(Map.of("cnn_lstm_model.h5", new byte[] {1, 2, 3},
                        "labels.json", "[\"a\"]".getBytes(),
                        "scaler.pkl", artifacts.get("scaler.pkl"))));
        assertTrue(e.getMessage().contains("cnn_lstm_model.h5"), e.getMessage());
    }

    private static void assertOutcome(ClipOutcome outcome, String code, String file) {
        assertEquals(ClipOutcome.ERROR, outcome.status(), outcome.toString());
        assertEquals(code, outcome.errorCode());
        assertNotNull(outcome.errorMessage());
        assertTrue(outcome.errorMessage().contains(file), outcome.errorMessage());
        assertNull(outcome.label());
        assertNull(outcome.probabilities());
    }
}
