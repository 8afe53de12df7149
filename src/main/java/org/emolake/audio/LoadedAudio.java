package org.emolake.audio;

/**
 * A clip as {@code librosa.load(path, sr=22050, mono=True)} returns it, plus what the file said.
 *
 * @param samples          the mono float32 signal at {@link #sampleRate()}
 * @param sampleRate       always {@link AudioLoader#TARGET_SAMPLE_RATE}
 * @param sourceSampleRate the file's sample rate
 * @param sourceChannels   the file's channel count (averaged into one)
 * @param sourceFrames     complete frames decoded from the file
 * @param sourceEncoding   how the file stores samples, named as libsndfile subtypes
 */
public record LoadedAudio(float[] samples, int sampleRate, int sourceSampleRate, int sourceChannels,
                          long sourceFrames, SampleEncoding sourceEncoding) {

    /** Duration of the source in seconds ({@code sourceFrames / sourceSampleRate}). */
    public double durationSeconds() {
        return (double) sourceFrames / sourceSampleRate;
    }
}
