package poster

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Arabic on the poster.
//
// gopdf draws a string's characters one after another, left to right, each
// with the glyph the font's character map gives it. That is right for
// Latin and Cyrillic, and wrong for Arabic, which reads right to left and
// whose letters join and change shape with their neighbours. So an Arabic
// line is laid out before gopdf sees it, with github.com/go-text/typesetting
// (the Go port of HarfBuzz and of the Unicode Bidirectional Algorithm, made
// for exactly this):
//
//  1. bidi splits the line into runs of one direction, the paragraph's
//     direction taken from its first strong letter (an Arabic text starts
//     with a right-to-left mark, so "Ouderkring، …" is a right-to-left line);
//  2. HarfBuzz shapes each right-to-left run with the font's own tables
//     (joining forms, the lam-alef ligature, mirrored brackets), giving the
//     glyphs in the order they are seen;
//  3. each glyph is written back as the character the font maps to it:
//     DejaVu Sans maps every joining form and ligature it has to a character
//     of the Arabic presentation-form blocks (a test checks every glyph the
//     poster's texts need has one);
//  4. the runs are put in the order they are seen (rule L2).
//
// The result is a plain string gopdf draws as it is; a PDF reader copies it
// out as presentation forms in visual order, which is how Arabic PDFs from
// most tools copy out too.
//
// The font is a subset of DejaVu Sans (scripts/gen-arabic-font.sh,
// poster/fonts/LICENSE): the Go fonts have no Arabic letters.

//go:embed fonts/DejaVuSansArabic.ttf
var arabicTTF []byte

//go:embed fonts/DejaVuSansArabic-Bold.ttf
var arabicBoldTTF []byte

// The Arabic font families as registered with gopdf. Arabic has no italic:
// where the other languages are set in italic, Arabic is set upright.
const (
	arabic     = "arabic"
	arabicBold = "arabic-bold"
)

// rlm, the right-to-left mark, starts every Arabic text (loadTexts), so the
// bidi algorithm sets it as a right-to-left paragraph even when its first
// word is Latin ("Ouderkring، …").
const rlm = "\u200f"

// arabicFont is one parsed Arabic font with the character its map gives
// each glyph. Both are read only once parsed, so all posters share them; a
// font.Face is not safe for concurrent use, so each shaper makes its own.
type arabicFont struct {
	font  *font.Font
	chars map[font.GID]rune
}

var arabicFonts = sync.OnceValues(func() (map[string]*arabicFont, error) {
	fonts := map[string]*arabicFont{}
	for family, ttf := range map[string][]byte{arabic: arabicTTF, arabicBold: arabicBoldTTF} {
		face, err := font.ParseTTF(bytes.NewReader(ttf))
		if err != nil {
			return nil, fmt.Errorf("poster: font %s: %w", family, err)
		}
		f := &arabicFont{font: face.Font, chars: map[font.GID]rune{}}
		for it := face.Cmap.Iter(); it.Next(); {
			r, g := it.Char()
			// Several characters may share a glyph (a letter and its
			// isolated form): any of them draws it; keep the lowest, so the
			// choice does not depend on the map's order.
			if old, ok := f.chars[g]; !ok || r < old {
				f.chars[g] = r
			}
		}
		fonts[family] = f
	}
	return fonts, nil
})

// shaper lays out lines in one Arabic font. It is not safe for concurrent
// use: each poster has its own.
type shaper struct {
	font *arabicFont
	face *font.Face
	hb   shaping.HarfbuzzShaper
	para bidi.Paragraph
}

func newShaper(family string) (*shaper, error) {
	fonts, err := arabicFonts()
	if err != nil {
		return nil, err
	}
	f := fonts[family]
	return &shaper{font: f, face: font.NewFace(f.font)}, nil
}

// visual is line as gopdf should draw it: its characters in the order they
// are seen from left to right, each Arabic letter in the form it takes
// where it stands. Bidi marks and isolates steer the order and are then
// left out.
func (s *shaper) visual(line string) (string, error) {
	text := []rune(line)
	if len(text) == 0 {
		return "", nil
	}
	runs := s.para.Segment(text, bidi.Neutral)
	// The level of each character, without the bidi controls, which only
	// steer the order and have nothing to draw.
	var kept []rune
	var levels []bidi.Level
	for i := range runs.NumRuns() {
		run := runs.Run(i)
		for _, r := range text[run.Start:run.End] {
			if unicode.Is(unicode.Bidi_Control, r) {
				continue
			}
			kept = append(kept, r)
			levels = append(levels, run.Level)
		}
	}
	// Runs of one direction, in logical order.
	type span struct {
		start, end int
		level      bidi.Level
	}
	var spans []span
	for i := range kept {
		if i == 0 || levels[i]%2 != levels[i-1]%2 {
			spans = append(spans, span{i, i, levels[i]})
		}
		spans[len(spans)-1].end = i + 1
	}
	// Rule L2: from the highest level down to the lowest odd one, reverse
	// every stretch of runs at that level or higher. (bidi joins
	// neighbours of the same direction into one run; for the lines a
	// poster prints, such neighbours share their level too.)
	highest, lowestOdd := bidi.Level(0), bidi.Level(127)
	for _, sp := range spans {
		highest = max(highest, sp.level)
		if sp.level%2 == 1 {
			lowestOdd = min(lowestOdd, sp.level)
		}
	}
	for lvl := highest; lvl >= lowestOdd && lvl > 0; lvl-- {
		for i := 0; i < len(spans); {
			if spans[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(spans) && spans[j].level >= lvl {
				j++
			}
			slices.Reverse(spans[i:j])
			i = j
		}
	}
	out := make([]rune, 0, len(kept))
	for _, sp := range spans {
		if sp.level%2 == 0 {
			out = append(out, kept[sp.start:sp.end]...)
			continue
		}
		shaped, err := s.shape(kept, sp.start, sp.end)
		if err != nil {
			return "", err
		}
		out = append(out, shaped...)
	}
	return string(out), nil
}

// shape is text[start:end], a right-to-left run, as the characters of the
// glyphs HarfBuzz picks for it, left to right. The rest of text is context
// (a letter joins across the end of a run only if the font says so).
func (s *shaper) shape(text []rune, start, end int) ([]rune, error) {
	out := s.hb.Shape(shaping.Input{
		Text:      text,
		RunStart:  start,
		RunEnd:    end,
		Direction: di.DirectionRTL,
		Face:      s.face,
		Size:      fixed.I(12), // any size: only the glyphs are used
		Script:    language.Arabic,
		Language:  language.NewLanguage("ar"),
	})
	chars := make([]rune, 0, len(out.Glyphs))
	for _, g := range out.Glyphs {
		r, ok := s.font.chars[g.GlyphID]
		if !ok || g.GlyphID == 0 {
			return nil, fmt.Errorf("poster: the Arabic font cannot print %q as shaped (glyph %d)", string(text[g.ClusterIndex]), g.GlyphID)
		}
		chars = append(chars, r)
	}
	return chars, nil
}
