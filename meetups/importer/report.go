package importer

import (
	"fmt"
	"io"
	"strings"
)

// Outcome is what writing a file's good rows did to the catalogue.
type Outcome struct {
	New, Updated, Unchanged, Archived int
	// DryRun: nothing was written; the counts are what would have been.
	DryRun bool
}

// WriteReport writes what an organiser needs to know about an import: how
// many rows were read and were good, every problem of every bad row (one
// line each: "row 7, column start: ..."), what was skipped, and what
// happened in the catalogue (o; nil when nothing was attempted).
func (f *File) WriteReport(w io.Writer, o *Outcome) error {
	var b strings.Builder
	unit := f.unit
	if unit == "" {
		unit = "row"
	}
	bad := f.BadRows()
	fmt.Fprintf(&b, "%s: %s read, %d good, %d bad\n", f.Name, plural(f.Rows, unit), f.Rows-bad, bad)
	for _, p := range f.Problems {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	if len(f.Skipped) > 0 {
		fmt.Fprintf(&b, "skipped %s on purpose:\n", plural(len(f.Skipped), unit))
		for _, p := range f.Skipped {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	if o != nil {
		counts := fmt.Sprintf("%d new, %d updated, %d unchanged, %d archived", o.New, o.Updated, o.Unchanged, o.Archived)
		if o.DryRun {
			fmt.Fprintf(&b, "dry run, nothing written; the import would give: %s\n", counts)
		} else {
			fmt.Fprintf(&b, "written in one transaction: %s\n", counts)
		}
	}
	if bad > 0 {
		fmt.Fprintf(&b, "fix the bad %s and import the file again; the good ones are not affected\n", plural2(bad, unit))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, unit string) string {
	return fmt.Sprintf("%d %s", n, plural2(n, unit))
}

func plural2(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return unit + "s"
}
