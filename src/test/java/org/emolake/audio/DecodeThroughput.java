package org.emolake.audio;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Decoding throughput per format on one thread, in seconds of audio per second of CPU time: the decoder alone (bytes to float
 * frames at the file's rate) and the whole {@link AudioLoader#load} (plus mono mix and resampling to 22050 Hz).
 * A measurement, not a test: {@code java -cp "target/classes:target/test-classes:target/lib/*"
 * org.emolake.audio.DecodeThroughput}; results in docs/PERFORMANCE.md.
 */
public final class DecodeThroughput {
    private static final List<String> FILES = List.of(
            "golden/audio/speech_engbrp_44100_stereo_s16.wav", "audio/formats/short.wav", "audio/formats/short.aiff",
            "audio/formats/short.flac", "golden-formats/audio/speech_en_22050_mono.flac",
            "golden-formats/audio/speech_engbrp_44100_stereo.ogg", "golden-formats/audio/speech_de_48000_mono_128k.mp3");

    private DecodeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        AudioLoader loader = new AudioLoader();
        System.out.printf(Locale.ROOT, "%-52s %10s %14s %14s%n", "file", "audio s", "decode x rt", "load x rt");
        for (String file : FILES) {
            byte[] bytes = TestResources.bytes(file);
            double audioSeconds = loader.load(bytes, file).durationSeconds();
            double decode = rate(seconds, audioSeconds, () -> decodeOnly(bytes, file));
            double load = rate(seconds, audioSeconds, () -> loader.load(bytes, file));
            System.out.printf(Locale.ROOT, "%-52s %10.2f %14.0f %14.0f%n", file, audioSeconds, decode, load);
        }
    }

    private static void decodeOnly(byte[] bytes, String name) throws AudioException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        AudioFormat format = AudioFormat.detect(buffer);
        if (format == AudioFormat.WAV) {
            WavDecoder.decode(buffer, name, 3600);
        } else {
            SndfileDecoder.decode(buffer, name, format, 3600);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /**
     * Audio seconds processed per second of this thread's CPU time (native decoding included), after a warm-up of
     * the same length: CPU time rather than wall-clock time, so that other processes on the machine do not count.
     */
    private static double rate(double seconds, double audioSeconds, Work work) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long end = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9); threads.getCurrentThreadCpuTime() < end; ) {
            work.run();
        }
        int runs = 0;
        long start = threads.getCurrentThreadCpuTime();
        long end = start + (long) (seconds * 1e9);
        while (threads.getCurrentThreadCpuTime() < end) {
            work.run();
            runs++;
        }
        return runs * audioSeconds / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
    }
}
