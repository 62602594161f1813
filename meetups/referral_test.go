package meetups_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ouderkring/ouderkring/meetups"
)

func TestSuppress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0"}, {1, "< 5"}, {4, "< 5"}, {5, "5"}, {17, "17"}, {-1, "0"}} {
		if got := meetups.Suppress(tc.n, "< 5"); got != tc.want {
			t.Errorf("Suppress(%d): got=%q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestNewReferralCode(t *testing.T) {
	t.Parallel()
	payload := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	seen := map[string]bool{}
	for range 100 {
		code, err := meetups.NewReferralCode()
		if err != nil {
			t.Fatal(err)
		}
		// 16 base64url characters are 96 bits.
		if len(code) != 16 || !payload.MatchString(meetups.ReferralPrefix+code) || seen[code] {
			t.Fatalf("code %q: want 16 new url-safe characters", code)
		}
		seen[code] = true
		if got, ok := meetups.ParseReferral(meetups.ReferralPrefix + code); !ok || got != code {
			t.Errorf("ParseReferral(r_%s): got=%q, %v", code, got, ok)
		}
		if err := (meetups.ReferralLink{Code: code, Label: "CB Oost"}).Validate(); err != nil {
			t.Errorf("a new code does not validate: %v", err)
		}
	}
}

func TestParseReferral(t *testing.T) {
	t.Parallel()
	for payload, want := range map[string]string{
		"r_k3Jx9QpLmN2vR7tY":           "k3Jx9QpLmN2vR7tY",
		"r_a-b_c":                      "a-b_c",
		"r_" + strings.Repeat("Z", 62): strings.Repeat("Z", 62),
		"r_" + strings.Repeat("Z", 63): "", // 65 characters
		"r_":                           "",
		"r_ab c":                       "",
		"r_<script>":                   "",
		"r_😀":                          "",
		"r_abc\n":                      "",
		"org_abc":                      "",
		"R_abc":                        "",
		"xr_abc":                       "",
		"":                             "",
	} {
		got, ok := meetups.ParseReferral(payload)
		if got != want || ok != (want != "") {
			t.Errorf("ParseReferral(%q): got=%q, %v, want %q", payload, got, ok, want)
		}
	}
}

func TestReferralLinkValidate(t *testing.T) {
	t.Parallel()
	good := meetups.ReferralLink{Code: "k3Jx9QpLmN2vR7tY", Label: "CB Utrecht Overvecht",
		Area: &meetups.Place{Point: meetups.Point{Lat: 52.1, Lon: 5.1}, Label: "3581 Utrecht"}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good link: %v", err)
	}
	for name, change := range map[string]func(*meetups.ReferralLink){
		"ShortCode":     func(l *meetups.ReferralLink) { l.Code = "abc" },
		"BadCode":       func(l *meetups.ReferralLink) { l.Code = "k3Jx9QpLmN2vR7t!" },
		"NoLabel":       func(l *meetups.ReferralLink) { l.Label = "" },
		"LongLabel":     func(l *meetups.ReferralLink) { l.Label = strings.Repeat("é", 81) },
		"TwoLineLabel":  func(l *meetups.ReferralLink) { l.Label = "CB\nOost" },
		"PaddedLabel":   func(l *meetups.ReferralLink) { l.Label = " CB Oost" },
		"AreaOffEarth":  func(l *meetups.ReferralLink) { l.Area = &meetups.Place{Point: meetups.Point{Lat: 91}} },
		"AreaLabelLong": func(l *meetups.ReferralLink) { l.Area.Label = strings.Repeat("a", 201) },
	} {
		t.Run(name, func(t *testing.T) {
			l := good
			a := *good.Area
			l.Area = &a
			change(&l)
			if err := l.Validate(); meetups.ErrorCode(err) != meetups.EINVALID {
				t.Errorf("got %v, want EINVALID", err)
			}
		})
	}
	if l := (meetups.ReferralLink{Label: "é" + strings.Repeat("a", 79), Code: good.Code}); l.Validate() != nil {
		t.Error("80 characters (not bytes) must be allowed")
	}
}

func TestReferralScope(t *testing.T) {
	t.Parallel()
	staff := []meetups.Membership{{Role: meetups.RoleStaff, OrgID: 3}, {Role: meetups.RoleOrganiser, OrgID: 4}}
	s, ok := meetups.ReferralScopeOf(staff)
	if !ok || s.All || !s.Allows(3) || s.Allows(4) || s.Allows(0) {
		t.Errorf("staff of 3: got %+v ok=%v", s, ok)
	}
	a, ok := meetups.ReferralScopeOf([]meetups.Membership{{Role: meetups.RoleAdmin}})
	if !ok || !a.Allows(3) || !a.Allows(0) {
		t.Errorf("admin: got %+v ok=%v", a, ok)
	}
	if _, ok := meetups.ReferralScopeOf([]meetups.Membership{{Role: meetups.RoleOrganiser, OrgID: 4}}); ok {
		t.Error("an organiser has no referral scope")
	}
	if (meetups.ReferralScope{}).Allows(0) {
		t.Error("the zero scope must see nothing")
	}
}
