//go:build race

package main

// raceBuild: this test binary has the race detector, so the bot it builds
// gets it too.
const raceBuild = true
