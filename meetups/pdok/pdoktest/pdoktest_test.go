package pdoktest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ouderkring/ouderkring/meetups/pdok/pdoktest"
)

// get asks the fake directly, as PDOK would be asked.
func get(t *testing.T, srv *pdoktest.Server, params url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(srv.URL() + "?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode, body
}

func TestServer_Shape(t *testing.T) {
	t.Parallel()
	srv := pdoktest.New(t)
	code, body := get(t, srv, url.Values{"q": {"postcode:3512JE"}, "fq": {"type:postcode"}, "rows": {"1"},
		"fl": {"weergavenaam,centroide_ll,type,score"}})
	if code != http.StatusOK {
		t.Fatalf("status: got=%d, want 200", code)
	}
	resp, _ := body["response"].(map[string]any)
	docs, _ := resp["docs"].([]any)
	if resp["numFound"] != 1.0 || resp["numFoundExact"] != true || len(docs) != 1 {
		t.Fatalf("response: got=%v, want numFound 1, numFoundExact true, 1 doc", resp)
	}
	want := map[string]any{"type": "postcode", "weergavenaam": "3512JE Utrecht", "centroide_ll": "POINT(5.1214 52.0907)", "score": 7.25}
	doc := docs[0].(map[string]any)
	if len(doc) != len(want) {
		t.Errorf("doc fields: got=%v, want only those in fl %v", doc, want)
	}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("doc[%q]: got=%v, want %v", k, doc[k], v)
		}
	}
}

func TestServer_Answers(t *testing.T) {
	t.Parallel()
	srv := pdoktest.New(t)
	srv.Add("Wijk bij Duurstede", 5.34, 51.97, "Wijk bij Duurstede, Wijk bij Duurstede, Utrecht")
	for _, tc := range []struct {
		name     string
		params   url.Values
		code     int
		numFound float64
	}{
		{"Place", url.Values{"q": {"wijk bij duurstede"}, "fq": {"type:(woonplaats OR gemeente)"}}, 200, 1},
		{"Prefix", url.Values{"q": {"postcode:1011*"}, "fq": {"type:postcode"}}, 200, 1},
		{"Unknown", url.Values{"q": {"hello"}}, 200, 0},
		{"TypeFiltered", url.Values{"q": {"utrecht"}, "fq": {"type:postcode"}}, 200, 0},
		{"ErrUnknownParameter", url.Values{"q": {"utrecht"}, "format": {"json"}}, 400, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := get(t, srv, tc.params)
			if code != tc.code {
				t.Fatalf("status: got=%d, want %d", code, tc.code)
			}
			if tc.numFound >= 0 {
				if got := body["response"].(map[string]any)["numFound"]; got != tc.numFound {
					t.Errorf("numFound: got=%v, want %v", got, tc.numFound)
				}
			}
		})
	}
	if got := srv.Requests(); got != 5 {
		t.Errorf("Requests: got=%d, want 5", got)
	}
}

func TestServer_Faults(t *testing.T) {
	t.Parallel()
	srv := pdoktest.New(t)
	srv.SetDown(true)
	if code, _ := get(t, srv, url.Values{"q": {"utrecht"}}); code != http.StatusServiceUnavailable {
		t.Errorf("down: got=%d, want 503", code)
	}
	srv.SetDown(false)
	srv.SetDelay(50 * time.Millisecond)
	start := time.Now()
	if code, _ := get(t, srv, url.Values{"q": {"utrecht"}}); code != http.StatusOK || time.Since(start) < 50*time.Millisecond {
		t.Errorf("delayed: got=%d after %v, want 200 after 50ms", code, time.Since(start))
	}
	srv.SetDelay(0)
	srv.SetBroken(true)
	resp, err := http.Get(srv.URL() + "?q=utrecht")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err == nil {
		t.Errorf("broken: got valid JSON %v, want invalid", v)
	}
}

func TestServer_Addresses(t *testing.T) {
	t.Parallel()
	srv := pdoktest.New(t)
	srv.Add("Oudegracht 1bis, Utrecht", 5.118, 52.095, "Oudegracht 1bis, 3511AA Utrecht")
	srv.Add("Teststraat 1 Ergens", 5.2, 52.2, "Teststraat 1") // not PDOK's format: only as added
	adres := "type:adres"
	for _, tc := range []struct {
		name, q, fq string
		label       string // "": none found
	}{
		{"Preloaded", "kanaalweg 82 utrecht", adres, "Kanaalweg 82, 3513WM Utrecht"},
		{"AnySpelling", "Kanaalweg 82, Utrecht", adres, "Kanaalweg 82, 3513WM Utrecht"},
		{"StreetAndNumber", "kanaalweg 82", adres, "Kanaalweg 82, 3513WM Utrecht"},
		{"WithPostcode", "kanaalweg 82 3513WM", adres, "Kanaalweg 82, 3513WM Utrecht"},
		{"WithPostcodeAndTown", "kanaalweg 82 3513WM utrecht", adres, "Kanaalweg 82, 3513WM Utrecht"},
		{"NoTypeFilter", "kanaalweg 82 utrecht", "", "Kanaalweg 82, 3513WM Utrecht"},
		{"TypeFilterList", "kanaalweg 82 utrecht", "type:(adres OR postcode)", "Kanaalweg 82, 3513WM Utrecht"},
		{"Added", "oudegracht 1bis utrecht", adres, "Oudegracht 1bis, 3511AA Utrecht"},
		{"AddedOtherForm", "oudegracht 1bis 3511AA", adres, "Oudegracht 1bis, 3511AA Utrecht"},
		{"AddedLabelUnparsed", "teststraat 1 ergens", adres, "Teststraat 1"},
		{"AddedLabelUnparsedOtherForm", "teststraat 1", adres, ""},
		{"FilteredAsPlace", "kanaalweg 82 utrecht", "type:(woonplaats OR gemeente)", ""},
		{"FilteredAsPostcode", "kanaalweg 82 utrecht", "type:postcode", ""},
		{"PlaceFilteredAsAddress", "utrecht", adres, ""},
		{"PostcodeFilteredAsAddress", "3512JE", adres, ""},
		{"OtherNumber", "kanaalweg 821 utrecht", adres, ""},
		{"OtherLetter", "kanaalweg 82a utrecht", adres, ""},
		{"OtherTown", "kanaalweg 82 amsterdam", adres, ""},
		{"OtherPostcode", "kanaalweg 82 3513WN", adres, ""},
		{"TownBeforePostcode", "kanaalweg 82 utrecht 3513WM", adres, "Kanaalweg 82, 3513WM Utrecht"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			params := url.Values{"q": {tc.q}}
			if tc.fq != "" {
				params.Set("fq", tc.fq)
			}
			code, body := get(t, srv, params)
			if code != http.StatusOK {
				t.Fatalf("status: got=%d, want 200", code)
			}
			docs, _ := body["response"].(map[string]any)["docs"].([]any)
			if tc.label == "" {
				if len(docs) != 0 {
					t.Errorf("docs: got=%v, want none", docs)
				}
				return
			}
			if len(docs) != 1 {
				t.Fatalf("docs: got=%v, want 1", docs)
			}
			if got := docs[0].(map[string]any)["weergavenaam"]; got != tc.label {
				t.Errorf("weergavenaam: got=%v, want %q", got, tc.label)
			}
		})
	}
}

func TestServer_AddressShape(t *testing.T) {
	t.Parallel()
	srv := pdoktest.New(t)
	_, body := get(t, srv, url.Values{"q": {"kanaalweg 82 utrecht"}, "fq": {"type:adres"}, "rows": {"1"}})
	doc := body["response"].(map[string]any)["docs"].([]any)[0].(map[string]any)
	want := map[string]any{"type": "adres", "weergavenaam": "Kanaalweg 82, 3513WM Utrecht", "centroide_ll": "POINT(5.1034 52.0848)",
		"huisnummer": 82.0, "postcode": "3513WM", "woonplaatsnaam": "Utrecht"}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("doc[%q]: got=%v, want %v", k, doc[k], v)
		}
	}
}
