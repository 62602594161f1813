package dialog

import (
	"strings"
	"unicode"
)

// words.go: plain words a parent types instead of pressing a button or
// typing a command — "hallo", "help", "zoek", "ik weet het niet", a menu
// number — and commands typed almost right ("/zoekk"). They are answered
// as meant, never with "I don't understand". The safety check has read
// the text first (engine.go).

// plainWords maps a folded text to what it asks for.
var plainWords = map[string]string{
	"hallo": "greet", "hoi": "greet", "hey": "greet", "hi": "greet", "hello": "greet", "dag": "greet",
	"goedemorgen": "greet", "goedemiddag": "greet", "goedenavond": "greet", "good morning": "greet",
	"help": "help", "hulp": "help", "helpen": "help", "uitleg": "help", "info": "help",
	"zoek": "find", "zoeken": "find", "find": "find", "search": "find", "bijeenkomst": "find", "bijeenkomsten": "find",
	"vraag": "ask", "vragen": "ask", "ask": "ask",
	"menu": "menu", "start": "menu", "begin": "menu",
	"bewaard": "saved", "saved": "saved",
	"ik weet het niet": "unsure", "weet ik niet": "unsure", "ik weet niet": "unsure", "geen idee": "unsure",
	"i don't know": "unsure", "i dont know": "unsure", "dont know": "unsure", "don't know": "unsure", "idk": "unsure",
	"weet niet": "unsure",
}

// foldWords is a text as plainWords knows it: lower case, the punctuation
// around words gone, one space between them.
func foldWords(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '\'') || unicode.IsSymbol(r)
	})
	return strings.Join(f, " ")
}

// understood answers plain words, or a menu number at the menu; false
// when text is neither.
func (t *turn) understood(text string) bool {
	folded := foldWords(text)
	if t.s.Step == stepMenu {
		if n := strings.TrimSpace(text); len(n) == 1 && n[0] >= '1' && n[0] <= '5' {
			t.menuNumber(int(n[0] - '0'))
			return true
		}
	}
	switch plainWords[folded] {
	case "greet":
		if t.first {
			t.greet()
			return true
		}
		t.say("words_hello")
		t.menu()
	case "help":
		t.out = append(t.out, Reply{Text: t.helpText(), Buttons: t.urgentButton()})
		t.prompt()
	case "find":
		t.startFind()
	case "ask":
		t.startAsk(nil)
	case "menu":
		t.s.Step = stepMenu
		t.menu()
	case "saved":
		t.savedList(false, "")
	case "unsure":
		t.out = append(t.out, Reply{Text: t.T("words_unsure"), Buttons: t.urgentButton()})
		t.s.Step = stepMenu
		t.menu()
	default:
		return false
	}
	return true
}

// menuNumber is the menu's nth button, typed as a number.
func (t *turn) menuNumber(n int) {
	switch n {
	case 1:
		t.startFind()
	case 2:
		t.startAsk(nil)
	case 3:
		t.out = append(t.out, t.supportReply())
	case 4:
		t.out = append(t.out, t.settingsReply())
	case 5:
		t.urgent()
	}
}

// didYouMean answers a command typed almost right ("/zoekk", "/vergeten")
// with the one it most likely was; false when none is that close.
func (t *turn) didYouMean(cmd string) bool {
	best, dist := "", 3
	for name := range flowByCommand {
		if d := editDistance(cmd, name); d < dist || (d == dist && name < best) {
			best, dist = name, d
		}
	}
	if best == "" || dist > 2 || (dist == 2 && len(cmd) < 5) {
		return false
	}
	// Named as the chat's menu names it (/zoek in Dutch, /find in English).
	nl, own := t.e.Commands("nl"), t.e.Commands(t.lang)
	for i := range nl {
		if nl[i].Name == best && i < len(own) {
			best = own[i].Name
		}
	}
	t.say("words_did_you_mean", map[string]any{"Command": "/" + best})
	t.prompt()
	return true
}

// editDistance is the Levenshtein distance between two short words.
// (Written here: a dozen lines, and the standard library has none.)
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
