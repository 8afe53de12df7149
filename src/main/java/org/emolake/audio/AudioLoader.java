package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code librosa.load(path, sr=22050, mono=True)} (librosa 0.10.2): decode as soundfile (libsndfile) does, average
 * the channels as {@code librosa.to_mono} does, then, unless the file is already at 22050 Hz, {@link Resampler
 * resample} with {@code res_type='soxr_hq'}.
 *
 * <p>Which decoder reads what is decided by the content ({@link AudioFormat#detect}), never by the file name:
 * <ul>
 *   <li>RIFF WAV (PCM 8/16/24/32, float, double, mu-law, A-law): emolake's {@link WavDecoder}, bit-identical to
 *       libsndfile and faster (no native call); other WAV encodings (IMA/MS ADPCM, GSM 6.10, ...) go to libsndfile,
 *       and are {@link ErrorCode#UNSUPPORTED_ENCODING} if it cannot read them either;</li>
 *   <li>RIFX/RF64/Wave64, AIFF/AIFC, AU, CAF, FLAC, Ogg (Vorbis, Opus, FLAC) and MP3: libsndfile 1.2 itself through
 *       {@link SoundFile} ({@code sf_readf_float}, as soundfile reads them);</li>
 *   <li>content that no magic number above names and an {@link AudioDecoderPlugin} on the class path accepts:
 *       that plug-in;</li>
 *   <li>MP4/M4A (AAC) and any other content: {@link FfmpegDecoder}, as librosa's audioread fallback (FFmpeg's
 *       s16 at the native rate, / 32768); content FFmpeg cannot read either is {@link ErrorCode#UNSUPPORTED_FORMAT}
 *       (or, for a file named {@code .wav}, the WAV decoder's own diagnosis, e.g. {@link ErrorCode#NOT_RIFF_WAVE});</li>
 *   <li>a stream libsndfile recognises but cannot open or decode is also tried with FFmpeg before it is an error,
 *       as librosa falls back to audioread on any soundfile error.</li>
 * </ul>
 *
 * <p>Every problem with a clip is an {@link AudioException} carrying an {@link ErrorCode}; the only
 * other exception is {@link NativeLibraryUnavailableException} when libsoxr or libsndfile cannot be loaded on this
 * machine (call {@link #checkAvailable()} at start-up). Instances are immutable and thread-safe.
 */
public final class AudioLoader {
    /** librosa.load's {@code sr} as used by the feature set. */
    public static final int TARGET_SAMPLE_RATE = 22050;
    /**
     * Clips longer than this are rejected unless configured otherwise: four hours (a long recording is read by
     * ranges, {@link #open}, so its length costs time, not memory).
     */
    public static final double DEFAULT_MAX_DURATION_SECONDS = 14400;

    private final double maxDurationSeconds;
    private final long maxFileBytes;

    /** Whether a file name has an extension of a format this loader reads ({@link AudioFiles#EXTENSIONS}), in any case. */
    public static boolean isAudioFileName(String name) {
        return AudioFiles.hasAudioExtension(name);
    }

    /**
     * Loads the native libraries every clip needs (libsoxr, libsndfile and its codecs) and checks that FFmpeg's are on
     * the class path (loaded by the first clip that needs them), so that a machine without them fails once, up front,
     * with a message naming the fix.
     *
     * @throws NativeLibraryUnavailableException if one cannot be loaded
     */
    public static void checkAvailable() {
        Resampler.checkAvailable();
        Sndfile.library();
        FfmpegLibraries.checkPresent();
    }

    /** A loader that rejects clips over {@link #DEFAULT_MAX_DURATION_SECONDS}. */
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

    /** Loads an audio file held in memory; {@code name} only labels errors. */
    public LoadedAudio load(byte[] wav, String name) throws AudioException {
        return load(ByteBuffer.wrap(wav), name);
    }

    /**
     * Loads the audio file bytes between the buffer's position and limit (the buffer is not modified);
     * {@code name} only labels errors.
     */
    public LoadedAudio load(ByteBuffer wav, String name) throws AudioException {
        return finish(decode(wav, name), name);
    }

    /** {@code librosa.load}'s steps after decoding: mix to mono, resample to 22050 Hz. */
    static LoadedAudio finish(DecodedWav decoded, String name) throws AudioException {
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

    /** The whole file in memory, decoded by the decoder {@link DecoderChoice} picks for its content. */
    private DecodedWav decode(ByteBuffer bytes, String name) throws AudioException {
        return DecoderChoice.decode(bytes.remaining(), bytes, name, new DecoderChoice.Decoders<>() {
            @Override
            public DecodedWav wav() throws AudioException {
                return WavDecoder.decode(bytes, name, maxDurationSeconds);
            }

            @Override
            public DecodedWav sndfile(AudioFormat format) throws AudioException {
                return SndfileDecoder.decode(bytes, name, format, maxDurationSeconds);
            }

            @Override
            public DecodedWav ffmpeg() throws AudioException {
                return FfmpegDecoder.decode(bytes, name, maxDurationSeconds);
            }

            @Override
            public DecodedWav plugin(AudioDecoderPlugin plugin) throws AudioException {
                return plugin.decode(bytes.asReadOnlyBuffer(), name, maxDurationSeconds);
            }
        });
    }

    /** The plug-ins on the class path that loaded this class, found once per JVM. */
    static final class Plugins {
        static final List<AudioDecoderPlugin> INSTALLED = ServiceLoader.load(AudioDecoderPlugin.class,
                AudioDecoderPlugin.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
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
     * Opens an audio file for reading ranges of it ({@link OpenAudio#load}), as {@code librosa.load(path, offset=,
     * duration=)} reads them: WAV through the WAV decoder's own seeking, the formats libsndfile reads through
     * {@link SoundFile} ({@code sf_seek} and {@code sf_readf_float}), anything else through FFmpeg as librosa's
     * audioread fallback (a forward decode that keeps only the range). The header is read here and a recording over
     * the duration limit is refused ({@link ErrorCode#TOO_LONG}) before any sample is decoded.
     *
     * @param channel the file from its start; it stays open and the caller's (close the {@link OpenAudio} first)
     * @param name    labels errors
     */
    public OpenAudio open(SeekableByteChannel channel, String name) throws AudioException {
        return new RangeOpener(maxDurationSeconds, maxFileBytes).open(channel, name);
    }

    /**
     * Reads and loads an audio file. Path problems (missing, a folder, a link loop, unreadable, changing while read, over
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
