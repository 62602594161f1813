package safety

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// word is one word of a message: its folded text and the sentence it is in
// (word windows never reach into the next sentence).
type word struct {
	text  string
	sent  int32
	pause bool // a comma follows: "ik kan niet meer, ..." ends a thought
}

// scratch is the working memory of one scan, pooled so a check allocates
// next to nothing.
type scratch struct {
	buf   []byte
	words []word
	// per language, rebuilt by ruleSet.run:
	toks     []word
	atoms    []int32 // the atoms of every token, one run per token
	offs     []int32 // token i's atoms are atoms[offs[i]:offs[i+1]]
	cleared  []bool  // taken out by an ignore rule
	spans    []span
	present  []uint64 // atoms the message has (a bit each)
	liveness []int8   // per rule: 0 not yet known, 1 may match, 2 cannot
	// per atom, the rules it starts that may match (liveRules), valid
	// while firstGen[atom] is gen; gen moves on with every pass
	firstLive [][]int
	firstGen  []uint32
	gen       uint32
	used      []int // the words the rule being matched has taken, in slot order
}

// span is a word's place in scratch.buf while tokenize reads.
type span struct {
	from, to int
	sent     int32
	pause    bool
}

// latinFold maps the Latin letters with accents (U+00C0–U+024F) to their
// lower-case base letter: "É" → 'e', "ï" → 'i'; and the ones Unicode gives
// no decomposition but people type as another: Turkish dotless ı and
// Polish ł as i and l (a phone without the keyboard). Made once, so a
// lookup in an array per letter replaces a normalisation pass.
var latinFold = func() (t [0x250 - 0xC0]rune) {
	for r := rune(0xC0); r < 0x250; r++ {
		d := norm.NFD.String(string(unicode.ToLower(r)))
		base, _ := utf8.DecodeRuneInString(d)
		if base < 0x80 && unicode.IsLetter(base) {
			t[r-0xC0] = base
		}
	}
	t['ı'-0xC0], t['ł'-0xC0], t['Ł'-0xC0] = 'i', 'l', 'l'
	return t
}()

// arabicFold maps Arabic's spellings of one letter to one (U+0600–U+06FF):
// alef with hamza or madda as bare alef, taa marbuta as haa, alef maqsura
// as yaa, hamza on waw or yaa as the bare letter, which writers use
// interchangeably; the Persian-keyboard yaa and kaf as the Arabic ones;
// Arabic-Indic digits as digits. Arabic has no case.
var arabicFold = func() (t [0x100]rune) {
	for from, to := range map[rune]rune{'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي',
		'ی': 'ي', 'ک': 'ك'} {
		t[from-0x600] = to
	}
	for d := rune(0); d < 10; d++ {
		t[0x60+d], t[0xF0+d] = '0'+d, '0'+d
	}
	return t
}()

// fold lower-cases r and strips its accents.
func fold(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch {
	case r >= 0xC0 && r < 0x250:
		if b := latinFold[r-0xC0]; b != 0 {
			return b
		}
	case r >= 0x410 && r <= 0x42F: // Cyrillic А–Я
		return r + 0x20
	case r >= 0x600 && r < 0x700:
		if b := arabicFold[r-0x600]; b != 0 {
			return b
		}
		return r
	}
	return unicode.ToLower(r)
}

// inWord are marks that belong to a word but not to its spelling: the
// Arabic tatweel (a stretching stroke, "كـبير") and the Ukrainian
// apostrophe written as a modifier letter ("сімʼя").
func inWord(r rune) bool { return r == 'ـ' || r == 'ʼ' }

// isApostrophe: "m'n", "don't", "z’n", "сім'я" are one word ("mn",
// "dont", "сімя").
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ'
}

// endsSentence: word windows stop at these.
func endsSentence(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '…', '¡', '¿', '؟', '؛':
		return true
	}
	return false
}

// tokenize splits text into folded words: lower case, no accents, letters
// and digits only, and a run of the same letter written once ("dooood",
// "dood" and "dod" are all "dod"; rules are folded the same way, so this
// is what makes "ik wil doooood" and "dieeee" match).
func (sc *scratch) tokenize(text string) {
	sc.buf = sc.buf[:0]
	sc.words = sc.words[:0]
	var (
		sent   int32
		start  = -1 // byte offset in buf of the word being read
		last   rune
		inSent bool // a word was read since the last sentence end
	)
	// Word bounds are offsets into buf; the words are cut from one string
	// made of buf at the end, so there is one allocation per message.
	sp := sc.spans[:0]
	defer func() { sc.spans = sp }()
	end := func() {
		if start >= 0 {
			sp = append(sp, span{from: start, to: len(sc.buf), sent: sent})
			start = -1
			inSent = true
		}
	}
	for _, r := range text {
		switch {
		case inWord(r) && start >= 0:
			// a tatweel or modifier apostrophe inside a word: skip it
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			f := fold(r)
			if start < 0 {
				start = len(sc.buf)
				last = 0
			}
			if f == last && unicode.IsLetter(f) {
				continue
			}
			sc.buf = utf8.AppendRune(sc.buf, f)
			last = f
		case isApostrophe(r) && start >= 0:
			// inside a word: skip it
		case unicode.Is(unicode.Mn, r) && start >= 0:
			// a combining accent typed separately
		default:
			end()
			if (r == ',' || r == '،') && len(sp) > 0 && sp[len(sp)-1].sent == sent {
				sp[len(sp)-1].pause = true
			}
			if endsSentence(r) && inSent {
				sent++
				inSent = false
			}
		}
	}
	end()
	all := string(sc.buf)
	for _, s := range sp {
		sc.words = append(sc.words, word{text: all[s.from:s.to], sent: s.sent, pause: s.pause})
	}
}

// foldWords folds a rule's text exactly as messages are folded.
func foldWords(text string) []string {
	var sc scratch
	sc.tokenize(text)
	out := make([]string, len(sc.words))
	for i, w := range sc.words {
		out[i] = w.text
	}
	return out
}
