package org.emolake.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * FFmpeg's libraries (JavaCPP's {@code org.bytedeco:ffmpeg} for linux-x86_64, inside emolake's jar), loaded when the
 * first clip needs them: loading takes ~0.25 s of a one-core start, which a run of WAV, FLAC, Ogg and MP3 never needs
 * (docs/PERFORMANCE.md). At start-up {@link #checkPresent()} only checks that they are on the class path; if they are
 * there and still cannot be loaded, each clip that needs them gets an error naming the cause.
 */
final class FfmpegLibraries {
    /** The JavaCPP wrappers of the four libraries emolake calls, as class-path resources of the platform jar. */
    private static final String[] JNI_RESOURCES = {"libjniavutil.so", "libjniavcodec.so", "libjniavformat.so",
            "libjniswresample.so"};
    private static final String RESOURCE_DIR = "/org/bytedeco/ffmpeg/" + BundledNatives.PLATFORM + "/";
    private static final String WHERE = "JavaCPP's org.bytedeco:ffmpeg for " + BundledNatives.PLATFORM
            + ", inside emolake's jar";

    private FfmpegLibraries() {
    }

    /** Throws {@link NativeLibraryUnavailableException} if FFmpeg's libraries for this platform are not on the class path. */
    static void checkPresent() {
        for (String resource : JNI_RESOURCES) {
            if (FfmpegLibraries.class.getResource(RESOURCE_DIR + resource) == null) {
                throw new NativeLibraryUnavailableException("Cannot load FFmpeg's libraries (" + WHERE + "): "
                        + RESOURCE_DIR + resource + " is not on the class path", null);
            }
        }
    }

    /** Loads them (once); throws {@link NativeLibraryUnavailableException}, the same one every time, if it cannot. */
    static void load() {
        if (Holder.FAILURE != null) {
            throw Holder.FAILURE;
        }
    }

    private static final class Holder {
        static final NativeLibraryUnavailableException FAILURE;

        static {
            NativeLibraryUnavailableException failure = null;
            try {
                // Errors come back as codes and become AudioException messages; FFmpeg's own log would go to stderr.
                av_log_set_level(AV_LOG_QUIET);
            } catch (LinkageError e) {
                failure = new NativeLibraryUnavailableException("Cannot load FFmpeg's libraries (" + WHERE + "): "
                        + e, e);
            }
            FAILURE = failure;
        }
    }
}
