#!/usr/bin/env bash
# Makes the web font that draws the Tibetan greeting on phones without a Tibetan font: Noto Serif
# Tibetan (Debian's fonts-noto-core, SIL Open Font License 1.1) cut down by fontTools' pyftsubset
# to the characters of the greetings in content/*.toml, with the glyphs their shaping needs
# (stacked letters, vowel signs), as WOFF2. The font's name carries a hash of its bytes, so the
# server caches it as immutable and a new cut is a new name; this script writes that name into
# index.html's @font-face. The results are committed in public/fonts/ (with the licence), so
# building the shop never needs Python. Run again after changing a greeting.
set -euo pipefail
cd "$(dirname "$0")"
out=../public/fonts
venv=.venv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fontTools in a venv of its own (python3-venv), pinned so a cut is the same on every machine.
if ! "$venv/bin/pyftsubset" --help >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet fonttools==4.68.0 brotli==1.2.1
fi

# The source font: the installed one, else unpacked from Debian's package (not installed, so
# the machine's own fonts stay as they were).
font=/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf
if [ ! -f "$font" ]; then
  (cd "$work" && apt-get download -qq fonts-noto-core 2>/dev/null && dpkg-deb -x fonts-noto-core_*.deb root)
  font="$work/root/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf"
fi

# Every Tibetan character (U+0F00–0FFF) of every producer's greeting.
"$venv/bin/python" - "$work/text.txt" ../content/*.toml <<'EOF'
import sys, tomllib
chars = set()
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        chars |= {c for c in tomllib.load(f)["producer"]["greeting"] if 0x0F00 <= ord(c) <= 0x0FFF}
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(chars)))
EOF

# Default layout features (pyftsubset keeps the ones Tibetan shaping uses: ccmp, abvs, blws,
# abvm, blwm, mark, mkmk, kern); no hinting (phones do not use it); the names and the licence.
"$venv/bin/pyftsubset" "$font" --text-file="$work/text.txt" --no-hinting \
  --name-IDs=0,1,2,3,4,5,6,13,14 --flavor=woff2 --output-file="$work/greeting.woff2"
name="tibetan-greeting-$(sha256sum "$work/greeting.woff2" | cut -c1-16).woff2"
mkdir -p "$out"
rm -f "$out"/tibetan-greeting-*.woff2
cp "$work/greeting.woff2" "$out/$name"
sed -i -E "s|/fonts/tibetan-greeting-[0-9a-f]{16}\.woff2|/fonts/$name|" ../index.html
grep -q "/fonts/$name" ../index.html || { echo "index.html has no @font-face for /fonts/$name" >&2; exit 1; }
echo "$(wc -c < "$out/$name") bytes: $out/$name ($(cat "$work/text.txt"))"
