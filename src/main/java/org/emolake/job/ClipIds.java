package org.emolake.job;

import org.apache.spark.sql.Column;

import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

/** The clip id of a manifest row that has none: the first 16 hex digits of the SHA-256 of its path (UTF-8). */
public final class ClipIds {
    static final int HEX_DIGITS = 16;

    private ClipIds() {
    }

    static Column fromPath(Column path) {
        return substring(sha2(path, 256), 1, HEX_DIGITS);
    }

    /** The same id computed in plain Java (tests, tools). */
    public static String of(String path) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
