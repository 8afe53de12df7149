package org.emolake.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/** Reads a report page back for tests: its sections, its charts, the addresses it refers to. */
public final class ReportPages {
    private static final Pattern SECTION = Pattern.compile("<section id=\"([a-z-]+)\">(.*?)</section>", Pattern.DOTALL);
    private static final Pattern IMAGE = Pattern.compile(
            "<img width=\"\\d+\" height=\"\\d+\" alt=\"([^\"]*)\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)\\s*=\\s*[\"']([^\"']*)[\"']");

    private ReportPages() {
    }

    public static Map<String, String> sections(String html) {
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(html);
        while (m.find()) {
            sections.put(m.group(1), m.group(2));
        }
        return sections;
    }

    /** A chart of the page: its description and its image. */
    public record Chart(String description, BufferedImage image) {
    }

    /** The page's charts, each checked to be a PNG that decodes. */
    public static List<Chart> charts(String html) {
        List<Chart> charts = new ArrayList<>();
        Matcher m = IMAGE.matcher(html);
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(2));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), "a PNG");
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "a decodable chart");
                charts.add(new Chart(m.group(1), image));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return charts;
    }

    /** Every src/href of the page stays inside the file; no script, no outside style. */
    public static void assertSelfContained(String html) {
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            String ref = m.group(1);
            assertTrue(ref.startsWith("#") || ref.startsWith("data:"), "reference out of the file: " + ref);
        }
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("@import") || html.contains("url("), "no outside style");
        assertFalse(html.contains("http://") || html.contains("https://"), "no address of the network");
    }
}
