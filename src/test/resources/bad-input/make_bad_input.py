#!/usr/bin/python3
"""Writes the bad-input corpus: small WAV (and not-WAV) files and cases.json, what each must give.

Standard library only:  python3 make_bad_input.py   (rewrites every file here, byte for byte the same).

cases.json lists, per file, the contract checked by BadInputCorpusTest (ScoringEngine.score on the bytes)
and FeaturesBadInputTest (`emolake features` on the files): status "ok" or "error", the error code, and a
phrase the message must contain. Path-level cases (missing path, folder, unreadable file, symbolic-link loop,
FIFO, file changing size while read) cannot be committed as files: the tests make them at run time.
"""
import json
import math
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20250605)


def chunk(cid, payload, size=None):
    size = len(payload) if size is None else size
    return cid + struct.pack("<I", size) + payload + (b"\0" if len(payload) % 2 else b"")


def fmt(tag, channels, rate, bits, extra=b""):
    block_align = channels * ((bits + 7) // 8) & 0xFFFF  # wraps for 65535 channels: decoders ignore it
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, channels, rate, rate * block_align & 0xFFFFFFFF, block_align, bits) + extra)


def riff(*chunks, form=b"WAVE"):
    body = form + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def speechlike(n, rate):
    """A deterministic voiced-ish signal in [-0.8, 0.8]: two harmonics with vibrato plus a little noise."""
    out = []
    for i in range(n):
        t = i / rate
        f0 = 140 + 20 * math.sin(2 * math.pi * 3 * t)
        v = 0.5 * math.sin(2 * math.pi * f0 * t) + 0.2 * math.sin(2 * math.pi * 2.1 * f0 * t)
        out.append(max(-0.8, min(0.8, v + 0.05 * (RNG.random() - 0.5))))
    return out


def pcm16(samples):
    return b"".join(struct.pack("<h", int(round(s * 32767))) for s in samples)


def float32(samples):
    return b"".join(struct.pack("<f", s) for s in samples)


def linear_to_ulaw(s):
    """G.711 mu-law encoder (ITU-T reference, 14-bit magnitude with bias 33)."""
    v = int(round(s * 8159))
    sign = 0x80 if v < 0 else 0
    v = min(abs(v) + 33, 8191)
    exponent = max(0, v.bit_length() - 6)
    mantissa = (v >> (exponent + 1)) & 0x0F
    return ~(sign | exponent << 4 | mantissa) & 0xFF


def linear_to_alaw(s):
    """G.711 A-law encoder (13-bit)."""
    v = int(round(s * 4095))
    sign = 0x80 if v >= 0 else 0
    v = min(abs(v), 4095)
    if v < 32:
        code = v >> 1
    else:
        exponent = v.bit_length() - 5
        code = exponent << 4 | ((v >> exponent) & 0x0F)
    return (sign | code) ^ 0x55


CASES = []


def case(name, data, status, code=None, message=None, what=""):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    CASES.append({"file": name, "what": what, "status": status, "error_code": code, "message_contains": message})


def main():
    half = speechlike(11025, 22050)
    good_a = riff(fmt(1, 1, 22050, 16), chunk(b"data", pcm16(half)))
    case("good_a.wav", good_a, "ok", what="good: 0.5 s PCM 16 mono 22050 Hz")
    stereo = speechlike(8000, 16000)
    case("good_b.wav", riff(fmt(1, 2, 16000, 16), chunk(b"data", b"".join(
        struct.pack("<hh", int(s * 30000), int(-s * 20000)) for s in stereo))), "ok",
        what="good: 0.5 s PCM 16 stereo 16000 Hz")

    case("empty.wav", b"", "error", "EMPTY_FILE", "empty", "empty file")
    case("text.wav", b"This is a text file, not audio.\nIt is named .wav all the same.\n", "error",
         "NOT_RIFF_WAVE", "not a RIFF/WAVE file", "text file named .wav")
    case("riff_avi.wav", riff(chunk(b"avih", b"\0" * 56), form=b"AVI "), "error", "NOT_RIFF_WAVE",
         "not WAVE", "RIFF but not WAVE (an AVI header)")
    case("truncated_riff.wav", good_a[:7], "error", "TRUNCATED_HEADER", "shorter than a RIFF/WAVE header",
         "truncated header: 7 bytes")
    case("truncated_fmt.wav", good_a[:28], "error", "TRUNCATED_HEADER", "inside the fmt chunk",
         "truncated header: ends inside fmt")
    case("no_fmt.wav", riff(chunk(b"data", pcm16(half[:256]))), "error", "MISSING_FMT", "fmt",
         "fmt chunk missing")
    case("data_past_eof.wav", riff(fmt(1, 1, 22050, 16), chunk(b"data", pcm16(half), size=10 * 22050 * 2)),
         "ok", what="data chunk says 10 s, file holds 0.5 s: decoded as libsndfile does (what is there)")
    case("data_past_eof_no_frame.wav", riff(fmt(1, 2, 22050, 16), chunk(b"data", b"\1\2", size=100000)),
         "error", "DATA_PAST_EOF", "less than one frame", "data chunk past end of file, not one frame present")
    case("data_size_4gb.wav", riff(fmt(1, 1, 22050, 16), chunk(b"data", pcm16(half), size=0xFFFFFFFF)),
         "ok", what="data size 4 GB (0xFFFFFFFF) on a 22 KB file: clamped, nothing big allocated")
    case("zero_channels.wav", riff(fmt(1, 0, 22050, 16), chunk(b"data", pcm16(half[:256]))), "error",
         "INVALID_FORMAT", "channel count is zero", "zero channels")
    case("zero_rate.wav", riff(fmt(1, 1, 0, 16), chunk(b"data", pcm16(half[:256]))), "error",
         "INVALID_FORMAT", "sample rate 0 Hz", "0 Hz")
    case("channels_65535.wav", riff(fmt(1, 65535, 22050, 16), chunk(b"data", pcm16(half[:256]))), "error",
         "INVALID_FORMAT", "65535 channels", "65535 channels: the most a 16-bit field holds (1,000,000 cannot be written)")
    tone8k = speechlike(4000, 8000)
    case("ulaw.wav", riff(fmt(7, 1, 8000, 8), chunk(b"data", bytes(linear_to_ulaw(s) for s in tone8k))), "ok",
         what="mu-law (G.711): decoded as libsndfile does")
    case("alaw.wav", riff(fmt(6, 1, 8000, 8), chunk(b"data", bytes(linear_to_alaw(s) for s in tone8k))), "ok",
         what="A-law (G.711): decoded as libsndfile does")
    adpcm_extra = struct.pack("<HH", 2, 505)
    case("ima_adpcm.wav", riff(fmt(0x11, 1, 22050, 4, extra=adpcm_extra), chunk(b"data", bytes(RNG.randrange(256)
         for _ in range(2048)))), "error", "UNSUPPORTED_ENCODING", "IMA ADPCM", "IMA ADPCM")
    case("ms_adpcm.wav", riff(fmt(0x02, 1, 22050, 4, extra=struct.pack("<HH", 32, 1012) + b"\0" * 28),
         chunk(b"data", bytes(RNG.randrange(256) for _ in range(2048)))), "error", "UNSUPPORTED_ENCODING",
         "Microsoft ADPCM", "Microsoft ADPCM")
    case("mp3_in_wav.wav", riff(fmt(0x55, 1, 22050, 0, extra=struct.pack("<HHIHHH", 12, 1, 2, 417, 1, 1393)),
         chunk(b"data", b"\xff\xfb\x90\x64" + bytes(RNG.randrange(256) for _ in range(1000)))), "error",
         "UNSUPPORTED_ENCODING", "MPEG Layer 3", "MP3 in WAV")
    case("odd_bytes.wav", riff(fmt(1, 1, 22050, 16), chunk(b"data", pcm16(half) + b"\x7f")), "ok",
         what="odd data byte count (16-bit, one stray byte, padded): the partial frame is dropped")
    case("odd_bytes_stereo24.wav", riff(fmt(1, 2, 22050, 24), chunk(b"data", b"".join(
         struct.pack("<i", int(s * 8000000))[:3] * 2 for s in half) + b"\1\2\3\4\5")), "ok",
         what="odd byte count: 24-bit stereo with a 5-byte trailing partial frame")
    nan = float32(half[:2048])
    nan = nan[:4000] + struct.pack("<f", float("nan")) + nan[4004:]
    case("float_nan.wav", riff(fmt(3, 1, 22050, 32), chunk(b"data", nan)), "error", "NON_FINITE_SAMPLES",
         "NaN", "NaN in float WAV")
    inf = float32(half[:4096])
    inf = inf[:8000] + struct.pack("<f", float("inf")) + inf[8004:]
    case("float_inf.wav", riff(fmt(3, 1, 22050, 32), chunk(b"data", inf)), "error", "NON_FINITE_SAMPLES",
         "Infinity", "+Inf in float WAV")
    case("float_near_max_stereo.wav", riff(fmt(3, 2, 22050, 32), chunk(b"data", float32([3.0e38] * 2 * 256))),
         "error", "NON_FINITE_SAMPLES", "overflows",
         "finite float samples (3e38) whose stereo-to-mono mean overflows float32 (kind of Jazzer finding 1)")
    case("silence.wav", riff(fmt(1, 1, 22050, 16), chunk(b"data", b"\0" * 2 * 22050)), "ok",
         what="all-zero audio, 1 s: scores, as librosa gives finite features for it")
    case("too_short.wav", riff(fmt(1, 1, 22050, 16), chunk(b"data", pcm16(half[:4000]))), "error", "TOO_SHORT",
         "4096", "4000 samples at 22050 Hz (under 4096)")
    case("five_hours_at_1hz.wav", riff(fmt(1, 1, 1, 8), chunk(b"data", bytes(128 + (i % 7) for i in range(18000)))),
         "error", "TOO_LONG", "above the limit", "5 hours (18000 frames at 1 Hz), above the 4-hour default limit")

    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
