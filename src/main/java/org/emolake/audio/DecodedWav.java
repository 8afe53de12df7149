package org.emolake.audio;

/**
 * The samples of a WAV file as libsndfile's {@code sf_read_float} returns them.
 *
 * @param samples    interleaved samples, {@code frames * channels} long
 * @param channels   channels in the file
 * @param sampleRate frames per second
 * @param frames     complete frames decoded
 * @param encoding   how the file stores its samples
 */
record DecodedWav(float[] samples, int channels, int sampleRate, int frames, SampleEncoding encoding) {
}
