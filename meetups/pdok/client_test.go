package pdok_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/pdok"
	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

var utrecht = meetups.Point{Lat: 52.0907, Lon: 5.1214}

// setup starts a fake PDOK and a client for it with a test-sized timeout
// and retry pause.
func setup(t *testing.T) (*pdoktest.Server, *pdok.Client) {
	t.Helper()
	srv := pdoktest.New(t)
	return srv, pdok.NewClient(pdok.ClientOptions{URL: srv.URL(), Timeout: 200 * time.Millisecond, RetryWait: 10 * time.Millisecond})
}

// assertCode fails unless err is a meetups.Error with code, and checks
// the error does not repeat what the parent typed (it may be logged).
func assertCode(t *testing.T, err error, code string, typed ...string) {
	t.Helper()
	if got := meetups.ErrorCode(err); got != code {
		t.Fatalf("error: got=%v (code %q), want code %q", err, got, code)
	}
	for _, s := range typed {
		if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(s)) {
			t.Errorf("error %q contains the query %q", err, s)
		}
	}
}

func assertRequests(t *testing.T, srv *pdoktest.Server, want int) {
	t.Helper()
	if got := srv.Requests(); got != want {
		t.Errorf("requests to PDOK: got=%d, want %d", got, want)
	}
}

func TestClient_Geocode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, query, label string
		point              meetups.Point
		q, fq              string
	}{
		{"Postcode6", "3512JE", "3512JE Utrecht", utrecht, "postcode:3512JE", "type:postcode"},
		{"Postcode6Space", "3512 JE", "3512JE Utrecht", utrecht, "postcode:3512JE", "type:postcode"},
		{"Postcode6Lower", "3512je", "3512JE Utrecht", utrecht, "postcode:3512JE", "type:postcode"},
		{"Postcode6Padded", " 3512  JE ", "3512JE Utrecht", utrecht, "postcode:3512JE", "type:postcode"},
		{"Postcode6Amsterdam", "1011 ab", "1011AB Amsterdam", meetups.Point{Lat: 52.3751, Lon: 4.9003}, "postcode:1011AB", "type:postcode"},
		{"Postcode4", "3512", "3512 Utrecht", utrecht, "postcode:3512*", "type:postcode"},
		{"Place", "Utrecht", "Utrecht, Utrecht, Utrecht", utrecht, "utrecht", "type:(woonplaats OR gemeente)"},
		{"PlaceTwoWords", "Den Haag", "Den Haag, 's-Gravenhage, Zuid-Holland", meetups.Point{Lat: 52.0705, Lon: 4.3007}, "den haag", "type:(woonplaats OR gemeente)"},
		{"PlaceUpper", "ZWOLLE", "Zwolle, Zwolle, Overijssel", meetups.Point{Lat: 52.5168, Lon: 6.0830}, "zwolle", "type:(woonplaats OR gemeente)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := setup(t)
			got, err := c.Geocode(t.Context(), tc.query)
			if err != nil {
				t.Fatalf("Geocode(%q): %v", tc.query, err)
			}
			if want := (meetups.Place{Point: tc.point, Label: tc.label}); got != want {
				t.Errorf("Geocode(%q): got=%+v, want %+v", tc.query, got, want)
			}
			assertRequests(t, srv, 1)
			p := srv.LastParams()
			if p.Get("q") != tc.q || p.Get("fq") != tc.fq || p.Get("rows") != "1" {
				t.Errorf("request: got=q %q fq %q rows %q, want q %q fq %q rows 1", p.Get("q"), p.Get("fq"), p.Get("rows"), tc.q, tc.fq)
			}
			if !strings.Contains(p.Get("fl"), "centroide_ll") || !strings.Contains(p.Get("fl"), "weergavenaam") {
				t.Errorf("fl: got=%q, want centroide_ll and weergavenaam in it", p.Get("fl"))
			}
		})
	}
}

func TestClient_UserAgent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, set, want string }{
		{"Default", "", pdok.DefaultUserAgent},
		{"Set", "ouderkring-test/1.0", "ouderkring-test/1.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := pdoktest.New(t)
			c := pdok.NewClient(pdok.ClientOptions{URL: srv.URL(), UserAgent: tc.set})
			if _, err := c.Geocode(t.Context(), "utrecht"); err != nil {
				t.Fatal(err)
			}
			if got := srv.LastHeader().Get("User-Agent"); got != tc.want {
				t.Errorf("User-Agent: got=%q, want %q", got, tc.want)
			}
		})
	}
}

func TestClient_Errors(t *testing.T) {
	t.Parallel()

	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		_, err := c.Geocode(t.Context(), "hello")
		assertCode(t, err, meetups.ENOTFOUND, "hello")
		assertRequests(t, srv, 1)
	})

	t.Run("ErrNotFoundPostcode", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		_, err := c.Geocode(t.Context(), "9999 ZZ")
		assertCode(t, err, meetups.ENOTFOUND, "9999")
		assertRequests(t, srv, 1)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		for _, q := range []string{"99999", "", "3512SA", "🏠"} {
			_, err := c.Geocode(t.Context(), q)
			assertCode(t, err, meetups.EINVALID)
		}
		assertRequests(t, srv, 0)
	})

	t.Run("ErrUnavailableDown", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		srv.SetDown(true)
		_, err := c.Geocode(t.Context(), "3512JE")
		assertCode(t, err, meetups.EUNAVAILABLE, "3512")
		assertRequests(t, srv, 2) // one retry
	})

	t.Run("ErrUnavailableTooManyRequests", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		srv.SetStatus(http.StatusTooManyRequests)
		_, err := c.Geocode(t.Context(), "utrecht")
		assertCode(t, err, meetups.EUNAVAILABLE, "utrecht")
		assertRequests(t, srv, 2)
	})

	t.Run("ErrUnavailableBadRequest", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		srv.SetStatus(http.StatusBadRequest)
		_, err := c.Geocode(t.Context(), "utrecht")
		assertCode(t, err, meetups.EUNAVAILABLE, "utrecht")
		assertRequests(t, srv, 1) // asking again will not help
		if !strings.Contains(err.Error(), "400") {
			t.Errorf("error: got=%q, want the status in it", err)
		}
	})

	t.Run("ErrUnavailableSlow", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t) // 200ms timeout
		srv.SetDelay(5 * time.Second)
		start := time.Now()
		_, err := c.Geocode(t.Context(), "3512 JE")
		if took := time.Since(start); took > time.Second {
			t.Errorf("Geocode took %v, want about the 200ms timeout", took)
		}
		assertCode(t, err, meetups.EUNAVAILABLE, "3512")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error: got=%v, want it to wrap context.DeadlineExceeded", err)
		}
	})

	t.Run("ErrUnavailableBroken", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		srv.SetBroken(true)
		_, err := c.Geocode(t.Context(), "utrecht")
		assertCode(t, err, meetups.EUNAVAILABLE, "utrecht")
		assertRequests(t, srv, 1)
		if errors.Unwrap(err) == nil {
			t.Errorf("error %v: want the cause wrapped", err)
		}
	})

	t.Run("ErrUnavailableNoServer", func(t *testing.T) {
		t.Parallel()
		c := pdok.NewClient(pdok.ClientOptions{URL: "http://127.0.0.1:1" + pdoktest.Path, RetryWait: time.Millisecond})
		_, err := c.Geocode(t.Context(), "3512JE")
		assertCode(t, err, meetups.EUNAVAILABLE, "3512")
	})

	t.Run("ErrCanceled", func(t *testing.T) {
		t.Parallel()
		srv, c := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := c.Geocode(ctx, "utrecht")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error: got=%v, want context.Canceled", err)
		}
		assertRequests(t, srv, 0)
	})

	t.Run("ErrCanceledWhileWaiting", func(t *testing.T) {
		t.Parallel()
		srv := pdoktest.New(t)
		c := pdok.NewClient(pdok.ClientOptions{URL: srv.URL()}) // 3s timeout
		srv.SetDelay(5 * time.Second)
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Geocode(ctx, "utrecht")
		if err == nil || time.Since(start) > time.Second {
			t.Errorf("Geocode: got=%v after %v, want an error soon after ctx ended", err, time.Since(start))
		}
	})
}

// TestClient_Retry checks the retry is worth having: a single 503 does not
// reach the parent.
func TestClient_Retry(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"response":{"numFound":1,"docs":[{"type":"woonplaats","weergavenaam":"Utrecht","centroide_ll":"POINT(5.1214 52.0907)"}]}}`))
	}))
	t.Cleanup(srv.Close)
	c := pdok.NewClient(pdok.ClientOptions{URL: srv.URL, RetryWait: time.Millisecond})
	got, err := c.Geocode(t.Context(), "utrecht")
	if err != nil {
		t.Fatalf("Geocode: %v", err)
	}
	if got.Point != utrecht || n.Load() != 2 {
		t.Errorf("Geocode: got=%+v after %d requests, want %+v after 2", got, n.Load(), utrecht)
	}
}

// kanaalweg82 is where the fake has Kanaalweg 82, 3513WM Utrecht.
var kanaalweg82 = meetups.Point{Lat: 52.0848, Lon: 5.1034}

// setupAddresses is setup with a few more addresses in the fake. Their
// postcodes and points are made up (near the real streets).
func setupAddresses(t *testing.T) (*pdoktest.Server, *pdok.Client) {
	t.Helper()
	srv, c := setup(t)
	srv.Add("Kanaalweg 82A, 3513WM Utrecht", 5.1035, 52.0849, "Kanaalweg 82A, 3513WM Utrecht")
	srv.Add("Oudegracht 1bis Utrecht", 5.1180, 52.0950, "Oudegracht 1bis, 3511AA Utrecht")
	srv.Add("2e Hugo de Grootstraat 5, Amsterdam", 4.8740, 52.3790, "2e Hugo de Grootstraat 5, 1052LK Amsterdam")
	// PDOK names the town 's-Gravenhage; "Den Haag" is answered as added.
	srv.Add("Burgemeester de Withstraat 12, Den Haag", 4.2800, 52.0900, "Burgemeester de Withstraat 12, 2597AA 's-Gravenhage")
	return srv, c
}

func TestClient_Address(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, query, label string
		point              meetups.Point
		q                  string // what PDOK is asked
	}{
		{"Town", "Kanaalweg 82, Utrecht", "Kanaalweg 82, 3513WM Utrecht", kanaalweg82, "kanaalweg 82 utrecht"},
		{"PostcodeTown", "Kanaalweg 82 3513 WM Utrecht", "Kanaalweg 82, 3513WM Utrecht", kanaalweg82, "kanaalweg 82 3513WM utrecht"},
		{"TownPostcode", "kanaalweg 82, utrecht 3513wm", "Kanaalweg 82, 3513WM Utrecht", kanaalweg82, "kanaalweg 82 3513WM utrecht"},
		{"Postcode", "Kanaalweg 82, 3513 WM", "Kanaalweg 82, 3513WM Utrecht", kanaalweg82, "kanaalweg 82 3513WM"},
		{"StreetOnly", "KANAALWEG 82", "Kanaalweg 82, 3513WM Utrecht", kanaalweg82, "kanaalweg 82"},
		{"Letter", "Kanaalweg 82-A, 3513WM", "Kanaalweg 82A, 3513WM Utrecht", meetups.Point{Lat: 52.0849, Lon: 5.1035}, "kanaalweg 82a 3513WM"},
		{"Bis", "Oudegracht 1bis Utrecht", "Oudegracht 1bis, 3511AA Utrecht", meetups.Point{Lat: 52.0950, Lon: 5.1180}, "oudegracht 1bis utrecht"},
		{"Ordinal", "2e Hugo de Grootstraat 5, Amsterdam", "2e Hugo de Grootstraat 5, 1052LK Amsterdam", meetups.Point{Lat: 52.3790, Lon: 4.8740}, "2e hugo de grootstraat 5 amsterdam"},
		{"TownAlias", "Burgemeester de Withstraat 12, Den Haag", "Burgemeester de Withstraat 12, 2597AA 's-Gravenhage", meetups.Point{Lat: 52.0900, Lon: 4.2800}, "burgemeester de withstraat 12 den haag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := setupAddresses(t)
			got, err := c.Geocode(t.Context(), tc.query)
			if err != nil {
				t.Fatalf("Geocode(%q): %v", tc.query, err)
			}
			if want := (meetups.Place{Point: tc.point, Label: tc.label}); got != want {
				t.Errorf("Geocode(%q): got=%+v, want %+v", tc.query, got, want)
			}
			assertRequests(t, srv, 1)
			p := srv.LastParams()
			if p.Get("q") != tc.q || p.Get("fq") != "type:adres" || p.Get("rows") != "1" {
				t.Errorf("request: got=q %q fq %q rows %q, want q %q fq type:adres rows 1", p.Get("q"), p.Get("fq"), p.Get("rows"), tc.q)
			}
			for _, f := range []string{"centroide_ll", "weergavenaam", "huisnummer"} {
				if !strings.Contains(p.Get("fl"), f) {
					t.Errorf("fl: got=%q, want %s in it", p.Get("fl"), f)
				}
			}
		})
	}
}

// TestClient_AddressLeavesOthers checks postcodes and places are asked as
// before addresses existed.
func TestClient_AddressLeavesOthers(t *testing.T) {
	t.Parallel()
	srv, c := setupAddresses(t)
	for _, q := range []string{"3512JE", "utrecht"} {
		if _, err := c.Geocode(t.Context(), q); err != nil {
			t.Fatalf("Geocode(%q): %v", q, err)
		}
		if fl := srv.LastParams().Get("fl"); strings.Contains(fl, "huisnummer") {
			t.Errorf("Geocode(%q): fl %q, want it without huisnummer", q, fl)
		}
	}
}

func TestClient_AddressErrors(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct{ name, query string }{
		{"ErrNotFoundNumber", "Kanaalweg 83, Utrecht"},
		{"ErrNotFoundLetter", "Kanaalweg 82B Utrecht"},
		{"ErrNotFoundTown", "Kanaalweg 82 Amsterdam"},
		{"ErrNotFoundPostcode", "Kanaalweg 82 3514 AB"},
		{"ErrNotFoundStreet", "Kanaalstraat 82 Utrecht"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := setupAddresses(t)
			_, err := c.Geocode(t.Context(), tc.query)
			assertCode(t, err, meetups.ENOTFOUND, "kanaal", "82")
			assertRequests(t, srv, 1)
		})
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		srv, c := setupAddresses(t)
		for _, q := range []string{"Kanaalweg 082", "Kanaalweg 82 3512 SA", "Kanaalweg82", "Kanaalweg 82 *:*"} {
			_, err := c.Geocode(t.Context(), q)
			assertCode(t, err, meetups.EINVALID, "kanaalweg")
		}
		assertRequests(t, srv, 0)
	})

	t.Run("ErrUnavailableDown", func(t *testing.T) {
		t.Parallel()
		srv, c := setupAddresses(t)
		srv.SetDown(true)
		_, err := c.Geocode(t.Context(), "Kanaalweg 82, Utrecht")
		assertCode(t, err, meetups.EUNAVAILABLE, "kanaalweg", "82")
		assertRequests(t, srv, 2) // one retry
	})

	t.Run("ErrUnavailableSlow", func(t *testing.T) {
		t.Parallel()
		srv, c := setupAddresses(t) // 200ms timeout
		srv.SetDelay(5 * time.Second)
		start := time.Now()
		_, err := c.Geocode(t.Context(), "Kanaalweg 82, Utrecht")
		if took := time.Since(start); took > time.Second {
			t.Errorf("Geocode took %v, want about the 200ms timeout", took)
		}
		assertCode(t, err, meetups.EUNAVAILABLE, "kanaalweg")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error: got=%v, want it to wrap context.DeadlineExceeded", err)
		}
	})
}
