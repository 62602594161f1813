package dialog

// DeclaredMove exposes declaredMove to the fuzz test (package dialog_test).
var DeclaredMove = declaredMove

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
