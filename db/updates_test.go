package db_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/db/dbtest"
)

func TestGate(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	// Two gates on one database: two replicas.
	a, err := d.Gate(ctx, 4, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	b, err := d.Gate(ctx, 4, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)

	// The same update delivered to both at once is handled once.
	var runs atomic.Int32
	var wg sync.WaitGroup
	for _, g := range []interface {
		Once(context.Context, int64, int64, func(context.Context)) (bool, error)
	}{a, b, a, b} {
		wg.Go(func() {
			if _, err := g.Once(ctx, 1001, 42, func(context.Context) { runs.Add(1); time.Sleep(20 * time.Millisecond) }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("update 1001 delivered 4 times ran %d times, want 1", n)
	}

	// Updates of one chat on two replicas never overlap; another chat's do
	// not wait for them.
	var inside atomic.Int32
	overlap := atomic.Bool{}
	started := make(chan struct{})
	release := make(chan struct{})
	wg.Go(func() {
		if _, err := a.Once(ctx, 2001, 7, func(context.Context) {
			inside.Add(1)
			close(started)
			<-release
			inside.Add(-1)
		}); err != nil {
			t.Error(err)
		}
	})
	<-started
	second := make(chan struct{})
	wg.Go(func() {
		if _, err := b.Once(ctx, 2002, 7, func(context.Context) {
			if inside.Load() != 0 {
				overlap.Store(true)
			}
		}); err != nil {
			t.Error(err)
		}
		close(second)
	})
	other := make(chan struct{})
	wg.Go(func() {
		if _, err := b.Once(ctx, 3001, 8, func(context.Context) {}); err != nil {
			t.Error(err)
		}
		close(other)
	})
	select {
	case <-other:
	case <-time.After(5 * time.Second):
		t.Fatal("another chat's update waited for chat 7's lock")
	}
	select {
	case <-second:
		t.Fatal("chat 7's second update ran while the first held the lock")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	if overlap.Load() {
		t.Fatal("two updates of one chat overlapped")
	}

	// Handled updates are remembered until purged.
	ran, err := a.Once(ctx, 2001, 7, func(context.Context) { t.Error("update 2001 ran twice") })
	if err != nil || ran {
		t.Fatalf("a handled update again: ran %v, err %v", ran, err)
	}
	n, err := d.PurgeProcessedUpdates(ctx, time.Now().Add(time.Minute))
	if err != nil || n != 4 {
		t.Fatalf("purged %d, %v; want the 4 updates handled", n, err)
	}
}

// TestGateOneChatCannotFillIt: a chat whose updates fill every lock
// connection, waiting on its own first one, does not stop another chat:
// after lockWait the waiting ones are refused (for Telegram to deliver
// again) and the other chat's update runs.
func TestGateOneChatCannotFillIt(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := t.Context()
	g, err := d.Gate(ctx, 2, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := g.Once(ctx, 5001, 9, func(context.Context) { close(started); <-release }); err != nil {
			t.Error(err)
		}
	})
	<-started
	refused := make(chan error, 1)
	wg.Go(func() { // chat 9 again: takes the second connection, waits for the lock
		_, err := g.Once(ctx, 5002, 9, func(context.Context) { t.Error("update 5002 ran while 5001 held the lock") })
		refused <- err
	})
	ran := make(chan struct{})
	wg.Go(func() {
		if _, err := g.Once(ctx, 6001, 10, func(context.Context) {}); err != nil {
			t.Error(err)
		}
		close(ran)
	})
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		close(release) // let the rest end before failing
		wg.Wait()
		t.Fatal("another chat waited behind a chat that filled the lock pool")
	}
	if err := <-refused; err == nil {
		t.Error("the update that waited past lockWait was not refused")
	}
	close(release)
	wg.Wait()
	// The refused update runs when it is delivered again.
	if ok, err := g.Once(ctx, 5002, 9, func(context.Context) {}); !ok || err != nil {
		t.Fatalf("update 5002 delivered again: ran %v, err %v", ok, err)
	}
	if _, err := d.Gate(ctx, 2, 0); err == nil {
		t.Error("a gate without a lock wait was opened")
	}
}
