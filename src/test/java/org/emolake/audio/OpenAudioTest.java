package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AudioLoader#open} reads a range as the whole-clip path would give it: the native frames of the range, cut
 * from the whole decode, mixed to mono and resampled alone ({@code librosa.load(offset=, duration=)}), for WAV (own
 * reader), FLAC, MP3 and Ogg Vorbis (libsndfile's seek) and MP4/AAC (FFmpeg's forward decode).
 */
class OpenAudioTest {
    private static final AudioLoader LOADER = new AudioLoader();

    @TempDir
    Path dir;

    static Stream<String> recordings() {
        return Stream.of("golden-segments/audio/call_en_44100_stereo.wav", "golden-segments/audio/call_en_8000_mono.flac",
                "golden-segments/compressed/call_en_48000_stereo.mp3",
                "golden-segments/compressed/call_en_16000_mono.ogg",
                "golden-segments/compressed/call_en_22050_mono.m4a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void everyWindowEqualsTheSameRangeOfTheWholeDecode(String resource) throws Exception {
        byte[] bytes = TestResources.bytes(resource);
        DecodedWav whole = wholeDecode(bytes, resource);
        try (SeekableByteChannel channel = Files.newByteChannel(write(bytes, resource));
             OpenAudio audio = LOADER.open(channel, resource)) {
            AudioHeader header = audio.header();
            assertEquals(whole.sampleRate(), header.sampleRate(), "rate");
            assertEquals(whole.channels(), header.channels(), "channels");
            if (header.encoding() == SampleEncoding.AUDIOREAD) {
                // FFmpeg's header gives a duration, not a frame count: near, not exact.
                assertEquals(whole.frames(), header.frames(), whole.sampleRate() / 10.0, "frames");
            } else {
                assertEquals(whole.frames(), header.frames(), "frames");
            }
            int rate = header.sampleRate();
            long count = (long) (3.0 * rate);
            int windows = 0;
            for (int k = 0; ; k++) {
                long start = (long) (k * 1.5 * rate);
                LoadedAudio range = audio.load(start, count);
                long end = Math.min(whole.frames(), start + count);
                float[] native_ = Arrays.copyOfRange(whole.samples(), (int) (start * whole.channels()),
                        (int) (end * whole.channels()));
                LoadedAudio expected = AudioLoader.finish(new DecodedWav(native_, whole.channels(), rate,
                        (int) (end - start), whole.encoding()), resource);
                assertEquals(end - start, range.sourceFrames(), resource + " window " + k + " frames");
                int at = TestResources.firstBitDifference(expected.samples(), range.samples());
                assertEquals(-1, at, resource + " window " + k + " differs at sample " + at);
                windows++;
                if (k * 1.5 + 3.0 >= header.durationSeconds()) {
                    break;
                }
            }
            assertTrue(windows >= 4, resource + ": " + windows + " windows");
        }
    }

    /** FFmpeg's forward decode goes on for later ranges and starts again for an earlier one: same samples. */
    @Test
    void ffmpegRangesInAnyOrderAreTheSame() throws Exception {
        String resource = "golden-segments/compressed/call_en_22050_mono.m4a";
        byte[] bytes = TestResources.bytes(resource);
        long[][] ranges = {{66150, 66150}, {99225, 66150}, {0, 66150}, {99225, 66150}, {200000, 66150}};
        try (SeekableByteChannel channel = Files.newByteChannel(write(bytes, resource));
             OpenAudio forward = LOADER.open(channel, resource)) {
            float[][] first = new float[ranges.length][];
            for (int i = 0; i < ranges.length; i++) {
                first[i] = forward.load(ranges[i][0], ranges[i][1]).samples();
            }
            assertEquals(-1, TestResources.firstBitDifference(first[1], first[3]), "a range read again");
            for (int i = 0; i < ranges.length; i++) {
                try (OpenAudio fresh = LOADER.open(channel, resource)) {
                    float[] alone = fresh.load(ranges[i][0], ranges[i][1]).samples();
                    assertEquals(-1, TestResources.firstBitDifference(alone, first[i]), "range " + i);
                }
            }
            assertTrue(first[4].length < 66150, "the last range ends with the stream");
        }
    }

    private static DecodedWav wholeDecode(byte[] bytes, String name) throws AudioException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return switch (AudioFormat.detect(buffer)) {
            case WAV -> WavDecoder.decode(buffer, name, 3600);
            case MP4 -> FfmpegDecoder.decode(buffer, name, 3600);
            default -> SndfileDecoder.decode(buffer, name, AudioFormat.detect(buffer), 3600);
        };
    }

    private Path write(byte[] bytes, String resource) throws IOException {
        return Files.write(dir.resolve(Path.of(resource).getFileName()), bytes);
    }

    @Test
    void tooLongIsRefusedFromTheHeader() throws Exception {
        Path wav = Files.write(dir.resolve("ten_s.wav"), TestWavs.pcm16(new float[10 * 8000], 1, 8000));
        try (SeekableByteChannel channel = Files.newByteChannel(wav)) {
            AudioException e = assertThrows(AudioException.class, () -> new AudioLoader(9.5).open(channel, "ten_s.wav"));
            assertEquals(ErrorCode.TOO_LONG, e.code());
            assertTrue(e.getMessage().contains("above the limit of 9.5 s"), e.getMessage());
        }
    }

    @Test
    void aRangePastTheEndGivesNoSamples() throws Exception {
        Path wav = Files.write(dir.resolve("one_s.wav"), TestWavs.pcm16(new float[8000], 1, 8000));
        try (SeekableByteChannel channel = Files.newByteChannel(wav); OpenAudio audio = LOADER.open(channel, "x")) {
            assertEquals(0, audio.load(8000, 100).samples().length);
            assertEquals(2757, audio.load(7000, 5000).samples().length); // ceil(1000 * 22050 / 8000)
        }
    }

    @Test
    void emptyAndNonAudioFilesAreTypedErrors() throws Exception {
        Path empty = Files.write(dir.resolve("empty.flac"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio at all");
        try (SeekableByteChannel a = Files.newByteChannel(empty); SeekableByteChannel b = Files.newByteChannel(text)) {
            assertEquals(ErrorCode.EMPTY_FILE, assertThrows(AudioException.class, () -> LOADER.open(a, "e")).code());
            assertEquals(ErrorCode.NOT_RIFF_WAVE,
                    assertThrows(AudioException.class, () -> LOADER.open(b, "notes.wav")).code());
        }
    }
}
