/**
 * Feature set v1: the 110 librosa 0.10.2 features of {@code shared/spec/extract_features.py}, computed in plain Java.
 *
 * <p>One small class per librosa function, named after it. Blocks follow librosa's precision where parity depends on it:
 * the STFT is stored as complex64, mel/MFCC/chroma/RMS are float32, contrast/tonnetz/ZCR/centroid/rolloff float64.
 * Objects that hold precomputed plans or filterbanks are immutable and safe to share between threads unless their
 * Javadoc says otherwise.
 */
package org.emolake.features;
