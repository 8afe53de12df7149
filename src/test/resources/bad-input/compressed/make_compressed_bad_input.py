#!/usr/bin/python3
"""Writes the hostile compressed-audio corpus for FfmpegDecoderBadInputTest, and cases.json: what each file must give.

Needs Debian's `ffmpeg` and `sox` commands at generation time only (apt-get install ffmpeg sox); the files are
committed, so tests never run these tools.   python3 make_compressed_bad_input.py

The good clips are encoded by FFmpeg's own AAC encoder from sox-synthesised tones; the bad ones are cut or patched
copies of them (box fields rewritten in place), plus non-audio inputs. cases.json uses the schema of ../cases.json:
status "ok" or "error", the error code, and a phrase the message must contain.
"""
import json
import os
import random
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20261204)
CASES = []
BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write(name, data, what, code=None, phrase=None):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    CASES.append({"file": name, "what": what, "status": "ok" if code is None else "error",
                  "error_code": code, "message_contains": phrase})


def tone_wav(tmp, rate, channels, seconds):
    path = os.path.join(tmp, "tone_%d_%d.wav" % (rate, channels))
    run("sox", "-D", "-n", "-r", str(rate), "-c", str(channels), "-b", "16", path,
        "synth", str(seconds), "sine", "180-260", "sine", "400", "remix", "-", "gain", "-6") if channels == 1 else \
        run("sox", "-D", "-n", "-r", str(rate), "-c", str(channels), "-b", "16", path,
            "synth", str(seconds), "sine", "180-260", "sine", "400", "gain", "-6")
    return path


def encode(tmp, wav, name, *extra):
    path = os.path.join(tmp, name)
    run("ffmpeg", "-y", "-i", wav, "-c:a", "aac", "-b:a", "48k", *BITEXACT, *extra, path)
    with open(path, "rb") as f:
        return f.read()


def box(data, fourcc, start=0):
    """Offset of the first box type `fourcc` at or after `start` (the four type bytes, not the size)."""
    at = data.find(fourcc, start)
    if at < 4:
        raise ValueError("no %r box" % fourcc)
    return at


def patch(data, offset, fmt, *values):
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, *values)
    return bytes(out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        mono = tone_wav(tmp, 16000, 1, 1.0)
        stereo = tone_wav(tmp, 44100, 2, 1.0)
        m4a = encode(tmp, mono, "mono.m4a")                                   # moov after mdat
        fast = encode(tmp, stereo, "stereo.m4a", "-movflags", "+faststart")   # moov before mdat
        adts = encode(tmp, mono, "mono.aac", "-f", "adts")
        with open(mono, "rb") as f:
            wav = f.read()
        video = os.path.join(tmp, "video.mp4")
        run("ffmpeg", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1", "-c:v", "mpeg4",
            *BITEXACT[:2], "-map_metadata", "-1", video)
        with open(video, "rb") as f:
            video_only = f.read()
    write("good_mono_16000.m4a", m4a, "good: 1 s AAC-LC mono 16 kHz, moov after mdat")
    write("good_stereo_44100_faststart.m4a", fast, "good: 1 s AAC-LC stereo 44.1 kHz, moov first")
    write("good_mono_16000.aac", adts, "good: 1 s AAC-LC mono 16 kHz in a raw ADTS stream")
    write("wav_named.m4a", wav, "wrong extension: a WAV file named .m4a (read by content)")
    write("m4a_named.wav", m4a, "wrong extension: an M4A file named .wav (read by content)")
    write("empty.m4a", b"", "zero-length file", "EMPTY_FILE", "empty")
    write("text.m4a", b"This is not audio, just text with an audio extension.\n" * 4, "text named .m4a",
          "UNSUPPORTED_FORMAT", "recognises no audio container")
    write("video_only.mp4", video_only, "an MP4 with one video stream and no audio", "UNSUPPORTED_FORMAT",
          "no audio stream")
    write("truncated_moov_at_end.m4a", m4a[: len(m4a) // 2], "cut in half: the moov box (after mdat) is lost",
          "CORRUPT_STREAM", "mov,mp4,m4a,3gp,3g2,mj2 container")
    write("truncated_in_header.m4a", fast[:40], "cut 40 bytes in, inside the ftyp/moov boxes", "CORRUPT_STREAM",
          "no stream at all")
    moov_end = box(fast, b"mdat") - 4
    write("truncated_faststart.m4a", fast[: moov_end + (len(fast) - moov_end) // 2],
          "moov first, cut in the middle of the audio data", "CORRUPT_STREAM", "truncated")
    write("truncated.aac", adts[: len(adts) // 2 + 3], "raw ADTS stream cut inside a frame", "CORRUPT_STREAM",
          "truncated")
    mdat = box(fast, b"mdat") + 4
    garbage = bytes(RNG.randrange(256) for _ in range(len(fast) - mdat))
    write("garbage_payload.m4a", fast[:mdat] + garbage, "valid boxes, random bytes where the AAC frames are",
          "CORRUPT_STREAM", "decoder rejects")
    stsz = box(fast, b"stsz")
    # stsz: version/flags, sample_size, sample_count, then one 32-bit size per sample.
    sizes = bytearray(fast)
    count = struct.unpack_from(">I", fast, stsz + 12)[0]
    for i in range(count):
        struct.pack_into(">I", sizes, stsz + 16 + 4 * i, 0x7FFFFFF0)
    write("sample_sizes_past_eof.m4a", bytes(sizes), "every sample size in stsz claims 2 GB", "CORRUPT_STREAM",
          "the header announces 1.000 s")
    stts = box(fast, b"stts")
    stsc = box(fast, b"stsc")
    stco = box(fast, b"stco")
    # Empty sample tables (stts, stsc, stsz, stco entry counts 0) and mdhd/mvhd durations 0: a track of no samples.
    empty = patch(patch(patch(patch(fast, stts + 8, ">I", 0), stsc + 8, ">I", 0), stsz + 12, ">I", 0),
                  stco + 8, ">I", 0)
    empty = patch(patch(empty, box(fast, b"mdhd") + 20, ">I", 0), box(fast, b"mvhd") + 20, ">I", 0)
    write("zero_samples.m4a", empty, "an M4A whose AAC track holds no samples", "TOO_SHORT", "0 samples")
    mp4a = box(fast, b"mp4a")
    # mp4a sample entry: 6 reserved + 2 data-reference bytes, 8 version/vendor bytes, then channel count (16 bit),
    # sample size, compression id, packet size, sample rate (16.16 fixed point).
    write("channels_65535.m4a", patch(fast, mp4a + 20, ">H", 65535),
          "the sample entry claims 65535 channels (the AAC config says 2)", None, None)
    mdhd = box(fast, b"mdhd")
    # mdhd version 0: version/flags, creation, modification, timescale, duration (32 bit each).
    write("rate_zero.m4a", patch(patch(fast, mp4a + 28, ">I", 0), mdhd + 16, ">I", 0),
          "sample rate 0 in the sample entry and time scale 0 in mdhd (FFmpeg assumes 1 Hz and plays 1024 samples)",
          "CORRUPT_STREAM", "the header announces 1.000 s")
    mvhd = box(fast, b"mvhd")
    giant = patch(patch(fast, mvhd + 20, ">I", 0xFFFFFFFF), mdhd + 20, ">I", 0xFFFFFFFF)
    write("giant_header_duration.m4a", giant, "mvhd and mdhd claim 2^32-1 ticks, the sample table 1 s: FFmpeg takes"
          " the track's length from its sample table, nothing is allocated for the claim")
    # stts: version/flags, entry count, then (sample count, sample delta) pairs: each AAC frame now lasts 2^31 ticks.
    write("giant_sample_durations.m4a", patch(fast, box(fast, b"stts") + 16, ">I", 0x7FFFFFFF),
          "stts gives every frame 2^31 ticks (about 24 days); the edit list still plays 1 s, of which nothing is left",
          "CORRUPT_STREAM", "the packets decode to 0.000 s")
    # elst version 0: version/flags, entry count, then segment duration (movie time scale), media time, rate.
    write("giant_edit_duration.m4a", patch(fast, box(fast, b"elst") + 12, ">I", 0xFFFFFFFF),
          "the edit list plays 2^32-1 movie ticks (about 50 days); the sample table, 1 s, bounds the track")
    # FFmpeg bounds an MP4 track by its sample table, whatever mvhd, mdhd or elst claim (giant_header_duration.m4a),
    # and a WAV data chunk by the file's size: 8-bit mono at 8 kHz whose data chunk claims 4 GB (about 6 days) is a
    # truncated stream, not a long one. (TOO_LONG from a header: FfmpegDecoderTest, with a short limit.)
    data = wav.index(b"data")
    giant_wav = patch(patch(wav, 24, "<IIHH", 8000, 8000, 1, 8), data + 4, "<I", 0xFFFFFFF0)
    write("giant_wav_header.m4a", giant_wav, "a WAV named .m4a whose data chunk claims 4 GB at 8000 bytes/s",
          "CORRUPT_STREAM", "truncated")
    esds = box(fast, b"esds")
    asc = fast.index(b"\x05", esds + 4 + 4 + 10)  # DecoderSpecificInfo tag after ES and decoder-config descriptors
    length_bytes = 1
    while fast[asc + length_bytes] & 0x80:
        length_bytes += 1
    config = asc + 1 + length_bytes
    # AudioSpecificConfig: 5 bits object type, 4 bits sampling-frequency index, 4 bits channel configuration.
    first, second = fast[config], fast[config + 1]
    bad_index = bytes([(first & 0xF8) | 0x06, (second & 0x7F) | 0x80])  # index 13: reserved
    write("aac_config_reserved_rate.m4a", fast[:config] + bad_index + fast[config + 2:],
          "AudioSpecificConfig with the reserved sampling-frequency index 13", "CORRUPT_STREAM", "aac")

    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
