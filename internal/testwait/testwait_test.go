package testwait

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fatalTB records Fatalf instead of ending the test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }

func TestEventually(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		var n atomic.Int32
		go func() {
			for range 3 {
				n.Add(1)
			}
		}()
		f := &fatalTB{TB: t}
		Eventually(f, 10*time.Second, func() bool { return n.Load() == 3 }, "three counted")
		if f.msg != "" {
			t.Errorf("failed: %s", f.msg)
		}
	})

	t.Run("AtOnce", func(t *testing.T) {
		t.Parallel()
		calls := 0
		start := time.Now()
		Eventually(t, time.Second, func() bool { calls++; return true }, "true")
		if calls != 1 || time.Since(start) > 100*time.Millisecond {
			t.Errorf("a condition that holds: %d calls in %v, want 1 at once", calls, time.Since(start))
		}
	})

	t.Run("ErrNotWithin", func(t *testing.T) {
		t.Parallel()
		f := &fatalTB{TB: t}
		calls := 0
		start := time.Now()
		Eventually(f, 200*time.Millisecond, func() bool { calls++; return false }, "the moon is cheese")
		took := time.Since(start)
		if !strings.HasPrefix(f.msg, "the moon is cheese: not so within 200ms (waited ") {
			t.Errorf("message: got=%q, want what, the limit and the time waited", f.msg)
		}
		if took < 200*time.Millisecond {
			t.Errorf("gave up after %v, before the 200ms limit", took)
		}
		// 1, 2, 4, …, 32 ms, then every 50 ms: about 10 looks in 200 ms; a
		// loop that spins would make thousands.
		if calls < 5 || calls > 40 {
			t.Errorf("%d looks in 200ms, want a backoff from 1 ms to 50 ms", calls)
		}
	})
}
