package org.emolake.audio;

/**
 * The samples of an audio file as libsndfile's {@code sf_read_float} returns them (what every decoder, and an
 * {@link AudioDecoderPlugin}, hands to {@link AudioLoader}).
 *
 * @param samples    interleaved samples, {@code frames * channels} long
 * @param channels   channels in the file
 * @param sampleRate frames per second
 * @param frames     complete frames decoded
 * @param encoding   how the file stores its samples
 */
public record DecodedWav(float[] samples, int channels, int sampleRate, int frames, SampleEncoding encoding) {
}
