package dialog

// DeclaredMove exposes declaredMove to the fuzz test (package dialog_test).
var DeclaredMove = declaredMove
