package org.emolake.scoring;

import java.util.List;
import org.emolake.audio.AudioException;
import org.emolake.audio.LoadedAudio;

/**
 * Which stretches of a decoded clip are featurized and scored: the step between decoding and features in the
 * {@link ClipPipeline}. {@link #WHOLE_CLIP} (one unit, the clip) is what the feature set and the model were made for;
 * a plan that cuts a long recording into segments is another implementation, and gives one outcome per segment.
 */
@FunctionalInterface
public interface UnitPlan {

    /** The whole clip as one unit: one outcome per clip, as {@code extract_features.py} computes them. */
    UnitPlan WHOLE_CLIP = (audio, name) -> List.of(new AudioUnit(audio.samples(), 0));

    /**
     * The units of one decoded clip, in time order; at least one.
     *
     * @param name the clip's name, for messages
     * @throws AudioException when the clip cannot be cut as this plan needs (the message names the clip)
     */
    List<AudioUnit> units(LoadedAudio audio, String name) throws AudioException;
}
