package org.emolake.audio;

import java.util.Objects;

/**
 * What a file's header says about its audio, read without decoding samples (as {@code soundfile.info} reports it):
 * enough to plan how a recording is cut into segments and to refuse one that is too long.
 *
 * @param frames     native frames in the stream (per channel)
 * @param sampleRate native frames per second
 * @param channels   channels in the stream
 * @param format     the container, a short lower-case name: wav, flac, ogg, mp3, mp4, aiff, au, caf, ...
 * @param encoding   how the file stores its samples
 */
public record AudioHeader(long frames, int sampleRate, int channels, String format, SampleEncoding encoding) {
    public AudioHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(encoding, "encoding");
        if (frames < 0 || sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("Cannot describe audio of " + frames + " frames at " + sampleRate
                    + " Hz in " + channels + " channels");
        }
    }

    /** {@code frames / sampleRate}. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
