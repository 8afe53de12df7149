/**
 * Audio loading equal to {@code librosa.load(path, sr=22050, mono=True)} (librosa 0.10.2): formats detected by
 * content, WAV decoding as libsndfile does it, libsndfile itself for FLAC, Ogg, MP3, AIFF and the other containers it
 * reads, librosa's {@code to_mono}, and resampling through libsoxr itself. The native libraries ship in the jar.
 *
 * <p>Entry points: {@link org.emolake.audio.AudioLoader} (bytes or path to a 22050 Hz mono signal),
 * {@link org.emolake.audio.SoundFile} (libsndfile with random access by frame), {@link org.emolake.audio.AudioFiles}
 * (which files in a folder are clips), and {@link org.emolake.audio.Resampler}
 * ({@code librosa.resample(res_type='soxr_hq')}, also used between CQT octaves). Failures are
 * {@link org.emolake.audio.AudioException} with an {@link org.emolake.audio.ErrorCode}; a machine without usable
 * native libraries gives {@link org.emolake.audio.NativeLibraryUnavailableException}.
 */
package org.emolake.audio;
