package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// proc.go reads Linux's /proc for where the CPU went during a run: the
// bot process, this process (the fake Bot API and the parents), every
// Postgres process, and the machine as a whole (which includes whatever
// else runs on it). Everything is 0 where /proc is not there.

// clockTick is the unit of the CPU times in /proc (USER_HZ), 100 a second
// on every Linux this runs on.
const clockTick = 10 * time.Millisecond

// procStatusKB reads a "Field:   123 kB" line of a /proc status file.
func procStatusKB(path, field string) (int64, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}

// cpuSnapshot is the CPU time used so far by each party.
type cpuSnapshot struct {
	at                   time.Time
	bot, self, postgres  time.Duration
	machineBusy, machine time.Duration // all CPUs: busy, and busy + idle
}

func snapshotCPU(botPID int) cpuSnapshot {
	s := cpuSnapshot{at: time.Now(), self: cpuTime()}
	if botPID > 0 {
		s.bot, _ = processCPU(filepath.Join("/proc", strconv.Itoa(botPID), "stat"))
	}
	s.postgres = postgresCPU()
	s.machineBusy, s.machine = machineCPU()
	return s
}

// cpuUse is the CPU each party used between two snapshots, in cores (1.0:
// one core busy the whole time).
type cpuUse struct {
	bot, driver, postgres, machine float64
}

// others is the CPU the machine spent on anything but the bot, this
// process and Postgres: other work on a shared machine, and the kernel's
// own. On the 2-core machine, more than a few tenths means the run
// competed for the CPU.
func (u cpuUse) others() float64 { return max(0, u.machine-u.bot-u.driver-u.postgres) }

func (u cpuUse) String() string {
	return fmt.Sprintf("%.2f / %.2f / %.2f / %.2f", u.bot, u.driver, u.postgres, u.others())
}

func (a cpuSnapshot) to(b cpuSnapshot) cpuUse {
	wall := b.at.Sub(a.at).Seconds()
	if wall <= 0 {
		return cpuUse{}
	}
	u := cpuUse{
		bot:    (b.bot - a.bot).Seconds() / wall,
		driver: (b.self - a.self).Seconds() / wall,
		// A backend of someone else's that ended meanwhile takes its CPU
		// time with it; never show less than nothing.
		postgres: max(0, (b.postgres-a.postgres).Seconds()/wall),
	}
	if total := (b.machine - a.machine).Seconds(); total > 0 {
		// /proc/stat counts every CPU; scale busy time to cores.
		cores := total / wall
		u.machine = (b.machineBusy - a.machineBusy).Seconds() / total * cores
	}
	return u
}

// processCPU is utime + stime of a /proc/<pid>/stat file.
func processCPU(path string) (time.Duration, string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, ""
	}
	// The command name is in parentheses and may hold spaces.
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return 0, ""
	}
	comm := string(b[open+1 : end])
	f := strings.Fields(string(b[end+1:]))
	// After the name: state(0) ppid(1) … utime(11) stime(12).
	if len(f) < 13 {
		return 0, comm
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * clockTick, comm
}

// postgresCPU sums the CPU time of every process named postgres: the
// server's background processes and every backend, ours and anyone
// else's on this machine (a backend that ended meanwhile is missed).
func postgresCPU() time.Duration {
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum time.Duration
	for _, p := range paths {
		if t, comm := processCPU(p); comm == "postgres" {
			sum += t
		}
	}
	return sum
}

// machineCPU reads the first line of /proc/stat: busy and total CPU time
// over all CPUs since boot.
func machineCPU() (busy, total time.Duration) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		// user nice system idle iowait irq softirq steal (guest counted in user)
		if i >= 8 {
			break
		}
		total += time.Duration(n) * clockTick
		if i != 3 && i != 4 {
			busy += time.Duration(n) * clockTick
		}
	}
	return busy, total
}
