// Package pdoktest is a fake PDOK Locatieserver for tests, so code that
// geocodes can be tested end to end, offline, and with PDOK failing in the
// ways the real one can: down, slow, or answering garbage.
//
// It answers the free endpoint in Locatieserver's own response shape and,
// like v3.1, refuses query parameters the API does not document, so a
// client that passes here speaks PDOK's protocol, not just the fake's.
package pdoktest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups/pdok"
)

// Path is where the fake serves, the real free endpoint's path, so a
// client that mangles its configured URL is caught.
const Path = "/bzk/locatieserver/search/v3_1/free"

// documented are the query parameters of the free endpoint in v3.1's
// OpenAPI description; anything else is answered with 400, as PDOK does.
var documented = []string{"q", "fq", "rows", "start", "fl", "sort", "df", "bq", "lat", "lon"}

// Server is the fake. Its methods are safe to call while requests are
// being served.
type Server struct {
	tb  testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	places   map[string]place
	requests int
	status   int
	delay    time.Duration
	broken   bool
	params   url.Values
	header   http.Header
}

// place is one known answer, as PDOK's document fields.
type place struct {
	typ, label, town, postcode string
	lon, lat                   float64

	// For addresses (type adres) whose label is in PDOK's format: the
	// house number, and what a query must start with and may end with
	// to be answered with this address (see Add).
	huisnummer int
	house      string   // "kanaalweg 82"
	tails      []string // "", "3513WM", "utrecht", "3513WM utrecht"
}

// New starts a fake on 127.0.0.1, stopped when the test ends, that knows
// a few places: 3512JE and 1011AB, 3512 (through 3512JE), utrecht,
// amsterdam, zwolle and den haag, and the address Kanaalweg 82, 3513WM
// Utrecht (as "kanaalweg 82 utrecht" and its other spellings, see Add).
func New(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb, places: map[string]place{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)

	s.Add("3512JE", 5.1214, 52.0907, "3512JE Utrecht")
	s.Add("1011AB", 4.9003, 52.3751, "1011AB Amsterdam")
	s.Add("utrecht", 5.1214, 52.0907, "Utrecht, Utrecht, Utrecht")
	s.Add("amsterdam", 4.8952, 52.3702, "Amsterdam, Amsterdam, Noord-Holland")
	s.Add("zwolle", 6.0830, 52.5168, "Zwolle, Zwolle, Overijssel")
	s.Add("den haag", 4.3007, 52.0705, "Den Haag, 's-Gravenhage, Zuid-Holland")
	s.Add("kanaalweg 82 utrecht", 5.1034, 52.0848, "Kanaalweg 82, 3513WM Utrecht")
	return s
}

// URL is the fake's free endpoint, to configure a pdok.Client with.
func (s *Server) URL() string { return s.srv.URL + Path }

// pcLabel finds the town in a postcode's weergavenaam ("3512JE Utrecht").
var pcLabel = regexp.MustCompile(`[0-9]{4} ?[A-Z]{2} (.+)$`)

// adresLabel splits an address's weergavenaam, "Kanaalweg 82A-1, 3513WM
// Utrecht", into street, house number, letter and addition, postcode and
// town.
var adresLabel = regexp.MustCompile(`^(.+) ([1-9][0-9]*)(\S*), ([1-9][0-9]{3}[A-Z]{2}) (.+)$`)

// Add makes the fake know query (in any spelling pdok.Normalize accepts)
// at lon, lat; label is the weergavenaam PDOK gives it. Postcodes are
// answered as type postcode, addresses as type adres, names as type
// woonplaats. A 4-digit postcode that was not added is answered with the
// first added 6-character postcode starting with it, as PDOK's prefix
// search would.
//
// An address whose label is in PDOK's format ("Kanaalweg 82, 3513WM
// Utrecht") is also answered when asked as street and house number alone
// or with its postcode and/or town: "kanaalweg 82", "kanaalweg 82
// 3513WM", "kanaalweg 82 3513WM utrecht". Letters and additions must be
// the label's: "kanaalweg 82a" is not Kanaalweg 82. Any other spelling
// (an abbreviation, another town name) is answered only when added.
func (s *Server) Add(query string, lon, lat float64, label string) {
	s.tb.Helper()
	norm, kind, err := pdok.Normalize(query)
	if err != nil {
		s.tb.Fatalf("pdoktest: Add: %v", err)
	}
	p := place{typ: "woonplaats", label: label, lon: lon, lat: lat}
	p.town, _, _ = strings.Cut(label, ",")
	switch kind {
	case pdok.KindAddress:
		p.typ, p.town = "adres", ""
		if m := adresLabel.FindStringSubmatch(label); m != nil {
			p.huisnummer, _ = strconv.Atoi(m[2])
			p.postcode, p.town = m[4], m[5]
			p.house = s.normalize(m[1]+" "+m[2]+m[3], pdok.KindAddress)
			town := s.normalize(m[5], pdok.KindPlace)
			p.tails = []string{"", p.postcode, town, p.postcode + " " + town}
		}
	case pdok.KindPostcode4, pdok.KindPostcode6:
		p.typ, p.postcode = "postcode", norm
		if m := pcLabel.FindStringSubmatch(label); m != nil {
			p.town = m[1]
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.places[norm] = p
}

// normalize is pdok.Normalize for parts of a label, which must be of kind.
func (s *Server) normalize(q, kind string) string {
	s.tb.Helper()
	norm, got, err := pdok.Normalize(q)
	if err != nil || got != kind {
		s.tb.Fatalf("pdoktest: Add: label part is no %s: %v", kind, err)
	}
	return norm
}

// Requests is how many requests reached the fake, failed ones included:
// tests use it to prove that a cache hit or invalid input costs none.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// SetDown makes the fake answer 503, as PDOK does in maintenance.
func (s *Server) SetDown(down bool) {
	code := 0
	if down {
		code = http.StatusServiceUnavailable
	}
	s.SetStatus(code)
}

// SetStatus makes the fake answer every request with this HTTP status
// (429, 400, ...); 0 restores normal answers.
func (s *Server) SetStatus(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = code
}

// SetDelay makes the fake wait d before answering (or until the client
// gives up), to test timeouts.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// SetBroken makes the fake answer 200 with a body that is not JSON.
func (s *Server) SetBroken(broken bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.broken = broken
}

// LastParams are the query parameters of the last request.
func (s *Server) LastParams() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.params
}

// LastHeader is the header of the last request.
func (s *Server) LastHeader() http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.header
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.params, s.header = r.URL.Query(), r.Header.Clone()
	status, delay, broken := s.status, s.delay, s.broken
	s.mu.Unlock()

	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case r.URL.Path != Path:
		http.NotFound(w, r)
		return
	case r.Method != http.MethodGet:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case status != 0:
		writeJSON(w, status, map[string]any{"title": http.StatusText(status), "status": status})
		return
	case broken:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"response":{"numFound":1,"docs":[{"type":"postcode",`))
		return
	}
	for name := range r.URL.Query() {
		if !slices.Contains(documented, name) {
			writeJSON(w, http.StatusBadRequest, map[string]any{
				"title": "Bad Request", "status": 400, "detail": "unknown query parameter " + name})
			return
		}
	}

	var docs []map[string]any
	if p, ok := s.find(r.URL.Query()); ok {
		docs = append(docs, fields(p, r.URL.Query().Get("fl")))
	}
	maxScore := 0.0
	if len(docs) > 0 {
		maxScore = 7.25
	}
	writeJSON(w, http.StatusOK, map[string]any{"response": map[string]any{
		"numFound": len(docs), "start": 0, "maxScore": maxScore, "numFoundExact": true,
		"docs": append([]map[string]any{}, docs...),
	}})
}

// find answers q (plain, "postcode:3512JE" or "postcode:3512*") with a
// known place whose type every type filter in fq admits.
func (s *Server) find(params url.Values) (place, bool) {
	q := strings.TrimPrefix(params.Get("q"), "postcode:")
	prefix := strings.HasSuffix(q, "*")
	norm, kind, err := pdok.Normalize(strings.TrimSuffix(q, "*"))
	if err != nil {
		return place{}, false
	}

	s.mu.Lock()
	p, ok := s.places[norm]
	if !ok && prefix {
		p, ok = s.first(func(k string, p place) bool {
			return p.typ == "postcode" && len(k) == 6 && strings.HasPrefix(k, norm)
		})
	}
	if !ok && kind == pdok.KindAddress {
		p, ok = s.first(func(_ string, p place) bool {
			rest, isHouse := strings.CutPrefix(norm, p.house)
			return p.house != "" && isHouse && (rest == "" || rest[0] == ' ') &&
				slices.Contains(p.tails, strings.TrimPrefix(rest, " "))
		})
	}
	s.mu.Unlock()

	for _, fq := range params["fq"] {
		if types, isType := strings.CutPrefix(fq, "type:"); isType {
			words := strings.FieldsFunc(types, func(r rune) bool { return r == '(' || r == ')' || r == ' ' })
			ok = ok && slices.Contains(words, p.typ)
		}
	}
	return p, ok
}

// first is the known place with the smallest key that match accepts, so
// answers do not depend on map order. s.mu must be held.
func (s *Server) first(match func(key string, p place) bool) (place, bool) {
	var keys []string
	for k, p := range s.places {
		if match(k, p) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return place{}, false
	}
	return s.places[slices.Min(keys)], true
}

// fields is p as a document, limited to fl when given, as PDOK does.
func fields(p place, fl string) map[string]any {
	doc := map[string]any{
		"type":           p.typ,
		"weergavenaam":   p.label,
		"woonplaatsnaam": p.town,
		"centroide_ll":   "POINT(" + strconv.FormatFloat(p.lon, 'f', -1, 64) + " " + strconv.FormatFloat(p.lat, 'f', -1, 64) + ")",
		"score":          7.25,
		"id":             "fake-" + p.typ + "-" + strings.ToLower(p.label),
	}
	if p.postcode != "" {
		doc["postcode"] = p.postcode
	}
	if p.huisnummer != 0 {
		doc["huisnummer"] = p.huisnummer
	}
	if fl == "" {
		return doc
	}
	want := strings.FieldsFunc(fl, func(r rune) bool { return r == ',' || r == ' ' })
	for k := range doc {
		if !slices.Contains(want, k) {
			delete(doc, k)
		}
	}
	return doc
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
