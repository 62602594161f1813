package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/bot/telegramtest"
	"github.com/ouderkring/ouderkring/db"
	"github.com/ouderkring/ouderkring/db/dbtest"
	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/internal/pgproxy"
	"github.com/ouderkring/ouderkring/internal/testwait"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// startProxy puts a pgproxy in front of target for the test's length.
func startProxy(t *testing.T, target string) *pgproxy.Proxy {
	t.Helper()
	p, err := pgproxy.Start(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// dbFaults is a program whose pool reaches Postgres through a proxy the
// test controls and names itself (application_name), so the test can cut
// or kill its connections, and only its.
type dbFaults struct {
	*e2e
	proxy   *pgproxy.Proxy
	appName string
	admin   *pgx.Conn
}

func setupDBFaults(t *testing.T) *dbFaults {
	t.Helper()
	direct := dbtest.URL(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	f := &dbFaults{proxy: startProxy(t, u.Host), appName: "ouderkring_faults_" + hex.EncodeToString(b)}
	q := u.Query()
	q.Set("application_name", f.appName)
	u.RawQuery, u.Host = q.Encode(), f.proxy.Addr()

	e := &e2e{tg: telegramtest.New(t), pdok: pdoktest.New(t), dbURL: u.String(), logs: &lockedBuffer{}}
	if e.loc, err = dialog.LoadLocales("nl"); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	e.dbURL = direct // the test's own connections do not go through the proxy
	d, err := db.Open(context.Background(), direct)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	e.store, e.cat, e.members = d.Sessions(), d.Catalogue(), d.Members()
	if f.admin, err = pgx.Connect(context.Background(), direct); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.admin.Close(context.Background()) })
	f.e2e = e
	return f
}

// kill terminates every connection of the program's pool, as a restart of
// Postgres or a failover does, and reports how many there were.
func (f *dbFaults) kill(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.admin.QueryRow(context.Background(), `
		select count(pg_terminate_backend(pid)) from pg_stat_activity
		where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()`, f.appName).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitReadyz waits until /readyz answers want.
func (f *dbFaults) waitReadyz(t *testing.T, want int) {
	t.Helper()
	testwait.Eventually(t, 30*time.Second, func() bool {
		resp, err := http.Get("http://" + f.main.HTTPAddr() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == want
	}, fmt.Sprintf("/readyz answers %d", want))
}

// TestDatabaseFaults: six parents look for a meetup while the program's
// Postgres connections are killed, a few times, and then while the
// database cannot be reached at all. /readyz says so; the updates sent
// during the outage wait (no apology: the parent's input is kept, not
// confirmed to Telegram) and are answered once the database is back; every
// conversation goes on where it was, each update handled once, and every
// session stays valid. A message that signals danger is answered during
// the outage all the same, once.
func TestDatabaseFaults(t *testing.T) {
	f := setupDBFaults(t)
	e := f.e2e
	cafés(t, e.cat, 2.5, 0.5, 4.5, 1.5, 3.5)
	parents := newFinders(7101, 6)

	// Connections killed between the steps and while they are handled.
	killed := 0
	for step := range 3 {
		killed += f.kill(t)
		for _, p := range parents {
			p.send(t, e)
		}
		killed += f.kill(t)
		advance(t, e, parents, step+1, 20*time.Second)
	}
	if killed == 0 {
		t.Fatal("no connection of the program was killed; the run proves nothing")
	}
	t.Logf("%d connections killed; engine waits for the database so far: %v", killed,
		metricSum(t, e, `ouderkring_errors_total{stage="unavailable"}`))
	f.waitReadyz(t, http.StatusOK)

	// The database away: /readyz says so; what parents send now waits.
	waits := func() float64 { return metricSum(t, e, `ouderkring_errors_total{stage="unavailable"}`) }
	before := waits()
	f.proxy.SetDown(true)
	f.waitReadyz(t, http.StatusServiceUnavailable)
	for _, p := range parents {
		p.send(t, e)
	}
	// The bot fetches every parent's update and each waits: past the
	// engine's retries (0.5 s and 1 s), after which it used to apologise
	// and confirm, it finds the database away and counts the wait. Nothing
	// is said, nothing confirmed.
	first := parents[0].updates[3]
	testwait.Eventually(t, 30*time.Second, func() bool { return waits() >= before+float64(len(parents)) },
		fmt.Sprintf("each of the %d updates sent during the outage waits for the database", len(parents)))
	for _, p := range parents {
		if sent := e.tg.SentTo(p.chat); len(sent) != p.seen {
			t.Fatalf("chat %d got %v while the database was away, want nothing yet", p.chat, sent[p.seen:])
		}
	}
	if off := e.tg.Offset(); off > first {
		t.Fatalf("offset %d confirms update %d, sent during the outage and not handled", off, first)
	}

	// A parent in danger does not wait for the database: the safety
	// answer needs none, and comes now, once.
	const inDanger = 7190
	e.tg.SendText(inDanger, "nl", "ik wil niet meer leven")
	help := e.tg.NextWithin(t, inDanger, 10*time.Second)
	if !strings.Contains(help.Text(), e.loc.T("nl", "safety_suicide")) {
		t.Fatalf("during the outage: got %q, want the safety answer", help.Text())
	}

	// Back: ready again, and every parent gets the answer, then goes on.
	f.proxy.SetDown(false)
	f.waitReadyz(t, http.StatusOK)
	advance(t, e, parents, 4, 20*time.Second)
	f.kill(t)
	advance(t, e, parents, len(findScript), 20*time.Second)
	checkFinished(t, e, parents)
	// The parent in danger got the answer once, not again when the update
	// was handled after the outage (which saved the session).
	if sent := e.tg.SentTo(inDanger); len(sent) != 1 {
		t.Errorf("the parent in danger got %d messages, want the one safety answer", len(sent))
	}
	if s := e.session(t, inDanger); s.Version == 0 {
		t.Error("the update sent during the outage was never handled")
	}
	for _, stage := range []string{"handle", "panic"} {
		if n := metricSum(t, e, `ouderkring_errors_total{stage="`+stage+`"}`); n != 0 {
			t.Errorf("errors counted at stage %s: %v, want none (no apology)", stage, n)
		}
	}

	// Every session row is valid JSON that loads, with the version the
	// store keeps in its own column.
	rows, err := f.admin.Query(context.Background(), `select chat_id, state, version from sessions`)
	if err != nil {
		t.Fatal(err)
	}
	states, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct {
		chat    int64
		state   []byte
		version int64
	}, error) {
		var s struct {
			chat    int64
			state   []byte
			version int64
		}
		err := r.Scan(&s.chat, &s.state, &s.version)
		return s, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(parents)+1 { // and the parent in danger
		t.Errorf("%d sessions, want %d", len(states), len(parents)+1)
	}
	for _, s := range states {
		if !json.Valid(s.state) {
			t.Errorf("chat %d: state is not valid JSON: %q", s.chat, s.state)
		}
		if loaded := e.session(t, s.chat); loaded.Version != s.version || loaded.ChatID != s.chat {
			t.Errorf("chat %d: loaded version %d of chat %d, row has %d", s.chat, loaded.Version, loaded.ChatID, s.version)
		}
	}
}
