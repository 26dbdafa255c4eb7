#!/usr/bin/env bash
# Renders the app icons and the share card from the SVG sources here (Debian's librsvg2-bin and
# imagemagick-free: rsvg-convert only). The PNGs are committed in public/icons/.
set -euo pipefail
cd "$(dirname "$0")"
out=../public/icons
mkdir -p "$out"
cp icon.svg "$out/icon.svg"
rsvg-convert -w 192 -h 192 icon.svg -o "$out/icon-192.png"
rsvg-convert -w 512 -h 512 icon.svg -o "$out/icon-512.png"
# Maskable: the art shrunk into the safe circle (80%), the background carried to the edges.
sed 's|<rect width="512" height="512" fill="#fffaf2"/>|<rect width="512" height="512" fill="#fffaf2"/><g transform="translate(51.2 51.2) scale(.8)">|; s|</svg>|</g></svg>|' icon.svg > /tmp/orchard-maskable.svg
rsvg-convert -w 512 -h 512 /tmp/orchard-maskable.svg -o "$out/icon-maskable-512.png"
# Apple touch icon: 180 px, opaque background (iOS shows transparency as black).
rsvg-convert -w 180 -h 180 -b '#fffaf2' icon.svg -o "$out/apple-touch-icon.png"
rsvg-convert -w 1200 -h 630 -b '#fffaf2' og-card.svg -o "$out/og-card.png"
ls -l "$out"
