package dialog

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// -update (updateGolden, draft_golden_test.go) also rewrites
// docs/FLOWS.md and the map in doc.go from the flow table:
//
//	go test ./dialog -run TestFlowsDocument -update

const (
	flowsDoc  = "../docs/FLOWS.md"
	docGo     = "doc.go"
	mapMarker = "// The flows (generated from flows.go:"
)

// TestFlowsDocument: docs/FLOWS.md and the map in doc.go are what the flow
// table says, so nobody reads a picture of a conversation that is not the
// bot's.
func TestFlowsDocument(t *testing.T) {
	want := flowsMarkdown()
	doc, err := os.ReadFile(docGo)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(doc, []byte(mapMarker))
	if i < 0 {
		t.Fatalf("%s lacks the line %q that starts the flow map", docGo, mapMarker)
	}
	j := bytes.Index(doc[i:], []byte("\npackage dialog"))
	if j < 0 {
		t.Fatalf("%s: no package clause after the flow map", docGo)
	}
	wantDoc := string(doc[:i]) + strings.TrimSuffix(flowMap(), "\n") + string(doc[i+j:])
	if *updateGolden {
		if err := os.WriteFile(flowsDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(docGo, []byte(wantDoc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(flowsDoc)
	if err != nil || string(got) != want {
		t.Errorf("%s is stale (%v): run go test ./dialog -run TestFlowsDocument -update", flowsDoc, err)
	}
	if string(doc) != wantDoc {
		t.Errorf("%s's flow map is stale: run go test ./dialog -run TestFlowsDocument -update", docGo)
	}
}

// TestFlowTableIsComplete: every file of the package and every locale file
// belongs to one flow (or to the engine), every step is a flow's, every
// way on leads to a step that exists, and every command the bot registers
// has its flow.
func TestFlowTableIsComplete(t *testing.T) {
	owner := map[string]string{}
	for _, f := range engineFiles {
		owner[f] = "engine"
	}
	words := map[string]string{"words": "engine"}
	for _, f := range flows {
		for _, file := range f.files {
			if o, ok := owner[file]; ok {
				t.Errorf("%s is in flows %s and %s", file, o, f.name)
			}
			owner[file] = f.name
		}
		for _, w := range f.wordsOf() {
			words[w] = f.name
		}
		for _, s := range f.steps {
			for _, n := range slices.Concat(s.next, s.change) {
				if n != stepMenu && flowByStep[n] == nil {
					t.Errorf("%s: step %s leads to %q, which no flow has", f.name, s.name, n)
				}
			}
		}
		for _, e := range f.entries {
			if flowByStep[e] != f {
				t.Errorf("%s: entry %q is not one of its steps", f.name, e)
			}
		}
		if f.button == nil && len(f.buttons) > 0 || f.command == nil && len(f.commands) > 0 {
			t.Errorf("%s: buttons or commands without a handler", f.name)
		}
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if !strings.HasSuffix(file, "_test.go") && owner[file] == "" {
			t.Errorf("%s belongs to no flow: add it to its flow's files in flows.go (or to engineFiles)", file)
		}
	}
	for file := range owner {
		if _, err := os.Stat(file); err != nil {
			t.Errorf("the flow table names %s: %v", file, err)
		}
	}
	locs, err := filepath.Glob("locales/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range locs {
		if w := strings.SplitN(filepath.Base(l), ".", 2)[0]; words[w] == "" {
			t.Errorf("%s belongs to no flow", l)
		}
	}
	for _, w := range slices.Sorted(func(yield func(string) bool) {
		for w := range words {
			if !yield(w) {
				return
			}
		}
	}) {
		langs := Languages[:2] // the work side: Dutch and English
		if slices.Contains(parentLocaleFiles(), w) {
			langs = Languages // the parent side: every language
		}
		for _, lang := range langs {
			if _, err := os.Stat(filepath.Join("locales", w+"."+lang+".yaml")); err != nil {
				t.Errorf("flow %s: %v", words[w], err)
			}
		}
	}
	e, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		for _, c := range e.Commands(lang) {
			if flowByCommand[c.Name] == nil {
				t.Errorf("/%s (%s) is registered but no flow has it", c.Name, lang)
			}
		}
	}
}

// flowMap is the map at the end of doc.go's package comment.
func flowMap() string {
	var b bytes.Buffer
	b.WriteString(mapMarker + " go test ./dialog -run TestFlowsDocument -update)\n//\n")
	line := func(name, label, items string) {
		if items != "" {
			fmt.Fprintf(&b, "//\t%-9s %-8s %s\n", name, label, items)
		}
	}
	for _, f := range flows {
		line(f.name, "code", strings.Join(f.files, " "))
		line("", "buttons", strings.Join(f.buttons, " "))
		line("", "words", strings.Join(suffixed(f.wordsOf(), ".<lang>.yaml"), " "))
	}
	line("(engine)", "code", strings.Join(engineFiles[:5], " "))
	line("", "", strings.Join(engineFiles[5:], " "))
	line("", "words", "words.<lang>.yaml")
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// flowsMarkdown is docs/FLOWS.md.
func flowsMarkdown() string {
	var b strings.Builder
	b.WriteString(`# The conversation, flow by flow

<!-- Generated from the flow table in dialog/flows.go by
     go test ./dialog -run TestFlowsDocument -update
     Do not edit: TestFlowsDocument fails when this file and the table differ. -->

Every conversation the bot holds is a **flow** in one table, ` + "`dialog/flows.go`" + `. A flow declares the
steps it waits in and where each step's answers lead, the commands and button data it owns, the part of
the session it keeps (its draft), and its handlers; the engine dispatches every input by looking it up
there. Entering a flow clears the other flows' drafts (except those it keeps), so a help request's words do
not travel into a search. The fuzz test fails on any move between steps that the table does not declare.

In the diagrams ` + "`[*]`" + ` is the main menu. A command or a menu button reaches a flow's first steps from
anywhere (` + "`[*] -->`" + `); steps of another flow are marked with its name. "Back" returns to the step answered
before and is not drawn; /help, /privacy, /taal and the 🆘 screen answer in place and the chat stays where
it was.

| flow | for | who | commands | button data | code (` + "`dialog/`" + `) | words (` + "`dialog/locales/`" + `) |
|---|---|---|---|---|---|---|
`)
	for _, f := range flows {
		var cmds []string
		for _, c := range f.commands {
			cmds = append(cmds, "/"+c)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", f.name, f.doc, f.who, orDash(strings.Join(cmds, " ")),
			orDash(code(f.buttons)), code(f.files), code(suffixed(f.wordsOf(), ".<lang>.yaml")))
	}
	fmt.Fprintf(&b, "| (engine) | dispatch, effects, sessions, formats | | | | %s | %s |\n", code(engineFiles), code([]string{"words.<lang>.yaml"}))
	for _, f := range flows {
		fmt.Fprintf(&b, "\n## %s\n\n%s.", f.name, upperFirst(f.doc))
		if f.draft != nil {
			keeps := ""
			if len(f.keeps) > 0 {
				keeps = " Entering it keeps the draft of " + strings.Join(f.keeps, ", ") + "."
			}
			fmt.Fprintf(&b, " It keeps a draft in the session until the chat enters another flow.%s", keeps)
		}
		b.WriteString("\n")
		if len(f.steps) == 0 {
			b.WriteString("\nNo steps: it answers and the chat stays where it was (or moves to another flow's step).\n")
			continue
		}
		b.WriteString("\n```mermaid\nstateDiagram-v2\n")
		if f.name == "menu" {
			fmt.Fprintf(&b, "    [*] --> %s\n    %s --> [*]\n", stepConfirmForget, stepConfirmForget)
			b.WriteString("```\n")
			continue
		}
		declared := map[string]bool{}
		for _, s := range f.steps {
			for _, n := range s.next {
				if o := flowByStep[n]; n != stepMenu && o != f && !declared[n] {
					declared[n] = true
					fmt.Fprintf(&b, "    state \"%s (%s)\" as %s\n", n, o.name, n)
				}
			}
		}
		for _, e := range f.entries {
			fmt.Fprintf(&b, "    [*] --> %s\n", e)
		}
		for _, s := range f.steps {
			for _, n := range s.next {
				if n == stepMenu {
					n = "[*]"
				}
				fmt.Fprintf(&b, "    %s --> %s\n", s.name, n)
			}
		}
		for _, s := range f.steps {
			for _, n := range s.change {
				fmt.Fprintf(&b, "    %s --> %s : in a change\n", s.name, n)
			}
		}
		b.WriteString("```\n")
	}
	return b.String()
}

func code(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, " ")
}

func suffixed(items []string, suffix string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = s + suffix
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
