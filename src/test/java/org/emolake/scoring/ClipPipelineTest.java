package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.emolake.features.FeatureExtractor;
import org.emolake.testing.Golden;
import org.emolake.testing.GoldenFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ClipPipelineTest {
    private static final ClipPipeline FEATURES = ClipPipeline.featuresOnly(ScoringLimits.defaults());

    @Test
    void featuresOnlyGivesTheGoldenFeaturesAndNoClassification() {
        String clip = "speech_fr_8000_mono_u8";
        List<ClipOutcome> outcomes = FEATURES.run(List.of(AudioSource.file(Golden.audio(clip))), false);
        assertEquals(1, outcomes.size());
        ClipOutcome.Ok ok = assertInstanceOf(ClipOutcome.Ok.class, outcomes.get(0));
        GoldenFeatures.assertMatches(clip, ok.features());
        assertNull(ok.classification());
        assertNull(ok.label());
        assertEquals(8000, ok.sourceSampleRate());
        assertEquals(0, ok.startSample());
    }

    /**
     * Running out of heap while one clip is decoded is an OUT_OF_MEMORY outcome naming that clip, and the next clip
     * of the batch is processed as usual.
     */
    @Test
    void outOfMemoryIsAnOutcomeNamingTheClip() throws Exception {
        AudioSource exhausting = new AudioSource() {
            @Override
            public String name() {
                return "s3://archive/huge.wav";
            }

            @Override
            public byte[] read(long maxBytes) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        String clip = "sine_440_22050_mono_s16";
        ClipInput good = new ClipInput(clip + ".wav", Files.readAllBytes(Golden.audio(clip)));
        List<ClipOutcome> outcomes = FEATURES.run(List.of(exhausting, good), false);
        ClipOutcome.Error error = assertInstanceOf(ClipOutcome.Error.class, outcomes.get(0));
        assertEquals("OUT_OF_MEMORY", error.code());
        assertTrue(error.message().startsWith("Cannot decode s3://archive/huge.wav: the JVM ran out of memory"),
                error.message());
        assertTrue(outcomes.get(1).ok(), outcomes.get(1).toString());
    }

    /** The unit seam: a plan that cuts a clip in two gives two outcomes, each with the features of its half. */
    @Test
    void aUnitPlanDecidesWhatIsFeaturized() throws Exception {
        UnitPlan halves = (audio, name) -> {
            float[] y = audio.samples();
            int mid = y.length / 2;
            return List.of(new AudioUnit(Arrays.copyOfRange(y, 0, mid), 0),
                    new AudioUnit(Arrays.copyOfRange(y, mid, y.length), mid));
        };
        String clip = "speech_en_22050_mono_s16";
        List<ClipOutcome> outcomes = FEATURES.withUnitPlan(halves)
                .run(List.of(AudioSource.file(Golden.audio(clip))), true);
        assertEquals(2, outcomes.size());
        float[] y = Golden.y(clip);
        FeatureExtractor extractor = new FeatureExtractor();
        ClipOutcome.Ok second = assertInstanceOf(ClipOutcome.Ok.class, outcomes.get(1));
        assertEquals(y.length / 2, second.startSample());
        assertEquals(Arrays.toString(extractor.extract(Arrays.copyOfRange(y, y.length / 2, y.length), clip)),
                Arrays.toString(second.features()));
    }
}
