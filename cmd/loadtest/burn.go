package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"
)

// burnEnv, when set to a number of cores, makes the binary a CPU burner:
// other work on a shared machine, made reproducible (-burn). Its CPU shows
// in the "others" column of every run.
const burnEnv = "OUDERKRING_LOADTEST_BURN"

// burnPeriod is the burner's time scale: it keeps its CPU time within
// about this much of its share of the time passed, so the load is even at
// the time scale of an update (milliseconds), as a neighbour's process
// would be, and not in bursts.
const burnPeriod = 10 * time.Millisecond

// burnStep is how long the burner spins before it looks at its CPU time
// again.
const burnStep = time.Millisecond

// burnMain spins until killed, using cores cores of CPU time: ceil(cores)
// goroutines spin while the process's CPU time is behind cores times the
// time passed. It counts CPU time, not time spent spinning: on a full
// machine a spinning process is not always running, and a neighbour that
// needs half a core of work takes it, however long that takes. A debt of
// more than burnPeriod is forgiven, so the burner never runs flat out to
// catch up. Where the process's CPU time cannot be read it falls back to
// spinning for its share of every burnPeriod.
func burnMain(cores float64) int {
	n := int(math.Ceil(cores))
	if _, ok := ownCPU(); !ok {
		busy := time.Duration(float64(burnPeriod) * cores / float64(n))
		for range n {
			go func() {
				for {
					spin(busy)
					time.Sleep(burnPeriod - busy)
				}
			}()
		}
		select {}
	}
	var (
		mu    sync.Mutex
		start = time.Now()
		base  time.Duration // CPU time used before start, plus debts forgiven
	)
	base, _ = ownCPU()
	// owed is the CPU time the burner is behind its share.
	owed := func() time.Duration {
		mu.Lock()
		defer mu.Unlock()
		used, _ := ownCPU()
		due := time.Duration(cores * float64(time.Since(start)))
		d := due - (used - base)
		if d > burnPeriod {
			base -= d - burnPeriod
			d = burnPeriod
		}
		return d
	}
	for range n {
		go func() {
			for {
				if owed() > 0 {
					spin(burnStep)
				} else {
					time.Sleep(burnStep)
				}
			}
		}()
	}
	select {}
}

// spin keeps a core busy for d.
func spin(d time.Duration) {
	x := 0
	for start := time.Now(); time.Since(start) < d; {
		x++
	}
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
