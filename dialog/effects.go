package dialog

import (
	"context"
	"crypto/rand"
	"fmt"
)

// Deciding and doing are kept apart. A step decides what to say and what
// the session becomes, and reads what it needs for that (the catalogue,
// a chat's roles), but it writes nothing itself: every write it decides
// on — publish a meetup, redeem an invite, make a link, save a meetup,
// set a status … — is an effect, with a kind and a key (Engine.Decide
// returns the decision with its effects, nothing written; Decision.Apply
// writes). Engine.Handle runs the effects after the step and before the
// session is saved, and
// each effect's outcome finishes the step's answer (a new meetup's id, an
// invite that turned out used).
//
// Why not after the save: what the parent or organiser is told, and what
// the session becomes, depend on how the write went (a publish over the
// daily limit keeps the draft). Instead each effect runs once per update:
//
//   - When the save meets a conflict, a step that wrote is not stepped
//     again (it would read its own writes); its decision is laid over the
//     fresh session (Handle, rebase). So one press is one write, and the
//     answer is the one the write earned.
//   - When the process dies after an effect but before the save, the
//     update is delivered again and stepped again. The writes themselves
//     are idempotent where a second run would add something: a publish
//     carries its draft's key (one meetup per draft, whatever happens),
//     an invite redeemed again by the same chat is still theirs, a link
//     carries the code made with its draft; saving a meetup, reminders,
//     follow-ups and statuses set a state rather than add one. Only a new
//     invite may be made twice in that gap (an unused second link that
//     expires; docs/OPERATIONS.md).
//   - Once the session saved, the update is recorded in it (Applied) and
//     never stepped again (Handle).

// effect is one write a step decided on.
type effect struct {
	kind string // what it does, for metrics and tests: "publish", "redeem" …
	key  string // which: the same decision made again has the same key
	run  func(ctx context.Context) (any, error)
	then func(out any, err error)
}

// do records an effect: run writes and returns its result, then finishes
// the step from that result (say what happened, change the session).
// Nothing runs yet; Handle runs it (runEffects), once per update. The key
// names what it writes, for logs and tests.
func do[T any](t *turn, kind, key string, run func(ctx context.Context) (T, error), then func(out T, err error)) {
	t.effects = append(t.effects, &effect{
		kind: kind, key: key,
		run: func(ctx context.Context) (any, error) { return run(ctx) },
		then: func(out any, err error) {
			v, _ := out.(T)
			then(v, err)
		},
	})
}

// runEffects runs the step's effects in order, each once, and finishes
// the step from each outcome. An effect's then may decide on further
// effects; they run too. It stops at the first failure (t.err). Then the
// step is complete: a chat that moved into another flow leaves the other
// flows' drafts behind (flows.go, enter).
func (t *turn) runEffects(ctx context.Context) {
	for i := 0; i < len(t.effects) && t.err == nil; i++ {
		ef := t.effects[i]
		out, err := ef.run(ctx)
		if t.e.onEffect != nil {
			t.e.onEffect(ef.kind)
		}
		ef.then(out, err)
	}
	t.enter(flowByStep[t.s.Step], t.from)
}

// failed is the common ending of an effect whose error the step cannot
// answer itself: the input fails, nothing is saved, the front end
// apologises (turn.fail).
func (t *turn) failed(what string, err error) {
	t.fail(fmt.Errorf("%s: %w", what, err))
}

// write is do for a write with nothing to report but success: then runs
// when it succeeded, and an error fails the step.
func (t *turn) write(kind, key string, run func(ctx context.Context) error, then func()) {
	do(t, kind, key, func(ctx context.Context) (struct{}, error) { return struct{}{}, run(ctx) },
		func(_ struct{}, err error) {
			if err != nil {
				t.failed(kind, err)
				return
			}
			then()
		})
}

// newKey names a draft begun by this input, for the writes that must
// happen once per draft (a publish, a link): the chat and the update it
// began in, which no other draft shares, or random bits where the front
// end has no update ids.
func (t *turn) newKey() string {
	if t.in.UpdateID > 0 {
		return fmt.Sprintf("%d.%d", t.s.ChatID, t.in.UpdateID)
	}
	b := make([]byte, 12)
	rand.Read(b) // never fails (crypto/rand)
	return fmt.Sprintf("%d.%x", t.s.ChatID, b)
}
