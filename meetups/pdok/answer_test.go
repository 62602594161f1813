package pdok_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/pdok"
)

// answering returns a client whose PDOK answers body with status 200, for
// answers the fake does not give.
func answering(t *testing.T, body string) *pdok.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return pdok.NewClient(pdok.ClientOptions{URL: srv.URL})
}

func doc(fields string) string {
	return `{"response":{"numFound":1,"start":0,"maxScore":9.1,"numFoundExact":true,"docs":[{` + fields + `}]}}`
}

func TestClient_Answers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, query, body string
		want              meetups.Place
		code              string
	}{
		{name: "OK", query: "3512JE",
			body: doc(`"type":"postcode","weergavenaam":"Domplein, 3512JE Utrecht","centroide_ll":"POINT(5.12146 52.09074)","score":9.1`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.09074, Lon: 5.12146}, Label: "Domplein, 3512JE Utrecht"}},
		{name: "Postcode4Label", query: "3512",
			body: doc(`"type":"postcode","weergavenaam":"Domplein, 3512JE Utrecht","woonplaatsnaam":"Utrecht","centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "3512 Utrecht"}},
		{name: "Postcode4NoTown", query: "3512",
			body: doc(`"type":"postcode","weergavenaam":"Domplein, 3512JE Utrecht","centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "Domplein, 3512JE Utrecht"}},
		{name: "NoLabel", query: "3512 je",
			body: doc(`"type":"postcode","centroide_ll":"POINT (5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "3512JE"}},
		{name: "ErrNotFoundZero", query: "utrecht", code: meetups.ENOTFOUND,
			body: `{"response":{"numFound":0,"start":0,"maxScore":0.0,"numFoundExact":true,"docs":[]}}`},
		{name: "ErrNotFoundNoDocs", query: "utrecht", code: meetups.ENOTFOUND,
			body: `{"response":{"numFound":3,"docs":[]}}`},
		{name: "ErrNotFoundAbroad", query: "utrecht", code: meetups.ENOTFOUND,
			body: doc(`"weergavenaam":"Kralendijk","centroide_ll":"POINT(-68.27 12.15)"`)},
		{name: "ErrNotFoundSwapped", query: "utrecht", code: meetups.ENOTFOUND,
			body: doc(`"weergavenaam":"Utrecht","centroide_ll":"POINT(52.09 5.12)"`)},
		{name: "ErrUnavailableNoPoint", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"weergavenaam":"Utrecht"`)},
		{name: "ErrUnavailableBadWKT", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"weergavenaam":"Utrecht","centroide_ll":"POINT(5.1)"`)},
		{name: "ErrUnavailableExponent", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"weergavenaam":"Utrecht","centroide_ll":"POINT(5e0 52e0)"`)},
		{name: "ErrUnavailableNaN", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"weergavenaam":"Utrecht","centroide_ll":"POINT(NaN NaN)"`)},
		{name: "ErrUnavailableNoResponse", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: `{"error":"something"}`},
		{name: "ErrUnavailableHTML", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: `<html><body>Maintenance</body></html>`},
		{name: "ErrUnavailableTrailing", query: "utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"weergavenaam":"Utrecht","centroide_ll":"POINT(5.1 52.1)"`) + `}`},
		{name: "Address", query: "Kanaalweg 82, Utrecht",
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","huisnummer":82,"centroide_ll":"POINT(5.1034 52.0848)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.0848, Lon: 5.1034}, Label: "Kanaalweg 82, 3513WM Utrecht"}},
		{name: "AddressLetterIgnored", query: "Kanaalweg 82Z, Utrecht",
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","huisnummer":82,"centroide_ll":"POINT(5.1034 52.0848)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.0848, Lon: 5.1034}, Label: "Kanaalweg 82, 3513WM Utrecht"}},
		{name: "AddressStreetYears", query: "Plein 1940-1945 3",
			body: doc(`"type":"adres","weergavenaam":"Plein 1940-1945 3, 1234AB Ergens","huisnummer":3,"centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "Plein 1940-1945 3, 1234AB Ergens"}},
		{name: "AddressNumberString", query: "Kanaalweg 82 Utrecht",
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","huisnummer":"82","centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "Kanaalweg 82, 3513WM Utrecht"}},
		{name: "AddressNoNumber", query: "Kanaalweg 82 Utrecht",
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "Kanaalweg 82, 3513WM Utrecht"}},
		{name: "AddressNumberNull", query: "Kanaalweg 82 Utrecht",
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","huisnummer":null,"centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "Kanaalweg 82, 3513WM Utrecht"}},
		{name: "AddressNoLabel", query: "Kanaalweg 82, 3513 wm",
			body: doc(`"type":"adres","huisnummer":82,"centroide_ll":"POINT(5.1 52.1)"`),
			want: meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "kanaalweg 82 3513WM"}},
		{name: "ErrNotFoundAddressOtherHouse", query: "Kanaalweg 999 Utrecht", code: meetups.ENOTFOUND,
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 99, 3513WM Utrecht","huisnummer":99,"centroide_ll":"POINT(5.1 52.1)"`)},
		{name: "ErrNotFoundAddressZero", query: "Kanaalweg 82 Utrecht", code: meetups.ENOTFOUND,
			body: `{"response":{"numFound":0,"start":0,"maxScore":0.0,"numFoundExact":true,"docs":[]}}`},
		{name: "ErrNotFoundAddressAbroad", query: "Kanaalweg 82 Utrecht", code: meetups.ENOTFOUND,
			body: doc(`"type":"adres","weergavenaam":"Kaya Grandi 82","huisnummer":82,"centroide_ll":"POINT(-68.27 12.15)"`)},
		{name: "ErrUnavailableAddressNoPoint", query: "Kanaalweg 82 Utrecht", code: meetups.EUNAVAILABLE,
			body: doc(`"type":"adres","weergavenaam":"Kanaalweg 82, 3513WM Utrecht","huisnummer":82`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := answering(t, tc.body).Geocode(t.Context(), tc.query)
			if tc.code != "" {
				assertCode(t, err, tc.code, strings.Fields(tc.query)...)
				return
			}
			if err != nil {
				t.Fatalf("Geocode: %v", err)
			}
			if got != tc.want {
				t.Errorf("Geocode: got=%+v, want %+v", got, tc.want)
			}
		})
	}
}
