package org.emolake.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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

    /** A loader that rejects clips over one hour. */
    public AudioLoader() {
        this(DEFAULT_MAX_DURATION_SECONDS);
    }

    /** A loader that rejects clips whose header announces more than {@code maxDurationSeconds}. */
    public AudioLoader(double maxDurationSeconds) {
        if (!(maxDurationSeconds > 0)) {
            throw new IllegalArgumentException("Cannot create AudioLoader: maxDurationSeconds must be positive ("
                    + maxDurationSeconds + ")");
        }
        this.maxDurationSeconds = maxDurationSeconds;
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
        float[] mono = ToMono.mean(decoded.samples(), decoded.channels());
        float[] samples;
        try {
            samples = Resampler.resample(mono, decoded.sampleRate(), TARGET_SAMPLE_RATE, false);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AudioException(ErrorCode.INVALID_FORMAT, name,
                    "cannot resample " + decoded.sampleRate() + " Hz to " + TARGET_SAMPLE_RATE + " Hz: " + e.getMessage(), e);
        }
        return new LoadedAudio(samples, TARGET_SAMPLE_RATE, decoded.sampleRate(), decoded.channels(),
                decoded.frames(), decoded.encoding());
    }

    /** Reads and loads a WAV file. */
    public LoadedAudio load(Path path) throws AudioException {
        String name = path.toString();
        if (!Files.exists(path)) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new AudioException(ErrorCode.NOT_A_FILE, name, "not a regular file");
        }
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new AudioException(ErrorCode.TOO_LONG, name, "file is " + size + " bytes, over 2 GiB");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new AudioException(ErrorCode.FILE_NOT_FOUND, name, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, "permission denied", e);
        } catch (IOException e) {
            throw new AudioException(ErrorCode.UNREADABLE, name, String.valueOf(e.getMessage()), e);
        }
        return load(bytes, name);
    }
}
