package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libsndfile through {@link SoundFile} and {@link AudioLoader}: containers, random access, detection by content. */
class SoundFileTest {
    private static final String FORMATS = "audio/formats/";

    /** The same PCM in other containers decodes, through libsndfile, bit for bit as the WAV decoder reads the WAV. */
    @ParameterizedTest
    @ValueSource(strings = {"short.aiff", "short.au", "short.w64", "short.caf", "short.flac", "short_rifx.wav"})
    void everyContainerHoldsTheSamplesOfTheWav(String file) throws Exception {
        DecodedWav wav = WavDecoder.decode(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.wav")), "short.wav", 3600);
        try (SoundFile sound = SoundFile.open(ByteBuffer.wrap(TestResources.bytes(FORMATS + file)), file)) {
            assertEquals(2, sound.channels());
            assertEquals(44100, sound.sampleRate());
            assertEquals(wav.frames(), sound.frames());
            assertEquals(SampleEncoding.PCM_16, sound.encoding());
            assertArrayEquals(wav.samples(), sound.read(0, (int) sound.frames()), file);
        }
        LoadedAudio viaWav = new AudioLoader().load(TestResources.bytes(FORMATS + "short.wav"), "short.wav");
        LoadedAudio viaLibsndfile = new AudioLoader().load(TestResources.bytes(FORMATS + file), file);
        assertArrayEquals(viaWav.samples(), viaLibsndfile.samples(), file);
    }

    /** Random access: a range read after a seek equals the same range of a whole read, from bytes and from a file. */
    @Test
    void readsAnyRangeByFrameFromBytesAndFromAChannel(@TempDir Path dir) throws Exception {
        String clip = "golden-formats/audio/speech_engbrp_44100_stereo.ogg";
        byte[] bytes = TestResources.bytes(clip);
        Path file = Files.write(dir.resolve("clip.ogg"), bytes);
        float[] whole;
        try (SoundFile sound = SoundFile.open(ByteBuffer.wrap(bytes), clip)) {
            whole = sound.read(0, (int) sound.frames());
            assertEquals(127632, whole.length / 2);
            float[] middle = sound.read(50_000, 4410);
            assertArrayEquals(Arrays.copyOfRange(whole, 100_000, 100_000 + 8820), middle);
            float[] tail = sound.read(127_000, 10_000);
            assertEquals(632 * 2, tail.length, "a read past the end returns what is there");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             SoundFile sound = SoundFile.open(channel, file.toString())) {
            assertEquals(SampleEncoding.VORBIS, sound.encoding());
            assertArrayEquals(Arrays.copyOfRange(whole, 20_000, 20_000 + 2 * 3000), sound.read(10_000, 3000));
            assertArrayEquals(Arrays.copyOfRange(whole, 0, 2 * 1000), sound.read(0, 1000), "seeking back");
        }
    }

    @Test
    void theFormatComesFromTheContentNotTheName() throws Exception {
        byte[] flac = TestResources.bytes(FORMATS + "short.flac");
        LoadedAudio named = new AudioLoader().load(flac, "short.flac");
        LoadedAudio misnamed = new AudioLoader().load(flac, "short.mp3");
        assertArrayEquals(named.samples(), misnamed.samples());
        assertEquals(AudioFormat.FLAC, AudioFormat.detect(ByteBuffer.wrap(flac)));
        assertEquals(AudioFormat.OGG, AudioFormat.detect(ByteBuffer.wrap(
                TestResources.bytes("golden-formats/audio/speech_engbrp_44100_stereo.ogg"))));
        assertEquals(AudioFormat.MPEG, AudioFormat.detect(ByteBuffer.wrap(
                TestResources.bytes("golden-formats/audio/speech_de_48000_mono_128k.mp3"))));
        assertEquals(AudioFormat.MP4, AudioFormat.detect(ByteBuffer.wrap(
                TestResources.bytes("golden-formats/audio/speech_enus_16000_mono_aac.m4a"))));
        assertEquals(AudioFormat.AIFF, AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.aiff"))));
        assertEquals(AudioFormat.AU, AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.au"))));
        assertEquals(AudioFormat.CAF, AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.caf"))));
        assertEquals(AudioFormat.WAV_OTHER, AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.w64"))));
        assertEquals(AudioFormat.WAV_OTHER,
                AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short_rifx.wav"))));
        assertEquals(AudioFormat.WAV, AudioFormat.detect(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.wav"))));
    }

    @Test
    void unknownContentAndMp4AreTypedErrors() {
        AudioLoader loader = new AudioLoader();
        byte[] text = "just some text, not audio at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AudioException unknown = assertThrows(AudioException.class, () -> loader.load(text, "notes.mp3"));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, unknown.code());
        assertTrue(unknown.getMessage().contains("notes.mp3"), unknown.getMessage());
        AudioException wavNamed = assertThrows(AudioException.class, () -> loader.load(text, "notes.wav"));
        assertEquals(ErrorCode.NOT_RIFF_WAVE, wavNamed.code(), "a .wav keeps the WAV decoder's diagnosis");
        AudioException m4a = assertThrows(AudioException.class, () -> loader.load(
                TestResources.bytes("golden-formats/audio/speech_enus_16000_mono_aac.m4a"), "a.m4a"));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, m4a.code());
        assertTrue(m4a.getMessage().contains("FFmpeg"), m4a.getMessage());
    }

    /** Damaged streams are typed errors or decode what is there (as librosa does), never a crash. */
    @ParameterizedTest
    @ValueSource(strings = {"golden-formats/audio/speech_en_22050_mono.flac",
            "golden-formats/audio/speech_engbrp_44100_stereo.ogg", "golden-formats/audio/speech_de_48000_mono_128k.mp3"})
    void truncatedAndCorruptStreamsAreTypedErrorsOrPartialClips(String clip) throws Exception {
        byte[] bytes = TestResources.bytes(clip);
        AudioLoader loader = new AudioLoader();
        for (int keep : new int[] {4, 40, 200, bytes.length / 2}) {
            byte[] truncated = Arrays.copyOf(bytes, keep);
            try {
                LoadedAudio audio = loader.load(truncated, clip);
                assertTrue(audio.samples().length > 0);
            } catch (AudioException e) {
                assertTrue(e.code() == ErrorCode.CORRUPT_STREAM || e.code() == ErrorCode.UNSUPPORTED_FORMAT,
                        clip + " cut at " + keep + ": " + e);
            }
        }
        byte[] corrupt = bytes.clone();
        java.util.Random random = new java.util.Random(13);
        for (int i = 100; i < corrupt.length; i += 97) {
            corrupt[i] = (byte) random.nextInt();
        }
        try {
            loader.load(corrupt, clip);
        } catch (AudioException e) {
            assertTrue(e.code() == ErrorCode.CORRUPT_STREAM, clip + " corrupted: " + e);
        }
    }

    @Test
    void folderScansListClipsByExtensionOrContentAndReportTheRest(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.flac"), TestResources.bytes(FORMATS + "short.flac"));
        Files.write(dir.resolve("recording.dat"), TestResources.bytes(FORMATS + "short.aiff"));
        Files.writeString(dir.resolve("notes.txt"), "not audio");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("b.OGG"), new byte[0]);
        AudioFiles.Scan scan = AudioFiles.scan(dir);
        assertEquals(java.util.List.of(dir.resolve("a.flac"), dir.resolve("recording.dat"),
                dir.resolve("sub").resolve("b.OGG")), scan.clips());
        assertEquals(1, scan.skipped().size());
        assertEquals(dir.resolve("notes.txt"), scan.skipped().get(0).path());
        assertTrue(scan.skipped().get(0).reason().contains(".txt"), scan.skipped().get(0).reason());
    }
}
