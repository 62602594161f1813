package dialog

// nav.go: the way back and the way out that every multi-step flow of the
// work side shares (/nieuw, /uitnodigen): "⬅️ Terug" to the question
// answered last, "✖️ Stoppen" to the menu, the draft dropped.

// navRow is the row under each question: back (not under the first) and
// stop. prefix is the flow's button prefix.
func (t *turn) navRow(prefix string, first bool) []Button {
	stop := Button{Text: t.T("org_cancel"), Data: prefix + "x"}
	if first {
		return []Button{stop}
	}
	return []Button{{Text: t.T("org_back"), Data: prefix + "back"}, stop}
}

// navigate handles the press v (without the prefix) if it is back or
// stop, and reports whether it was. back holds the steps answered so far;
// without any, back asks first. drop removes the flow's draft.
func (t *turn) navigate(v string, back *[]string, first string, ask func(step string), drop func()) bool {
	switch v {
	case "x":
		drop()
		t.s.Step = stepMenu
		t.edit(Reply{Text: t.T("org_cancelled")})
		t.menu()
	case "back":
		prev := first
		if n := len(*back); n > 0 {
			prev, *back = (*back)[n-1], (*back)[:n-1]
		}
		ask(prev)
	default:
		return false
	}
	return true
}
