package org.emolake.scoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emolake.audio.AudioException;
import org.emolake.audio.AudioHeader;
import org.emolake.audio.AudioLoader;
import org.emolake.audio.ClipDeadline;
import org.emolake.audio.ErrorCode;
import org.emolake.audio.LoadedAudio;
import org.emolake.audio.OpenAudio;

/**
 * Decoding and features of a range of segments of an open recording (steps 2 to 4 of the {@link ClipPipeline} for
 * long recordings): each segment is loaded from its own range, under its own deadline, and fails alone.
 */
final class SegmentFeatures {
    private SegmentFeatures() {
    }

    static List<ClipOutcome> of(OpenAudio audio, String name, SegmentGrid grid, int fromIndex, int toIndex,
                                Duration timeout) {
        AudioHeader header = audio.header();
        int rate = header.sampleRate();
        int end = Math.min(toIndex, grid.count(header.frames(), rate));
        List<ClipOutcome> outcomes = new ArrayList<>(Math.max(0, end - fromIndex));
        for (int k = fromIndex; k < end; k++) {
            outcomes.add(one(audio, name, grid.segment(k), timeout));
        }
        return outcomes;
    }

    private static ClipOutcome one(OpenAudio audio, String name, Segment segment, Duration timeout) {
        AudioHeader header = audio.header();
        int rate = header.sampleRate();
        long start = segment.startFrame(rate);
        long count = segment.frameCount(rate);
        String label = String.format(Locale.ROOT, "%s (segment %d at %.1f s)", name, segment.index(),
                segment.offsetSeconds());
        long startSample = (long) (segment.offsetSeconds() * AudioLoader.TARGET_SAMPLE_RATE);
        // What the segment would cover, for an error row before anything was loaded.
        long expectedFrames = Math.max(0, Math.min(count, header.frames() - start));
        SegmentInfo[] info = {new SegmentInfo(segment.index(), segment.offsetSeconds(),
                (double) expectedFrames / rate, 0, Double.NaN)};
        ClipOutcome.AudioFacts[] facts = {null};
        try {
            return ClipDeadline.run(label, timeout, () -> {
                LoadedAudio loaded = audio.load(start, count);
                info[0] = new SegmentInfo(segment.index(), segment.offsetSeconds(),
                        (double) loaded.sourceFrames() / rate, loaded.samples().length, rmsDbfs(loaded.samples()));
                facts[0] = new ClipOutcome.AudioFacts(loaded.samples().length, header.durationSeconds(), rate);
                double[] features = ClipPipeline.Extractor.INSTANCE.extract(loaded.samples(), label);
                return new ClipOutcome.Ok(name, facts[0], startSample, features, null, info[0]);
            });
        } catch (AudioException e) {
            return new ClipOutcome.Error(name, e.code().name(), e.getMessage(), facts[0], null, info[0]);
        } catch (OutOfMemoryError e) {
            long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            String message = new AudioException(ErrorCode.OUT_OF_MEMORY, label, "the JVM ran out of memory (maximum"
                    + " heap " + maxMb + " MB) while decoding and extracting features of one segment; give the JVM"
                    + " more memory (-Xmx, spark.executor.memory) or run fewer scoring threads").getMessage();
            return new ClipOutcome.Error(name, ErrorCode.OUT_OF_MEMORY.name(), message, facts[0], null, info[0]);
        } catch (RuntimeException e) {
            return new ClipOutcome.Error(name, ErrorCode.INTERNAL_ERROR.name(),
                    "Cannot process " + label + ": internal error " + e, facts[0], null, info[0]);
        }
    }

    /** 20·log10 of the RMS, in double; {@link SegmentInfo#SILENCE_DBFS} for digital silence or no samples. */
    static double rmsDbfs(float[] samples) {
        double sum = 0;
        for (float x : samples) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return SegmentInfo.SILENCE_DBFS;
        }
        return 20 * Math.log10(Math.sqrt(sum / samples.length));
    }
}
