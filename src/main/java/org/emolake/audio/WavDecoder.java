package org.emolake.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a RIFF/WAVE file to float samples exactly as libsndfile 1.2 does for {@code sf_read_float}
 * (the call soundfile, and so {@code librosa.load}, makes).
 *
 * <p>What is mirrored: chunks may come in any order and {@code data} need not be last; unknown chunks
 * are skipped with their pad byte; a {@code data} chunk that claims more bytes than the file holds is
 * clamped to the file and a trailing partial frame is ignored; the {@code fmt } block align and byte
 * rate fields are ignored (the frame size is channels times sample width, as in libsndfile); PCM bit
 * depths round up to whole bytes (12-bit reads as PCM_16); at most 1024 channels (libsndfile's
 * {@code SF_MAX_CHANNELS}); integers are scaled in float32 as libsndfile's {@code pcm.c},
 * {@code ulaw.c} and {@code alaw.c} do. What is stricter than libsndfile, by design: compressed
 * encodings (ADPCM, GSM, MP3, ...) are rejected, as are NaN or infinite samples, a file without a
 * complete frame, and clips longer than a limit.
 */
final class WavDecoder {
    /** libsndfile's SF_MAX_CHANNELS. */
    static final int MAX_CHANNELS = 1024;

    private static final int WAVE_FORMAT_PCM = 0x0001;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    private static final int WAVE_FORMAT_ALAW = 0x0006;
    private static final int WAVE_FORMAT_MULAW = 0x0007;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID whose first two bytes are a format tag. */
    private static final byte[] SUBTYPE_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private static final float SCALE_8 = 1.0f / 0x80;
    private static final float SCALE_16 = 1.0f / 0x8000;
    private static final float SCALE_32 = 1.0f / 0x80000000L;

    private WavDecoder() {
    }

    /**
     * Decodes the bytes between {@code wav.position()} and {@code wav.limit()}; the buffer itself is
     * not modified.
     *
     * @param maxDurationSeconds clips with more frames than this many seconds are rejected before
     *                           their samples are allocated
     */
    static DecodedWav decode(ByteBuffer wav, String name, double maxDurationSeconds) throws AudioException {
        ByteBuffer bytes = wav.slice().order(ByteOrder.LITTLE_ENDIAN);
        Layout layout = Layout.read(new BufferBytes(bytes), name);
        checkDuration(layout, name, maxDurationSeconds);
        long frames = layout.frames();
        // frames * channels <= file size / bytes per sample, so it fits an int unless the input is over 2 GB.
        long count = frames * layout.channels();
        if (count > Integer.MAX_VALUE - 8) {
            throw new AudioException(ErrorCode.TOO_LONG, name, count + " samples do not fit in one array");
        }
        ByteBuffer data = bytes.duplicate().position((int) layout.dataOffset())
                .limit((int) (layout.dataOffset() + frames * layout.frameBytes())).slice().order(ByteOrder.LITTLE_ENDIAN);
        ClipDeadline.check();
        float[] samples = new float[(int) count];
        convert(data, layout.encoding(), samples);
        ClipDeadline.check();
        layout.checkFinite(samples, name);
        return new DecodedWav(samples, layout.channels(), layout.sampleRate(), (int) frames, layout.encoding());
    }

    /** A clip with more frames than {@code maxDurationSeconds} allows is {@link ErrorCode#TOO_LONG}. */
    static void checkDuration(Layout layout, String name, double maxDurationSeconds) throws AudioException {
        double seconds = (double) layout.frames() / layout.sampleRate();
        if (seconds > maxDurationSeconds) {
            throw new AudioException(ErrorCode.TOO_LONG, name, String.format(
                    "%d frames at %d Hz last %.1f s, above the limit of %.1f s",
                    layout.frames(), layout.sampleRate(), seconds, maxDurationSeconds));
        }
    }

    /** Random access to a file's bytes: a buffer in memory or a seekable channel. */
    interface Bytes {
        long length() throws AudioException;

        /** Up to {@code count} bytes from {@code offset} (fewer at the end), little-endian, from position 0. */
        ByteBuffer read(long offset, int count) throws AudioException;
    }

    private record BufferBytes(ByteBuffer bytes) implements Bytes {
        @Override
        public long length() {
            return bytes.remaining();
        }

        @Override
        public ByteBuffer read(long offset, int count) {
            int n = (int) Math.max(0, Math.min(count, bytes.remaining() - offset));
            return bytes.slice((int) offset, n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Where a RIFF/WAVE file keeps its samples and how, read from its chunks (no sample is read).
     *
     * @param dataOffset where the first frame starts
     * @param frames     complete frames in the data chunk, clamped to the file
     */
    record Layout(int channels, int sampleRate, SampleEncoding encoding, long dataOffset, long frames) {
        int frameBytes() {
            return channels * encoding.bytesPerSample();
        }

        static Layout read(Bytes bytes, String name) throws AudioException {
            long length = bytes.length();
            if (length == 0) {
                throw new AudioException(ErrorCode.EMPTY_FILE, name, "file is empty (0 bytes)");
            }
            checkRiffHeader(bytes.read(0, 12), length, name);

            Format format = null;
            long dataOffset = -1;
            long dataDeclared = 0;
            long position = 12;
            while (position + 8 <= length) {
                ByteBuffer header = bytes.read(position, 8);
                String id = fourCc(header, 0);
                long size = Integer.toUnsignedLong(header.getInt(4));
                long body = position + 8;
                if (id.equals("fmt ")) {
                    format = Format.parse(bytes.read(body, (int) Math.min(size, 40)), size, length - body, name);
                } else if (id.equals("data")) {
                    if (format == null) {
                        throw new AudioException(ErrorCode.MISSING_FMT, name, "data chunk comes before any fmt chunk");
                    }
                    dataOffset = body;
                    dataDeclared = size;
                    break;
                }
                // RIFF chunks are word aligned: an odd-sized chunk is followed by one pad byte.
                position = body + size + (size & 1);
            }
            if (format == null) {
                throw new AudioException(ErrorCode.MISSING_FMT, name, "no fmt chunk");
            }
            if (dataOffset < 0) {
                throw new AudioException(ErrorCode.MISSING_DATA, name, "no data chunk");
            }

            SampleEncoding encoding = format.encoding(name);
            long frameBytes = (long) format.channels * encoding.bytesPerSample();
            long available = Math.min(dataDeclared, length - dataOffset);
            long frames = available / frameBytes;
            if (frames == 0) {
                if (dataDeclared > available) {
                    throw new AudioException(ErrorCode.DATA_PAST_EOF, name, "data chunk declares " + dataDeclared
                            + " bytes but the file ends after " + available + ", less than one frame of " + frameBytes);
                }
                throw new AudioException(ErrorCode.MISSING_DATA, name,
                        "data chunk holds " + available + " bytes, less than one frame of " + frameBytes);
            }
            return new Layout(format.channels, (int) format.sampleRate, encoding, dataOffset, frames);
        }

        /** The interleaved samples of {@code frameCount} frames from {@code startFrame} (fewer at the end). */
        float[] readFrames(Bytes bytes, long startFrame, long frameCount, String name) throws AudioException {
            long count = Math.max(0, Math.min(frameCount, frames - startFrame));
            if ((long) frameBytes() * count > Integer.MAX_VALUE - 8) {
                throw new AudioException(ErrorCode.TOO_LONG, name, count + " frames do not fit in one array");
            }
            ByteBuffer data = count == 0 ? ByteBuffer.allocate(0)
                    : bytes.read(dataOffset + startFrame * frameBytes(), (int) (count * frameBytes()));
            float[] samples = new float[data.remaining() / frameBytes() * channels];
            convert(data, encoding, samples);
            checkFinite(samples, name);
            return samples;
        }

        void checkFinite(float[] samples, String name) throws AudioException {
            if (encoding == SampleEncoding.FLOAT || encoding == SampleEncoding.DOUBLE) {
                WavDecoder.checkFinite(samples, channels, name);
            }
        }
    }

    private static void checkRiffHeader(ByteBuffer head, long length, String name) throws AudioException {
        String riff = fourCc(head, 0);
        if (length < 12) {
            boolean riffPrefix = "RIFF".startsWith(riff.substring(0, (int) Math.min(4, length)));
            if (riffPrefix) {
                throw new AudioException(ErrorCode.TRUNCATED_HEADER, name,
                        "file is " + length + " bytes, shorter than a RIFF/WAVE header (12)");
            }
            throw new AudioException(ErrorCode.NOT_RIFF_WAVE, name, "not a RIFF/WAVE file (" + length + " bytes)");
        }
        switch (riff) {
            case "RIFF":
                break;
            case "RIFX":
                throw new AudioException(ErrorCode.UNSUPPORTED_ENCODING, name, "big-endian RIFX container");
            case "RF64":
                throw new AudioException(ErrorCode.UNSUPPORTED_ENCODING, name, "RF64 container");
            default:
                throw new AudioException(ErrorCode.NOT_RIFF_WAVE, name,
                        "not a RIFF/WAVE file (starts with \"" + printable(riff) + "\")");
        }
        String form = fourCc(head, 8);
        if (!form.equals("WAVE")) {
            throw new AudioException(ErrorCode.NOT_RIFF_WAVE, name,
                    "RIFF form type is \"" + printable(form) + "\", not WAVE");
        }
    }

    private static void convert(ByteBuffer data, SampleEncoding encoding, float[] out) {
        int n = out.length;
        switch (encoding) {
            case PCM_U8:
                for (int i = 0; i < n; i++) {
                    out[i] = ((data.get(i) & 0xFF) - 128) * SCALE_8;
                }
                break;
            case PCM_16:
                for (int i = 0; i < n; i++) {
                    out[i] = data.getShort(2 * i) * SCALE_16;
                }
                break;
            case PCM_24:
                for (int i = 0, p = 0; i < n; i++, p += 3) {
                    // libsndfile puts the three bytes in the top of an int, then scales by 2^-31.
                    int value = (data.get(p) & 0xFF) << 8 | (data.get(p + 1) & 0xFF) << 16 | data.get(p + 2) << 24;
                    out[i] = (float) value * SCALE_32;
                }
                break;
            case PCM_32:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getInt(4 * i) * SCALE_32;
                }
                break;
            case FLOAT:
                data.asFloatBuffer().get(out);
                break;
            case DOUBLE:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getDouble(8 * i);
                }
                break;
            case ULAW:
                decodeTable(data, G711.ULAW_TO_16, out);
                break;
            case ALAW:
                decodeTable(data, G711.ALAW_TO_16, out);
                break;
            default:
                throw new AssertionError(encoding);
        }
    }

    private static void decodeTable(ByteBuffer data, short[] table, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = SCALE_16 * table[data.get(i) & 0xFF];
        }
    }

    private static void checkFinite(float[] samples, int channels, String name) throws AudioException {
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new AudioException(ErrorCode.NON_FINITE_SAMPLES, name, "sample " + samples[i]
                        + " at frame " + i / channels + ", channel " + i % channels);
            }
        }
    }

    private static String fourCc(ByteBuffer bytes, int offset) {
        int end = Math.min(offset + 4, bytes.limit());
        byte[] id = new byte[Math.max(0, end - offset)];
        bytes.get(offset, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    /** The fields of a {@code fmt } chunk that decoding needs. */
    private record Format(int tag, int channels, long sampleRate, int bitsPerSample, int subformatTag) {
        /**
         * @param b         the chunk's first bytes (up to 40), from position 0
         * @param size      the size the chunk declares
         * @param available bytes in the file from the chunk's body on
         */
        static Format parse(ByteBuffer b, long size, long available, String name) throws AudioException {
            if (size < 16) {
                throw new AudioException(ErrorCode.INVALID_FORMAT, name, "fmt chunk is " + size + " bytes, under 16");
            }
            if (16 > available) {
                throw new AudioException(ErrorCode.TRUNCATED_HEADER, name, "file ends inside the fmt chunk");
            }
            int at = 0;
            int tag = b.getShort(at) & 0xFFFF;
            int channels = b.getShort(at + 2) & 0xFFFF;
            long rate = Integer.toUnsignedLong(b.getInt(at + 4));
            int bits = b.getShort(at + 14) & 0xFFFF;
            int subformatTag = -1;
            if (tag == WAVE_FORMAT_EXTENSIBLE) {
                if (size < 40 || 40 > available) {
                    throw new AudioException(size < 40 ? ErrorCode.INVALID_FORMAT : ErrorCode.TRUNCATED_HEADER, name,
                            "WAVE_FORMAT_EXTENSIBLE fmt chunk is " + Math.min(size, available) + " bytes, under 40");
                }
                byte[] tail = new byte[SUBTYPE_GUID_TAIL.length];
                b.get(at + 26, tail);
                subformatTag = Arrays.equals(tail, SUBTYPE_GUID_TAIL) ? b.getShort(at + 24) & 0xFFFF : 0;
            }
            if (channels == 0) {
                throw new AudioException(ErrorCode.INVALID_FORMAT, name, "channel count is zero");
            }
            if (channels > MAX_CHANNELS) {
                throw new AudioException(ErrorCode.INVALID_FORMAT, name,
                        channels + " channels, above the limit of " + MAX_CHANNELS);
            }
            if (rate == 0 || rate > Integer.MAX_VALUE) {
                throw new AudioException(ErrorCode.INVALID_FORMAT, name, "sample rate " + rate + " Hz");
            }
            return new Format(tag, channels, rate, bits, subformatTag);
        }

        SampleEncoding encoding(String name) throws AudioException {
            int effective = tag == WAVE_FORMAT_EXTENSIBLE ? subformatTag : tag;
            switch (effective) {
                case WAVE_FORMAT_PCM:
                    // libsndfile stores n-bit PCM in ceil(n / 8) bytes and decodes by that width.
                    switch ((bitsPerSample + 7) / 8) {
                        case 1: return SampleEncoding.PCM_U8;
                        case 2: return SampleEncoding.PCM_16;
                        case 3: return SampleEncoding.PCM_24;
                        case 4: return SampleEncoding.PCM_32;
                        default: throw invalidBits("PCM", name);
                    }
                case WAVE_FORMAT_IEEE_FLOAT:
                    if (bitsPerSample == 32) {
                        return SampleEncoding.FLOAT;
                    }
                    if (bitsPerSample == 64) {
                        return SampleEncoding.DOUBLE;
                    }
                    throw invalidBits("IEEE float", name);
                case WAVE_FORMAT_ALAW:
                    return SampleEncoding.ALAW;
                case WAVE_FORMAT_MULAW:
                    return SampleEncoding.ULAW;
                default:
                    throw new AudioException(ErrorCode.UNSUPPORTED_ENCODING, name, tag == WAVE_FORMAT_EXTENSIBLE
                            ? "WAVE_FORMAT_EXTENSIBLE with " + (effective == 0 ? "an unknown sub-format GUID"
                                    : "sub-format " + FormatTags.describe(effective))
                            : FormatTags.describe(effective));
            }
        }

        private AudioException invalidBits(String kind, String name) {
            return new AudioException(ErrorCode.INVALID_FORMAT, name, kind + " with " + bitsPerSample + " bits per sample");
        }
    }
}
