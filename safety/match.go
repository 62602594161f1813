package safety

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// run matches one language's rules against the words in sc and reports
// every danger rule that matched (explaining: every rule, with its words).
func (rs *ruleSet) run(sc *scratch, explain bool, report func(Hit)) {
	// The message in this language's spelling: aliases expanded.
	sc.toks = sc.toks[:0]
	for _, w := range sc.words {
		if exp, ok := rs.aliasOf(w.text); ok {
			for i, e := range exp {
				sc.toks = append(sc.toks, word{text: e, sent: w.sent, pause: w.pause && i == len(exp)-1})
			}
			continue
		}
		sc.toks = append(sc.toks, w)
	}
	// Every token's atoms, once.
	sc.atoms, sc.offs = sc.atoms[:0], append(sc.offs[:0], 0)
	for _, t := range sc.toks {
		from := len(sc.atoms)
		sc.atoms = rs.atomsOf(t.text, sc.atoms)
		if n := len(sc.atoms) - from; n > 1 {
			seg := sc.atoms[from:]
			slices.Sort(seg)
			sc.atoms = sc.atoms[:from+len(slices.Compact(seg))]
		}
		sc.offs = append(sc.offs, int32(len(sc.atoms)))
	}
	sc.cleared = slices.Grow(sc.cleared[:0], len(sc.toks))[:len(sc.toks)]
	clear(sc.cleared)
	// Everyday phrases out first, then the danger rules.
	for pass, index := range [2][][]int{rs.ignoreFirst, rs.dangerFirst} {
		sc.notePresent(len(rs.atomIDs))
		for i := range sc.toks {
			for _, a := range sc.atomsAt(i) {
				for _, ri := range sc.liveRules(rs, index, a) {
					r := &rs.rules[ri]
					sc.used = append(sc.used[:0], i)
					from, end, ok := i, 0, false
					if r.bag {
						from, end, ok = rs.matchBag(sc, r, i)
					} else {
						end, ok = rs.matchFrom(sc, r, 1, i)
					}
					if !ok {
						continue
					}
					if explain {
						report(Hit{Category: r.cat, Lang: rs.lang, Rule: r.src, Words: sc.span(from, end)})
					} else if pass == 1 {
						report(Hit{Category: r.cat})
					}
					if pass == 0 {
						// Only the words the rule's slots matched go, not
						// those in its windows: "kill me ... lol" must not
						// hide what stands between.
						for _, j := range sc.used {
							sc.cleared[j] = true
						}
					}
				}
			}
		}
	}
}

// notePresent records which atoms the message's words (those no ignore
// rule took out) have, and forgets which rules could match: a rule one of
// whose slots has no word in the message is skipped at once, so a common
// first word ("baby") costs only the rules that can still match.
func (sc *scratch) notePresent(atoms int) {
	sc.present = slices.Grow(sc.present[:0], atoms/64+1)[:atoms/64+1]
	clear(sc.present)
	for i := range sc.toks {
		for _, a := range sc.atomsAt(i) {
			sc.present[a/64] |= 1 << (a % 64)
		}
	}
	clear(sc.liveness)
	sc.gen++
	if len(sc.firstGen) < atoms {
		sc.firstGen = append(sc.firstGen, make([]uint32, atoms-len(sc.firstGen))...)
		sc.firstLive = append(sc.firstLive, make([][]int, atoms-len(sc.firstLive))...)
	}
}

// liveRules is index[a] without the rules that cannot match this message,
// worked out once per atom: a common word ("baby") that starts hundreds
// of rules then costs only the few that can still match, each time it
// comes again.
func (sc *scratch) liveRules(rs *ruleSet, index [][]int, a int32) []int {
	if sc.firstGen[a] == sc.gen {
		return sc.firstLive[a]
	}
	live := sc.firstLive[a][:0]
	for _, ri := range index[a] {
		if sc.live(&rs.rules[ri], ri) {
			live = append(live, ri)
		}
	}
	sc.firstLive[a], sc.firstGen[a] = live, sc.gen
	return live
}

// live reports whether every slot of rule ri has a word in the message.
func (sc *scratch) live(r *rule, ri int) bool {
	if ri >= len(sc.liveness) {
		sc.liveness = append(sc.liveness, make([]int8, ri+1-len(sc.liveness))...)
	}
	switch sc.liveness[ri] {
	case 1:
		return true
	case 2:
		return false
	}
	ok := true
	for _, s := range r.slots[1:] {
		if s.end && len(s.alts) == 0 {
			continue
		}
		has := s.end
		for _, a := range s.alts {
			if sc.present[a/64]&(1<<(a%64)) != 0 {
				has = true
				break
			}
		}
		if !has {
			ok = false
			break
		}
	}
	sc.liveness[ri] = 2
	if ok {
		sc.liveness[ri] = 1
	}
	return ok
}

// atomsAt is token i's atoms; none once an ignore rule took it out.
func (sc *scratch) atomsAt(i int) []int32 {
	if sc.cleared[i] {
		return nil
	}
	return sc.atoms[sc.offs[i]:sc.offs[i+1]]
}

func (sc *scratch) span(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		if i > from {
			b.WriteByte(' ')
		}
		b.WriteString(sc.toks[i].text)
	}
	return b.String()
}

// matchFrom reports whether the slots from k on match after token pos
// (which matched slot k-1), and the last token they used.
func (rs *ruleSet) matchFrom(sc *scratch, r *rule, k, pos int) (int, bool) {
	if k == len(r.slots) {
		return pos, true
	}
	s := r.slots[k]
	sent := sc.toks[pos].sent
	for j := pos + 1; j <= pos+1+s.gap && j < len(sc.toks); j++ {
		if sc.toks[j].sent != sent {
			break
		}
		if hasAny(sc.atomsAt(j), s.alts) {
			n := len(sc.used)
			sc.used = append(sc.used, j)
			if end, ok := rs.matchFrom(sc, r, k+1, j); ok {
				return end, true
			}
			sc.used = sc.used[:n]
		}
	}
	if s.end {
		// The sentence ends, or a comma comes, within s.gap words after
		// pos (only the last slot may say so).
		for j := pos; j <= pos+s.gap && j < len(sc.toks) && sc.toks[j].sent == sent; j++ {
			if j+1 == len(sc.toks) || sc.toks[j+1].sent != sent || sc.toks[j].pause {
				return j, true
			}
		}
	}
	return 0, false
}

// matchBag reports whether every slot of a bag rule after the first has a
// word of its own within r.window of token i (which matched the first), in
// i's sentence, and the span they cover. Each slot takes the first free
// word that fits (sc.used), so one word never stands for two slots.
func (rs *ruleSet) matchBag(sc *scratch, r *rule, i int) (from, to int, ok bool) {
	from, to = i, i
	sent := sc.toks[i].sent
	for _, s := range r.slots[1:] {
		found := false
		for j := max(0, i-r.window); j <= i+r.window && j < len(sc.toks); j++ {
			if sc.toks[j].sent == sent && !slices.Contains(sc.used, j) && hasAny(sc.atomsAt(j), s.alts) {
				sc.used = append(sc.used, j)
				from, to, found = min(from, j), max(to, j), true
				break
			}
		}
		if !found {
			return 0, 0, false
		}
	}
	return from, to, true
}

func hasAny(atoms, alts []int32) bool {
	for _, a := range atoms {
		if slices.Contains(alts, a) {
			return true
		}
	}
	return false
}

// oneEdit reports whether a and b differ by exactly one edit: a letter
// changed, added, removed, or two neighbours swapped.
func oneEdit(a, b string) bool {
	if d := len(a) - len(b); d > 4 || d < -4 { // bytes: a letter is at most 4
		return false
	}
	if isASCII(a) && isASCII(b) {
		return oneEditBytes(a, b)
	}
	// Letter by letter without copying: this runs for every word of a
	// message that is not ASCII (Arabic, Cyrillic) against each rule word
	// it may be a typo of, so it allocates nothing.
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if na < nb {
		a, b, na, nb = b, a, nb, na
	}
	switch na - nb {
	case 0:
		var diffs, at int
		var a0, b0, a1, b1 rune // the differing letters
		i := 0
		for ia, ib := 0, 0; ia < len(a); i++ {
			ra, sa := utf8.DecodeRuneInString(a[ia:])
			rb, sb := utf8.DecodeRuneInString(b[ib:])
			if ra != rb {
				diffs++
				switch diffs {
				case 1:
					a0, b0, at = ra, rb, i
				case 2:
					if i != at+1 {
						return false
					}
					a1, b1 = ra, rb
				default:
					return false
				}
			}
			ia, ib = ia+sa, ib+sb
		}
		return diffs == 1 || diffs == 2 && a0 == b1 && a1 == b0
	case 1:
		ia, ib := 0, 0
		for ib < len(b) {
			ra, sa := utf8.DecodeRuneInString(a[ia:])
			rb, sb := utf8.DecodeRuneInString(b[ib:])
			if ra != rb {
				break
			}
			ia, ib = ia+sa, ib+sb
		}
		_, sa := utf8.DecodeRuneInString(a[ia:])
		return a[ia+sa:] == b[ib:]
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// oneEditBytes is oneEdit for ASCII words, without allocating.
func oneEditBytes(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}
