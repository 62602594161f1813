package pdok

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/ouderkring/ouderkring/meetups"
)

// Defaults of ClientOptions.
const (
	// DefaultURL is Locatieserver's free endpoint, meant for classic
	// geocoding of a whole string (suggest is for autocomplete).
	DefaultURL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
	// DefaultTimeout is how long a parent may wait for a place before the
	// bot says the map is unavailable; PDOK usually answers in well under
	// a second.
	DefaultTimeout = 3 * time.Second
	// DefaultUserAgent names the bot, so PDOK can tell who sends the
	// traffic if it ever needs to.
	DefaultUserAgent = "ouderkring-bot (+https://github.com/ouderkring/ouderkring)"
	// defaultRetryWait is the pause before the one retry: long enough for
	// a restarting backend, short enough not to be noticed.
	defaultRetryWait = 100 * time.Millisecond
	// maxBody bounds what is read of an answer; one document is < 1 KB.
	maxBody = 1 << 20
)

// ClientOptions configure a Client; zero values mean the defaults.
type ClientOptions struct {
	// URL is the free endpoint (DefaultURL), a fake's in tests.
	URL string
	// Timeout bounds one Geocode call, retry included (DefaultTimeout).
	Timeout time.Duration
	// UserAgent is sent with every request (DefaultUserAgent).
	UserAgent string
	// RetryWait is the pause before the retry (100ms).
	RetryWait time.Duration
}

// Client geocodes with PDOK Locatieserver. It asks for one document and
// turns every way that can fail into a meetups.Error code, so the dialog
// can explain it: ENOTFOUND when PDOK knows no such place, EUNAVAILABLE
// when PDOK is down, slow or answers something unexpected. It is safe for
// concurrent use.
type Client struct {
	rc      *resty.Client
	url     string
	timeout time.Duration
}

var _ meetups.Geocoder = (*Client)(nil)

// NewClient makes a Client. It retries exactly once, after a short pause,
// on network errors, 5xx and 429: a single hiccup of a public service
// should not cost a parent their search, and more retries would only keep
// them waiting.
func NewClient(opts ClientOptions) *Client {
	if opts.URL == "" {
		opts.URL = DefaultURL
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.RetryWait <= 0 {
		opts.RetryWait = defaultRetryWait
	}
	rc := resty.New().
		// resty logs failed attempts with the URL, which holds the query.
		SetLogger(discardLogger{}).
		SetHeader("User-Agent", opts.UserAgent).
		SetHeader("Accept", "application/json").
		SetResponseBodyLimit(maxBody).
		SetRetryCount(1).
		SetRetryWaitTime(opts.RetryWait).
		SetRetryMaxWaitTime(opts.RetryWait).
		AddRetryCondition(retryable)
	return &Client{rc: rc, url: opts.URL, timeout: opts.Timeout}
}

// retryable replaces resty's default condition (it is one or the other):
// transport errors and overload are worth a second try, other answers
// will not change.
func retryable(resp *resty.Response, err error) bool {
	if err != nil {
		return !errors.Is(err, resty.ErrResponseBodyTooLarge)
	}
	code := resp.StatusCode()
	return code >= 500 || code == http.StatusTooManyRequests
}

// Geocode implements meetups.Geocoder. query is normalised first, so input
// that cannot be a place costs no request.
func (c *Client) Geocode(ctx context.Context, query string) (meetups.Place, error) {
	norm, kind, err := Normalize(query)
	if err != nil {
		return meetups.Place{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	resp, err := c.rc.R().
		SetContext(ctx).
		SetQueryParams(searchParams(norm, kind)).
		Get(c.url)
	if err != nil {
		return meetups.Place{}, unavailable("no answer", safeCause(err))
	}
	if code := resp.StatusCode(); code != http.StatusOK {
		return meetups.Place{}, unavailable("bad answer", fmt.Errorf("HTTP %d", code))
	}
	return parseAnswer(resp.Body(), norm, kind)
}

// searchParams is the request for one normalised query. v3.1 rejects
// parameters it does not document, so only q, fq, rows and fl are sent.
//
// Postcode documents in PDOK are 6-character postcodes; there is none for
// a 4-digit one. A 4-digit postcode is therefore asked as a prefix search
// on the postcode field, and the first 6-character postcode of the area
// stands for it: its centroid lies within the neighbourhood, which is
// precise enough for a search by kilometres, and its woonplaatsnaam gives
// the label ("3512 Utrecht"). Asking for woonplaatsen instead would answer
// a neighbourhood of Amsterdam with the centre of Amsterdam.
//
// An address is sent as a free search among addresses: q is the
// normalised address as it stands ("kanaalweg 82 3513WM utrecht",
// "oudegracht 1bis utrecht"), fq=type:adres, rows=1. The free search
// matches the words against the address fields (street, house number
// with letter and addition, postcode, town) itself, so a missing postcode
// or town costs nothing, where a structured query (straatnaam:...
// AND huisnummer:...) would need every part spelled as the BAG does.
// Being a ranked search, it may answer an address it does not have with
// its best partial match, such as another house in the same street;
// huisnummer is asked for as well, so parseAnswer can tell.
func searchParams(norm, kind string) map[string]string {
	p := map[string]string{
		"rows": "1",
		"fl":   "weergavenaam,centroide_ll,type,score,woonplaatsnaam",
	}
	switch kind {
	case KindPostcode6:
		p["q"] = "postcode:" + norm
		p["fq"] = "type:postcode"
	case KindPostcode4:
		p["q"] = "postcode:" + norm + "*"
		p["fq"] = "type:postcode"
	case KindAddress:
		// Normalize let through only letters, digits, spaces, apostrophes
		// and hyphens inside words, as for places.
		p["q"] = norm
		p["fq"] = "type:adres"
		p["fl"] += ",huisnummer"
	default:
		// Normalize let through only letters, spaces, apostrophes and
		// hyphens inside words: nothing Solr reads as syntax.
		p["q"] = norm
		p["fq"] = "type:(woonplaats OR gemeente)"
	}
	return p
}

// answer is the part of Locatieserver's response the client reads.
type answer struct {
	Response *struct {
		NumFound int   `json:"numFound"`
		Docs     []doc `json:"docs"`
	} `json:"response"`
}

type doc struct {
	Type           string `json:"type"`
	Weergavenaam   string `json:"weergavenaam"`
	CentroideLL    string `json:"centroide_ll"`
	Woonplaatsnaam string `json:"woonplaatsnaam"`
	// Huisnummer is a number in PDOK's answers; it is read raw so that an
	// unexpected shape only skips the check it serves.
	Huisnummer json.RawMessage `json:"huisnummer"`
}

// The Netherlands in Europe, generously: PDOK knows nothing outside it, so
// a point elsewhere is a wrong answer, not a place to search around.
const (
	minLat, maxLat = 50.0, 54.0
	minLon, maxLon = 3.0, 8.0
)

func parseAnswer(body []byte, norm, kind string) (meetups.Place, error) {
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return meetups.Place{}, unavailable("answer is not JSON", err)
	}
	if a.Response == nil {
		return meetups.Place{}, unavailable("answer has no response", nil)
	}
	if a.Response.NumFound == 0 || len(a.Response.Docs) == 0 {
		return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "pdok: no %s found", kind)
	}
	d := a.Response.Docs[0]
	pt, err := parsePoint(d.CentroideLL)
	if err != nil {
		return meetups.Place{}, unavailable("bad centroide_ll", err)
	}
	if pt.Lat < minLat || pt.Lat > maxLat || pt.Lon < minLon || pt.Lon > maxLon {
		return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "pdok: %s found outside the Netherlands", kind)
	}
	if kind == KindAddress && !sameHouseNumber(norm, d.Huisnummer) {
		// The free search's best match for a house PDOK does not know.
		return meetups.Place{}, meetups.Errorf(meetups.ENOTFOUND, "pdok: no address with that house number found")
	}
	label := strings.TrimSpace(d.Weergavenaam)
	if town := strings.TrimSpace(d.Woonplaatsnaam); kind == KindPostcode4 && town != "" {
		label = norm + " " + town
	}
	if label == "" {
		label = norm
	}
	return meetups.Place{Point: pt, Label: label}, nil
}

// sameHouseNumber reports whether the huisnummer PDOK answered (a JSON
// number, or a string of digits) is the house number of the normalised
// address norm. Letters and additions are not compared: "82Z" answered
// with 82 is the same building or next door. When PDOK gives no usable
// huisnummer there is nothing to compare, and the answer is taken.
func sameHouseNumber(norm string, raw json.RawMessage) bool {
	got, err := strconv.Atoi(strings.Trim(strings.TrimSpace(string(raw)), `"`))
	if err != nil {
		return true
	}
	a, ok := parseAddress(norm)
	return !ok || a.huisnr == got
}

// unavailable makes the error for "PDOK did not give a usable answer".
// cause must not contain the query.
func unavailable(what string, cause error) error {
	return &meetups.Error{Code: meetups.EUNAVAILABLE, Message: "pdok: " + what, Err: cause}
}

// safeCause strips the request URL, and with it the query, from a
// transport error, keeping what went wrong (context.DeadlineExceeded,
// connection refused) for errors.Is and the log.
func safeCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}

// discardLogger silences resty, whose messages would contain the URL.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
