package org.emolake.audio;

/**
 * G.711 expansion tables, byte to 16-bit sample: the values of libsndfile's {@code ulaw_decode} and
 * {@code alaw_decode} arrays, computed here by the ITU-T G.711 expansion rules they tabulate.
 */
final class G711 {
    static final short[] ULAW_TO_16 = new short[256];
    static final short[] ALAW_TO_16 = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_16[code] = (short) expandUlaw(code);
            ALAW_TO_16[code] = (short) expandAlaw(code);
        }
    }

    private G711() {
    }

    private static int expandUlaw(int code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    private static int expandAlaw(int code) {
        int a = code ^ 0x55;
        int segment = (a & 0x70) >> 4;
        int magnitude = (a & 0x0F) << 4;
        if (segment == 0) {
            magnitude += 8;
        } else {
            magnitude = (magnitude + 0x108) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
