package org.emolake.audio;

import java.util.Objects;

/**
 * A clip that cannot be loaded or analysed. Checked on purpose: every caller decides what a bad
 * clip becomes (an error row, a skipped record), and nothing about one clip is fatal to a job.
 * The message reads {@code Cannot decode <source>: <reason>}.
 */
public final class AudioException extends Exception {
    private final ErrorCode code;
    private final String source;
    private final String reason;

    public AudioException(ErrorCode code, String source, String reason) {
        this(code, source, reason, null);
    }

    public AudioException(ErrorCode code, String source, String reason, Throwable cause) {
        super("Cannot decode " + source + ": " + reason, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.source = source;
        this.reason = reason;
    }

    /** The machine-readable reason. */
    public ErrorCode code() {
        return code;
    }

    /** The file name or path the error refers to. */
    public String source() {
        return source;
    }

    /** Why, without the file name (the message is {@code Cannot decode <source>: <reason>}). */
    public String reason() {
        return reason;
    }
}
