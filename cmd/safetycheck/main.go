// Command safetycheck shows what the safety check makes of a message: the
// categories and every rule that matched, ignore rules included. For
// whoever adds a phrase or a language to safety/rules (docs/SAFETY.md);
// the bot never prints a parent's words.
//
//	go run ./cmd/safetycheck "ik wil een eind aan mijn leven maken"
//	go run ./cmd/safetycheck < messages.txt      (one message a line)
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ouderkring/ouderkring/safety"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "safetycheck:", err)
		os.Exit(1)
	}
}

func run(args []string, in io.Reader, out io.Writer) error {
	d, err := safety.New()
	if err != nil {
		return err
	}
	show := func(text string) {
		fmt.Fprintf(out, "%q → %v\n", text, d.Check(text))
		for _, h := range d.Explain(text) {
			fmt.Fprintf(out, "    %-8s %s  (matched %q)\n", h.Category, h.Rule, h.Words)
		}
	}
	if len(args) > 0 {
		show(strings.Join(args, " "))
		return nil
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			show(line)
		}
	}
	return sc.Err()
}
