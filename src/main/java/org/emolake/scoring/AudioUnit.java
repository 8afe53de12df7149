package org.emolake.scoring;

/**
 * One stretch of decoded audio that gets its own 110 features: the whole clip, or one segment of a long recording.
 *
 * @param samples     mono float32 samples at {@link org.emolake.audio.AudioLoader#TARGET_SAMPLE_RATE}
 * @param startSample where the unit starts in the decoded clip, in samples at that rate
 */
public record AudioUnit(float[] samples, long startSample) {
}
