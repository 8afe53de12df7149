/**
 * Audio loading equal to {@code librosa.load(path, sr=22050, mono=True)} (librosa 0.10.2): WAV decoding
 * as libsndfile does it, librosa's {@code to_mono}, and resampling through libsoxr itself.
 *
 * <p>Entry points: {@link org.emolake.audio.AudioLoader} (bytes or path to a 22050 Hz mono signal) and
 * {@link org.emolake.audio.Resampler} ({@code librosa.resample(res_type='soxr_hq')}, also used between
 * CQT octaves). Failures are {@link org.emolake.audio.AudioException} with an
 * {@link org.emolake.audio.ErrorCode}.
 */
package org.emolake.audio;
