package org.emolake.cli;

/** An input refused before any work (bad bundle, missing file); exit code {@link ExitCodes#INPUT_REFUSED}. */
final class InputRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    InputRefusedException(String message) {
        super(message);
    }

    InputRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
