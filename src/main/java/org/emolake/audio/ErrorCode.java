package org.emolake.audio;

/**
 * Why a clip could not be turned into a signal or features. One enum for the whole system, so a
 * result row can carry the code whichever layer rejected the clip.
 */
public enum ErrorCode {
    /** The input holds zero bytes. */
    EMPTY_FILE,
    /** The input is not a RIFF/WAVE file (for example a text file named {@code .wav}). */
    NOT_RIFF_WAVE,
    /** The input ends inside the RIFF header or inside the {@code fmt } chunk. */
    TRUNCATED_HEADER,
    /** No {@code fmt } chunk precedes the {@code data} chunk. */
    MISSING_FMT,
    /** No {@code data} chunk, or one that holds no complete frame. */
    MISSING_DATA,
    /** The {@code data} chunk claims bytes past the end of the file and not one complete frame is present. */
    DATA_PAST_EOF,
    /** A compressed or otherwise unsupported encoding (ADPCM, MP3-in-WAV, ...); the message names it. */
    UNSUPPORTED_ENCODING,
    /**
     * The content is no audio format emolake reads (detected from the bytes, whatever the file's extension), or a
     * container that holds no audio stream (a video-only MP4, an image, text with an audio extension): the message
     * says what the bytes look like.
     */
    UNSUPPORTED_FORMAT,
    /**
     * A recognised container or stream that is damaged: libsndfile cannot open or decode it (FLAC, Ogg, MP3, AIFF, ...),
     * or FFmpeg finds it truncated inside a packet, missing its index (an MP4 without its {@code moov} box) or holding
     * packets the codec rejects; the message names the decoder's reason.
     */
    CORRUPT_STREAM,
    /** Header values that cannot describe audio: zero or too many channels, zero rate, impossible bit depth. */
    INVALID_FORMAT,
    /** Float data holds NaN or infinity; the message names the first frame and channel. */
    NON_FINITE_SAMPLES,
    /** The clip lasts longer than the configured limit (checked from the header, before any allocation). */
    TOO_LONG,
    /** The loaded signal is shorter than the feature extractor needs (fewer than 4096 samples at 22050 Hz). */
    TOO_SHORT,
    /** The path does not exist. */
    FILE_NOT_FOUND,
    /** The path exists but is not a regular file: a folder, a FIFO, a device, or a symbolic-link loop. */
    NOT_A_FILE,
    /** The file exists but could not be read: permission denied, an I/O error, or it changed size while read. */
    UNREADABLE,
    /**
     * Decoding and feature extraction of this clip took longer than the configured per-clip timeout
     * ({@code ScoringLimits.clipTimeout}, 10 minutes by default); the clip was abandoned at the next check point.
     */
    TIMEOUT,
    /** The manifest row has no path (NULL or blank): the row is kept, with this code, never dropped. */
    MISSING_PATH,
    /**
     * The path lies outside every root of the scoring job's {@code --allowed-roots} (after resolving {@code ..}
     * and, on the local file system, symbolic links); the file was never opened.
     */
    PATH_NOT_ALLOWED,
    /**
     * The JVM ran out of heap while decoding or extracting features of this clip (an {@link OutOfMemoryError});
     * the clip is abandoned and the others go on. The message names the clip and the heap limit: lower the duration
     * limit or give the JVM more memory.
     */
    OUT_OF_MEMORY,
    /**
     * Decoding this clip killed the process (a native decoder aborted or crashed the executor's JVM) in two earlier
     * attempts of the same Spark task; the retried task did not decode it again, so that the rest of the run goes on.
     * The message names the file. See docs/RELIABILITY.md, "A decoder that kills the JVM".
     */
    DECODER_CRASHED,
    /** An unexpected failure inside emolake while processing this clip; the message names it (please report). */
    INTERNAL_ERROR
}
