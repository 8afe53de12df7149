package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioHeader;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.LoadedAudio;
import org.emolake.features.FeatureExtractor;
import org.emolake.model.Fixtures;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class ClipPipelineSegmentsTest {
    private static final ClipPipeline FEATURES = ClipPipeline.featuresOnly(ScoringLimits.defaults());

    @TempDir
    Path dir;

    private Path wav(String name, double seconds, int rate, int channels, long seed) throws Exception {
        float[] mono = TestWavs.speechLike(seconds, rate, seed);
        float[] interleaved = new float[mono.length * channels];
        for (int i = 0; i < mono.length; i++) {
            for (int c = 0; c < channels; c++) {
                interleaved[i * channels + c] = mono[i] * (1 - 0.3f * c);
            }
        }
        return Files.write(dir.resolve(name), TestWavs.pcm16(interleaved, channels, rate));
    }

    /**
     * A segment's features are those of the whole-clip path on the file holding only that segment's native frames,
     * and a range of the grid gives exactly those segments.
     */
    @Test
    void aSegmentIsTheWholeClipPathOnItsRange() throws Exception {
        Path recording = wav("call.wav", 10.2, 16000, 2, 3);
        AudioHeader header = FEATURES.probe(AudioSource.file(recording));
        assertEquals(163200, header.frames());
        assertEquals("wav", header.format());
        assertEquals(6, SegmentGrid.DEFAULT.count(header.frames(), header.sampleRate()));

        List<ClipOutcome> range = FEATURES.segments(AudioSource.file(recording), SegmentGrid.DEFAULT, 2, 100, true);
        assertEquals(4, range.size());
        ClipOutcome third = range.get(0);
        assertEquals(2, third.segmentIndex());
        assertEquals(3.0, third.offsetSeconds());
        assertEquals(3.0, third.segmentDurationSeconds());
        ClipOutcome last = range.get(3);
        assertEquals(5, last.segmentIndex());
        assertEquals(7.5, last.offsetSeconds());
        assertEquals(2.7, last.segmentDurationSeconds(), 1e-12);

        // The same frames cut out as a file of their own, through the whole-clip path.
        byte[] bytes = Files.readAllBytes(recording);
        int frameBytes = 4;
        int start = 44 + 48000 * frameBytes;
        byte[] cut = TestWavs.pcm16(new float[0], 2, 16000);
        byte[] segmentWav = Arrays.copyOf(cut, cut.length + 48000 * frameBytes);
        System.arraycopy(bytes, start, segmentWav, cut.length, 48000 * frameBytes);
        java.nio.ByteBuffer header44 = java.nio.ByteBuffer.wrap(segmentWav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header44.putInt(4, segmentWav.length - 8).putInt(40, 48000 * frameBytes);
        LoadedAudio whole = new AudioLoader().load(segmentWav, "cut.wav");
        assertEquals(whole.samples().length, third.segment().samples());
        assertEquals(Arrays.toString(new FeatureExtractor().extract(whole.samples(), "cut.wav")),
                Arrays.toString(third.features()));
        assertTrue(third.rmsDbfs() < -5 && third.rmsDbfs() > -60, "rms " + third.rmsDbfs());
    }

    /** A segment too short for features fails alone; the others of the recording are ok. */
    @Test
    void aFailingSegmentIsAnErrorWithItsSegmentAndTheOthersGoOn() throws Exception {
        Path recording = wav("tail.wav", 3.05, 22050, 1, 4);
        List<ClipOutcome> outcomes = FEATURES.segments(AudioSource.file(recording), new SegmentGrid(3.0, 2.9), 0,
                Integer.MAX_VALUE, true);
        assertEquals(2, outcomes.size());
        assertTrue(outcomes.get(0).ok(), outcomes.get(0).toString());
        ClipOutcome.Error tail = assertInstanceOf(ClipOutcome.Error.class, outcomes.get(1));
        assertEquals("TOO_SHORT", tail.code());
        assertEquals(1, tail.segmentIndex());
        assertEquals(2.9, tail.offsetSeconds());
        assertTrue(tail.message().contains("tail.wav (segment 1 at 2.9 s)"), tail.message());
        assertEquals(0.15, tail.segmentDurationSeconds(), 1e-3);
    }

    /** The deadline is per segment: a timeout that no segment can meet fails each one, and each names itself. */
    @Test
    void theDeadlineIsPerSegment() throws Exception {
        Path recording = wav("slow.wav", 6, 22050, 1, 5);
        ClipPipeline hurried = ClipPipeline.featuresOnly(ScoringLimits.defaults().withClipTimeout(Duration.ofNanos(1)));
        List<ClipOutcome> outcomes = hurried.segments(AudioSource.file(recording), SegmentGrid.DEFAULT, 0, 10, true);
        assertEquals(3, outcomes.size());
        for (int k = 0; k < 3; k++) {
            assertEquals("TIMEOUT", outcomes.get(k).errorCode(), outcomes.get(k).toString());
            assertEquals(k, outcomes.get(k).segmentIndex());
        }
    }

    @Test
    void aRecordingThatCannotBeOpenedIsOneErrorWithoutSegment() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio");
        List<ClipOutcome> outcomes = FEATURES.segments(AudioSource.file(text), SegmentGrid.DEFAULT, 0, 10, true);
        assertEquals(1, outcomes.size());
        assertEquals("NOT_RIFF_WAVE", outcomes.get(0).errorCode());
        assertNull(outcomes.get(0).segment());
        assertNull(outcomes.get(0).segmentIndex());

        List<ClipOutcome> missing = FEATURES.segments(AudioSource.file(dir.resolve("gone.flac")), SegmentGrid.DEFAULT,
                0, 10, true);
        assertEquals("FILE_NOT_FOUND", missing.get(0).errorCode());

        Path long_ = wav("long.wav", 5, 8000, 1, 6);
        ClipPipeline strict = ClipPipeline.featuresOnly(ScoringLimits.defaults().withMaxDurationSeconds(4));
        List<ClipOutcome> tooLong = strict.segments(AudioSource.file(long_), SegmentGrid.DEFAULT, 0, 10, true);
        assertEquals(1, tooLong.size());
        assertEquals("TOO_LONG", tooLong.get(0).errorCode());
        AudioException e = assertThrows(AudioException.class, () -> strict.probe(AudioSource.file(long_)));
        assertTrue(e.getMessage().contains("long.wav") && e.getMessage().contains("above the limit of 4.0 s"),
                e.getMessage());
    }

    /** Digital silence has the documented level instead of minus infinity; the source read whole works too. */
    @Test
    void silenceHasAFiniteLevelAndInMemorySourcesWork() throws Exception {
        byte[] silence = TestWavs.pcm16(new float[4 * 16000], 1, 16000);
        List<ClipOutcome> outcomes = FEATURES.segments(AudioSource.of("silence.wav", silence), SegmentGrid.DEFAULT,
                0, 10, true);
        assertEquals(2, outcomes.size());
        for (ClipOutcome o : outcomes) {
            assertEquals(SegmentInfo.SILENCE_DBFS, o.rmsDbfs(), o.toString());
        }
    }

    /** With a model, every segment is classified and keeps its segment facts. */
    @Test
    void scoringClassifiesEverySegment() throws Exception {
        ClipPipeline scoring = ClipPipeline.scoring(
                org.emolake.model.ModelBundle.fromBytes(ScoringEngine.readArtifacts(
                        Fixtures.keras7PickleBundle(dir.resolve("bundle")))), ScoringLimits.defaults());
        Path recording = wav("call.wav", 7, 16000, 1, 7);
        List<ClipOutcome> outcomes = scoring.segments(AudioSource.file(recording), SegmentGrid.DEFAULT, 0, 100, false);
        assertEquals(4, outcomes.size()); // 4.5 + 3 >= 7
        for (int k = 0; k < 4; k++) {
            ClipOutcome o = outcomes.get(k);
            assertTrue(o.ok(), o.toString());
            assertNotNull(o.label());
            assertEquals(k, o.segmentIndex());
            assertNull(o.features());
        }
    }
}
