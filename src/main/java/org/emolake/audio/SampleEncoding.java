package org.emolake.audio;

/** How the samples of a WAV file are stored, named as libsndfile names its subtypes. */
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
    /**
     * A compressed stream (AAC in .m4a/.mp4, ...) decoded by FFmpeg to signed 16-bit PCM at its own rate, then / 2^15:
     * what librosa's audioread fallback reads, named as librosa's golden files name that path.
     */
    AUDIOREAD(2);

    private final int bytesPerSample;

    SampleEncoding(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** Bytes one sample of one channel occupies in the data chunk. */
    public int bytesPerSample() {
        return bytesPerSample;
    }
}
