package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentGridTest {

    /** {@code spec/segments.py}'s loop, transcribed: the grid must give exactly its offsets. */
    private static List<Double> reference(long frames, int rate, double window, double hop) {
        double d = (double) frames / rate;
        List<Double> offsets = new ArrayList<>();
        for (int k = 0; ; k++) {
            double offset = k * hop;
            offsets.add(offset);
            if (offset + window >= d) {
                return offsets;
            }
        }
    }

    @Test
    void matchesTheReferenceLoop() {
        Random random = new Random(14);
        double[][] grids = {{3.0, 1.5}, {3.0, 3.0}, {2.0, 0.5}, {1.0, 0.1}, {0.7, 0.3}, {3.0, 4.0}};
        int[] rates = {8000, 11025, 16000, 22050, 44100, 48000, 7};
        for (int trial = 0; trial < 3000; trial++) {
            double[] g = grids[trial % grids.length];
            int rate = rates[random.nextInt(rates.length)];
            long frames = trial < 200 ? trial * (long) rate / 4 : (long) (random.nextDouble() * 120 * rate);
            SegmentGrid grid = new SegmentGrid(g[0], g[1]);
            List<Double> expected = reference(frames, rate, g[0], g[1]);
            List<Segment> segments = grid.segments(frames, rate);
            assertEquals(expected.size(), segments.size(), frames + " frames at " + rate + ", grid " + grid);
            assertEquals(expected.size(), grid.count(frames, rate));
            for (int k = 0; k < segments.size(); k++) {
                assertEquals(k, segments.get(k).index());
                assertEquals(expected.get(k), segments.get(k).offsetSeconds(), 0.0);
            }
        }
    }

    @Test
    void theGoldenRecordingsAndTheLongRecordingCheck() {
        assertEquals(20, SegmentGrid.DEFAULT.count(1_331_718, 44100)); // 30.2 s
        assertEquals(19, SegmentGrid.DEFAULT.count(1_323_000, 44100)); // 30 s exactly: segment 18 ends at 27 + 3 = 30
        assertEquals(28, SegmentGrid.DEFAULT.count(337_705, 8000)); // 42.2 s
        assertEquals(1199, SegmentGrid.DEFAULT.count(1800L * 16000, 16000)); // 30 min
        assertEquals(4799, SegmentGrid.DEFAULT.count(7200L * 48000, 48000)); // 2 h
        assertEquals(1, SegmentGrid.DEFAULT.count(3 * 22050, 22050)); // one window: the whole recording
        assertEquals(1, SegmentGrid.DEFAULT.count(1, 22050));
    }

    @Test
    void framesOfASegmentArePythonsInt() {
        Segment s = SegmentGrid.DEFAULT.segment(3);
        assertEquals(4.5, s.offsetSeconds());
        assertEquals(198450, s.startFrame(44100));
        assertEquals(132300, s.frameCount(44100));
        assertEquals(2, new Segment(0, 0.3, 0.3).frameCount(7)); // int(2.1)
        assertEquals(2, new Segment(0, 0.3, 0.3).startFrame(7));
    }

    @Test
    void windowAndHopMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentGrid(0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new SegmentGrid(3, -1));
        assertThrows(IllegalArgumentException.class, () -> new SegmentGrid(Double.NaN, 1));
    }
}
