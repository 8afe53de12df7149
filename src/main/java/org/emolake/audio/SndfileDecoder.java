package org.emolake.audio;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A whole clip decoded by libsndfile as {@code soundfile.read(dtype='float32')} decodes it: up to the frame count
 * libsndfile announces after opening, cut to what {@code sf_readf_float} returns.
 */
final class SndfileDecoder {
    /** Samples (frames × channels) read per call at most: 2 MB of floats. */
    private static final int CHUNK_SAMPLES = 1 << 19;

    private SndfileDecoder() {
    }

    /** More channels than libsndfile's SF_MAX_CHANNELS is {@link ErrorCode#INVALID_FORMAT}. */
    static void checkChannels(int channels, String name) throws AudioException {
        if (channels > WavDecoder.MAX_CHANNELS) {
            throw new AudioException(ErrorCode.INVALID_FORMAT, name, channels + " channels (at most "
                    + WavDecoder.MAX_CHANNELS + ")");
        }
    }

    static DecodedWav decode(ByteBuffer bytes, String name, AudioFormat format, double maxDurationSeconds)
            throws AudioException {
        try (SoundFile file = SoundFile.open(bytes, name)) {
            int channels = file.channels();
            int rate = file.sampleRate();
            checkChannels(channels, name);
            long maxFrames = (long) Math.floor(maxDurationSeconds * rate);
            long maxArrayFrames = (ClipFiles.MAX_ARRAY_BYTES / Float.BYTES) / channels;
            long announced = file.frames();
            boolean known = announced >= 0 && announced < Long.MAX_VALUE / 2;
            if (known && announced > maxFrames) {
                throw tooLong(name, announced, rate, maxDurationSeconds);
            }
            // Read in bounded chunks rather than allocating what the header announces: a compressed stream's header
            // (FLAC's total_samples, an MP3's Xing frame count) can claim hours in a few bytes. Like soundfile, never
            // more than the announced frames.
            long limit = known ? announced : Math.min(maxFrames, maxArrayFrames);
            float[] samples = readChunks(file, name, limit, Math.min(maxFrames, maxArrayFrames), rate,
                    maxDurationSeconds);
            int frames = samples.length / channels;
            if (frames == 0) {
                throw new AudioException(ErrorCode.CORRUPT_STREAM, name, format.displayName()
                        + " stream decodes to no audio frames");
            }
            return new DecodedWav(samples, channels, rate, frames, file.encoding());
        }
    }

    /** Up to {@code limit} frames; more than {@code allowed} decoded frames is {@link ErrorCode#TOO_LONG}. */
    private static float[] readChunks(SoundFile file, String name, long limit, long allowed, int rate,
                                      double maxDurationSeconds) throws AudioException {
        int channels = file.channels();
        int chunkFrames = Math.max(1, CHUNK_SAMPLES / channels);
        List<float[]> chunks = new ArrayList<>();
        long frames = 0;
        while (frames < limit) {
            int request = (int) Math.min(chunkFrames, limit - frames);
            float[] chunk = file.readFromHere(request);
            int read = chunk.length / channels;
            if (frames + read > allowed) {
                throw tooLong(name, frames + read, rate, maxDurationSeconds);
            }
            chunks.add(chunk);
            frames += read;
            if (read < request) {
                break;
            }
            ClipDeadline.check();
        }
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        float[] all = new float[Math.toIntExact(frames * channels)];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }

    private static AudioException tooLong(String name, long frames, int rate, double maxDurationSeconds) {
        return new AudioException(ErrorCode.TOO_LONG, name, String.format(Locale.ROOT,
                "lasts at least %.1f s (%d frames at %d Hz), over the %.1f s limit", (double) frames / rate, frames,
                rate, maxDurationSeconds));
    }
}
