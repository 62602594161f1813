package pdok

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/ouderkring/ouderkring/meetups"
)

// wktPoint matches a 2D WKT point of plain decimals, as PDOK writes
// centroide_ll: "POINT(5.12345 52.0912)". Exponents, NaN and extra
// coordinates are refused rather than guessed at.
var wktPoint = regexp.MustCompile(`^POINT ?\( ?(-?[0-9]{1,3}(?:\.[0-9]+)?) (-?[0-9]{1,3}(?:\.[0-9]+)?) ?\)$`)

// parsePoint reads a WKT point in WGS84. WKT puts longitude first, the
// opposite of how people (and meetups.Point's field order) say it.
func parsePoint(wkt string) (meetups.Point, error) {
	m := wktPoint.FindStringSubmatch(wkt)
	if m == nil {
		return meetups.Point{}, errors.New("not a WKT point")
	}
	lon, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return meetups.Point{}, err
	}
	lat, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		return meetups.Point{}, err
	}
	p := meetups.Point{Lat: lat, Lon: lon}
	return p, p.Validate()
}
