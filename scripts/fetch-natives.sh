#!/usr/bin/env bash
# Fetches the native libraries bundled in the jar (libsoxr, libsndfile and the codecs libsndfile links) from
# Debian 12's own builds, checks each package's SHA-256, and extracts the shared objects, named by their sonames,
# with each package's copyright file into src/main/resources/native/linux-x86_64/. Debian 12 is what the parity
# with librosa was measured against (libsndfile 1.2.0, libsoxr 0.1.3). Needs apt-get and dpkg-deb (any Debian or
# Ubuntu); glibc, libm and libstdc++ are not bundled: they are the system's. See docs/THIRD_PARTY.md.
# If a pinned version has left the mirror, fetch the same file from https://snapshot.debian.org/ (the checksum
# still decides) and rerun with DEBS=<folder holding the .deb files>.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/main/resources/native/linux-x86_64

# package=version  sha256-of-the-.deb  soname(s) to keep ("-": only its copyright file, here libgomp1's, which
# Debian ships in gcc-12-base)
PACKAGES=(
  "libsoxr0=0.1.3-4                 73a9f1a290da86562333430517c3f44282f17fcbeefcc2ba7f8abbc2e686f6f3 libsoxr.so.0"
  "libgomp1=12.2.0-14+deb12u1       48fec46bda7f5b1638b9e959889bfbc20491247d402d120bb152687eb48143d7 libgomp.so.1"
  "gcc-12-base=12.2.0-14+deb12u1    1896a2aacf4ad681ff5eacc24a5b0ca4d5d9c9b9c9e4b6de5197bc1e116ea619 -"
  "libsndfile1=1.2.0-1+deb12u1      02dc3f08fe8476e82e005f412e3b7289ff641180f33a9be8073f4bde61c85e8e libsndfile.so.1"
  "libflac12=1.4.2+ds-2             4d8431c274eef13ec9ee2c0bf988c34b4342367dec053b7f69a432525be5b1fe libFLAC.so.12"
  "libvorbis0a=1.3.7-1              01c14f9d1109650077a4c5c337c285476a6932d4d448f5a190c2b845724dbf21 libvorbis.so.0"
  "libvorbisenc2=1.3.7-1            75dd4d6f904c7db82f5112e60d8efea9e81dfedf94e970c5da7af2b3d81643c0 libvorbisenc.so.2"
  "libogg0=1.3.5-3                  f67acb0477aed0354f411172e37af338f3ac6bd4f3766134a2cf5539884b5a28 libogg.so.0"
  "libopus0=1.3.1-3                 c172e212f9039e741916aa8e12f3670d1e049dc0c16685325641288c2d83faa7 libopus.so.0"
  "libmpg123-0=1.31.2-1+deb12u1     a10ad0d59995b859797a5f20d2833672051d0b2c7dab4c71f2e79258b2e3f631 libmpg123.so.0"
  "libmp3lame0=3.100-6              b1292c749172e7623547ecf684da57d3ec6ca22109f08b11bbb9e6be6e6beb95 libmp3lame.so.0"
)

WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
DEBS=${DEBS:-}
rm -rf "$OUT"; mkdir -p "$OUT/licenses"
for entry in "${PACKAGES[@]}"; do
  read -r pinned sha sonames <<<"$entry"
  pkg=${pinned%%=*}; version=${pinned#*=}
  deb="${pkg}_${version//:/%3a}_amd64.deb"
  if [ -n "$DEBS" ] && [ -f "$DEBS/$deb" ]; then
    cp "$DEBS/$deb" "$WORK/"
  else
    (cd "$WORK" && apt-get download -q "$pinned" >/dev/null)
  fi
  echo "$sha  $WORK/$deb" | sha256sum -c --quiet - || { echo "fetch-natives: checksum mismatch for $deb" >&2; exit 1; }
  dpkg-deb -x "$WORK/$deb" "$WORK/x-$pkg"
  for soname in $sonames; do
    [ "$soname" = - ] && continue
    # the package ships soname -> real file; keep the real file's bytes under the soname
    found=$(find "$WORK/x-$pkg" -name "$soname" | head -1)
    [ -n "$found" ] || { echo "fetch-natives: $soname not in $deb" >&2; exit 1; }
    cp -L "$found" "$OUT/$soname"; chmod 644 "$OUT/$soname"
  done
  [ -f "$WORK/x-$pkg/usr/share/doc/$pkg/copyright" ] && cp "$WORK/x-$pkg/usr/share/doc/$pkg/copyright" "$OUT/licenses/$pkg.copyright"
done
# Licence texts the copyright files only name (Debian keeps them in /usr/share/common-licenses).
for lic in LGPL-2.1 GPL-3 GPL-2 BSD; do
  [ -f /usr/share/common-licenses/$lic ] && cp /usr/share/common-licenses/$lic "$OUT/licenses/$lic"
done
(cd "$OUT" && sha256sum lib*.so.* > SHA256SUMS)
echo "fetch-natives: $(ls "$OUT"/lib*.so.* | wc -l) libraries in $OUT"
