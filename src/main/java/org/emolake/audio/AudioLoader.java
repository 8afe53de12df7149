package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code librosa.load(path, sr=22050, mono=True)} (librosa 0.10.2) for WAV files: decode as
 * libsndfile does ({@link WavDecoder}), average the channels as {@code librosa.to_mono} does, then,
 * unless the file is already at 22050 Hz, {@link Resampler resample} with {@code res_type='soxr_hq'}.
 *
 * <p>Every problem with a clip is an {@link AudioException} carrying an {@link ErrorCode}; the only
 * other exception is {@link SoxrUnavailableException} when libsoxr itself is missing (call
 * {@link Resampler#checkAvailable()} at start-up). Instances are immutable and thread-safe.
 */
public final class AudioLoader {
    /** librosa.load's {@code sr} as used by the feature set. */
    public static final int TARGET_SAMPLE_RATE = 22050;
    /** Clips longer than this are rejected unless configured otherwise: one hour. */
    public static final double DEFAULT_MAX_DURATION_SECONDS = 3600;

    private final double maxDurationSeconds;
    private final long maxFileBytes;

    /** Whether a file name is one this loader reads: {@code .wav} or {@code .wave}, in any case. */
    public static boolean isAudioFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".wav") || lower.endsWith(".wave");
    }

    /** A loader that rejects clips over one hour. */
    public AudioLoader() {
        this(DEFAULT_MAX_DURATION_SECONDS);
    }

    /** A loader that rejects clips whose header announces more than {@code maxDurationSeconds}. */
    public AudioLoader(double maxDurationSeconds) {
        this(maxDurationSeconds, ClipFiles.MAX_ARRAY_BYTES);
    }

    /**
     * A loader that rejects clips whose header announces more than {@code maxDurationSeconds}, and files larger than
     * {@code maxFileBytes} before reading them ({@link #load(Path)} only).
     */
    public AudioLoader(double maxDurationSeconds, long maxFileBytes) {
        if (!(maxDurationSeconds > 0)) {
            throw new IllegalArgumentException("Cannot create AudioLoader: maxDurationSeconds must be positive ("
                    + maxDurationSeconds + ")");
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("Cannot create AudioLoader: maxFileBytes must be positive ("
                    + maxFileBytes + ")");
        }
        this.maxDurationSeconds = maxDurationSeconds;
        this.maxFileBytes = Math.min(maxFileBytes, ClipFiles.MAX_ARRAY_BYTES);
    }

    /** Loads a WAV file held in memory; {@code name} only labels errors. */
    public LoadedAudio load(byte[] wav, String name) throws AudioException {
        return load(ByteBuffer.wrap(wav), name);
    }

    /**
     * Loads the WAV bytes between the buffer's position and limit (the buffer is not modified);
     * {@code name} only labels errors.
     */
    public LoadedAudio load(ByteBuffer wav, String name) throws AudioException {
        DecodedWav decoded = WavDecoder.decode(wav, name, maxDurationSeconds);
        ClipDeadline.check();
        float[] mono = ToMono.mean(decoded.samples(), decoded.channels());
        ClipDeadline.check();
        float[] samples;
        try {
            samples = Resampler.resample(mono, decoded.sampleRate(), TARGET_SAMPLE_RATE, false);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AudioException(ErrorCode.INVALID_FORMAT, name,
                    "cannot resample " + decoded.sampleRate() + " Hz to " + TARGET_SAMPLE_RATE + " Hz: " + e.getMessage(), e);
        }
        ClipDeadline.check();
        // Finite samples near ±3.4e38 (float or double WAV) can overflow float32 in the channel mean or in the
        // resampler's filter, as they do in numpy and soxr: refuse the clip rather than hand NaN to the features.
        checkFinite(samples, name, decoded.channels() > 1 || decoded.sampleRate() != TARGET_SAMPLE_RATE);
        return new LoadedAudio(samples, TARGET_SAMPLE_RATE, decoded.sampleRate(), decoded.channels(),
                decoded.frames(), decoded.encoding());
    }

    private static void checkFinite(float[] samples, String name, boolean processed) throws AudioException {
        if (!processed) {
            return;
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new AudioException(ErrorCode.NON_FINITE_SAMPLES, name, "sample " + i + " at 22050 Hz is "
                        + samples[i] + " after mixing to mono and resampling: the file's samples are finite but so"
                        + " close to the float32 limit (3.4e38) that the arithmetic overflows");
            }
        }
    }

    /**
     * Reads and loads a WAV file. Path problems (missing, a folder, a link loop, unreadable, changing while read, over
     * the byte limit) are classified by {@link ClipFiles}.
     */
    public LoadedAudio load(Path path) throws AudioException {
        return load(ClipFiles.read(path, maxFileBytes), path.toString());
    }

    /** The duration limit in seconds. */
    public double maxDurationSeconds() {
        return maxDurationSeconds;
    }

    /** The file size limit in bytes for {@link #load(Path)}. */
    public long maxFileBytes() {
        return maxFileBytes;
    }
}
