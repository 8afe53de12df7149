package org.emolake.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.emolake.testing.Golden;
import org.emolake.scoring.ScoringLimits;
import org.emolake.testing.GoldenFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training's CSV manifest (RFC 4180, as {@code sql --format csv} writes it) and its clips through the pipeline. */
class ManifestFeatureSourceTest {
    @TempDir
    Path dir;

    @Test
    void quotedValuesMayHoldCommasQuotesAndLineBreaks() throws Exception {
        Files.copy(Golden.audio("speech_en_22050_mono_s16"), dir.resolve("a, \"quoted\".wav"));
        Files.copy(Golden.audio("speech_de_48000_mono_s24"), dir.resolve("b.wav"));
        Files.copy(Golden.audio("short_1500samples_22050_mono_s16"), dir.resolve("short.wav"));
        Path manifest = Files.writeString(dir.resolve("m.csv"), "note,path,emotion\r\n"
                + "\"first line\nsecond line\",\"a, \"\"quoted\"\".wav\",happy\r\n"
                + "\n"
                + ",b.wav,\"sad\"\n"
                + "x,short.wav,sad\n", StandardCharsets.UTF_8);

        ManifestFeatureSource source = ManifestFeatureSource.csv(manifest, "path", "emotion", 2,
                ScoringLimits.defaults());
        assertEquals(3, source.size());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LabelledFeatureSource.Loaded loaded = source.load(new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(2, loaded.rows().size(), loaded.toString());
        assertEquals("a, \"quoted\".wav", loaded.rows().get(0).id());
        assertEquals("happy", loaded.rows().get(0).label());
        GoldenFeatures.assertMatches("speech_en_22050_mono_s16", loaded.rows().get(0).features());
        assertEquals("sad", loaded.rows().get(1).label());
        GoldenFeatures.assertMatches("speech_de_48000_mono_s24", loaded.rows().get(1).features());
        assertEquals(1, loaded.failures().size());
        String failure = loaded.failures().get(0);
        assertTrue(failure.startsWith("short.wav: TOO_SHORT: Cannot decode " + dir.resolve("short.wav")), failure);
    }

    @Test
    void aMissingColumnOrValueNamesTheManifest() throws Exception {
        Path noLabel = Files.writeString(dir.resolve("no_label.csv"), "path,speaker\na.wav,s1\n");
        IOException e = assertThrows(IOException.class, () -> ManifestFeatureSource.csv(noLabel, "path", "label", 1,
                ScoringLimits.defaults()));
        assertTrue(e.getMessage().contains("no_label.csv") && e.getMessage().contains("lacks column label"),
                e.getMessage());

        Path emptyLabel = Files.writeString(dir.resolve("empty_label.csv"), "path,label\na.wav,happy\nb.wav,\n");
        e = assertThrows(IOException.class, () -> ManifestFeatureSource.csv(emptyLabel, "path", "label", 1,
                ScoringLimits.defaults()));
        assertTrue(e.getMessage().contains("empty_label.csv line 3: empty label"), e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        e = assertThrows(IOException.class, () -> ManifestFeatureSource.csv(empty, "path", "label", 1, ScoringLimits.defaults()));
        assertTrue(e.getMessage().contains("empty.csv is empty"), e.getMessage());
    }
}
