//go:build race

package safety

// raceEnabled: the race detector makes the reference matcher ten times
// slower, so TestMatcherAgainstReference checks a sample under it (the
// plain run checks everything).
const raceEnabled = true
