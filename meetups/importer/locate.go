package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/ouderkring/ouderkring/meetups"
)

// lookups is how many places Locate asks for at once: enough that a first
// import of a few thousand postcodes takes minutes, not an hour, and few
// enough to stay a polite user of PDOK's free service.
const lookups = 4

// Locate finds the point of every row that gave a postcode or city
// instead of lat and lon, then validates every row as the catalogue will
// (meetups.Meetup.Validate). Each distinct place is asked once; g should
// be the cached geocoder, so a place known from an earlier import costs
// no request at all. A place the geocoder cannot find, or that is no
// postcode or place name, makes its row bad, naming the column it came
// from. When the geocoder is unavailable Locate stops with an error and
// the file should not be imported: it is not the rows' fault, and a later
// try will place them.
func (f *File) Locate(ctx context.Context, g meetups.Geocoder) error {
	var queries []string
	index := map[string]int{} // by queryKey
	for _, e := range f.entries {
		if e.query == "" || e.bad {
			continue
		}
		if _, ok := index[queryKey(e.query)]; !ok {
			index[queryKey(e.query)] = len(queries)
			queries = append(queries, e.query)
		}
	}
	places, errs, err := geocodeAll(ctx, g, queries)
	if err != nil {
		return err
	}
	for i := range f.entries {
		e := &f.entries[i]
		if e.query != "" && !e.bad {
			j := index[queryKey(e.query)]
			switch code := meetups.ErrorCode(errs[j]); {
			case errs[j] == nil:
				p := places[j].Point
				e.meetup.Point = &p
			case code == meetups.EINVALID:
				f.problem(e, e.column, "%q is not a Dutch postcode (1234 AB) or place name", e.query)
			default: // ENOTFOUND
				f.problem(e, e.column, "PDOK does not know %q; check it, or give lat and lon", e.query)
			}
		}
		if !e.bad {
			if err := e.meetup.Validate(); err != nil {
				f.problem(e, "", "%s", reason(err))
			}
		}
		e.checked = true
	}
	slices.SortStableFunc(f.Problems, func(a, b Problem) int { return a.Row - b.Row })
	return nil
}

// geocodeAll asks g for every query, a few at a time. Per query it gives
// the place or the error that belongs to the row (EINVALID, ENOTFOUND);
// any other error stops it and is returned.
func geocodeAll(ctx context.Context, g meetups.Geocoder, queries []string) ([]meetups.Place, []error, error) {
	places := make([]meetups.Place, len(queries))
	errs := make([]error, len(queries))
	if len(queries) == 0 {
		return places, errs, nil
	}
	if g == nil {
		return nil, nil, fmt.Errorf("importer: %d rows need geocoding and there is no geocoder", len(queries))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fatal error
		next  = make(chan int)
	)
	for range min(lookups, len(queries)) {
		wg.Go(func() {
			for i := range next {
				p, err := g.Geocode(ctx, queries[i])
				if code := meetups.ErrorCode(err); err == nil || code == meetups.EINVALID || code == meetups.ENOTFOUND {
					places[i], errs[i] = p, err
					continue
				}
				mu.Lock()
				if fatal == nil {
					fatal = fmt.Errorf("importer: geocoding %q: %w (nothing imported; try again later, or give lat and lon)", queries[i], err)
					cancel()
				}
				mu.Unlock()
			}
		})
	}
send:
	for i := range queries {
		select {
		case next <- i:
		case <-ctx.Done():
			break send
		}
	}
	close(next)
	wg.Wait()
	if fatal == nil && ctx.Err() != nil {
		fatal = ctx.Err()
	}
	return places, errs, fatal
}

// queryKey makes spellings of one place the same ("3512 JE", "3512je";
// "Den  Haag", "den haag"), so each is asked once even when lookups run at
// the same time and the cache has not seen it yet.
func queryKey(q string) string {
	sep := " "
	if strings.IndexFunc(q, unicode.IsDigit) >= 0 {
		sep = ""
	}
	return strings.ToLower(strings.Join(strings.Fields(q), sep))
}
