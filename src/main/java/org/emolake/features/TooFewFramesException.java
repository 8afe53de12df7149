package org.emolake.features;

/**
 * A block needs more analysis frames than the clip has. librosa raises {@code ParameterError} here (e.g.
 * {@code feature.delta} with {@code mode='interp'} and {@code width=9} on fewer than 9 frames, i.e. fewer than 4096
 * samples at 22050 Hz); the extractor reports such clips as too short instead of computing features.
 */
public final class TooFewFramesException extends IllegalArgumentException {
    private final int frames;
    private final int required;

    public TooFewFramesException(String block, int frames, int required) {
        super("Cannot compute " + block + ": the input has " + frames + " frames, at least " + required
                + " are needed (librosa raises ParameterError); the clip is too short");
        this.frames = frames;
        this.required = required;
    }

    /** Frames the input had. */
    public int frames() {
        return frames;
    }

    /** Frames the block needs at least. */
    public int required() {
        return required;
    }
}
