package org.emolake.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

class AudioLoaderTest {
    private static final String CLIP = "speech_fr_8000_mono_u8.wav";

    @Test
    void pathAndBytesGiveTheSameSignal(@TempDir Path dir) throws IOException, AudioException {
        byte[] bytes = TestResources.bytes("golden/audio/" + CLIP);
        Path file = Files.write(dir.resolve(CLIP), bytes);
        LoadedAudio fromPath = new AudioLoader().load(file);
        LoadedAudio fromBytes = new AudioLoader().load(bytes, CLIP);
        assertArrayEquals(fromBytes.samples(), fromPath.samples());
        assertEquals(13587 / 8000.0, fromPath.durationSeconds(), 1e-12);
    }

    @Test
    void missingPath(@TempDir Path dir) {
        AudioException e = assertThrows(AudioException.class, () -> new AudioLoader().load(dir.resolve("nope.wav")));
        assertEquals(ErrorCode.FILE_NOT_FOUND, e.code());
        assertEquals("Cannot decode " + dir.resolve("nope.wav") + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsNotAFile(@TempDir Path dir) {
        AudioException e = assertThrows(AudioException.class, () -> new AudioLoader().load(dir));
        assertEquals(ErrorCode.NOT_A_FILE, e.code());
    }

    @Test
    void readFailureIsUnreadable() {
        // A regular file whose read fails with EIO on Linux, even for root.
        Path mem = Path.of("/proc/self/mem");
        AudioException e = assertThrows(AudioException.class, () -> new AudioLoader().load(mem));
        assertEquals(ErrorCode.UNREADABLE, e.code(), e.getMessage());
    }

    @Test
    void sourceAt22050IsNotResampled() throws AudioException {
        byte[] wav = TestResources.bytes("audio/pcm_16_3ch_22050.wav");
        LoadedAudio audio = new AudioLoader().load(wav, "x");
        assertArrayEquals(TestResources.float32("audio/pcm_16_3ch_22050.mono.f32"), audio.samples());
    }

    @Test
    void lyingDataSizeDecodesWhatIsThere() throws AudioException {
        LoadedAudio audio = new AudioLoader().load(TestResources.bytes("audio/data_size_ffffffff.wav"), "x");
        assertEquals(100, audio.sourceFrames());
        assertEquals((int) Math.ceil(100 * 22050 / 16000.0), audio.samples().length);
    }

    @Test
    void hugeChunkSizesEndTheScanWithoutAllocating() {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0xFFFFFFF0).put("WAVE".getBytes());
        b.put("LIST".getBytes()).putInt(0xFFFFFFFF).put(new byte[12]);
        AudioException e = assertThrows(AudioException.class, () -> new AudioLoader().load(b.array(), "huge"));
        assertEquals(ErrorCode.MISSING_FMT, e.code());
    }

    /** Truncations and corrupted headers of real files: only AudioException, never a hang. */
    @Test
    void corruptInputsOnlyEverGiveAudioException() {
        AudioLoader loader = new AudioLoader(10);
        String[] seeds = {"audio/pcm_16_stereo_44100.wav", "audio/extensible_float_3ch_96000.wav",
            "audio/u8_odd_data_padded_then_list.wav", "audio/list_before_fmt.wav"};
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String seed : seeds) {
                byte[] original = TestResources.bytes(seed);
                for (int length = 0; length <= original.length; length += 1 + length / 50) {
                    loadExpectingOnlyAudioException(loader, java.util.Arrays.copyOf(original, length), seed + "[:" + length + "]");
                }
                for (int trial = 0; trial < 2000; trial++) {
                    byte[] mutated = original.clone();
                    int header = Math.min(mutated.length, 80);
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        mutated[random.nextInt(header)] = (byte) random.nextInt(256);
                    }
                    loadExpectingOnlyAudioException(loader, mutated, seed + " mutation " + trial);
                }
            }
        });
    }

    private static void loadExpectingOnlyAudioException(AudioLoader loader, byte[] wav, String label) {
        try {
            loader.load(wav, label);
        } catch (AudioException expected) {
            // a typed rejection is a correct outcome
        } catch (RuntimeException | Error e) {
            fail(label + " escaped as " + e, e);
        }
    }

    @Test
    void durationLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new AudioLoader(0));
    }
}
