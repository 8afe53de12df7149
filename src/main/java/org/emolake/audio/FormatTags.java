package org.emolake.audio;

import java.util.Map;

/** Names of WAV format tags, for messages about encodings we do not decode. */
final class FormatTags {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x0002, "Microsoft ADPCM"),
            Map.entry(0x0011, "IMA ADPCM"),
            Map.entry(0x0022, "DSP Group TrueSpeech"),
            Map.entry(0x0031, "GSM 6.10"),
            Map.entry(0x0040, "G.721 ADPCM"),
            Map.entry(0x0050, "MPEG Layer 1/2"),
            Map.entry(0x0055, "MPEG Layer 3"),
            Map.entry(0x0064, "G.726 ADPCM"),
            Map.entry(0x00FF, "AAC"),
            Map.entry(0x0160, "Windows Media Audio 1"),
            Map.entry(0x0161, "Windows Media Audio 2"),
            Map.entry(0x0162, "Windows Media Audio Pro"),
            Map.entry(0x0163, "Windows Media Audio Lossless"),
            Map.entry(0x1610, "MPEG-4 AAC (ADTS)"),
            Map.entry(0x2000, "Dolby AC-3"),
            Map.entry(0x2001, "DTS"),
            Map.entry(0x674F, "Ogg Vorbis"),
            Map.entry(0xF1AC, "FLAC"));

    private FormatTags() {
    }

    /** E.g. {@code "IMA ADPCM (0x0011)"} or {@code "unknown encoding (0x1234)"}. */
    static String describe(int tag) {
        return NAMES.getOrDefault(tag, "unknown encoding") + String.format(" (0x%04X)", tag);
    }
}
