package meetups

import (
	"context"
	"time"
)

// Query is a parent's search: where, for whom, what and when.
type Query struct {
	Near     Point
	RadiusKm float64
	// AgeBand limits results to meetups for that age ("" any).
	AgeBand AgeBand
	// Kinds limits results to these kinds (empty: any).
	Kinds []Kind
	// Theme limits results to meetups about it ("" any).
	Theme Theme
	// Language limits results to meetups where it is spoken ("" any).
	Language string
	// PreferLanguage puts meetups held in it first among those that rank
	// alike (the parent's own language; "" none).
	PreferLanguage string
	// When limits results to meetups in any of these slots (0: any time).
	// Ongoing programmes have no time and always match.
	When Slots
	// FreeOnly leaves out meetups that cost money.
	FreeOnly bool
	// Before, when set, keeps only meetups with a date before it ("this
	// week"); ongoing programmes, which have no dates, are left out then.
	Before time.Time
	// Order is how results rank: near and soon together (the default),
	// nearest first, or soonest first.
	Order Order
	// IncludeOnline adds online meetups (ranked as if a few km away).
	IncludeOnline bool
	// Widen, when set, lets the search choose the radius: the first of
	// these (km, ascending) within which at least WidenMin meetups match
	// (online ones included when IncludeOnline), else the last. RadiusKm is
	// then ignored; each Result says the radius chosen. One search instead
	// of one per radius.
	Widen    []float64
	WidenMin int
	// Offset and Limit page through the results.
	Offset, Limit int
	// Now is the moment "next occurrence" is counted from.
	Now time.Time
}

// Order is how search results rank.
type Order string

// The orders a parent can choose.
const (
	OrderBalanced Order = ""     // distance plus half a km per day of waiting
	OrderNearest  Order = "near" // distance first; the date only breaks ties
	OrderSoonest  Order = "soon" // the date first; distance only breaks ties
)

// KmPerDay is what a day of waiting weighs against a kilometre in the
// order: a meetup 2 km away next week and one 5.5 km away tomorrow rank
// alike in the balanced order.
func (o Order) KmPerDay() float64 {
	switch o {
	case OrderNearest:
		return 0.01
	case OrderSoonest:
		return 10
	}
	return 0.5
}

// Valid reports whether o is one of the orders.
func (o Order) Valid() bool { return o == OrderBalanced || o == OrderNearest || o == OrderSoonest }

// Result is one meetup found, with how far it is and when it is next.
type Result struct {
	Meetup
	DistanceKm float64
	// Next is the next occurrence after Query.Now; nil for ongoing
	// programmes.
	Next *Occurrence
	// RadiusKm is the radius searched: Query.RadiusKm, or the one chosen
	// from Query.Widen.
	RadiusKm float64
}

// Catalogue is the store of meetups as the dialog needs it.
type Catalogue interface {
	// Search returns published meetups matching q, nearest and soonest
	// first.
	Search(ctx context.Context, q Query) ([]Result, error)
	// Meetup returns one published meetup; an Error with ENOTFOUND when
	// there is none.
	Meetup(ctx context.Context, id int64) (Meetup, error)
}

// Place is a geocoded location: a point and how to call it ("3512 JE
// Utrecht").
type Place struct {
	Point Point  `json:"point"`
	Label string `json:"label"`
}

// Geocoder turns what a parent typed (a postcode, a town) into a place.
// It returns an Error with EINVALID for input that cannot be a place,
// ENOTFOUND when nothing matches and EUNAVAILABLE when the service is down.
type Geocoder interface {
	Geocode(ctx context.Context, query string) (Place, error)
}
