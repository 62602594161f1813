package dialogtest

import (
	"context"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/ouderkring/ouderkring/meetups"
)

// Catalogue is an in-memory meetups.Catalogue for dialog tests. It filters
// by distance, kind, age and free only, which is enough to drive every
// branch of the dialog; the real search (and its index) is tested against
// PostgreSQL in package db.
type Catalogue struct {
	mu      sync.Mutex
	Meetups []meetups.Meetup
	// Err, when set, is returned by every call.
	Err error
	// Queries records every search, for assertions on the filters.
	Queries []meetups.Query
}

// Search implements meetups.Catalogue.
func (c *Catalogue) Search(ctx context.Context, q meetups.Query) ([]meetups.Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Queries = append(c.Queries, q)
	if c.Err != nil {
		return nil, c.Err
	}
	if len(q.Widen) == 0 {
		return c.search(q), nil
	}
	// Widen: the first radius with WidenMin matches, as the real search.
	for _, r := range q.Widen {
		q.RadiusKm = r
		all := q
		all.Offset, all.Limit = 0, 0
		if len(c.search(all)) >= q.WidenMin {
			break
		}
	}
	return c.search(q), nil
}

// search is one search at q.RadiusKm.
func (c *Catalogue) search(q meetups.Query) []meetups.Result {
	var out []meetups.Result
	for _, m := range c.Meetups {
		if m.Status != meetups.StatusPublished || (q.FreeOnly && m.CostCents > 0) {
			continue
		}
		if len(q.Kinds) > 0 && !hasKind(q.Kinds, m.Kind) {
			continue
		}
		if !m.ForAge(q.AgeBand) {
			continue
		}
		r := meetups.Result{Meetup: m, RadiusKm: q.RadiusKm}
		switch {
		case m.Online:
			if !q.IncludeOnline {
				continue
			}
			r.DistanceKm = 5
		default:
			r.DistanceKm = Haversine(q.Near, *m.Point)
			if r.DistanceKm > q.RadiusKm {
				continue
			}
		}
		if occ := m.Schedule.Next(q.Now, 1); len(occ) > 0 {
			r.Next = &occ[0]
		}
		if !q.Before.IsZero() && (r.Next == nil || !r.Next.Start.Before(q.Before)) {
			continue
		}
		out = append(out, r)
	}
	// Nearest first (the real ranking adds the wait; tests here need only
	// the order's direction), or soonest first.
	sort.SliceStable(out, func(i, j int) bool { return out[i].DistanceKm < out[j].DistanceKm })
	if q.Order == meetups.OrderSoonest {
		sort.SliceStable(out, func(i, j int) bool {
			a, b := out[i].Next, out[j].Next
			return a != nil && (b == nil || a.Start.Before(b.Start))
		})
	}
	if q.Offset >= len(out) {
		return nil
	}
	out = out[q.Offset:]
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

// Meetup implements meetups.Catalogue.
func (c *Catalogue) Meetup(ctx context.Context, id int64) (meetups.Meetup, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return meetups.Meetup{}, c.Err
	}
	for _, m := range c.Meetups {
		if m.ID == id && m.Status == meetups.StatusPublished {
			return m, nil
		}
	}
	return meetups.Meetup{}, meetups.Errorf(meetups.ENOTFOUND, "no meetup %d", id)
}

// SetStatus changes a meetup's status, as an organiser pausing it would.
func (c *Catalogue) SetStatus(id int64, s meetups.Status) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.Meetups {
		if c.Meetups[i].ID == id {
			c.Meetups[i].Status = s
		}
	}
}

func hasKind(kinds []meetups.Kind, k meetups.Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Haversine is the great-circle distance in km.
func Haversine(a, b meetups.Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// Geocoder is a meetups.Geocoder that knows a few places by their lower-
// cased, space-free query, and fails as told.
type Geocoder struct {
	mu     sync.Mutex
	Places map[string]meetups.Place
	// Err, when set, is returned for every query (the service is down).
	Err error
	// Calls counts the queries.
	Calls int
}

// Geocode implements meetups.Geocoder.
func (g *Geocoder) Geocode(ctx context.Context, query string) (meetups.Place, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Calls++
	if g.Err != nil {
		return meetups.Place{}, g.Err
	}
	key := strings.ToLower(strings.ReplaceAll(query, " ", ""))
	if key == "" || strings.Trim(key, "0123456789") == "" && len(key) != 4 {
		return meetups.Place{}, meetups.Errorf(meetups.EINVALID, "not a postcode")
	}
	if p, ok := g.Places[key]; ok {
		return p, nil
	}
	return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "unknown place")
}
