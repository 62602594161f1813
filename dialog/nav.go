package dialog

import "strings"

// nav.go: the way back and the way out that every multi-step flow of the
// work side shares (/nieuw, /uitnodigen): "⬅️ Terug" to the question
// answered last, "✖️ Stoppen" to the menu, the draft dropped — or, where
// the flow can pick a draft up again (/nieuw), kept for later.

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
// without any, back asks first. Stop asks before it drops what was
// answered ("stop?" – yes drops the draft with drop, no asks the step
// again); with nothing answered yet it stops at once.
//
// keep, when not nil, offers a third way: the draft stays, the menu comes,
// and the flow's command picks it up again ("xl").
func (t *turn) navigate(v string, back *[]string, first string, ask func(step string), drop, keep func()) bool {
	prefix := strings.TrimSuffix(t.in.Data, v)
	switch v {
	case "x":
		if len(*back) > 0 {
			rows := [][]Button{
				{{Text: t.T("nav_stop_yes"), Data: prefix + "xy"}},
				{{Text: t.T("nav_stop_no"), Data: prefix + "xn"}},
			}
			sure := "nav_stop_sure"
			if keep != nil {
				rows = append(rows, []Button{{Text: t.T("nav_later"), Data: prefix + "xl"}})
				sure = "nav_stop_sure_keep"
			}
			t.edit(Reply{Text: t.T(sure), Buttons: rows})
			return true
		}
		fallthrough
	case "xy":
		drop()
		t.s.Step = stepMenu
		t.edit(Reply{Text: t.T("org_cancelled")})
		t.menu()
	case "xn":
		ask(t.s.Step)
	case "xl":
		if keep == nil {
			return false
		}
		keep()
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
