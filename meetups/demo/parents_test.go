package demo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ouderkring/ouderkring/meetups/demo"
)

func TestParentPlace(t *testing.T) {
	const n, km = 20000, 5.0
	r, again := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
	nearest := map[string]int{}
	for range n {
		p := demo.ParentPlace(r, km)
		if q := demo.ParentPlace(again, km); q != p {
			t.Fatalf("the same seed gave %v and %v", p, q)
		}
		if math.Round(p.Lat*1000) != p.Lat*1000 || math.Round(p.Lon*1000) != p.Lon*1000 {
			t.Fatalf("%v is not rounded to 3 decimals", p)
		}
		// The nearest town centre is within km (and the rounding).
		best, bestKm := "", math.Inf(1)
		for _, town := range demo.Towns {
			dy := (p.Lat - town.Centre.Lat) * 111.32
			dx := (p.Lon - town.Centre.Lon) * 111.32 * math.Cos(town.Centre.Lat*math.Pi/180)
			if d := math.Hypot(dx, dy); d < bestKm {
				best, bestKm = town.Name, d
			}
		}
		if bestKm > km+0.1 {
			t.Fatalf("%v is %.2f km from the nearest town centre (%s), want within %v", p, bestKm, best, km)
		}
		nearest[best]++
	}
	// Towns come up in proportion to their population: Amsterdam (930k)
	// about 2.5 times as often as Utrecht (370k), whose centres are far apart.
	if ratio := float64(nearest["Amsterdam"]) / float64(nearest["Utrecht"]); ratio < 2 || ratio > 3.2 {
		t.Errorf("Amsterdam %d, Utrecht %d: ratio %.2f, want about 2.5", nearest["Amsterdam"], nearest["Utrecht"], ratio)
	}
}
