package org.emolake.audio;

/**
 * An audio file opened for reading ranges of it ({@link AudioLoader#open}): its {@link #header()} is known, and each
 * {@link #load} decodes only the frames it asks for, so memory is bounded by the range, never by the recording. Not
 * thread-safe; close it to free the decoder (the channel it reads stays the caller's).
 */
public interface OpenAudio extends AutoCloseable {

    /** What the file's header says. */
    AudioHeader header();

    /**
     * {@code librosa.load(path, sr=22050, mono=True, offset=startFrame / rate, duration=frameCount / rate)}: seek to
     * {@code startFrame} native frames, read up to {@code frameCount} frames (fewer at the end of the stream), mix to
     * mono and resample to 22050 Hz. {@link LoadedAudio#sourceFrames()} is the number of native frames read.
     *
     * @throws AudioException naming the file, when the range cannot be read or decoded (a range that starts at or
     *                        past the end is no error: it gives no samples)
     */
    LoadedAudio load(long startFrame, long frameCount) throws AudioException;

    @Override
    void close();
}
