//go:build !unix

package main

import "time"

// ownCPU cannot be read here: the burner falls back to a duty cycle.
func ownCPU() (time.Duration, bool) { return 0, false }
