package org.emolake.audio;

/**
 * libsoxr could not be loaded. Unchecked: it is a property of the machine, not of a clip, and a job
 * should fail at start-up ({@link Resampler#checkAvailable()}) rather than per record.
 */
public final class SoxrUnavailableException extends NativeLibraryUnavailableException {
    SoxrUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
