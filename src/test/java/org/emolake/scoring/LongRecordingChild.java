package org.emolake.scoring;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The child JVM of {@link LongRecordingMemoryTest}: with a small heap, scores a 3-second clip whole, then ranges of
 * segments spread over a multi-hour recording, and prints one {@code key=value} line per measurement.
 *
 * <p>Arguments: the short clip, the recording, then {@code from:to} segment ranges.
 */
public final class LongRecordingChild {
    private LongRecordingChild() {
    }

    public static void main(String[] args) throws Exception {
        ClipPipeline pipeline = ClipPipeline.featuresOnly(ScoringLimits.defaults());
        List<ClipOutcome> shortClip = pipeline.run(List.of(AudioSource.file(Path.of(args[0]))), false);
        System.out.println("short_ok=" + shortClip.get(0).ok());
        System.out.println(String.format(Locale.ROOT, "short_peak_heap_mb=%.1f", peakHeapMb()));
        resetPeaks();

        AudioSource recording = AudioSource.file(Path.of(args[1]));
        long start = System.nanoTime();
        var header = pipeline.probe(recording);
        System.out.println("frames=" + header.frames());
        System.out.println("count=" + SegmentGrid.DEFAULT.count(header.frames(), header.sampleRate()));
        int ok = 0;
        int total = 0;
        long scoring = System.nanoTime();
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int i = 2; i < args.length; i++) {
            String[] range = args[i].split(":");
            int from = Integer.parseInt(range[0]);
            int to = Integer.parseInt(range[1]);
            for (ClipOutcome o : pipeline.segments(recording, SegmentGrid.DEFAULT, from, to, false)) {
                total++;
                if (o.ok()) {
                    ok++;
                } else {
                    System.out.println("error=" + o.errorMessage());
                }
            }
        }
        double seconds = (System.nanoTime() - scoring) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.println("segments=" + total);
        System.out.println("segments_ok=" + ok);
        System.out.println(String.format(Locale.ROOT, "seconds=%.2f", seconds));
        System.out.println(String.format(Locale.ROOT, "thread_cpu_seconds=%.2f", cpuSeconds));
        System.out.println(String.format(Locale.ROOT, "probe_seconds=%.3f", (scoring - start) / 1e9));
        System.out.println(String.format(Locale.ROOT, "segment_peak_heap_mb=%.1f", peakHeapMb()));
        System.out.println(String.format(Locale.ROOT, "max_heap_mb=%.0f",
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024)));
    }

    private static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }
}
