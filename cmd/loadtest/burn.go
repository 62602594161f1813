package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// burnEnv, when set to a number of cores, makes the binary a CPU burner:
// other work on a shared machine, made reproducible (-burn). Its CPU shows
// in the "others" column of every run.
const burnEnv = "OUDERKRING_LOADTEST_BURN"

// burnPeriod is the burner's duty cycle: each of its goroutines is busy
// for its share of every period and sleeps the rest, so the load is even
// at the time scale of an update (milliseconds), as a neighbour's
// process would be, and not in bursts.
const burnPeriod = 10 * time.Millisecond

// burnMain spins until killed, busy for cores cores: ceil(cores)
// goroutines, each busy cores/ceil(cores) of every burnPeriod.
func burnMain(cores float64) int {
	n := int(math.Ceil(cores))
	busy := time.Duration(float64(burnPeriod) * cores / float64(n))
	for range n {
		go func() {
			x := 0
			for {
				start := time.Now()
				for time.Since(start) < busy {
					x++
				}
				time.Sleep(burnPeriod - busy)
			}
		}()
	}
	select {}
}

// startBurner starts this binary again as a burner of cores cores; stop
// kills it.
func startBurner(cores float64, logs io.Writer) (stop func(), err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), burnEnv+"="+strconv.FormatFloat(cores, 'f', -1, 64))
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("burner: %w", err)
	}
	return func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}, nil
}

// burnCores is burnEnv's value, 0 when unset or not a positive number.
func burnCores() float64 {
	v, err := strconv.ParseFloat(os.Getenv(burnEnv), 64)
	if err != nil || v <= 0 {
		return 0
	}
	return v
}
