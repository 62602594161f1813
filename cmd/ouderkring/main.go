// Command ouderkring is the one binary of Ouderkring: the bot (Telegram or
// a terminal chat), database migrations and, later, the organiser and
// operator tools. It wires the packages together; nothing else imports
// config.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ouderkring/ouderkring/config"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

const usage = `Usage: ouderkring <command> [flags]

Commands:
  run       run the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else a terminal chat
  chat      chat with the bot in this terminal (no Telegram needed)
  migrate   bring the database schema up to date
  seed      seed --demo loads a sample catalogue (--count N, --if-empty)
  import    import FILE (.csv or .ics) into the catalogue (--dry-run, --archive-missing; docs/IMPORT.md)
  export    export --format csv|ics [--out FILE] writes the published catalogue
  invite    prints a single-use link that gives a role (--role organiser|staff|admin --org NAME [--trusted] [--expires 14d])
  poster    poster --code r_xxx [--out DIR] [--lang nl|en] writes a referral link's QR code (.png) and A4 poster (.pdf)
  stats     stats [--csv] [--weeks N] prints every referral link's weekly numbers (1 to 4 shown as < 5)
  config    print the effective configuration (secrets masked)
  help      show this text

Settings come from environment variables; see README.md or 'ouderkring config'.
`

// run is main without the process: it returns the exit code.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "ouderkring: the configuration has problems:\n%s\n", indent(err.Error()))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch cmd {
	case "config":
		if err := cfg.Write(stdout); err != nil {
			return 1
		}
		return 0
	case "migrate":
		return exit(stderr, migrate(ctx, cfg, stdout))
	case "run":
		return exit(stderr, serve(ctx, cfg, stdin, stdout, stderr))
	case "seed":
		return exit(stderr, seed(ctx, cfg, args, stdout, stderr))
	case "import":
		return exit(stderr, importCmd(ctx, cfg, args, stdin, stdout, stderr))
	case "export":
		return exit(stderr, exportCmd(ctx, cfg, args, stdout, stderr))
	case "invite":
		return exit(stderr, invite(ctx, cfg, args, stdout, stderr))
	case "poster":
		return exit(stderr, posterCmd(ctx, cfg, args, stdout, stderr))
	case "stats":
		return exit(stderr, statsCmd(ctx, cfg, args, stdout, stderr))
	case "chat":
		fs := flag.NewFlagSet("chat", flag.ContinueOnError)
		fs.SetOutput(stderr)
		chatID := fs.Int64("chat", -1, "chat id the terminal conversation uses")
		lang := fs.String("lang", cfg.DefaultLang, "language the terminal pretends the app has (nl, en)")
		if err := fs.Parse(args); err != nil {
			return 2
		}
		cfg.BotMode = config.ModeTerminal
		m := NewMain(cfg, stdin, stdout, stderr)
		m.TerminalChatID, m.TerminalLang = *chatID, *lang
		return exit(stderr, runMain(ctx, m))
	default:
		fmt.Fprintf(stderr, "ouderkring: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func serve(ctx context.Context, cfg config.Config, stdin io.Reader, stdout, stderr io.Writer) error {
	return runMain(ctx, NewMain(cfg, stdin, stdout, stderr))
}

// runMain starts m and waits for a signal or for the front end to end (a
// terminal chat that was closed), then shuts down.
func runMain(ctx context.Context, m *Main) error {
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	var err error
	select {
	case <-ctx.Done():
	case <-m.Done():
		err = m.Err()
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return err
}

func exit(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return 0
	}
	fmt.Fprintf(stderr, "ouderkring: %v\n", err)
	return 1
}

func indent(s string) string {
	out := "  "
	for _, r := range s {
		out += string(r)
		if r == '\n' {
			out += "  "
		}
	}
	return out
}
