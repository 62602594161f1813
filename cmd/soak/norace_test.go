//go:build !race

package main

// raceBuild: this test binary has no race detector.
const raceBuild = false
