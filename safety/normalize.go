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

// foldTable maps the Latin letters with accents (U+00C0–U+024F) to their
// lower-case base letter: "É" → 'e', "ï" → 'i'. Made once from Unicode's
// decompositions, so a lookup per letter replaces a normalisation pass.
var foldTable = func() map[rune]rune {
	t := map[rune]rune{}
	for r := rune(0xC0); r <= 0x24F; r++ {
		d := norm.NFD.String(string(unicode.ToLower(r)))
		base, _ := utf8.DecodeRuneInString(d)
		if base < 0x80 && unicode.IsLetter(base) {
			t[r] = base
		}
	}
	return t
}()

// foldMore are the letters Unicode gives no decomposition to but people
// type as another: Turkish dotless ı and Polish ł typed as i and l (a phone
// without the keyboard), and Arabic's spellings of one letter — alef with
// hamza or madda as bare alef, taa marbuta as haa, alef maqsura as yaa,
// hamza on waw or yaa as the bare letter — which writers use
// interchangeably. Arabic-Indic digits are digits.
var foldMore = func() map[rune]rune {
	t := map[rune]rune{'ı': 'i', 'ł': 'l', 'Ł': 'l',
		'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي'}
	for d := rune(0); d < 10; d++ {
		t[0x660+d], t[0x6F0+d] = '0'+d, '0'+d
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
	if b, ok := foldTable[r]; ok {
		return b
	}
	if b, ok := foldMore[r]; ok {
		return b
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
