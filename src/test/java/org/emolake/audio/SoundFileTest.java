package org.emolake.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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

    /** 24-bit containers of the 16-bit samples: libsndfile scales by 2^23, so the floats equal the WAV's. */
    @ParameterizedTest
    @ValueSource(strings = {"short_24bit.flac", "short_24bit.aiff"})
    void twentyFourBitFilesHoldTheSamplesOfTheWav(String file) throws Exception {
        DecodedWav wav = WavDecoder.decode(ByteBuffer.wrap(TestResources.bytes(FORMATS + "short.wav")), "short.wav", 3600);
        try (SoundFile sound = SoundFile.open(ByteBuffer.wrap(TestResources.bytes(FORMATS + file)), file)) {
            assertEquals(SampleEncoding.PCM_24, sound.encoding());
            assertArrayEquals(wav.samples(), sound.read(0, (int) sound.frames()), file);
        }
    }

    /**
     * Lossy encodings (ffmpeg 5.1 with libopus, libvorbis, LAME) decode to the sound that was encoded: the decoded
     * signal, loaded at 22050 Hz mono, correlates with the original's (aligned by the best lag, for codec delay).
     */
    @ParameterizedTest
    @ValueSource(strings = {"short.opus:OPUS", "short_vorbis.ogg:VORBIS", "short_64k.mp3:MPEG_LAYER_III",
            "short_16k_mono_32k.mp3:MPEG_LAYER_III"})
    void lossyFilesDecodeToTheEncodedSound(String spec) throws Exception {
        String file = spec.split(":")[0];
        AudioLoader loader = new AudioLoader();
        float[] original = loader.load(TestResources.bytes(FORMATS + "short.wav"), "short.wav").samples();
        LoadedAudio decoded = loader.load(TestResources.bytes(FORMATS + file), file);
        assertEquals(spec.split(":")[1], decoded.sourceEncoding().name());
        assertEquals(0.5, decoded.durationSeconds(), 0.08, file);
        double best = 0;
        for (int lag = -2000; lag <= 2000; lag++) {
            best = Math.max(best, correlation(original, decoded.samples(), lag));
        }
        assertTrue(best > 0.9, file + ": best correlation with the original " + best);
    }

    /**
     * A WAV encoding the WAV decoder leaves to libsndfile is read by libsndfile (as soundfile would: the fixture's
     * manifest records libsndfile's frame count); one neither reads keeps the WAV decoder's error, naming the encoding.
     */
    @Test
    void compressedWavEncodingsGoToLibsndfile() throws Exception {
        com.fasterxml.jackson.databind.JsonNode reference = TestResources.json("audio/manifest.json").get("ima_adpcm")
                .get("libsndfile");
        LoadedAudio ima = new AudioLoader().load(TestResources.bytes("audio/ima_adpcm.wav"), "ima_adpcm.wav");
        assertEquals(SampleEncoding.IMA_ADPCM, ima.sourceEncoding());
        assertEquals(reference.get("frames_read").asLong(), ima.sourceFrames());
        assertEquals(reference.get("samplerate").asInt(), ima.sourceSampleRate());
        AudioException mp3 = assertThrows(AudioException.class, () -> new AudioLoader().load(
                TestResources.bytes("audio/mp3_in_wav.wav"), "mp3_in_wav.wav"));
        assertEquals(ErrorCode.UNSUPPORTED_ENCODING, mp3.code());
        assertTrue(mp3.getMessage().contains("MPEG Layer 3"), mp3.getMessage());
    }

    /**
     * A FLAC header announcing 50 minutes over 0.5 s of frames: decoded in bounded chunks to what is there, not
     * allocated from the header's claim.
     */
    @Test
    void aLyingFlacLengthIsNotTrusted() throws Exception {
        byte[] flac = TestResources.bytes(FORMATS + "short.flac");
        long claimed = 44100L * 3000;
        // STREAMINFO bytes 18..25: 20 bits rate, 3 bits channels - 1, 5 bits bits - 1, 36 bits total samples
        ByteBuffer header = ByteBuffer.wrap(flac);
        long packed = header.getLong(18);
        header.putLong(18, (packed & ~((1L << 36) - 1)) | claimed);
        try (SoundFile sound = SoundFile.open(ByteBuffer.wrap(flac), "lying.flac")) {
            assertEquals(claimed, sound.frames(), "libsndfile reports the header's claim");
        }
        long before = ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
        LoadedAudio audio = new AudioLoader().load(flac, "lying.flac");
        long allocated = ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes() - before;
        assertEquals(22050, audio.sourceFrames());
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes");
    }

    /** libsndfile 1.2.0 cannot open ffmpeg's FLAC-in-Ogg (nor can soundfile: librosa falls back to audioread). */
    @Test
    void flacInOggThatLibsndfileRefusesFallsBackToFfmpeg() throws Exception {
        byte[] bytes = TestResources.bytes(FORMATS + "short_flac_in_ogg.oga");
        AudioException sndfile = assertThrows(AudioException.class,
                () -> SndfileDecoder.decode(ByteBuffer.wrap(bytes), "short_flac_in_ogg.oga", AudioFormat.OGG, 3600));
        assertEquals(ErrorCode.CORRUPT_STREAM, sndfile.code(), sndfile.getMessage());
        LoadedAudio audio = new AudioLoader().load(bytes, "short_flac_in_ogg.oga");
        assertEquals(SampleEncoding.AUDIOREAD, audio.sourceEncoding(), "librosa's audioread fallback");
        assertTrue(audio.samples().length > 0);
    }

    private static double correlation(float[] a, float[] b, int lag) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
            ab += a[i] * (double) b[i + lag];
            aa += a[i] * (double) a[i];
            bb += b[i + lag] * (double) b[i + lag];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
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
    void unknownContentIsATypedErrorAndMp4GoesToFfmpeg() {
        AudioLoader loader = new AudioLoader();
        byte[] text = "just some text, not audio at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AudioException unknown = assertThrows(AudioException.class, () -> loader.load(text, "notes.mp3"));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, unknown.code());
        assertTrue(unknown.getMessage().contains("notes.mp3"), unknown.getMessage());
        AudioException wavNamed = assertThrows(AudioException.class, () -> loader.load(text, "notes.wav"));
        assertEquals(ErrorCode.NOT_RIFF_WAVE, wavNamed.code(), "a .wav keeps the WAV decoder's diagnosis");
        assertTrue(unknown.getMessage().contains("FFmpeg cannot read it"), unknown.getMessage());
        LoadedAudio m4a = assertDoesNotThrow(() -> loader.load(
                TestResources.bytes("golden-formats/audio/speech_enus_16000_mono_aac.m4a"), "a.mp3"));
        assertEquals(SampleEncoding.AUDIOREAD, m4a.sourceEncoding(), "MP4 content goes to FFmpeg whatever its name");
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
