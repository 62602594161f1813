package safety

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The evaluation sets (testdata/eval and testdata/holdout, one file per
// language) are messages written for this project: danger in every
// category and ordinary parent messages full of trap words. Each line is
// "label<TAB>text"; a label is a category, several comma-separated, or
// "none". The detector must find at least minRecall of each category's
// messages, answering with (one of) the right categories, and fire on at
// most maxFalseAlarm of the ordinary ones. docs/SAFETY.md records the
// figures; SAFETY_EVAL_VERBOSE=1 prints every miss and false alarm.
const (
	minRecall     = 0.98
	maxFalseAlarm = 0.03
)

type evalCase struct {
	file, text string
	labels     []Category // nil: an ordinary message
}

func loadEval(t *testing.T, dir string) []evalCase {
	t.Helper()
	return loadEvalFile(t, dir, evalLang())
}

// loadEvalFile reads testdata/<dir>/<lang>.tsv ("*": every language's).
func loadEvalFile(t *testing.T, dir, lang string) []evalCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, lang+".tsv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evaluation files in testdata/%s: %v", dir, err)
	}
	var cases []evalCase
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			label, text, ok := strings.Cut(line, "\t")
			if !ok || strings.Contains(text, "\t") || strings.TrimSpace(text) == "" {
				t.Fatalf("%s:%d: want 'label<TAB>text'", f, n)
			}
			c := evalCase{file: fmt.Sprintf("%s:%d", filepath.Base(f), n), text: strings.ReplaceAll(text, `\n`, "\n")}
			if label != "none" {
				for _, l := range strings.Split(label, ",") {
					cat := Category(strings.TrimSpace(l))
					if !slices.Contains(Categories, cat) {
						t.Fatalf("%s:%d: unknown label %q", f, n, l)
					}
					c.labels = append(c.labels, cat)
				}
			}
			cases = append(cases, c)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// evalResult is what one set scored.
type evalResult struct {
	found, total map[Category]int
	alarms, none int
	misses       []string
}

func evaluate(d *Detector, cases []evalCase) evalResult {
	r := evalResult{found: map[Category]int{}, total: map[Category]int{}}
	for _, c := range cases {
		got := d.Check(c.text)
		if c.labels == nil {
			r.none++
			if got != nil {
				r.alarms++
				var rules []string
				for _, h := range d.Explain(c.text) {
					if h.Category != ignore {
						rules = append(rules, h.Rule)
					}
				}
				r.misses = append(r.misses, fmt.Sprintf("FALSE ALARM %s %v %q\n      by %s", c.file, got, c.text, strings.Join(rules, " | ")))
			}
			continue
		}
		primary := c.labels[0]
		r.total[primary]++
		ok := false
		for _, l := range c.labels {
			ok = ok || slices.Contains(got, l)
		}
		if ok {
			r.found[primary]++
		} else {
			r.misses = append(r.misses, fmt.Sprintf("MISSED %s want %v got %v %q", c.file, c.labels, got, c.text))
		}
	}
	sort.Strings(r.misses)
	return r
}

// report logs the figures and fails when a category's recall is below
// floor (minRecall when nil) or the false alarms above maxAlarm.
func (r evalResult) report(t *testing.T, name string, floor map[Category]float64, maxAlarm float64) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s:", name)
	for _, c := range Categories {
		fmt.Fprintf(&b, " %s %d/%d (%.1f%%)", c, r.found[c], r.total[c], 100*ratio(r.found[c], r.total[c]))
		want := minRecall
		if floor != nil {
			want = floor[c]
		}
		if r.total[c] == 0 {
			t.Errorf("%s: no %s messages", name, c)
		} else if ratio(r.found[c], r.total[c]) < want {
			t.Errorf("%s: recall for %s is %.1f%%, want at least %.1f%%", name, c, 100*ratio(r.found[c], r.total[c]), 100*want)
		}
	}
	fmt.Fprintf(&b, "; false alarms %d/%d (%.1f%%)", r.alarms, r.none, 100*ratio(r.alarms, r.none))
	if ratio(r.alarms, r.none) > maxAlarm {
		t.Errorf("%s: false alarms %.1f%%, want at most %.1f%%", name, 100*ratio(r.alarms, r.none), 100*maxAlarm)
	}
	t.Log(b.String())
	// The held-out messages stay out of logs, even when the test fails:
	// whoever reads them would tune rules on them.
	if t.Failed() && name != "holdout" || os.Getenv("SAFETY_EVAL_VERBOSE") != "" {
		for _, m := range r.misses {
			t.Log(m)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// evalLang is "*", or the one language SAFETY_EVAL_LANG names: while
// working on one language's rules, only its file and its messages count.
func evalLang() string {
	if l := os.Getenv("SAFETY_EVAL_LANG"); l != "" {
		return l
	}
	return "*"
}

// evalDetector is the detector under evaluation: every language's rules,
// or SAFETY_EVAL_LANG's only.
func evalDetector(t *testing.T) *Detector {
	t.Helper()
	d, err := load(rulesFS, "rules/"+evalLang()+".rules")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestEvaluation checks the detector against the evaluation set the rules
// were tuned on.
func TestEvaluation(t *testing.T) {
	t.Parallel()
	d := evalDetector(t)
	cases := loadEval(t, "eval")
	if n := countDanger(cases); evalLang() == "*" && (n < 300 || len(cases)-n < 300) {
		t.Errorf("the evaluation set has %d danger and %d ordinary messages, want at least 300 of each", n, len(cases)-n)
	}
	evaluate(d, cases).report(t, "eval", nil, maxFalseAlarm)
}

// TestHoldout measures the detector on messages written apart from the
// ones the rules were tuned on, and never used to tune them: how well the
// rules generalise to phrasings nobody wrote a rule for. The held-out set
// does not reach the development set's bar — that gap is the honest
// measure docs/SAFETY.md reports — so this test guards against the rules
// getting worse: it fails when a category falls below what it scored when
// the figures were recorded, less a margin of one or two messages.
func TestHoldout(t *testing.T) {
	t.Parallel()
	d := evalDetector(t)
	if evalLang() != "*" {
		// One language's rules alone: measured, not guarded (the floors
		// are for every language's rules together, as they run).
		evaluate(d, loadEval(t, "holdout")).report(t, "holdout", map[Category]float64{}, 1)
		return
	}
	for _, lang := range d.Languages() {
		f, ok := holdoutFloors[lang]
		if !ok {
			t.Errorf("no held-out floors for %s: measure them and record them here and in docs/SAFETY.md", lang)
			continue
		}
		evaluate(d, loadEvalFile(t, "holdout", lang)).report(t, "holdout "+lang, f.recall, f.maxAlarm)
	}
}

// holdoutFloors are the recorded held-out figures of each language with
// every language's rules running (docs/SAFETY.md), less a margin of a
// message or two: found / messages per category, false alarms / ordinary.
var holdoutFloors = map[string]struct {
	recall   map[Category]float64
	maxAlarm float64
}{
	"ar": {map[Category]float64{Medical: 16.0 / 23, Suicide: 17.0 / 23, Child: 14.0 / 23, Violence: 15.0 / 24, Need: 11.0 / 22}, 7.0 / 91},  // recorded 17/23, 18/23, 15/23, 16/24, 12/22; 5/91 false alarms (round 3 set)
	"en": {map[Category]float64{Medical: 16.0 / 19, Suicide: 17.0 / 21, Child: 17.0 / 19, Violence: 18.0 / 21, Need: 16.0 / 19}, 5.0 / 86},  // recorded 17/19, 18/21, 18/19, 19/21, 17/19; 3/86 false alarms
	"nl": {map[Category]float64{Medical: 17.0 / 19, Suicide: 16.0 / 20, Child: 14.0 / 19, Violence: 16.0 / 19, Need: 14.0 / 19}, 2.0 / 89},  // recorded 18/19, 17/20, 15/19, 17/19, 15/19; 0/89 false alarms
	"pl": {map[Category]float64{Medical: 16.0 / 20, Suicide: 16.0 / 20, Child: 17.0 / 18, Violence: 20.0 / 22, Need: 18.0 / 20}, 5.0 / 90},  // recorded 17/20, 17/20, 18/18, 21/22, 19/20; 3/90 false alarms (round 3 set)
	"tr": {map[Category]float64{Medical: 17.0 / 21, Suicide: 18.0 / 21, Child: 15.0 / 20, Violence: 19.0 / 22, Need: 16.0 / 20}, 3.0 / 94},  // recorded 18/21, 19/21, 16/20, 20/22, 17/20; 1/94 false alarms (round 3 set)
	"uk": {map[Category]float64{Medical: 14.0 / 20, Suicide: 16.0 / 22, Child: 11.0 / 20, Violence: 15.0 / 21, Need: 14.0 / 19}, 5.0 / 100}, // recorded 15/20, 17/22, 12/20, 16/21, 15/19; 3/100 false alarms (round 3 set)
}

func countDanger(cases []evalCase) int {
	n := 0
	for _, c := range cases {
		if c.labels != nil {
			n++
		}
	}
	return n
}
