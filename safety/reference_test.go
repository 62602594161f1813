package safety

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The matcher indexes rules three ways (exact words, word starts by their
// first letters, one-typo neighbours by deleted letters) for speed. This
// test checks it against the obvious way: every rule tried at every word,
// each slot compared word by word as the rule is written. Any difference
// is a bug in the indexes.

// naiveSpec is one word of a slot as written, folded once.
type naiveSpec struct {
	word          string
	exact, prefix bool
}

var naiveSpecs sync.Map // *slot → []naiveSpec

// naiveSlot reports whether folded word w may stand in slot s, comparing
// w with each of its words (classes expanded) as written.
func naiveSlot(w string, s *slot) bool {
	v, ok := naiveSpecs.Load(s)
	if !ok {
		var specs []naiveSpec
		for _, sp := range s.specs {
			specs = append(specs, naiveSpec{
				word:   foldWords(strings.TrimSuffix(strings.TrimPrefix(sp, "="), "*"))[0],
				exact:  strings.HasPrefix(sp, "="),
				prefix: strings.HasSuffix(sp, "*"),
			})
		}
		v, _ = naiveSpecs.LoadOrStore(s, specs)
	}
	for _, sp := range v.([]naiveSpec) {
		switch {
		case sp.prefix && strings.HasPrefix(w, sp.word):
			return true
		case !sp.prefix && w == sp.word:
			return true
		case !sp.exact && utf8.RuneCountInString(sp.word) >= fuzzyMin && oneEdit(w, sp.word):
			return true
		}
	}
	return false
}

// naiveMatch is matchFrom without atoms: slot k onwards after token pos;
// it returns the words the slots took, after used.
func naiveMatch(toks []word, cleared []bool, r *rule, k, pos int, used []int) ([]int, bool) {
	if k == len(r.slots) {
		return used, true
	}
	s := r.slots[k]
	for j := pos + 1; j <= pos+1+s.gap && j < len(toks) && toks[j].sent == toks[pos].sent; j++ {
		if !cleared[j] && naiveSlot(toks[j].text, &r.slots[k]) {
			if got, ok := naiveMatch(toks, cleared, r, k+1, j, append(slices.Clone(used), j)); ok {
				return got, true
			}
		}
	}
	if s.end {
		for j := pos; j <= pos+s.gap && j < len(toks) && toks[j].sent == toks[pos].sent; j++ {
			if j+1 == len(toks) || toks[j+1].sent != toks[pos].sent || toks[j].pause {
				return used, true
			}
		}
	}
	return nil, false
}

// naiveBag is matchBag without atoms: each slot takes the first free word
// that fits in the window.
func naiveBag(toks []word, cleared []bool, r *rule, i int) bool {
	used := []int{i}
	for k := 1; k < len(r.slots); k++ {
		found := false
		for j := max(0, i-r.window); j <= i+r.window && j < len(toks) && !found; j++ {
			if toks[j].sent == toks[i].sent && !slices.Contains(used, j) && !cleared[j] && naiveSlot(toks[j].text, &r.slots[k]) {
				used, found = append(used, j), true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// naiveCheck is Check the obvious way.
func naiveCheck(d *Detector, text string) []Category {
	var sc scratch
	sc.tokenize(text)
	found := map[Category]bool{}
	for _, rs := range d.langs {
		var toks []word
		for _, w := range sc.words {
			if exp, ok := rs.aliases[w.text]; ok { // the map, not the tables
				for i, e := range exp {
					toks = append(toks, word{text: e, sent: w.sent, pause: w.pause && i == len(exp)-1})
				}
			} else {
				toks = append(toks, w)
			}
		}
		cleared := make([]bool, len(toks))
		for pass := 0; pass < 2; pass++ {
			for i := range toks {
				for ri := range rs.rules {
					r := &rs.rules[ri]
					if (r.cat == ignore) != (pass == 0) || cleared[i] || !naiveSlot(toks[i].text, &r.slots[0]) {
						continue
					}
					var used []int
					ok := false
					if r.bag {
						ok = naiveBag(toks, cleared, r, i)
					} else {
						used, ok = naiveMatch(toks, cleared, r, 1, i, []int{i})
					}
					if !ok {
						continue
					}
					if pass == 0 {
						for _, j := range used {
							cleared[j] = true
						}
					} else {
						found[r.cat] = true
					}
				}
			}
		}
	}
	var cats []Category
	for _, c := range Categories {
		if found[c] {
			cats = append(cats, c)
		}
	}
	return cats
}

func TestMatcherAgainstReference(t *testing.T) {
	t.Parallel()
	d := MustNew()
	var texts []string
	for _, dir := range []string{"eval", "holdout"} {
		for _, c := range loadEval(t, dir) {
			texts = append(texts, c.text)
		}
	}
	// Variants: a typo, swapped neighbours, a doubled letter, words
	// shuffled, so the fuzzy index and the windows meet odd input too.
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, base := range slices.Clone(texts) {
		rs := []rune(base)
		if len(rs) < 4 || rnd.IntN(4) != 0 { // a quarter
			continue
		}
		i := rnd.IntN(len(rs) - 1)
		typo := slices.Clone(rs)
		typo[i] = rune('a' + rnd.IntN(26))
		swap := slices.Clone(rs)
		swap[i], swap[i+1] = swap[i+1], swap[i]
		double := slices.Insert(slices.Clone(rs), i, rs[i], rs[i])
		words := strings.Fields(base)
		rnd.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		texts = append(texts, string(typo), string(swap), string(double), strings.Join(words, " "))
	}
	if len(texts) < 1500 {
		t.Fatalf("only %d texts", len(texts))
	}
	// A sample spread evenly over every language's sets: the reference
	// tries every rule at every word, some 30 ms a message with six
	// languages' rules (ten times that under the race detector), and the
	// sets hold over 15,000 messages with their variants.
	target := 900
	if raceEnabled {
		target = 120
	}
	step := max(1, len(texts)/target)
	var sample []string
	for i := 0; i < len(texts); i += step {
		sample = append(sample, texts[i])
	}
	texts = sample
	differ := 0
	for _, text := range texts {
		got, want := d.Check(text), naiveCheck(d, text)
		if !slices.Equal(got, want) {
			if differ++; differ <= 10 {
				t.Errorf("Check(%q): got=%v, want %v (reference)", text, got, want)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d texts differ from the reference", differ, len(texts))
	}
}
