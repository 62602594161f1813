package safety

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rule file format (docs/SAFETY.md has the long version):
//
//	# a comment
//	alias mn = mijn              chat spelling → written words
//	class HIT = sla slaat sloeg geslagen mishandel*
//	[violence]                   the category of the patterns below
//	$HIT ..2 me|mij              a pattern: slots, and windows between them
//
// A slot is one word of the message: a word ("leven"), a word start
// ("zelfmoord*"), a class ("$HIT"), or alternatives of those joined by "|".
// A word of seven or more letters also matches with one typo ("zelfmoort");
// "=word" matches only exactly. "..N" between two slots lets up to N other
// words stand between them ("..": up to 4), within one sentence. A last
// slot "." says the sentence ends there, or a comma comes ("kan niet meer
// ." matches "ik kan niet meer" and "ik kan niet meer, ..."), or within N
// words with "..N ." ("kan niet meer ..1 .": also "kan niet meer hoor").
// "a + b + c" is a bag: the slots in any order, each within 8 words of the
// first slot's word ("+12": within 12), in one sentence — for meanings
// whose words come in any order ("thuis ben ik niet veilig"). Patterns
// under [ignore] take everyday phrases out of the message before the
// danger patterns run ("lach ..1 dood").

const (
	// fuzzyMin is the length, in letters after folding, from which a
	// rule's word tolerates one typo. Shorter words have too many
	// neighbours ("slaat" is one letter from "staat").
	fuzzyMin = 7
	// defaultGap is the window of a bare "..".
	defaultGap = 4
	// maxGap bounds a window, so a rule cannot reach across a long message.
	maxGap = 12
	// defaultBag and maxBag are the window of "a + b" and its bound.
	defaultBag = 8
	maxBag     = 16
)

var className = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// slot is one position of a pattern: the atoms that may stand there, and
// how many other words may come before it (after the previous slot).
type slot struct {
	alts  []int32
	specs []string // the words as written, classes expanded: for the reference test
	gap   int
	end   bool // "." is one of the alternatives: the sentence may end here
}

type rule struct {
	cat   Category
	slots []slot
	src   string // "nl:42 <the line>"
	// bag: the slots match in any order, each within window words of
	// the first slot's word, in one sentence ("a + b + c").
	bag    bool
	window int
}

// prefixAtom is a word start ("mishandel*") and the atoms it stands for.
type prefixAtom struct {
	prefix string
	atoms  []int32
}

// ruleSet is one language's compiled rules.
type ruleSet struct {
	lang    string
	aliases map[string][]string
	// exact maps a folded word to the atoms it is; prefixes (by their
	// first three bytes) and fuzzy (words of seven letters or more)
	// find the rest.
	exact    map[string][]int32
	prefixes map[string][]prefixAtom
	fuzzy    map[string][]int32
	first    map[int32][]int // atom → rules whose first slot may be it
	// Built by freeze from the maps above, for matching: every word of a
	// message finds its bucket by its first three letters (an array
	// index, no hashing), and its one-typo candidates by its first or last
	// three letters (a word of seven letters with one typo keeps one of
	// them intact).
	heads     []int32 // key → index into buckets, -1: none
	buckets   []bucket
	tails     []int32 // key → index into tailLists, -1: none
	tailLists [][]fuzzyWord
	// first, as slices by atom: ignore rules and danger rules apart
	ignoreFirst, dangerFirst [][]int
	fuzzyLo                  int // the shortest and longest fuzzy word, in bytes
	fuzzyHi                  int
	rules                    []rule
	atomIDs                  map[string]int32
}

func parseRules(lang, src string) (*ruleSet, error) {
	rs := &ruleSet{
		lang: lang, aliases: map[string][]string{}, exact: map[string][]int32{},
		prefixes: map[string][]prefixAtom{}, fuzzy: map[string][]int32{},
		first: map[int32][]int{}, atomIDs: map[string]int32{},
	}
	classes := map[string][]string{} // name → members as written, classes expanded
	var cat Category
	for n, line := range strings.Split(src, "\n") {
		pos := fmt.Sprintf("%s.rules:%d", lang, n+1)
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cat = Category(strings.TrimSpace(line[1 : len(line)-1]))
			if cat != ignore && categoryIndex(cat) < 0 {
				return nil, fmt.Errorf("%s: unknown category %q", pos, cat)
			}
		case strings.HasPrefix(line, "alias "):
			key, val, ok := strings.Cut(strings.TrimPrefix(line, "alias "), "=")
			k, v := foldWords(key), foldWords(val)
			if !ok || len(k) != 1 || len(v) == 0 {
				return nil, fmt.Errorf("%s: want 'alias word = words'", pos)
			}
			rs.aliases[k[0]] = v
		case strings.HasPrefix(line, "class "):
			name, val, ok := strings.Cut(strings.TrimPrefix(line, "class "), "=")
			name = strings.TrimSpace(name)
			if !ok || !className.MatchString(name) {
				return nil, fmt.Errorf("%s: want 'class NAME = words' with NAME in capitals", pos)
			}
			var members []string
			for _, m := range strings.Fields(val) {
				if c, ok := strings.CutPrefix(m, "$"); ok {
					sub, known := classes[c]
					if !known {
						return nil, fmt.Errorf("%s: class %s is used before it is defined", pos, m)
					}
					members = append(members, sub...)
					continue
				}
				members = append(members, m)
			}
			if len(members) == 0 {
				return nil, fmt.Errorf("%s: class %s is empty", pos, name)
			}
			classes[name] = append(classes[name], members...)
		default:
			if cat == "" {
				return nil, fmt.Errorf("%s: a pattern before any [category]", pos)
			}
			r, err := rs.compile(line, classes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", pos, err)
			}
			r.cat, r.src = cat, lang+":"+strconv.Itoa(n+1)+" "+line
			idx := len(rs.rules)
			rs.rules = append(rs.rules, r)
			if cat == ignore && r.bag {
				return nil, fmt.Errorf("%s: an [ignore] pattern cannot use +", pos)
			}
			for _, a := range r.slots[0].alts {
				rs.first[a] = append(rs.first[a], idx)
			}
		}
	}
	if len(rs.rules) == 0 {
		return nil, fmt.Errorf("%s.rules: no patterns", lang)
	}
	rs.freeze()
	return rs, nil
}

// compile turns a pattern line into a rule, adding its atoms to the
// indexes.
func (rs *ruleSet) compile(line string, classes map[string][]string) (rule, error) {
	var r rule
	gap := 0
	fields := strings.Fields(line)
	for _, f := range fields {
		if w, ok := strings.CutPrefix(f, "+"); ok {
			// A bag: the slots in any order, near each other.
			r.bag, r.window = true, max(r.window, defaultBag)
			if w != "" {
				n, err := strconv.Atoi(w)
				if err != nil || n < 1 || n > maxBag {
					return r, fmt.Errorf("window %q: want +N with N from 1 to %d", f, maxBag)
				}
				r.window = n
			}
		}
	}
	for _, f := range fields {
		if r.bag {
			if strings.HasPrefix(f, "+") {
				continue
			}
			if strings.HasPrefix(f, "..") || f == "." || strings.Contains("|"+f+"|", "|.|") {
				return r, fmt.Errorf("a pattern with + takes no .. and no '.'")
			}
		}
		if g, ok := strings.CutPrefix(f, ".."); ok {
			gap = defaultGap
			if g != "" {
				n, err := strconv.Atoi(g)
				if err != nil || n < 1 || n > maxGap {
					return r, fmt.Errorf("window %q: want ..N with N from 1 to %d", f, maxGap)
				}
				gap = n
			}
			if len(r.slots) == 0 {
				return r, fmt.Errorf("a pattern cannot start with a window")
			}
			continue
		}
		var s slot
		s.gap = gap
		gap = 0
		for _, alt := range strings.Split(f, "|") {
			if alt == "." {
				if len(r.slots) == 0 {
					return r, fmt.Errorf("a pattern cannot start with '.'")
				}
				s.end = true
				continue
			}
			a, err := rs.atom(alt, classes)
			if err != nil {
				return r, err
			}
			s.alts = append(s.alts, a)
			if name, ok := strings.CutPrefix(alt, "$"); ok {
				s.specs = append(s.specs, classes[name]...)
			} else {
				s.specs = append(s.specs, alt)
			}
		}
		r.slots = append(r.slots, s)
	}
	if gap != 0 {
		return r, fmt.Errorf("a pattern cannot end with a window")
	}
	for _, s := range r.slots[:max(len(r.slots)-1, 0)] {
		if s.end {
			return r, fmt.Errorf("'.' (the end of a sentence) can only be in the last slot")
		}
	}
	if len(r.slots) == 0 {
		return r, fmt.Errorf("empty pattern")
	}
	if r.bag && len(r.slots) < 2 {
		return r, fmt.Errorf("a pattern with + joins two slots or more")
	}
	return r, nil
}

// atom returns the id of one alternative of a slot, indexing it the first
// time it is seen.
func (rs *ruleSet) atom(alt string, classes map[string][]string) (int32, error) {
	if id, ok := rs.atomIDs[alt]; ok {
		return id, nil
	}
	id := int32(len(rs.atomIDs))
	if name, ok := strings.CutPrefix(alt, "$"); ok {
		members, known := classes[name]
		if !known {
			return 0, fmt.Errorf("unknown class %s", alt)
		}
		for _, m := range members {
			if err := rs.index(m, id); err != nil {
				return 0, fmt.Errorf("class %s: %w", alt, err)
			}
		}
	} else if err := rs.index(alt, id); err != nil {
		return 0, err
	}
	rs.atomIDs[alt] = id
	return id, nil
}

// index makes the word (or word start) w find atom id.
func (rs *ruleSet) index(w string, id int32) error {
	exactOnly := strings.HasPrefix(w, "=")
	prefix := strings.HasSuffix(w, "*")
	words := foldWords(strings.TrimSuffix(strings.TrimPrefix(w, "="), "*"))
	if len(words) != 1 {
		return fmt.Errorf("%q is not one word (write two slots, or join them)", w)
	}
	f := words[0]
	switch {
	case prefix:
		if len(f) < 3 {
			return fmt.Errorf("word start %q is shorter than three letters", w)
		}
		rs.prefixes[f[:3]] = appendPrefix(rs.prefixes[f[:3]], f, id)
	default:
		if !slices.Contains(rs.exact[f], id) {
			rs.exact[f] = append(rs.exact[f], id)
		}
	}
	if !exactOnly && utf8.RuneCountInString(f) >= fuzzyMin {
		// One typo: in a word start, only in the start itself
		// ("mishandl" for "mishandel*"); in a word, anywhere.
		rs.addFuzzy(f, id)
	}
	return nil
}

func appendPrefix(list []prefixAtom, p string, id int32) []prefixAtom {
	for i := range list {
		if list[i].prefix == p {
			if !slices.Contains(list[i].atoms, id) {
				list[i].atoms = append(list[i].atoms, id)
			}
			return list
		}
	}
	return append(list, prefixAtom{prefix: p, atoms: []int32{id}})
}

// addFuzzy makes w, a word of seven or more letters, tolerate one typo.
func (rs *ruleSet) addFuzzy(w string, id int32) {
	if !slices.Contains(rs.fuzzy[w], id) {
		rs.fuzzy[w] = append(rs.fuzzy[w], id)
	}
}
