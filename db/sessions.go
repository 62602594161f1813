package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/dialog"
)

// Sessions stores dialog sessions in the sessions table. The session body is
// JSON, so the dialog engine can add fields without a migration; ChatID and
// Version live in their own columns because the store looks them up and
// compares them.
type Sessions struct {
	db *DB
}

var _ dialog.SessionStore = (*Sessions)(nil)

// Sessions returns the session store backed by d.
func (d *DB) Sessions() *Sessions {
	return &Sessions{db: d}
}

// LoadSession returns the stored session of the chat, or a Session with
// only ChatID set (Version 0) when the chat has none, which is what the
// dialog engine treats as a new chat.
func (s *Sessions) LoadSession(ctx context.Context, chatID int64) (dialog.Session, error) {
	var (
		state   []byte
		version int64
	)
	err := s.db.pool.QueryRow(ctx,
		"select state, version from sessions where chat_id = $1", chatID,
	).Scan(&state, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return dialog.Session{ChatID: chatID}, nil
	}
	if err != nil {
		return dialog.Session{}, fmt.Errorf("db: load session of chat %d: %w", chatID, interpretError(err))
	}

	var sess dialog.Session
	if err := json.Unmarshal(state, &sess); err != nil {
		return dialog.Session{}, fmt.Errorf("db: load session of chat %d: decode state: %w", chatID, err)
	}
	sess.ChatID = chatID
	sess.Version = version
	return sess, nil
}

// SaveSession stores sess if nobody stored a newer version since it was
// loaded, and returns it with its new Version. Two updates of one chat
// handled at once thus cannot silently overwrite each other: the second
// gets dialog.ErrConflict, stores nothing, and is retried on fresh state.
func (s *Sessions) SaveSession(ctx context.Context, sess dialog.Session) (dialog.Session, error) {
	if sess.Version < 0 {
		return dialog.Session{}, fmt.Errorf("db: save session of chat %d: negative version %d", sess.ChatID, sess.Version)
	}
	state, err := json.Marshal(sess)
	if err != nil {
		return dialog.Session{}, fmt.Errorf("db: save session of chat %d: encode state: %w", sess.ChatID, err)
	}

	var (
		sql  string
		args []any
	)
	if sess.Version == 0 {
		// A chat's first session: if a row appeared meanwhile, another
		// update created it and this one lost the race.
		sql = `insert into sessions (chat_id, state, version) values ($1, $2, 1)
			on conflict (chat_id) do nothing`
		args = []any{sess.ChatID, state}
	} else {
		sql = `update sessions set state = $2, version = version + 1, updated_at = now()
			where chat_id = $1 and version = $3`
		args = []any{sess.ChatID, state, sess.Version}
	}
	tag, err := s.db.pool.Exec(ctx, sql, args...)
	if err != nil {
		// Saved or not is unknown: the next load asks the table.
		s.db.sessions.drop(sess.ChatID)
		return dialog.Session{}, fmt.Errorf("db: save session of chat %d: %w", sess.ChatID, interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		s.db.sessions.drop(sess.ChatID)
		return dialog.Session{}, fmt.Errorf("db: save session of chat %d at version %d: %w",
			sess.ChatID, sess.Version, dialog.ErrConflict)
	}
	sess.Version++
	s.db.sessions.put(sess.ChatID, state, sess.Version)
	return sess, nil
}

// forgetStatements delete everything stored about one chat ($1). Every
// table that holds a chat_id must get its statement here, in this one
// place, so erasing a chat (the parent's right to erasure) stays complete
// as the schema grows.
//
// River's jobs are a table holding chat ids too (in their args): every
// job that names the chat goes, whatever its state, so no reminder, no
// follow-up and no record of one that ran outlives the erasure.
var forgetStatements = []string{
	"delete from sessions where chat_id = $1",
	"delete from members where chat_id = $1",
	"update invites set used_by = null where used_by = $1",
	"update meetups set submitted_by = null where submitted_by = $1",
	"delete from saved_meetups where chat_id = $1",
	"delete from notice_days where chat_id = $1",
	"delete from river_job where " + noticeChatMatch,
}

// ForgetChat erases every row about the chat in one transaction, so an
// erasure never half-happens. The reminders and follow-ups it cancels are
// counted (reason "forgotten").
func (s *Sessions) ForgetChat(ctx context.Context, chatID int64) error {
	s.db.sessions.drop(chatID)
	pending := map[string]int{}
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `select kind, count(*)::int from river_job where `+noticeChatMatch+`
			and state::text = any($2) group by kind`, chatID, pendingStateNames)
		if err != nil {
			return err
		}
		var (
			kind string
			n    int
		)
		if _, err := pgx.ForEachRow(rows, []any{&kind, &n}, func() error { pending[kind] = n; return nil }); err != nil {
			return err
		}
		for _, stmt := range forgetStatements {
			if _, err := tx.Exec(ctx, stmt, chatID); err != nil {
				return err
			}
		}
		return nil
	})
	s.db.sessions.drop(chatID)
	if err != nil {
		return fmt.Errorf("db: forget chat %d: %w", chatID, interpretError(err))
	}
	for kind, n := range pending {
		s.db.countNotice(kind, "cancelled", "forgotten", n)
	}
	return nil
}

// PurgeIdleSessions deletes sessions last saved before olderThan and
// returns how many it deleted. Keeping sessions of chats that went quiet
// serves nobody, so the program runs this periodically (data minimisation).
func (s *Sessions) PurgeIdleSessions(ctx context.Context, olderThan time.Time) (int64, error) {
	tag, err := s.db.pool.Exec(ctx, "delete from sessions where updated_at < $1", olderThan)
	if err != nil {
		return 0, fmt.Errorf("db: purge sessions idle since %s: %w", olderThan.Format(time.RFC3339), interpretError(err))
	}
	return tag.RowsAffected(), nil
}

// staleKeys lists the parts of a session ($1: the cutoff) that must not
// outlive a day: a help draft (a name, free text) started before the
// cutoff, the clinic link the chat started from, the /start payload
// (with its time; one without a time is from before it was kept and goes
// too), and the words a safety answer held for an organiser who never
// came back (dialog/safety.go). Nulls are the parts still fresh.
const staleKeys = `array_remove(array[
	case when (state->'ask'->>'started')::timestamptz < $1 then 'ask' end,
	case when (state->'ref'->>'started')::timestamptz < $1 then 'ref' end,
	case when state ? 'start' and coalesce((state->>'start_at')::timestamptz < $1, true) then 'start' end,
	case when state ? 'start' and coalesce((state->>'start_at')::timestamptz < $1, true) then 'start_at' end,
	case when state ? 'held' and coalesce((state->>'seen')::timestamptz < $1, true) then 'held' end
], null)`

// ClearStaleDrafts removes from every session what may be kept only for a
// day, once it is older than olderThan: help drafts (the "ask" part: a
// name, free text), the referral link the chat started from ("ref") and
// the /start payload ("start"), so neither what a parent typed nor which
// poster brought them stays with their chat, even if they never come back.
// The rest of the session stays; its version moves on so a concurrent
// save notices. It returns how many sessions changed.
func (s *Sessions) ClearStaleDrafts(ctx context.Context, olderThan time.Time) (int64, error) {
	tag, err := s.db.pool.Exec(ctx, `update sessions set state = state - `+staleKeys+`, version = version + 1
		where (state ? 'ask' or state ? 'ref' or state ? 'start' or state ? 'held') and cardinality(`+staleKeys+`) > 0`, olderThan)
	if err != nil {
		return 0, fmt.Errorf("db: clear stale drafts: %w", interpretError(err))
	}
	return tag.RowsAffected(), nil
}
