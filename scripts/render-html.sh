#!/usr/bin/env bash
# render-html.sh FILE.html [OUTDIR]
#
# Looks at an HTML procurement file the way a person would: headless
# Chromium shoots it on screen, screenful by screenful, and prints it to
# PDF (A4, as the stylesheet's @media print sets it), and pdftoppm turns
# every PDF page into a PNG. Open the PNGs with an image viewer.
#
#   OUTDIR/screen-N.png    the page on a 1280-pixel-wide screen, screenful
#                          by screenful (1280 × 1400)
#   OUTDIR/print.pdf       the page printed
#   OUTDIR/print-N.png     each printed page
#
# Needs Debian's chromium, poppler-utils and imagemagick; it installs them
# with apt-get when they are missing and it runs as root. CI does not run
# it.
#
# A realistic file to look at: the main job's (go run ./examples/procurement-file
# -out DIR, then DIR/procurement-file.html), or report's preview of
# reporttest's sample-shaped file with 50,000 findings:
#
#   go test ./report -run TestPreview -preview /tmp/preview
#   scripts/render-html.sh /tmp/preview/file.html
#
# Chromium runs with no network use of its own (no sync, no component
# updates, no QUIC, no background fetches) and a throw-away profile; the
# page itself fetches nothing (report.WriteHTML's contract).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 FILE.html [OUTDIR]" >&2
	exit 2
fi
html=$(realpath "$1")
out=${2:-$(dirname "$html")/render}
mkdir -p "$out"
out=$(realpath "$out")

need() {
	command -v "$1" >/dev/null && return
	if [ "$(id -u)" -ne 0 ]; then
		echo "$0: $1 is missing: apt-get install -y $2" >&2
		exit 1
	fi
	apt-get install -y "$2" >/dev/null
}
need chromium chromium
need pdftoppm poppler-utils
need identify imagemagick

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

# Chromium shoots its window, not the document, and cannot scroll: shoot
# the page in screenfuls, each through a wrapper page whose iframe shifts
# the document up by the screenfuls already taken, until one shows nothing
# but the background.
rm -f "$out"/screen-*.png
wrapper="$profile/wrapper.html"
for ((i = 0; i < ${RENDER_MAX_SCREENS:-40}; i++)); do
	offset=$((i * 1400))
	cat >"$wrapper" <<-EOF
		<!DOCTYPE html><html><body style="margin:0;overflow:hidden">
		<iframe src="file://$html" scrolling="no"
		  style="display:block;border:0;width:1280px;height:$((offset + 1400))px;margin-top:-${offset}px"></iframe>
		</body></html>
	EOF
	shot=$(printf '%s/screen-%02d.png' "$out" "$i")
	chrome --window-size=1280,1400 --screenshot="$shot" "file://$wrapper"
	if [ "$(convert "$shot" -format '%k' info:)" -le 2 ]; then
		rm -f "$shot"
		break
	fi
done
chrome --no-pdf-header-footer --print-to-pdf="$out/print.pdf" "file://$html"
rm -f "$out"/print-*.png
pdftoppm -r 90 -png "$out/print.pdf" "$out/print"
ls -1 "$out"
