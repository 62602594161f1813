package places

import (
	"context"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestFind(t *testing.T) {
	if n := Len(); n < 1500 {
		t.Fatalf("the gazetteer holds %d places, want the ~1,700 of places.tsv", n)
	}
	for _, c := range []struct {
		query string
		want  []string // "name|province"
	}{
		{"Amersfoort", []string{"Amersfoort|Utrecht"}},
		{"  amersfoort ", []string{"Amersfoort|Utrecht"}},
		{"UTRECHT", []string{"Utrecht|Utrecht"}},
		{"Almere", []string{"Almere|Flevoland"}},        // a municipality without a place of its name
		{"Den Haag", []string{"Den Haag|Zuid-Holland"}}, // the municipality
		{"'s-Gravenhage", []string{"Den Haag|Zuid-Holland"}},
		{"Den Bosch", []string{"'s-Hertogenbosch|Noord-Brabant"}},
		{"s Hertogenbosch", []string{"'s-Hertogenbosch|Noord-Brabant"}},
		{"Hengelo", []string{"Hengelo|Gelderland", "Hengelo|Overijssel"}},
		{"Hengelo (Gld)", []string{"Hengelo|Gelderland"}},
		{"hengelo overijssel", []string{"Hengelo|Overijssel"}},
		{"Hengelo Zeeland", nil},
		{"3581", nil},
		{"3512 JE", nil},
		{"Kanaalweg 82 Utrecht", nil},
		{"", nil},
		{"😀", nil},
	} {
		got := Find(c.query)
		var names []string
		for _, p := range got {
			names = append(names, p.Name+"|"+p.Province)
		}
		if len(names) != len(c.want) {
			t.Errorf("Find(%q) = %v, want %v", c.query, names, c.want)
			continue
		}
		for i := range names {
			if names[i] != c.want[i] {
				t.Errorf("Find(%q) = %v, want %v", c.query, names, c.want)
			}
		}
	}
	// Every place is on Dutch soil (roughly: the bounding box).
	for _, ps := range byKey {
		for _, p := range ps {
			if p.Point.Lat < 50.7 || p.Point.Lat > 53.6 || p.Point.Lon < 3.3 || p.Point.Lon > 7.3 {
				t.Errorf("%s (%s) at %v is outside the Netherlands", p.Name, p.Province, p.Point)
			}
		}
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"'s-Hertogenbosch": "s hertogenbosch", "Sint-Michielsgestel": "sint michielsgestel",
		"St. Michielsgestel": "sint michielsgestel", "Súdwest-Fryslân": "sudwest fryslan", "IJsselstein": "ijsselstein",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

type next struct{ queries []string }

func (n *next) Geocode(_ context.Context, q string) (meetups.Place, error) {
	n.queries = append(n.queries, q)
	return meetups.Place{}, meetups.Errorf(meetups.EUNAVAILABLE, "PDOK is away")
}

func TestGeocoder(t *testing.T) {
	pdok := &next{}
	g := Geocoder{Next: pdok}
	p, err := g.Geocode(context.Background(), "Amersfoort")
	if err != nil || p.Label != "Amersfoort" || p.Point.Lat < 52.1 || p.Point.Lat > 52.2 {
		t.Errorf("Amersfoort: %+v, %v", p, err)
	}
	_, err = g.Geocode(context.Background(), "Hengelo")
	var e *meetups.Error
	if meetups.ErrorCode(err) != meetups.EAMBIGUOUS {
		t.Fatalf("Hengelo: %v, want EAMBIGUOUS", err)
	}
	e = err.(*meetups.Error)
	if len(e.Places) != 2 || e.Places[0].Label != "Hengelo (Gelderland)" || e.Places[1].Label != "Hengelo (Overijssel)" {
		t.Errorf("Hengelo's choices: %+v", e.Places)
	}
	if _, err := g.Geocode(context.Background(), "3581"); meetups.ErrorCode(err) != meetups.EUNAVAILABLE {
		t.Errorf("3581 while PDOK is away: %v", err)
	}
	if len(pdok.queries) != 1 || pdok.queries[0] != "3581" {
		t.Errorf("asked PDOK %v, want only the postcode", pdok.queries)
	}
}

func TestNearest(t *testing.T) {
	p, d, ok := Nearest(meetups.Point{Lat: 52.1561, Lon: 5.3878}) // Amersfoort's centre
	if !ok || p.Name != "Amersfoort" || d > 2 {
		t.Errorf("near Amersfoort: %s (%s), %.1f km, %v", p.Name, p.Province, d, ok)
	}
	if _, _, ok := Nearest(meetups.Point{Lat: 48.85, Lon: 2.35}); ok { // Paris
		t.Error("Paris is near a Dutch place")
	}
}
