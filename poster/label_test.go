package poster_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/poster"
)

func TestCheckLabel(t *testing.T) {
	t.Parallel()
	for label, ok := range map[string]bool{
		"CB Utrecht Overvecht":                   true,
		"Consultatiebureau Café Noël – Oost":     true,
		"":                                       true,
		strings.Repeat("Consultatiebureau ", 20): true, // cut with …, not refused
		"CB Overvecht 🌷":                         false,
		"育儿中心":                                   false,
		"CB \xff Overvecht":                      false,
	} {
		err := poster.CheckLabel(label)
		if (err == nil) != ok || (err != nil && !errors.Is(err, poster.ErrLabel)) {
			t.Errorf("CheckLabel(%q): %v, want ok=%v (or ErrLabel)", label, err, ok)
		}
		// What CheckLabel accepts, PDF prints.
		if _, perr := poster.PDF(poster.Poster{Link: link64, Label: label}); (perr == nil) != (err == nil) {
			t.Errorf("label %q: CheckLabel says %v, PDF says %v", label, err, perr)
		}
	}
}
