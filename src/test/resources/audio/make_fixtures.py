#!/usr/bin/python3
"""Writes the WAV decoding fixtures and what libsndfile makes of each.

Run with Debian's /usr/bin/python3 (packages python3-soundfile, python3-numpy):
    /usr/bin/python3 make_fixtures.py
Each case becomes <case>.wav. manifest.json records, per case, libsndfile's verdict (does it open,
frames, channels, rate, subtype) and our contract: either the expected decode, <case>.f32 (what
soundfile.read(dtype='float32') returns, interleaved, little-endian float32) plus, for several
channels, <case>.mono.f32 (numpy's np.mean(y.T, axis=0), librosa's to_mono), or an error code.
"""
import json
import os
import struct

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20240611)
GUID_TAIL = bytes.fromhex("000000001000800000aa00389b71")


def chunk(cid, payload, pad=True, size=None):
    size = len(payload) if size is None else size
    out = cid + struct.pack("<I", size) + payload
    return out + (b"\0" if pad and len(payload) % 2 else b"")


def fmt(tag, channels, rate, bits, block_align=None, byte_rate=None, extra=b""):
    block_align = channels * ((bits + 7) // 8) if block_align is None else block_align
    byte_rate = rate * block_align if byte_rate is None else byte_rate
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, channels, rate, byte_rate, block_align, bits) + extra)


def fmt_extensible(subtag, channels, rate, bits, valid_bits=None, mask=0, guid_tail=GUID_TAIL):
    ext = struct.pack("<HHI", 22, valid_bits or bits, mask) + struct.pack("<H", subtag) + guid_tail
    return fmt(0xFFFE, channels, rate, bits, extra=ext)


def riff(*chunks, form=b"WAVE", riff_id=b"RIFF", riff_size=None):
    body = form + b"".join(chunks)
    return riff_id + struct.pack("<I", len(body) if riff_size is None else riff_size) + body


def pcm_ints(n, bits):
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    x = RNG.integers(lo, hi, size=n, endpoint=True, dtype=np.int64)
    x[:4] = [lo, hi, 0, -1]
    return x


def s24_bytes(x):
    b = (x.astype(np.int64) & 0xFFFFFF).astype("<u4").tobytes()
    return b"".join(b[i:i + 3] for i in range(0, len(b), 4))


def floats(n):
    x = RNG.standard_normal(n).astype(np.float32) * np.float32(0.4)
    x[:5] = [-0.0, 1.5, -1.0, 1e-40, 3.4e38]
    return x


CASES = {}


def case(name, data, expect_error=None):
    CASES[name] = (data, expect_error)


# Every encoding.
u8 = np.concatenate([np.arange(256), RNG.integers(0, 255, 44, endpoint=True)]).astype(np.uint8)
case("pcm_u8_mono_8000", riff(fmt(1, 1, 8000, 8), chunk(b"data", u8.tobytes())))
case("pcm_16_stereo_44100", riff(fmt(1, 2, 44100, 16), chunk(b"data", pcm_ints(600, 16).astype("<i2").tobytes())))
case("pcm_24_mono_48000", riff(fmt(1, 1, 48000, 24), chunk(b"data", s24_bytes(pcm_ints(301, 24)))))
s32 = pcm_ints(400, 32)
s32[4:8] = [16777217, -16777217, 2147483647 - 63, 2147483647 - 64]
case("pcm_32_mono_16000", riff(fmt(1, 1, 16000, 32), chunk(b"data", s32.astype("<i4").tobytes())))
case("pcm_12bit_in_16_mono_22050", riff(fmt(1, 1, 22050, 12), chunk(b"data", (pcm_ints(200, 12) << 4).astype("<i2").tobytes())))
case("pcm_20bit_in_24_mono_22050", riff(fmt(1, 1, 22050, 20), chunk(b"data", s24_bytes(pcm_ints(200, 20) << 4))))
case("float_stereo_22050", riff(fmt(3, 2, 22050, 32), chunk(b"fact", struct.pack("<I", 150)),
                                chunk(b"data", floats(300).astype("<f4").tobytes())))
f64 = RNG.standard_normal(300) * 0.3
f64[:4] = [1e-300, -0.0, 1.0 + 2.0 ** -30, 0.1]
case("double_mono_11025", riff(fmt(3, 1, 11025, 64), chunk(b"data", f64.astype("<f8").tobytes())))
case("ulaw_mono_8000", riff(fmt(7, 1, 8000, 8, extra=struct.pack("<H", 0)), chunk(b"fact", struct.pack("<I", 256)),
                            chunk(b"data", bytes(range(256)))))
case("alaw_mono_8000", riff(fmt(6, 1, 8000, 8, extra=struct.pack("<H", 0)), chunk(b"fact", struct.pack("<I", 256)),
                            chunk(b"data", bytes(range(256)))))

# WAVE_FORMAT_EXTENSIBLE and many channels.
case("extensible_pcm_16_6ch_48000", riff(fmt_extensible(1, 6, 48000, 16, mask=0x3F),
                                         chunk(b"data", pcm_ints(6 * 100, 16).astype("<i2").tobytes())))
case("extensible_float_3ch_96000", riff(fmt_extensible(3, 3, 96000, 32, mask=0x7),
                                        chunk(b"data", floats(3 * 100).astype("<f4").tobytes())))
case("extensible_pcm_24_2ch_192000", riff(fmt_extensible(1, 2, 192000, 24, mask=0x3),
                                          chunk(b"data", s24_bytes(pcm_ints(2 * 100, 24)))))
case("extensible_pcm_24_in_32_mono_44100", riff(fmt_extensible(1, 1, 44100, 32, valid_bits=24),
                                                chunk(b"data", (pcm_ints(100, 24) << 8).astype("<i4").tobytes())))
case("extensible_ulaw_mono_8000", riff(fmt_extensible(7, 1, 8000, 8), chunk(b"data", bytes(range(256)))))
for ch in (3, 4, 5, 7, 8, 12):
    loud = (RNG.standard_normal((100, ch)) * np.array([10.0 ** (k % 4) for k in range(ch)]) * 30).astype(np.int64)
    case(f"pcm_16_{ch}ch_22050", riff(fmt(1, ch, 22050, 16), chunk(b"data", np.clip(loud, -32768, 32767).astype("<i2").tobytes())))
case("float_8ch_16000", riff(fmt(3, 8, 16000, 32), chunk(b"data", floats(8 * 100).astype("<f4").tobytes())))

# Odd layouts.
list_chunk = chunk(b"LIST", b"INFOISFT" + struct.pack("<I", 5) + b"emol\0")
case("list_before_fmt", riff(list_chunk, fmt(1, 1, 16000, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("data_not_last", riff(fmt(1, 1, 16000, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes()), list_chunk,
                           chunk(b"id3 ", b"ID3abc")))
case("odd_unknown_chunk_padded", riff(chunk(b"junk", b"abc"), fmt(1, 1, 16000, 16),
                                      chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("u8_odd_data_padded_then_list", riff(fmt(1, 1, 8000, 8), chunk(b"data", u8[:201].tobytes()), list_chunk))
case("fmt_size_18", riff(fmt(1, 1, 16000, 16, extra=struct.pack("<H", 0)), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("fmt_size_20_extra", riff(fmt(1, 1, 16000, 16, extra=struct.pack("<HH", 2, 0)), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("riff_size_wrong", riff(fmt(1, 1, 16000, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes()), riff_size=12))
case("riff_size_huge", riff(fmt(1, 1, 16000, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes()), riff_size=0xFFFFFFF0))
case("byte_rate_wrong", riff(fmt(1, 1, 16000, 16, byte_rate=7), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("trailing_partial_frame", riff(fmt(1, 2, 16000, 16), chunk(b"data", pcm_ints(201, 16).astype("<i2").tobytes() + b"\x01")))
case("data_past_eof", riff(fmt(1, 1, 16000, 16))
     + chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes(), size=1000))
case("data_size_ffffffff", riff(fmt(1, 1, 16000, 16))
     + chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes(), size=0xFFFFFFFF))
case("data_past_eof_odd_bytes", riff(fmt(1, 2, 16000, 24))
     + chunk(b"data", s24_bytes(pcm_ints(21, 24)), size=6000, pad=False))
case("rate_7350", riff(fmt(1, 1, 7350, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("rate_1", riff(fmt(1, 1, 1, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("rate_384000", riff(fmt(1, 1, 384000, 16), chunk(b"data", pcm_ints(100, 16).astype("<i2").tobytes())))
case("pcm_16_64ch", riff(fmt(1, 64, 22050, 16), chunk(b"data", pcm_ints(64 * 3, 16).astype("<i2").tobytes())))
# libsndfile ignores the block align field and derives it from channels and sample width; so do we.
case("block_align_wrong", riff(fmt(1, 2, 16000, 16, block_align=3), chunk(b"data", pcm_ints(200, 16).astype("<i2").tobytes())))
# libsndfile ignores the bits field of G.711 data: a sample is always one byte.
case("ulaw_bits_field_16", riff(fmt(7, 1, 16000, 16), chunk(b"data", bytes(range(256)))))

# Errors.
case("empty", b"", "EMPTY_FILE")
case("text_named_wav", b"This is not audio, just a note someone saved as .wav\n", "NOT_RIFF_WAVE")
case("riff_not_wave", riff(fmt(1, 1, 16000, 16), chunk(b"data", b"\0\0"), form=b"AVI "), "NOT_RIFF_WAVE")
case("truncated_riff_header", b"RIFF\x24\x00\x00", "TRUNCATED_HEADER")
case("truncated_fmt", riff(riff_size=28) + b"fmt " + struct.pack("<I", 16) + b"\x01\x00\x01\x00", "TRUNCATED_HEADER")
case("no_fmt", riff(chunk(b"data", b"\0\0" * 50)), "MISSING_FMT")
case("data_before_fmt", riff(chunk(b"data", b"\0\0" * 50), fmt(1, 1, 16000, 16)), "MISSING_FMT")
case("no_data", riff(fmt(1, 1, 16000, 16), list_chunk), "MISSING_DATA")
case("data_zero_bytes", riff(fmt(1, 1, 16000, 16), chunk(b"data", b"")), "MISSING_DATA")
case("data_past_eof_no_frame", riff(fmt(1, 2, 16000, 16)) + chunk(b"data", b"\1\2\3", size=4000, pad=False), "DATA_PAST_EOF")
case("ms_adpcm", riff(fmt(2, 1, 8000, 4, block_align=256, extra=struct.pack("<HH", 2, 500)), chunk(b"data", b"\0" * 256)),
     "UNSUPPORTED_ENCODING")
case("ima_adpcm", riff(fmt(0x11, 1, 8000, 4, block_align=256, extra=struct.pack("<HH", 2, 505)), chunk(b"data", b"\0" * 256)),
     "UNSUPPORTED_ENCODING")
case("mp3_in_wav", riff(fmt(0x55, 1, 44100, 0, block_align=1, extra=struct.pack("<H", 0)), chunk(b"data", b"\xff\xfb" * 64)),
     "UNSUPPORTED_ENCODING")
case("gsm610", riff(fmt(0x31, 1, 8000, 0, block_align=65, extra=struct.pack("<HH", 2, 320)), chunk(b"data", b"\0" * 65)),
     "UNSUPPORTED_ENCODING")
case("unknown_tag", riff(fmt(0x1234, 1, 8000, 16), chunk(b"data", b"\0" * 64)), "UNSUPPORTED_ENCODING")
case("extensible_unknown_guid", riff(fmt_extensible(1, 1, 8000, 16, guid_tail=bytes(14)), chunk(b"data", b"\0" * 64)),
     "UNSUPPORTED_ENCODING")
case("rifx_big_endian", riff(fmt(1, 1, 8000, 16), chunk(b"data", b"\0" * 64), riff_id=b"RIFX"), "UNSUPPORTED_ENCODING")
case("zero_channels", riff(fmt(1, 0, 16000, 16, block_align=2), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
case("zero_rate", riff(fmt(1, 1, 0, 16), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
case("channels_1025", riff(fmt(1, 1025, 16000, 8), chunk(b"data", b"\x80" * 1025 * 2)), "INVALID_FORMAT")
case("channels_65535", riff(fmt(1, 65535, 16000, 8, block_align=65535), chunk(b"data", b"\x80" * 100)), "INVALID_FORMAT")
case("rate_above_int_max", riff(fmt(1, 1, 0x80000000, 16, byte_rate=0), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
case("pcm_bits_0", riff(fmt(1, 1, 16000, 0, block_align=2), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
case("pcm_bits_40", riff(fmt(1, 1, 16000, 40), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
case("float_bits_16", riff(fmt(3, 1, 16000, 16), chunk(b"data", b"\0" * 64)), "INVALID_FORMAT")
nan_data = floats(200)
nan_data[2 * 5 + 1] = np.nan
case("float_nan", riff(fmt(3, 2, 16000, 32), chunk(b"data", nan_data.astype("<f4").tobytes())), "NON_FINITE_SAMPLES")
inf_data = RNG.standard_normal(50)
inf_data[7] = 1e300
case("double_overflows_float", riff(fmt(3, 1, 16000, 64), chunk(b"data", inf_data.astype("<f8").tobytes())), "NON_FINITE_SAMPLES")
case("one_hour_and_one_second_at_1hz", riff(fmt(1, 1, 1, 8), chunk(b"data", b"\x80" * 3601)), "TOO_LONG")


def libsndfile_verdict(path):
    try:
        with sf.SoundFile(path) as f:
            info = {"opens": True, "frames": f.frames, "channels": f.channels, "samplerate": f.samplerate,
                    "subtype": f.subtype}
            y = f.read(dtype="float32", always_2d=True)
            info["frames_read"] = int(y.shape[0])
            return info, y
    except Exception as e:  # libsndfile's refusal is part of the record
        return {"opens": False, "error": str(e).replace(path, "<file>")}, None


def main():
    manifest = {}
    for name, (data, expect_error) in CASES.items():
        path = os.path.join(HERE, name + ".wav")
        with open(path, "wb") as f:
            f.write(data)
        verdict, y = libsndfile_verdict(path)
        entry = {"file": name + ".wav", "libsndfile": verdict}
        if expect_error is None:
            if not verdict["opens"]:
                raise SystemExit(f"{name}: libsndfile rejects a case meant to decode: {verdict}")
            y.astype("<f4").tofile(os.path.join(HERE, name + ".f32"))
            entry["expect"] = {"frames": verdict["frames_read"], "channels": verdict["channels"],
                               "sample_rate": verdict["samplerate"], "encoding": verdict["subtype"],
                               "samples": name + ".f32"}
            if y.shape[1] > 1:
                np.mean(y.T, axis=0).astype("<f4").tofile(os.path.join(HERE, name + ".mono.f32"))
                entry["expect"]["mono"] = name + ".mono.f32"
        else:
            entry["expect"] = {"error": expect_error}
        manifest[name] = entry
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
