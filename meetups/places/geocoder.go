package places

import (
	"context"

	"github.com/ouderkring/ouderkring/meetups"
)

// Geocoder answers place names from the gazetteer, at once and without
// the network, and hands everything else (addresses, postcodes, names it
// does not know) to Next, the PDOK geocoder with its cache. A name that
// means places in several provinces is a meetups.EAMBIGUOUS error whose
// Places are the choices.
type Geocoder struct {
	Next meetups.Geocoder
}

// Geocode implements meetups.Geocoder.
func (g Geocoder) Geocode(ctx context.Context, query string) (meetups.Place, error) {
	switch ps := Find(query); len(ps) {
	case 0:
	case 1:
		return meetups.Place{Point: ps[0].Point, Label: ps[0].Name}, nil
	default:
		e := meetups.Errorf(meetups.EAMBIGUOUS, "%d places of that name", len(ps))
		for _, p := range ps {
			e.Places = append(e.Places, meetups.Place{Point: p.Point, Label: p.Label(true)})
		}
		return meetups.Place{}, e
	}
	if g.Next == nil {
		return meetups.Place{}, meetups.Errorf(meetups.EUNAVAILABLE, "no geocoder for addresses and postcodes")
	}
	return g.Next.Geocode(ctx, query)
}
