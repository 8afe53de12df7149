package org.emolake.job;

/** A SQL statement Spark refuses (syntax, unknown table or column); the message is Spark's own. */
public final class SqlStatementException extends Exception {
    private static final long serialVersionUID = 1L;

    SqlStatementException(int statement, int statements, String sparkMessage, Throwable cause) {
        super((statements > 1 ? "statement " + statement + " of " + statements + ": " : "") + sparkMessage, cause);
    }
}
