package dialog

// DeclaredMove exposes declaredMove to the fuzz test (package dialog_test).
var DeclaredMove = declaredMove

// OnFallback tells f of every text a language lacked and English gave.
func (e *Engine) OnFallback(f func(lang, id string)) { e.loc.onFallback = f }

// WhoFor is who the flow of a step, a command or button data is for
// ("parent", "organiser", "staff", "admin", "anyone"), or "" when none has it.
func WhoFor(step, command, data string) string {
	f := flowByStep[step]
	if command != "" {
		f = flowByCommand[command]
	}
	if data != "" {
		f = flowOfButton(data)
	}
	if f == nil {
		return ""
	}
	return f.who
}
