// Package meetups is the domain of Ouderkring's catalogue: the kinds of
// low-threshold meetups parents can find, the age bands they are for, and
// places on the map. It depends on nothing but the standard library so the
// dialog, the database and the importers all speak the same types.
package meetups

import (
	"fmt"
	"math"
)

// Kind is what sort of meetup something is. The set is closed: the
// database checks it too.
type Kind string

// The kinds of meetup in the catalogue, from everyday places to meet other
// parents to trained volunteers (the three tiers of the research).
const (
	KindParentEvening    Kind = "parent_evening"
	KindBabyCafe         Kind = "baby_cafe"
	KindPlaygroup        Kind = "playgroup"
	KindPeerGroup        Kind = "peer_group"
	KindParentCourse     Kind = "parent_course"
	KindVolunteerSupport Kind = "volunteer_support"
)

// Kinds lists every Kind in the order the bot offers them.
var Kinds = []Kind{KindParentEvening, KindBabyCafe, KindPlaygroup, KindPeerGroup, KindParentCourse, KindVolunteerSupport}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Point is a place on earth in WGS84 degrees, as Telegram shares it.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Validate rejects points that are not on earth (NaN, out of range), which
// a forged or broken client could send.
func (p Point) Validate() error {
	if math.IsNaN(p.Lat) || math.IsNaN(p.Lon) || p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
		return fmt.Errorf("point (%v, %v) is not on earth", p.Lat, p.Lon)
	}
	return nil
}
