package meetups_test

import (
	"math"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestPointValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p  meetups.Point
		ok bool
	}{
		{meetups.Point{Lat: 52.09, Lon: 5.12}, true},
		{meetups.Point{Lat: -90, Lon: 180}, true},
		{meetups.Point{Lat: 91, Lon: 5}, false},
		{meetups.Point{Lat: 52, Lon: -181}, false},
		{meetups.Point{Lat: math.NaN(), Lon: 5}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%v): got err=%v, want ok=%v", tc.p, err, tc.ok)
		}
	}
}

func TestKindValid(t *testing.T) {
	t.Parallel()
	for _, k := range meetups.Kinds {
		if !k.Valid() {
			t.Errorf("Kind %q: got invalid, want valid", k)
		}
	}
	if meetups.Kind("rave").Valid() {
		t.Error(`Kind "rave": got valid, want invalid`)
	}
}
