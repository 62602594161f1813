#!/usr/bin/env bash
# Regenerates poster/fonts/DejaVuSansArabic{,-Bold}.ttf, the fonts the
# referral poster prints Arabic with, from Debian's fonts-dejavu-core
# (DejaVu Sans, Bitstream Vera licence with DejaVu's public-domain changes:
# poster/fonts/LICENSE). The subset keeps Latin, Arabic and the Arabic
# presentation forms with their layout tables, so the shaper (go-text) finds
# every joining form. Needs apt-get (or the package's .deb) and
# python3-fonttools; nothing is downloaded at run time.
#
#   scripts/gen-arabic-font.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && chmod 777 . && apt-get download fonts-dejavu-core >/dev/null 2>&1 && dpkg-deb -x fonts-dejavu-core_*.deb root)
/usr/bin/python3 -c "import fontTools" 2>/dev/null || { echo "needs python3-fonttools (apt-get install python3-fonttools)" >&2; exit 1; }
version=$(cd "$tmp" && ls fonts-dejavu-core_*.deb | sed 's/fonts-dejavu-core_\(.*\)_all.deb/\1/')
# Basic Latin and Latin-1 (the Dutch line, names, digits), general
# punctuation (the isolates and marks), Arabic, Arabic Supplement and both
# presentation-form blocks.
unicodes="U+0020-007E,U+00A0-00FF,U+2000-206F,U+0600-06FF,U+0750-077F,U+FB50-FDFF,U+FE70-FEFF"
for style in "" "-Bold"; do
	/usr/bin/python3 -m fontTools.subset "$tmp/root/usr/share/fonts/truetype/dejavu/DejaVuSans$style.ttf" \
		--unicodes="$unicodes" --layout-features='*' --name-IDs='*' --name-languages='*' \
		--notdef-outline --no-hinting --output-file="poster/fonts/DejaVuSansArabic$style.ttf"
	# gopdf's subsetting misplaces the parts of composite glyphs (the hamza
	# on أ, the dots of a joined ق), so every glyph is made a simple one.
	/usr/bin/python3 - "poster/fonts/DejaVuSansArabic$style.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
path = sys.argv[1]
font = TTFont(path, recalcTimestamp=False)
glyf, glyphs = font["glyf"], font.getGlyphSet()
for name in font.getGlyphOrder():
    if glyf[name].isComposite():
        rec = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyf[name] = pen.glyph()
font.save(path)
PY
done
echo "fonts-dejavu-core $version" >poster/fonts/VERSION
{
	echo "poster/fonts/DejaVuSansArabic*.ttf are subsets of DejaVu Sans from Debian's fonts-dejavu-core"
	echo "$version (https://dejavu-fonts.github.io/), made by scripts/gen-arabic-font.sh: Latin, Arabic and the"
	echo "Arabic presentation forms kept, hinting dropped, composite glyphs made simple. The fonts keep their names, which contain"
	echo "neither \"Bitstream\" nor \"Vera\". Debian's copyright file for the package follows."
	echo
	cat "$tmp/root/usr/share/doc/fonts-dejavu-core/copyright"
} >poster/fonts/LICENSE
ls -l poster/fonts >&2
