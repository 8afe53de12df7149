package org.emolake.audio;

/**
 * A native library the audio layer needs (libsoxr, libsndfile and its codecs) could not be loaded. Unchecked: it is
 * a property of the machine, not of a clip, so a command or job fails once at start-up
 * ({@link AudioLoader#checkAvailable()}) with this message, which names the fix, rather than once per clip.
 */
public class NativeLibraryUnavailableException extends RuntimeException {
    NativeLibraryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
