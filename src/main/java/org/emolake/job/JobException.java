package org.emolake.job;

/** A job that cannot run as asked (bad manifest, bad model bundle, bad lake); the message says why. */
public final class JobException extends Exception {
    private static final long serialVersionUID = 1L;

    JobException(String message) {
        super(message);
    }

    JobException(String message, Throwable cause) {
        super(message, cause);
    }
}
