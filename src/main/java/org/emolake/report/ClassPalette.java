package org.emolake.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One colour per class, the same in every chart of a report: the Okabe–Ito palette (distinguishable with the
 * common colour-vision deficiencies), with the usual emotion names given the colour people expect (angry red, sad
 * blue, neutral grey); other labels take the remaining colours in name order.
 */
final class ClassPalette {
    static final Color SILENT = new Color(0xDDDDDD);
    private static final Map<String, Color> CONVENTIONAL = Map.of(
            "angry", new Color(0xD55E00), "happy", new Color(0xE69F00), "sad", new Color(0x0072B2),
            "neutral", new Color(0x999999), "fearful", new Color(0xCC79A7), "calm", new Color(0x009E73),
            "disgust", new Color(0x56B4E9), "surprised", new Color(0xF0E442));
    private static final List<Color> OTHERS = List.of(new Color(0x009E73), new Color(0x56B4E9), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x0072B2), new Color(0xD55E00), new Color(0x000000), new Color(0x882255),
            new Color(0x44AA99), new Color(0x999933));

    private final Map<String, Color> colours = new LinkedHashMap<>();

    ClassPalette(Collection<String> labels) {
        List<Color> free = new ArrayList<>(OTHERS);
        TreeSet<String> sorted = new TreeSet<>(labels);
        for (String label : sorted) {
            Color c = CONVENTIONAL.get(label.toLowerCase(Locale.ROOT));
            if (c != null) {
                colours.put(label, c);
                free.remove(c);
            }
        }
        int next = 0;
        for (String label : sorted) {
            if (!colours.containsKey(label)) {
                colours.put(label, free.isEmpty() ? OTHERS.get(next++ % OTHERS.size()) : free.remove(0));
            }
        }
    }

    Color of(String label) {
        return colours.getOrDefault(label, Color.DARK_GRAY);
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
