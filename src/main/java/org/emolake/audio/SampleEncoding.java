package org.emolake.audio;

/**
 * How a file stores its samples, named as libsndfile names its subtypes. {@link #bytesPerSample()} is 0 for
 * compressed encodings.
 */
public enum SampleEncoding {
    /** Unsigned 8-bit PCM, decoded as (x - 128) / 128. */
    PCM_U8(1),
    /** Signed 16-bit PCM, decoded as x / 2^15. */
    PCM_16(2),
    /** Signed 24-bit PCM, decoded as x / 2^23. */
    PCM_24(3),
    /** Signed 32-bit PCM, decoded as (float) x / 2^31. */
    PCM_32(4),
    /** IEEE 754 single precision, passed through. */
    FLOAT(4),
    /** IEEE 754 double precision, cast to float. */
    DOUBLE(8),
    /** G.711 mu-law, decoded through libsndfile's 16-bit table then / 2^15. */
    ULAW(1),
    /** G.711 A-law, decoded through libsndfile's 16-bit table then / 2^15. */
    ALAW(1),
    /** Signed 8-bit PCM (AIFF, AU, ...). */
    PCM_S8(1),
    /** IMA ADPCM. */
    IMA_ADPCM(0),
    /** Microsoft ADPCM. */
    MS_ADPCM(0),
    /** GSM 6.10. */
    GSM610(0),
    /** Ogg Vorbis. */
    VORBIS(0),
    /** Ogg Opus. */
    OPUS(0),
    /** MPEG-1/2 Layer I. */
    MPEG_LAYER_I(0),
    /** MPEG-1/2 Layer II. */
    MPEG_LAYER_II(0),
    /** MPEG-1/2 Layer III (MP3). */
    MPEG_LAYER_III(0),
    /** Another libsndfile subtype (DPCM, DWVW, G.72x, ALAC, ...). */
    OTHER(0),
    /**
     * A compressed stream (AAC in .m4a/.mp4, ...) decoded by FFmpeg to signed 16-bit PCM at its own rate, then / 2^15:
     * what librosa's audioread fallback reads, named as librosa's golden files name that path.
     */
    AUDIOREAD(0);

    private final int bytesPerSample;

    SampleEncoding(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** The encoding of libsndfile's {@code SF_FORMAT_*} subtype code ({@code format & SF_FORMAT_SUBMASK}). */
    static SampleEncoding ofSndfileSubtype(int subtype) {
        return switch (subtype) {
            case 0x0001 -> PCM_S8;
            case 0x0002 -> PCM_16;
            case 0x0003 -> PCM_24;
            case 0x0004 -> PCM_32;
            case 0x0005 -> PCM_U8;
            case 0x0006 -> FLOAT;
            case 0x0007 -> DOUBLE;
            case 0x0010 -> ULAW;
            case 0x0011 -> ALAW;
            case 0x0012 -> IMA_ADPCM;
            case 0x0013 -> MS_ADPCM;
            case 0x0020 -> GSM610;
            case 0x0060 -> VORBIS;
            case 0x0064 -> OPUS;
            case 0x0080 -> MPEG_LAYER_I;
            case 0x0081 -> MPEG_LAYER_II;
            case 0x0082 -> MPEG_LAYER_III;
            default -> OTHER;
        };
    }

    /** Bytes one sample of one channel occupies in the data chunk. */
    public int bytesPerSample() {
        return bytesPerSample;
    }
}
