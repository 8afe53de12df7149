package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An audio container recognised from a file's first bytes (magic numbers and container probing), never from its
 * name, and the decoder that reads it: {@link #WAV} through emolake's own {@link WavDecoder}, {@link #MP4} through
 * the FFmpeg decoder, everything else through libsndfile ({@link SoundFile}).
 */
public enum AudioFormat {
    /** RIFF (little-endian) WAV, read by {@link WavDecoder}. */
    WAV("WAV"),
    /** RIFX/WAVE (big-endian WAV), RF64/WAVE (64-bit sizes), Sony Wave64: read by libsndfile. */
    WAV_OTHER("RIFX/RF64/Wave64 WAV"),
    /** FORM/AIFF or FORM/AIFC. */
    AIFF("AIFF"),
    /** Sun/NeXT {@code .snd} (AU). */
    AU("AU"),
    /** Apple Core Audio Format. */
    CAF("CAF"),
    /** Native FLAC ({@code fLaC}, possibly after an ID3 tag). */
    FLAC("FLAC"),
    /** Ogg: Vorbis, Opus or FLAC inside. */
    OGG("Ogg"),
    /** MPEG audio (MP3, MP2): an ID3v2 tag or an MPEG frame sync. */
    MPEG("MP3"),
    /** ISO base media ({@code ftyp}): MP4/M4A, typically AAC; libsndfile cannot read it. */
    MP4("MP4/M4A (AAC)"),
    /** None of the above. */
    UNKNOWN("unknown");

    /** How many leading bytes {@link #detect} looks at (an ID3v2 tag is skipped by its declared size). */
    public static final int PROBE_BYTES = 64;

    private final String displayName;

    AudioFormat(String displayName) {
        this.displayName = displayName;
    }

    /** A short name for messages, e.g. {@code MP4/M4A (AAC)}. */
    public String displayName() {
        return displayName;
    }

    /** Whether libsndfile (through {@link SoundFile}) decodes this format. */
    public boolean readByLibsndfile() {
        return this != WAV && this != MP4 && this != UNKNOWN;
    }

    /** The format of the bytes between the buffer's position and limit (the buffer is not modified). */
    public static AudioFormat detect(ByteBuffer data) {
        ByteBuffer b = data.slice();
        int n = b.remaining();
        if (n >= 4) {
            String magic = ascii(b, 0, 4);
            switch (magic) {
                case "RIFF":
                    // RIFF but not WAVE (an AVI, a WebP) too: the WAV decoder rejects it with its own message.
                    return WAV;
                case "RIFX", "RF64":
                    return n >= 12 && ascii(b, 8, 4).equals("WAVE") ? WAV_OTHER : UNKNOWN;
                case "riff":
                    return n >= 16 && b.get(4) == 0x2E && b.get(5) == (byte) 0x91 ? WAV_OTHER : UNKNOWN;
                case "FORM":
                    if (n >= 12) {
                        String form = ascii(b, 8, 4);
                        return form.equals("AIFF") || form.equals("AIFC") ? AIFF : UNKNOWN;
                    }
                    return UNKNOWN;
                case ".snd", "dns.":
                    return AU;
                case "caff":
                    return CAF;
                case "fLaC":
                    return FLAC;
                case "OggS":
                    return OGG;
                default:
                    break;
            }
        }
        if (n >= 10 && ascii(b, 0, 3).equals("ID3")) {
            // ID3v2: 10-byte header, then a syncsafe size; FLAC files sometimes carry one too.
            long size = ((b.get(6) & 0x7F) << 21) | ((b.get(7) & 0x7F) << 14) | ((b.get(8) & 0x7F) << 7) | (b.get(9) & 0x7F);
            long after = 10 + size + ((b.get(5) & 0x10) != 0 ? 10 : 0);
            if (after + 4 <= n && ascii(b, (int) after, 4).equals("fLaC")) {
                return FLAC;
            }
            return MPEG;
        }
        if (n >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            return MP4;
        }
        if (n >= 4 && isMpegFrameHeader(b)) {
            return MPEG;
        }
        return UNKNOWN;
    }

    /** An MPEG audio frame header: 11 sync bits, a valid version, layer, bit rate and sample rate index. */
    private static boolean isMpegFrameHeader(ByteBuffer b) {
        int b0 = b.get(0) & 0xFF;
        int b1 = b.get(1) & 0xFF;
        int b2 = b.get(2) & 0xFF;
        if (b0 != 0xFF || (b1 & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b1 >> 3) & 3;
        int layer = (b1 >> 1) & 3;
        int bitrate = (b2 >> 4) & 0xF;
        int rate = (b2 >> 2) & 3;
        return version != 1 && layer != 0 && bitrate != 0xF && rate != 3;
    }

    private static String ascii(ByteBuffer b, int offset, int length) {
        byte[] bytes = new byte[length];
        b.get(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
