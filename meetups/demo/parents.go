package demo

import (
	"math"
	"math/rand/v2"

	"github.com/ouderkring/ouderkring/meetups"
)

// totalPopulation weighs ParentPlace's choice of town.
var totalPopulation = func() int {
	total := 0
	for _, t := range Towns {
		total += t.Population
	}
	return total
}()

// ParentPlace is where a simulated parent searches from, for the
// benchmarks: a town picked with a chance proportional to its population,
// then a point uniformly within km of its centre, rounded to 3 decimals
// as the dialog rounds a parent's place. The same r gives the same places.
func ParentPlace(r *rand.Rand, km float64) meetups.Point {
	x := r.IntN(totalPopulation)
	t := Towns[len(Towns)-1]
	for _, c := range Towns {
		if x < c.Population {
			t = c
			break
		}
		x -= c.Population
	}
	d := km * math.Sqrt(r.Float64())
	a := 2 * math.Pi * r.Float64()
	lat := t.Centre.Lat + d*math.Cos(a)/111.32
	lon := t.Centre.Lon + d*math.Sin(a)/(111.32*math.Cos(t.Centre.Lat*math.Pi/180))
	return meetups.Point{Lat: math.Round(lat*1000) / 1000, Lon: math.Round(lon*1000) / 1000}
}
