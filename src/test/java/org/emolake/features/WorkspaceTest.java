package org.emolake.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;

/** Work arrays reused between clips change no bit of any block. */
class WorkspaceTest {
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor();

    /** Clips of different lengths (longer, shorter, equal to the previous one), speech-like, silent and tonal. */
    private static List<float[]> clips() {
        float[] silenceThenSpeech = new float[3 * 22050];
        System.arraycopy(TestWavs.speechLike(1.5, 22050, 3), 0, silenceThenSpeech, 33075, 33075);
        float[] tone = new float[40000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
        }
        return List.of(TestWavs.speechLike(3.0, 22050, 1), TestWavs.speechLike(4.7, 22050, 2),
                TestWavs.speechLike(0.9, 22050, 4), silenceThenSpeech, TestWavs.speechLike(3.0, 22050, 5), tone,
                TestWavs.speechLike(0.19, 22050, 6));
    }

    @Test
    void garbageInReusedArraysChangesNothing() throws Exception {
        Workspace poisoned = new PoisonedWorkspace();
        for (float[] y : clips()) {
            FeatureExtractor.ClipFrames fresh = EXTRACTOR.frames(y, "clip", Workspace.NONE);
            FeatureExtractor.ClipFrames reused = EXTRACTOR.frames(y, "clip", poisoned);
            for (FeatureBlock block : FeatureBlock.values()) {
                double[][] expected = fresh.matrix(block);
                double[][] actual = reused.matrix(block);
                assertEquals(expected.length, actual.length, block.name());
                for (int r = 0; r < expected.length; r++) {
                    assertArrayEquals(expected[r], actual[r], 0.0, block + " row " + r + " of " + y.length);
                }
            }
        }
    }

    @Test
    void theThreadsWorkspaceGivesWhatFreshArraysGive() throws Exception {
        for (float[] y : clips()) {
            assertArrayEquals(EXTRACTOR.frames(y, "clip", Workspace.NONE).summary(), EXTRACTOR.extract(y, "clip"), 0.0);
        }
    }

    @Test
    void keepsArraysUpToTheLimitAndHandsOutAtLeastTheLengthAskedFor() {
        Workspace workspace = new Workspace();
        float[] first = workspace.floats(Workspace.Slot.MASK, 1000);
        assertSame(first, workspace.floats(Workspace.Slot.MASK, 10));
        assertNotSame(first, workspace.floats(Workspace.Slot.HARMONIC, 10));
        float[] grown = workspace.floats(Workspace.Slot.MASK, 1001);
        assertEquals(1001, grown.length);
        assertSame(grown, workspace.floats(Workspace.Slot.MASK, 1001));
        int huge = Workspace.MAX_RETAINED_LENGTH + 1;
        assertNotSame(workspace.ints(Workspace.Slot.MEDIANS, huge), workspace.ints(Workspace.Slot.MEDIANS, huge));
        assertSame(grown, workspace.floats(Workspace.Slot.MASK, 500));
        double[][] rows = workspace.doubleRows(Workspace.Slot.POWER_BY_BIN, 3, 20);
        assertSame(rows, workspace.doubleRows(Workspace.Slot.POWER_BY_BIN, 3, 19));
        assertNotSame(rows, workspace.doubleRows(Workspace.Slot.POWER_BY_BIN, 4, 19));
    }

    @Test
    void noneAlwaysHandsOutFreshZeroedArraysOfTheExactLength() {
        float[] a = Workspace.NONE.floats(Workspace.Slot.MASK, 5);
        a[0] = 1f;
        float[] b = Workspace.NONE.floats(Workspace.Slot.MASK, 5);
        assertNotSame(a, b);
        assertArrayEquals(new float[5], b);
        assertEquals(3, Workspace.NONE.doubles(Workspace.Slot.SIGNAL, 3).length);
    }
}
