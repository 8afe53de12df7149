package org.emolake.audio;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A whole clip decoded by libsndfile as {@code soundfile.read(dtype='float32')} decodes it: the frame count libsndfile
 * announces after opening, read in one {@code sf_readf_float} call and cut to what it returned.
 */
final class SndfileDecoder {
    /** Frames read per call when libsndfile cannot tell the length in advance. */
    private static final int CHUNK_FRAMES = 1 << 18;

    private SndfileDecoder() {
    }

    static DecodedWav decode(ByteBuffer bytes, String name, AudioFormat format, double maxDurationSeconds)
            throws AudioException {
        try (SoundFile file = SoundFile.open(bytes, name)) {
            int channels = file.channels();
            int rate = file.sampleRate();
            if (channels > WavDecoder.MAX_CHANNELS) {
                throw new AudioException(ErrorCode.INVALID_FORMAT, name, channels + " channels (at most "
                        + WavDecoder.MAX_CHANNELS + ")");
            }
            long maxFrames = (long) Math.floor(maxDurationSeconds * rate);
            long maxArrayFrames = (ClipFiles.MAX_ARRAY_BYTES / Float.BYTES) / channels;
            long announced = file.frames();
            boolean known = announced >= 0 && announced < Long.MAX_VALUE / 2;
            if (known && announced > maxFrames) {
                throw tooLong(name, announced, rate, maxDurationSeconds);
            }
            float[] samples;
            if (known && announced <= maxArrayFrames) {
                samples = file.readFromHere((int) announced);
            } else {
                samples = readChunks(file, name, Math.min(maxFrames, maxArrayFrames), rate, maxDurationSeconds);
            }
            int frames = samples.length / channels;
            if (frames == 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, format.displayName()
                        + " stream decodes to no audio frames");
            }
            return new DecodedWav(samples, channels, rate, frames, file.encoding());
        }
    }

    private static float[] readChunks(SoundFile file, String name, long limit, int rate, double maxDurationSeconds)
            throws AudioException {
        int channels = file.channels();
        List<float[]> chunks = new ArrayList<>();
        long frames = 0;
        while (true) {
            float[] chunk = file.readFromHere(CHUNK_FRAMES);
            int read = chunk.length / channels;
            if (frames + read > limit) {
                throw tooLong(name, frames + read, rate, maxDurationSeconds);
            }
            chunks.add(chunk);
            frames += read;
            if (read < CHUNK_FRAMES) {
                float[] all = new float[Math.toIntExact(frames * channels)];
                int at = 0;
                for (float[] c : chunks) {
                    System.arraycopy(c, 0, all, at, c.length);
                    at += c.length;
                }
                return all;
            }
            ClipDeadline.check();
        }
    }

    private static AudioException tooLong(String name, long frames, int rate, double maxDurationSeconds) {
        return new AudioException(ErrorCode.TOO_LONG, name, String.format(Locale.ROOT,
                "lasts at least %.1f s (%d frames at %d Hz), over the %.1f s limit", (double) frames / rate, frames,
                rate, maxDurationSeconds));
    }
}
