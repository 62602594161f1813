package safety

import (
	"sort"
	"unicode/utf8"
)

// index.go: the lookup tables matching uses, built once from the rules.
// A message of 4,096 characters has some 700 words, each looked up in
// every language; hashing each word several times was most of the cost,
// so the tables are arrays indexed by a word's first (or last) three
// letters instead.

// keySpace is how many three-letter keys there are: each of three
// positions is a–z, "none" (a shorter word), "other" (a digit or other
// ASCII), or one of 16 groups of the bytes of a letter outside ASCII — so
// Arabic, Cyrillic and Turkish or Polish letters spread over the table
// instead of all sharing one key, which made every such word scan every
// rule word of its language (a 4,096-character Arabic or Ukrainian message
// took 0.77 ms; docs/BENCHMARKS.md).
const (
	keyBase  = 28 + 16
	keySpace = keyBase * keyBase * keyBase
)

func keyByte(b byte) int {
	switch {
	case b >= 'a' && b <= 'z':
		return int(b-'a') + 1
	case b >= 0x80:
		return 28 + int(b&15)
	default:
		return 27
	}
}

// headKey is the key of w's first three bytes.
func headKey(w string) int {
	k := 0
	for i := 0; i < 3; i++ {
		c := 0
		if i < len(w) {
			c = keyByte(w[i])
		}
		k = k*keyBase + c
	}
	return k
}

// tailKey is the key of w's last three bytes (w has at least three).
func tailKey(w string) int {
	n := len(w)
	return (keyByte(w[n-3])*keyBase+keyByte(w[n-2]))*keyBase + keyByte(w[n-1])
}

// bucket holds what words with one head key can be.
type bucket struct {
	aliases  []aliasWord
	exact    []exactWord
	prefixes []prefixAtom
	fuzzy    []fuzzyWord // fuzzy words with this head
}

type aliasWord struct {
	word string
	to   []string
}

type exactWord struct {
	word  string
	atoms []int32
}

// fuzzyWord is a rule's word that tolerates a typo.
type fuzzyWord struct {
	word  string
	atoms []int32
	ascii bool
}

// freeze builds the tables from the maps parseRules filled.
func (rs *ruleSet) freeze() {
	rs.heads = make([]int32, keySpace)
	rs.tails = make([]int32, keySpace)
	for i := range rs.heads {
		rs.heads[i], rs.tails[i] = -1, -1
	}
	get := func(w string) *bucket {
		k := headKey(w)
		if rs.heads[k] < 0 {
			rs.heads[k] = int32(len(rs.buckets))
			rs.buckets = append(rs.buckets, bucket{})
		}
		return &rs.buckets[rs.heads[k]]
	}
	// Sorted, so the tables do not depend on map order.
	for _, w := range sortedKeys(rs.aliases) {
		b := get(w)
		b.aliases = append(b.aliases, aliasWord{w, rs.aliases[w]})
	}
	for _, w := range sortedKeys(rs.exact) {
		b := get(w)
		b.exact = append(b.exact, exactWord{w, rs.exact[w]})
	}
	for _, k := range sortedKeys(rs.prefixes) {
		b := get(k)
		b.prefixes = append(b.prefixes, rs.prefixes[k]...)
	}
	rs.fuzzyLo, rs.fuzzyHi = 1<<30, 0
	for _, w := range sortedKeys(rs.fuzzy) {
		fw := fuzzyWord{w, rs.fuzzy[w], isASCII(w)}
		b := get(w)
		b.fuzzy = append(b.fuzzy, fw)
		k := tailKey(w)
		if rs.tails[k] < 0 {
			rs.tails[k] = int32(len(rs.tailLists))
			rs.tailLists = append(rs.tailLists, nil)
		}
		rs.tailLists[rs.tails[k]] = append(rs.tailLists[rs.tails[k]], fw)
		rs.fuzzyLo, rs.fuzzyHi = min(rs.fuzzyLo, len(w)), max(rs.fuzzyHi, len(w))
	}
	// Fuzzy candidates by length, so a word meets only those one letter
	// longer or shorter (a binary search finds where they start).
	byLen := func(l []fuzzyWord) {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].word) < len(l[j].word) })
	}
	for i := range rs.buckets {
		byLen(rs.buckets[i].fuzzy)
	}
	for _, l := range rs.tailLists {
		byLen(l)
	}
	rs.ignoreFirst = make([][]int, len(rs.atomIDs))
	rs.dangerFirst = make([][]int, len(rs.atomIDs))
	for a, rules := range rs.first {
		for _, ri := range rules {
			if rs.rules[ri].cat == ignore {
				rs.ignoreFirst[a] = append(rs.ignoreFirst[a], ri)
			} else {
				rs.dangerFirst[a] = append(rs.dangerFirst[a], ri)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// aliasOf is what the chat spelling w stands for, if anything.
func (rs *ruleSet) aliasOf(w string) ([]string, bool) {
	if i := rs.heads[headKey(w)]; i >= 0 {
		as := rs.buckets[i].aliases
		if j := sort.Search(len(as), func(j int) bool { return as[j].word >= w }); j < len(as) && as[j].word == w {
			return as[j].to, true
		}
	}
	return nil, false
}

// nearLength is the part of list (sorted by length) whose words are at
// most one byte longer or shorter than n bytes; ASCII words are all of
// the one-typo candidates there, others may be up to four bytes off.
func nearLength(list []fuzzyWord, n, slack int) []fuzzyWord {
	lo := sort.Search(len(list), func(i int) bool { return len(list[i].word) >= n-slack })
	hi := sort.Search(len(list), func(i int) bool { return len(list[i].word) > n+slack })
	return list[lo:hi]
}

// atomsOf appends the atoms the folded word w is: by itself, by its start,
// and within one typo of a long rule word.
func (rs *ruleSet) atomsOf(w string, dst []int32) []int32 {
	var b *bucket
	if i := rs.heads[headKey(w)]; i >= 0 {
		b = &rs.buckets[i]
		ex := b.exact
		if j := sort.Search(len(ex), func(j int) bool { return ex[j].word >= w }); j < len(ex) && ex[j].word == w {
			dst = append(dst, ex[j].atoms...)
		}
		for _, p := range b.prefixes {
			if len(w) >= len(p.prefix) && w[:len(p.prefix)] == p.prefix {
				dst = append(dst, p.atoms...)
			}
		}
	}
	// A typo changes the length by at most one letter (four bytes).
	if len(w) < rs.fuzzyLo-utf8.UTFMax || len(w) > rs.fuzzyHi+utf8.UTFMax || utf8.RuneCountInString(w) < fuzzyMin-1 {
		return dst
	}
	ascii, slack := isASCII(w), 1
	if !ascii {
		slack = utf8.UTFMax
	}
	scan := func(list []fuzzyWord) {
		near := nearLength(list, len(w), slack)
		for i := range near {
			c := &near[i]
			if c.word == w {
				continue
			}
			if ascii && c.ascii && oneEditBytes(w, c.word) || !(ascii && c.ascii) && oneEdit(w, c.word) {
				dst = append(dst, c.atoms...)
			}
		}
	}
	if b != nil {
		scan(b.fuzzy)
	}
	if i := rs.tails[tailKey(w)]; i >= 0 {
		scan(rs.tailLists[i])
	}
	return dst
}
