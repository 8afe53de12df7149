package org.emolake.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * TEMPORARY stand-in for the integrator's ScoringEngine, with exactly its public API, so that the job layer can be
 * built and tested before the real one lands on main. It decodes only the RIFF/WAVE header (sample rate, duration)
 * and derives deterministic fake probabilities from the clip's bytes. Replaced by main's version on merge.
 */
public final class ScoringEngine {
    private static final Map<String, ScoringEngine> CACHE = new ConcurrentHashMap<>();

    private final String modelName;
    private final String modelSha256;
    private final List<String> labels;

    private ScoringEngine(String modelName, String modelSha256, List<String> labels) {
        this.modelName = modelName;
        this.modelSha256 = modelSha256;
        this.labels = labels;
    }

    public static Map<String, byte[]> readArtifacts(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new IOException("model bundle folder not found: " + modelDir);
        }
        Map<String, byte[]> artifacts = new TreeMap<>();
        try (Stream<Path> files = Files.list(modelDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    artifacts.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return artifacts;
    }

    public static ScoringEngine forArtifacts(Map<String, byte[]> artifacts) {
        String sha = sha256(artifacts);
        return CACHE.computeIfAbsent(sha, key -> build(artifacts, key));
    }

    private static ScoringEngine build(Map<String, byte[]> artifacts, String sha) {
        byte[] labelsJson = artifacts.get("labels.json");
        if (labelsJson == null) {
            throw new IllegalArgumentException("model bundle has no labels.json (artifacts: " + artifacts.keySet() + ")");
        }
        List<String> labels;
        try {
            String[] parsed = new ObjectMapper().readValue(labelsJson, String[].class);
            labels = List.of(parsed);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("model bundle labels.json is not a JSON array of strings: " + e.getMessage(), e);
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("model bundle labels.json is empty");
        }
        return new ScoringEngine("stand-in", sha, labels);
    }

    public String modelName() {
        return modelName;
    }

    public String modelSha256() {
        return modelSha256;
    }

    public String featureSet() {
        return "v1";
    }

    public List<String> labels() {
        return labels;
    }

    public List<ClipOutcome> score(List<ClipInput> batch, boolean keepFeatures) {
        List<ClipOutcome> outcomes = new ArrayList<>(batch.size());
        for (ClipInput clip : batch) {
            outcomes.add(scoreOne(clip, keepFeatures));
        }
        return outcomes;
    }

    private ClipOutcome scoreOne(ClipInput clip, boolean keepFeatures) {
        byte[] b = clip.bytes();
        if (b == null || b.length == 0) {
            return ClipOutcome.error("EMPTY_FILE", clip.path() + ": the file is empty");
        }
        if (b.length < 44 || !new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                || !new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
            return ClipOutcome.error("NOT_RIFF_WAVE", clip.path() + ": not a RIFF/WAVE file");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int channels = buf.getShort(22);
        int rate = buf.getInt(24);
        int bits = buf.getShort(34);
        if (channels <= 0 || rate <= 0 || bits <= 0) {
            return ClipOutcome.error("INVALID_FORMAT", clip.path() + ": invalid fmt chunk");
        }
        double duration = (b.length - 44) / (double) (channels * (bits / 8)) / rate;
        byte[] digest = digest(b);
        double[] raw = new double[labels.size()];
        double sum = 0;
        for (int i = 0; i < raw.length; i++) {
            raw[i] = 1 + (digest[i % digest.length] & 0xff);
            sum += raw[i];
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < raw.length; i++) {
            probabilities.put(labels.get(i), raw[i] / sum);
            if (raw[i] > raw[best]) {
                best = i;
            }
        }
        double[] features = null;
        if (keepFeatures) {
            features = new double[110];
            for (int i = 0; i < features.length; i++) {
                features[i] = (digest[i % digest.length] & 0xff) / 255.0;
            }
        }
        return new ClipOutcome(ClipOutcome.OK, null, null, labels.get(best), raw[best] / sum,
                Collections.unmodifiableMap(probabilities), duration, rate, features);
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Map<String, byte[]> artifacts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : new TreeMap<>(artifacts).entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
