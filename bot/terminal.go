package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// TerminalChatID is the chat a terminal conversation uses unless told
// otherwise. It is negative so it never meets a Telegram private chat
// (whose ids are positive) in the same database.
const TerminalChatID = -1

// Terminal runs the engine as a chat in a terminal: replies are printed,
// buttons are numbered, and a typed number presses one. It is how anyone
// tries the bot without a Telegram token, against the same database.
type Terminal struct {
	Engine Engine
	In     io.Reader
	Out    io.Writer
	ChatID int64
	Lang   string // the app language the chat pretends to have
	// FileDir is where documents and photos the bot sends are written
	// (a temporary folder when empty).
	FileDir string

	choices []choice // what the numbers of the last buttons mean
}

// choice is one numbered button.
type choice struct {
	data     string // inline button: callback data
	url      string // inline link button
	text     string // keyboard button: sends its text
	location bool   // keyboard button that shares a location
	message  int    // the message the inline button is on
}

// Run starts the chat with /start and reads lines until EOF, /quit or ctx
// ends.
func (t *Terminal) Run(ctx context.Context) error {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(t.In)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	fmt.Fprintln(t.Out, t.Engine.Text(t.Lang, "terminal_intro"))
	msgID := 0
	t.step(ctx, dialog.Input{Kind: dialog.InputCommand, Command: "start", Lang: t.Lang}, &msgID)
	for {
		fmt.Fprint(t.Out, "> ")
		var line string
		select {
		case <-ctx.Done():
			return nil
		case l, ok := <-lines:
			if !ok {
				fmt.Fprintln(t.Out)
				return nil
			}
			line = strings.TrimSpace(l)
		}
		if line == "/quit" || line == "/exit" {
			return nil
		}
		if in, ok := t.read(line); ok {
			t.step(ctx, in, &msgID)
		}
	}
}

// read turns a typed line into an input: a number presses a button, /loc
// shares a location, anything else is text or a command.
func (t *Terminal) read(line string) (dialog.Input, bool) {
	if line == "" {
		return dialog.Input{}, false
	}
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(t.choices) {
		c := t.choices[n-1]
		switch {
		case c.url != "":
			fmt.Fprintf(t.Out, "🔗 %s\n", c.url)
			return dialog.Input{}, false
		case c.location:
			fmt.Fprintln(t.Out, "📍 /loc <lat> <lon>")
			return dialog.Input{}, false
		case c.data != "":
			return dialog.Input{Kind: dialog.InputButton, Data: c.data, MessageID: c.message, Lang: t.Lang}, true
		default:
			return parseText(c.text, t.Lang), true
		}
	}
	if rest, ok := strings.CutPrefix(line, "/loc"); ok {
		f := strings.Fields(strings.ReplaceAll(rest, ",", " "))
		if len(f) == 2 {
			lat, err1 := strconv.ParseFloat(f[0], 64)
			lon, err2 := strconv.ParseFloat(f[1], 64)
			p := meetups.Point{Lat: lat, Lon: lon}
			if err1 == nil && err2 == nil && p.Validate() == nil {
				return dialog.Input{Kind: dialog.InputLocation, Location: &p, Lang: t.Lang}, true
			}
		}
		fmt.Fprintln(t.Out, "📍 /loc 52.09 5.12")
		return dialog.Input{}, false
	}
	return parseText(line, t.Lang), true
}

func (t *Terminal) step(ctx context.Context, in dialog.Input, msgID *int) {
	replies, err := t.Engine.Handle(ctx, t.ChatID, in)
	if err != nil {
		replies = t.Engine.Apology(t.Lang)
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
	}
	for _, r := range replies {
		id := r.EditMessageID
		if id == 0 {
			*msgID++
			id = *msgID
		}
		t.print(r, id)
	}
}

func (t *Terminal) print(r dialog.Reply, id int) {
	w := t.Out
	fmt.Fprintln(w)
	if r.To != 0 {
		fmt.Fprintf(w, "→ %d\n", r.To)
	}
	if r.EditMessageID != 0 {
		fmt.Fprintln(w, "✎")
	}
	switch {
	case r.Venue != nil:
		fmt.Fprintf(w, "📍 %s, %s (%.5f, %.5f)\n", r.Venue.Title, r.Venue.Address, r.Venue.Point.Lat, r.Venue.Point.Lon)
	case r.Document != nil, r.Photo != nil:
		f := r.Document
		if f == nil {
			f = r.Photo
		}
		fmt.Fprintf(w, "📎 %s\n", t.saveFile(f))
		if f.Caption != "" {
			fmt.Fprintln(w, f.Caption)
		}
	default:
		fmt.Fprintln(w, r.Text)
	}
	if len(r.Buttons) == 0 && len(r.Keyboard) == 0 {
		return
	}
	t.choices = t.choices[:0]
	for _, row := range r.Buttons {
		for _, b := range row {
			t.choices = append(t.choices, choice{data: b.Data, url: b.URL, message: id})
			fmt.Fprintf(w, "  [%d] %s\n", len(t.choices), b.Text)
		}
	}
	for _, row := range r.Keyboard {
		for _, b := range row {
			t.choices = append(t.choices, choice{text: b.Text, location: b.RequestLocation})
			fmt.Fprintf(w, "  [%d] %s\n", len(t.choices), b.Text)
		}
	}
}

// saveFile writes a file the bot sent and returns where it is.
func (t *Terminal) saveFile(f *dialog.File) string {
	dir := t.FileDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "ouderkring")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f.Name + " (not saved: " + err.Error() + ")"
	}
	path := filepath.Join(dir, filepath.Base(f.Name))
	if err := os.WriteFile(path, f.Data, 0o600); err != nil {
		return f.Name + " (not saved: " + err.Error() + ")"
	}
	return path
}
