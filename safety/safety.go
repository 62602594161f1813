// Package safety recognises messages that signal danger — thoughts of
// suicide, violence at home, a child at risk, a child's medical emergency,
// no food or no roof — so the bot can answer them with the line that helps
// before it reads the text as anything else (a place, a name, a draft).
//
// The rules are data, one file per language in rules/ (embedded): chat
// spellings to expand ("mn" → "mijn"), word classes with every verb form
// that matters ("sla slaat sloeg geslagen"), and per category patterns of
// words with a window between them ("eind ..3 leven"). This package holds
// only the matcher. It is written here, not taken from a library, because
// what it needs — whole-word matching after folding chat spelling, word
// windows within a sentence, one typo in long words, and a few
// microseconds per message — is a small, specific thing: Go's regexp would
// need a pattern per rule run over every message (too slow for 4,096
// characters at each step), and the fuzzy-search libraries match single
// words, not phrases with windows. docs/SAFETY.md says how to add a phrase
// or a language.
package safety

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// Category is a kind of danger; each has its own answer.
type Category string

// The categories, each with its own answer (the locale keys safety_<category>).
const (
	// Medical: a child's medical emergency now (not breathing, blue,
	// unconscious, a seizure, poison): 112 first.
	Medical Category = "medical"
	// Suicide: thoughts of suicide or self-harm, or despair ("ik kan het
	// niet meer aan"): 113 Zelfmoordpreventie.
	Suicide Category = "suicide"
	// Child: a child at risk, including a parent's urge to shake or hurt
	// a crying baby: Veilig Thuis, 112, and what to do right now.
	Child Category = "child"
	// Violence: violence or threats at home, coercive control, sexual
	// abuse: Veilig Thuis, and 112 when it is happening now.
	Violence Category = "violence"
	// Need: no food, no money for food, nowhere to sleep: the
	// municipality's social team and the food bank.
	Need Category = "need"
)

// Categories lists every category, most urgent first: the order in which
// answers are shown when a message fits more than one.
var Categories = []Category{Medical, Suicide, Child, Violence, Need}

// ignore is the pseudo-category of rules that take everyday phrases out of
// a message before the danger rules look at it ("ik lach me dood").
const ignore Category = "ignore"

//go:embed rules/*.rules
var rulesFS embed.FS

// Detector finds danger in a message. It is safe for concurrent use.
type Detector struct {
	langs []*ruleSet
	pool  sync.Pool // *scratch
}

// New loads the embedded rule files, one per language.
func New() (*Detector, error) {
	return load(rulesFS, "rules/*.rules")
}

// load reads the rule files matching pattern in fsys.
func load(fsys fs.FS, pattern string) (*Detector, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("safety: no rule files")
	}
	d := &Detector{}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		rs, err := parseRules(strings.TrimSuffix(path.Base(name), ".rules"), string(src))
		if err != nil {
			return nil, err
		}
		d.langs = append(d.langs, rs)
	}
	d.pool.New = func() any { return &scratch{} }
	return d, nil
}

var (
	sharedOnce sync.Once
	shared     *Detector
	sharedErr  error
)

// Shared is the detector of the embedded rules, loaded once per process:
// loading takes tens of milliseconds, and a Detector is safe for
// concurrent use, so every engine (and every test's) can share one.
func Shared() (*Detector, error) {
	sharedOnce.Do(func() { shared, sharedErr = New() })
	return shared, sharedErr
}

// MustNew is New for rules that are compiled into the binary and checked
// by the tests: a broken file is a programming error.
func MustNew() *Detector {
	d, err := New()
	if err != nil {
		panic(err)
	}
	return d
}

// Languages lists the languages that have rules ("ar", "en", "nl" …).
func (d *Detector) Languages() []string {
	var l []string
	for _, rs := range d.langs {
		l = append(l, rs.lang)
	}
	return l
}

// Check returns the categories a message signals, most urgent first, or
// nil. Every language's rules are tried on every message: a parent may
// write in another language than the bot speaks.
func (d *Detector) Check(text string) []Category {
	var found uint
	d.scan(text, false, func(h Hit) { found |= 1 << categoryIndex(h.Category) })
	if found == 0 {
		return nil
	}
	var cats []Category
	for i, c := range Categories {
		if found&(1<<i) != 0 {
			cats = append(cats, c)
		}
	}
	return cats
}

// Hit is one rule that matched, for tests and for docs/SAFETY.md's
// evaluation: never logged, since it quotes the message.
type Hit struct {
	Category Category
	Lang     string
	Rule     string // the rule as written, with its line number ("nl:42")
	Words    string // the words of the message it matched
}

// Explain lists every rule that matched text, ignore rules included (their
// Category is "ignore").
func (d *Detector) Explain(text string) []Hit {
	var hits []Hit
	d.scan(text, true, func(h Hit) { hits = append(hits, h) })
	return hits
}

func categoryIndex(c Category) int {
	return slices.Index(Categories, c)
}

// scan runs every language's rules over text and reports each danger
// match; explaining, also the ignore matches, and the words of each.
func (d *Detector) scan(text string, explain bool, report func(Hit)) {
	sc := d.pool.Get().(*scratch)
	defer d.pool.Put(sc)
	sc.tokenize(text)
	if len(sc.words) == 0 {
		return
	}
	for _, rs := range d.langs {
		rs.run(sc, explain, report)
	}
}
