package org.emolake.scoring;

/**
 * One clip handed to the scoring engine: where it came from (for messages) and its file bytes.
 *
 * @param path  the clip's path or URI as the manifest names it
 * @param bytes the whole file as read from storage
 */
public record ClipInput(String path, byte[] bytes) {
}
