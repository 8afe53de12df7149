package org.emolake.audio;

import java.nio.ByteBuffer;

/**
 * A decoder for content that no built-in decoder recognises, added without changing emolake: a class on the class
 * path (for Spark, a jar passed with {@code --jars}) named in
 * {@code META-INF/services/org.emolake.audio.AudioDecoderPlugin}, found with {@link java.util.ServiceLoader}.
 * {@link AudioLoader} asks the plug-ins, in class path order, before its FFmpeg fallback, and only for content whose
 * magic number matches no format it reads itself; the first that accepts the bytes decodes them. Built-in formats
 * are never handed to a plug-in, so a plug-in cannot change emolake's output for them. Implementations must be
 * thread-safe and have a public no-argument constructor.
 */
public interface AudioDecoderPlugin {
    /**
     * Whether this plug-in decodes the content starting at {@code head}'s position (a read-only view of the whole
     * file; look at the first bytes only).
     */
    boolean accepts(ByteBuffer head);

    /**
     * Decodes the file between {@code bytes}' position and limit (a read-only view); {@code name} labels errors.
     *
     * @throws AudioException naming the file and the reason, for content it cannot decode or that lasts longer than
     *         {@code maxDurationSeconds}
     */
    DecodedWav decode(ByteBuffer bytes, String name, double maxDurationSeconds) throws AudioException;
}
