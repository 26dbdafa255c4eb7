#!/usr/bin/env bash
# Renders the story film and its poster from the SVG scenes in this folder (Debian's ffmpeg and
# librsvg2-bin): five scenes of 4 s with a slow zoom, H.264 for every phone, no sound. The
# results are committed in public/media/, so building the shop never needs ffmpeg.
set -euo pipefail
cd "$(dirname "$0")"
out=../public/media
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenes=(tree village prayer-wheel road families)
for s in "${scenes[@]}"; do
  rsvg-convert -w 1280 -h 720 "$s.svg" -o "$work/$s.png"
  ffmpeg -loglevel error -y -loop 1 -i "$work/$s.png" -t 4 \
    -vf "zoompan=z='min(zoom+0.0008,1.08)':d=100:x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':s=640x360:fps=25,format=yuv420p" \
    -c:v libx264 -profile:v main -preset slow -crf 30 "$work/$s.mp4"
  echo "file '$work/$s.mp4'" >> "$work/list.txt"
done
ffmpeg -loglevel error -y -f concat -safe 0 -i "$work/list.txt" -c copy -movflags +faststart "$out/drolma.mp4"
rsvg-convert -w 640 -h 360 tree.svg | ffmpeg -loglevel error -y -f png_pipe -i - -q:v 5 "$out/drolma-poster.jpg"
ls -l "$out/drolma.mp4" "$out/drolma-poster.jpg"
