// Package dialog is the conversation engine of Ouderkring: it decides what
// the bot says. It takes an Input (a text, a command, a button press, a
// shared location) and the chat's Session and returns Replies and the new
// Session. It knows nothing of Telegram or SQL, so every front end (the
// Telegram bot, the terminal chat, tests) gets exactly the same behaviour,
// and every parent-facing word comes from the embedded locale files.
//
// The conversations are flows, declared in one table (flows.go) and drawn
// in docs/FLOWS.md. To find a flow's code and words together:
//
// The flows (generated from flows.go: go test ./dialog -run TestFlowsDocument -update)
//
//	menu      code     turn.go words.go
//	          buttons  menu menu:support menu:settings settings:privacy settings:forget lang: forget:
//	          words    menu.<lang>.yaml
//	safety    code     safety.go
//	          buttons  menu:urgent continue safety:use
//	          words    safety.<lang>.yaml
//	find      code     find.go results.go card.go keep.go referral.go
//	          buttons  menu:find fa: fk: ft: fw: r: fl: fp:
//	          words    find.<lang>.yaml
//	ask       code     ask.go draft.go days.go
//	          buttons  menu:ask an: aw: at: ao: al: ay: ae: ad: nb:
//	          words    ask.<lang>.yaml draft.<lang>.yaml
//	saved     code     bewaard.go saved.go notices.go
//	          buttons  sv:
//	          words    saved.<lang>.yaml
//	organise  code     organiser.go orgsteps.go orgbuttons.go orgparse.go nav.go
//	          buttons  o:
//	          words    organise.<lang>.yaml
//	mine      code     mine.go fresh.go counts.go
//	          buttons  m: fr:
//	          words    mine.<lang>.yaml
//	moderate  code     moderation.go
//	          buttons  mod:
//	          words    moderate.<lang>.yaml
//	invite    code     invite.go
//	          buttons  inv:
//	          words    invite.<lang>.yaml
//	link      code     link.go stats.go
//	          buttons  lk:
//	          words    link.<lang>.yaml
//	(engine)  code     doc.go engine.go effects.go flows.go session.go
//	                   input.go reply.go locale.go format.go bidi.go
//	          words    words.<lang>.yaml
package dialog
