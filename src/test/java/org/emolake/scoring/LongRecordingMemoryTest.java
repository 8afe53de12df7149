package org.emolake.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.emolake.testing.TestWavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per scoring thread is bounded by the window, not the recording: a 2-hour 48 kHz stereo 16-bit WAV (1.4 GB,
 * written to a temporary file, never committed) has its 4,799 segments counted from the header and ranges of them
 * spread over the whole recording, the last one included, scored in a child JVM with a 256 MB heap (a whole-clip
 * decode of it would need about 35 GB). Measurements go to docs/RELIABILITY.md and docs/PERFORMANCE.md.
 */
@Timeout(240)
class LongRecordingMemoryTest {
    private static final int RATE = 48000;
    private static final int CHANNELS = 2;
    private static final int HOURS = 2;

    @TempDir
    Path dir;

    @Test
    void twoHoursAreScoredInASmallHeap() throws Exception {
        int[][] ranges = {{0, 4}, {1000, 1004}, {2400, 2404}, {3600, 3604}, {4795, 4799}};
        Path recording = writeRecording(dir.resolve("two_hours_48k_stereo.wav"), ranges);
        Path shortClip = Files.write(dir.resolve("three_seconds.wav"),
                TestWavs.pcm16(stereo(TestWavs.speechLike(3, RATE, 2)), CHANNELS, RATE));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LongRecordingChild.class.getName(), shortClip.toString(), recording.toString()));
        for (int[] range : ranges) {
            command.add(range[0] + ":" + range[1]);
        }
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), "child still running");
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertEquals(0, child.exitValue(), output);
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        assertEquals("true", values.get("short_ok"), output);
        assertEquals(String.valueOf((long) HOURS * 3600 * RATE), values.get("frames"), output);
        assertEquals("4799", values.get("count"), output);
        assertEquals("20", values.get("segments"), output);
        assertEquals("20", values.get("segments_ok"), output);
        assertTrue(Double.parseDouble(values.get("segment_peak_heap_mb")) < 256, output);
    }

    private static float[] stereo(float[] mono) {
        float[] interleaved = new float[mono.length * CHANNELS];
        for (int i = 0; i < mono.length; i++) {
            interleaved[2 * i] = mono[i];
            interleaved[2 * i + 1] = 0.6f * mono[i];
        }
        return interleaved;
    }

    /**
     * A canonical PCM WAV of two hours: speech-like signal over every segment range the child scores, and a hole
     * (read as digital silence; sparse where the file system allows) elsewhere, so that writing it takes seconds.
     */
    private static Path writeRecording(Path path, int[][] ranges) throws IOException {
        byte[] block = TestWavs.pcm16(stereo(TestWavs.speechLike(10, RATE, 1)), CHANNELS, RATE);
        int frameBytes = CHANNELS * 2;
        long dataBytes = (long) HOURS * 3600 * RATE * frameBytes;
        ByteBuffer header = ByteBuffer.wrap(Arrays.copyOf(block, 44)).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(4, (int) (36 + dataBytes)).putInt(40, (int) dataBytes);
        assertEquals("data", new String(block, 36, 4, StandardCharsets.US_ASCII));
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(header);
            for (int[] range : ranges) {
                long from = (long) (range[0] * 1.5 * RATE) * frameBytes;
                long to = Math.min(dataBytes, (long) ((range[1] - 1) * 1.5 * RATE + 3 * RATE) * frameBytes);
                for (long at = from; at < to; at += block.length - 44) {
                    int n = (int) Math.min(block.length - 44, to - at);
                    out.write(ByteBuffer.wrap(block, 44, n), 44 + at);
                }
            }
            out.write(ByteBuffer.wrap(block, 44, frameBytes), 44 + dataBytes - frameBytes);
        }
        assertEquals(44 + dataBytes, Files.size(path));
        return path;
    }
}
