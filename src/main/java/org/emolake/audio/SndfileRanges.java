package org.emolake.audio;

import java.nio.channels.SeekableByteChannel;
import java.util.Locale;

/**
 * Ranges of a file libsndfile reads, as {@code soundfile} reads them for {@code librosa.load(offset=, duration=)}:
 * {@code sf_seek} to the first frame, then {@code sf_readf_float} of the range (fewer frames at the end).
 */
final class SndfileRanges extends RangeReader {
    /** Frames read per call when a stream does not announce its length and must be counted. */
    private static final int COUNT_CHUNK_FRAMES = 1 << 16;

    private final SoundFile file;

    private SndfileRanges(SoundFile file, AudioHeader header, String name) {
        super(header, name);
        this.file = file;
    }

    /**
     * Opens the channel with libsndfile and reads its header; a stream over {@code maxDurationSeconds} is
     * {@link ErrorCode#TOO_LONG}. A stream that does not announce its length is counted by decoding it once, in
     * bounded chunks.
     */
    static SndfileRanges open(SeekableByteChannel channel, String name, double maxDurationSeconds)
            throws AudioException {
        SoundFile file = SoundFile.open(channel, name);
        try {
            int channels = file.channels();
            int rate = file.sampleRate();
            SndfileDecoder.checkChannels(channels, name);
            long maxFrames = (long) Math.floor(maxDurationSeconds * rate);
            long frames = file.frames();
            if (frames < 0 || frames >= Long.MAX_VALUE / 2) {
                frames = count(file, maxFrames, name, maxDurationSeconds);
            }
            if (frames > maxFrames) {
                throw tooLong(name, frames, rate, maxDurationSeconds);
            }
            AudioHeader header = new AudioHeader(frames, rate, channels, formatName(file.format()), file.encoding());
            return new SndfileRanges(file, header, name);
        } catch (AudioException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static long count(SoundFile file, long maxFrames, String name, double maxDurationSeconds)
            throws AudioException {
        long frames = 0;
        int channels = file.channels();
        while (true) {
            int read = file.readFromHere(Math.max(1, COUNT_CHUNK_FRAMES / channels)).length / channels;
            frames += read;
            if (frames > maxFrames) {
                throw tooLong(name, frames, file.sampleRate(), maxDurationSeconds);
            }
            if (read == 0) {
                return frames;
            }
            ClipDeadline.check();
        }
    }

    @Override
    LoadedAudio read(long startFrame, long frameCount) throws AudioException {
        // soundfile reads min(frames asked, frames left); a range past the end reads nothing.
        long count = Math.max(0, Math.min(frameCount, header.frames() - startFrame));
        if (count > (Integer.MAX_VALUE - 8) / header.channels()) {
            throw new AudioException(ErrorCode.TOO_LONG, name, count + " frames do not fit in one array");
        }
        float[] samples = count == 0 ? new float[0] : file.read(startFrame, (int) count);
        ClipDeadline.check();
        return AudioLoader.finish(new DecodedWav(samples, header.channels(), header.sampleRate(),
                samples.length / header.channels(), header.encoding()), name);
    }

    @Override
    public void close() {
        file.close();
    }

    /** libsndfile's major format as a short lower-case name. */
    static String formatName(int format) {
        return switch (format & Sndfile.SF_FORMAT_TYPEMASK) {
            case 0x010000, 0x130000 -> "wav";
            case 0x020000 -> "aiff";
            case 0x030000 -> "au";
            case 0x0B0000 -> "w64";
            case 0x170000 -> "flac";
            case 0x180000 -> "caf";
            case 0x200000 -> "ogg";
            case 0x220000 -> "rf64";
            case 0x230000 -> "mp3";
            default -> String.format(Locale.ROOT, "sndfile-0x%06x", format & Sndfile.SF_FORMAT_TYPEMASK);
        };
    }

    private static AudioException tooLong(String name, long frames, int rate, double maxDurationSeconds) {
        return new AudioException(ErrorCode.TOO_LONG, name, String.format(Locale.ROOT,
                "%d frames at %d Hz last %.1f s, above the limit of %.1f s", frames, rate, (double) frames / rate,
                maxDurationSeconds));
    }
}
