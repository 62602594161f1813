// Package demo generates a sample catalogue of meetups across Dutch towns,
// so parents and developers can try the bot before any organiser has added
// a real meetup, and so benchmarks have a realistically sized catalogue to
// search. Every generated meetup is marked Sample, so parents see
// "(voorbeeld)" and nobody mistakes it for a real baby café.
//
// The catalogue is plausible rather than random: kinds in realistic
// proportions, times that fit the kind (baby cafés on weekday mornings,
// peer groups on an evening once a month, parent evenings once), ages,
// themes, languages and costs that fit the title, and addresses with real
// postcode areas and street names of the town.
package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ouderkring/ouderkring/meetups"
)

// Source is the Meetup.Source of every generated meetup; with ExternalID
// "demo-<n>" it lets a second seeding update the first instead of
// duplicating it.
const Source = "demo"

// Generate returns n sample meetups around now. The same seed, n and now
// give the same meetups, and meetup i depends only on the seed, i and now,
// so generating more later keeps the first ones as they were.
func Generate(seed int64, n int, now time.Time) []meetups.Meetup {
	if n <= 0 {
		return nil
	}
	g := newGenerator(seed, now)
	out := make([]meetups.Meetup, n)
	points := make([]meetups.Point, n) // one allocation for all points
	for i := range out {
		g.src.Seed(uint64(seed), splitmix(uint64(i)))
		g.meetup(&out[i], &points[i], i)
	}
	return out
}

// splitmix scrambles a meetup's index into a PCG stream, so neighbouring
// indexes get unrelated meetups.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// kindWeights are the kinds' shares of the catalogue, in percent.
var kindWeights = []struct {
	kind   meetups.Kind
	weight int
}{
	{meetups.KindBabyCafe, 22}, {meetups.KindPeerGroup, 22}, {meetups.KindPlaygroup, 18},
	{meetups.KindParentEvening, 15}, {meetups.KindParentCourse, 12}, {meetups.KindVolunteerSupport, 11},
}

type generator struct {
	src   *rand.PCG
	r     *rand.Rand
	now   time.Time
	today day
	towns []Town
	// townCum is the running total of the towns' weights: the square root
	// of the population, so cities get more meetups but small towns still
	// get a few.
	townCum []float64
}

func newGenerator(seed int64, now time.Time) *generator {
	src := rand.NewPCG(uint64(seed), 0)
	g := &generator{src: src, r: rand.New(src), now: now, today: dayOf(now), towns: Towns}
	total := 0.0
	for _, t := range g.towns {
		total += math.Sqrt(float64(max(t.Population, 1)))
		g.townCum = append(g.townCum, total)
	}
	return g
}

// vars are the values of one meetup's placeholders.
type vars struct {
	town                                                    *Town
	wijk, naam, huis, school, college, speeltuin, boerderij string
}

func (v *vars) lookup(key string) string {
	switch key {
	case "stad":
		return v.town.Name
	case "wijk":
		return v.wijk
	case "naam":
		return v.naam
	case "huis":
		return v.huis
	case "school":
		return v.school
	case "college":
		return v.college
	case "speeltuin":
		return v.speeltuin
	case "boerderij":
		return v.boerderij
	}
	return "{" + key + "}"
}

// fill replaces the {placeholders} in s.
func (v *vars) fill(s string) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(v.lookup(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

func (g *generator) meetup(m *meetups.Meetup, p *meetups.Point, i int) {
	t := g.town()
	// The first meetups are a volunteer programme in each town in turn,
	// so every town has one near it, as real coverage has (Home-Start,
	// Buurtgezinnen: a parent with nobody to ask always finds one).
	forceVolunteer := i < len(g.towns)
	if forceVolunteer {
		t = &g.towns[i]
	}
	v := &vars{town: t, wijk: pick(g, t.Districts), huis: pick(g, houseNames),
		school: pick(g, schoolKinds) + " " + pick(g, schoolNames), college: pick(g, collegeNames),
		speeltuin: pick(g, speeltuinNames), boerderij: pick(g, boerderijNames)}

	var o *offer
	var venues, orgs []string
	m.Kind = g.kind()
	if forceVolunteer {
		m.Kind = meetups.KindVolunteerSupport
	}
	switch m.Kind {
	case meetups.KindBabyCafe:
		o, venues, orgs = g.babyCafe(m, v)
	case meetups.KindPlaygroup:
		o, venues, orgs = g.playgroup(m, v)
	case meetups.KindPeerGroup:
		o, venues, orgs = g.peerGroup(m, v)
	case meetups.KindParentEvening:
		o, venues, orgs = g.parentEvening(m, v)
	case meetups.KindParentCourse:
		o, venues, orgs = g.course(m, v)
	default:
		o, venues, orgs = g.volunteer(m, v)
	}
	if o.venues != nil {
		venues = o.venues
	}
	if o.orgs != nil {
		orgs = o.orgs
	}
	if m.Description == "" {
		m.Description = pick(g, o.descs)
	}
	m.Themes = slices.Clone(o.themes)
	m.AgeMinMonths, m.AgeMaxMonths = o.ageMin, o.ageMax
	m.Languages = g.languages(o.langs)
	m.OrgName = v.fill(pick(g, orgs))

	if g.chance(o.online) {
		m.Online = true
		m.Venue = "Online"
		m.OnlineURL = "https://meet.example.org/" + slug(m.OrgName) + "-" + strconv.Itoa(i+1)
	} else {
		m.Venue = v.fill(pick(g, venues))
		m.Address = pick(g, t.Streets) + " " + g.houseNumber()
		m.Postcode = pick(g, t.Postcodes) + " " + g.postcodeLetters()
		m.City = t.Name
		*p = g.near(t)
		m.Point = p
		m.Accessibility = pick(g, accessNotes)
	}
	if m.Join == meetups.JoinSignUp {
		g.signUp(m, t)
	}
	switch x := g.r.IntN(100); {
	case x < 45:
		m.Contact = "Vraag naar " + pick(g, contactNames) + ": " + g.phone(t)
	case x < 75:
		m.Contact = slug(m.OrgName) + "@example.org"
	}

	m.Status = meetups.StatusPublished
	m.Sample = true
	m.Source = Source
	m.ExternalID = "demo-" + strconv.Itoa(i+1)
	m.ConfirmedAt = g.now.Add(-time.Duration(g.between(2*24*60, 40*24*60)) * time.Minute)
	m.UpdatedAt = m.ConfirmedAt
	m.CreatedAt = m.ConfirmedAt.Add(-time.Duration(g.between(0, 200*24)) * time.Hour)
}

func (g *generator) kind() meetups.Kind {
	x := g.r.IntN(100)
	for _, kw := range kindWeights {
		if x < kw.weight {
			return kw.kind
		}
		x -= kw.weight
	}
	return meetups.KindBabyCafe
}

func (g *generator) town() *Town {
	x := g.r.Float64() * g.townCum[len(g.townCum)-1]
	i, _ := slices.BinarySearch(g.townCum, x)
	return &g.towns[min(i, len(g.towns)-1)]
}

// near is a point within the town's radius of its centre, denser towards
// the centre as towns are.
func (g *generator) near(t *Town) meetups.Point {
	r := t.RadiusKm * math.Pow(g.r.Float64(), 0.7)
	a := g.r.Float64() * 2 * math.Pi
	const kmPerDegree = 111.32
	return meetups.Point{
		Lat: t.Centre.Lat + r*math.Cos(a)/kmPerDegree,
		Lon: t.Centre.Lon + r*math.Sin(a)/(kmPerDegree*math.Cos(t.Centre.Lat*math.Pi/180)),
	}
}

func (g *generator) languages(mix langMix) []string {
	if mix == nil {
		mix = langsDefault
	}
	total := 0
	for _, c := range mix {
		total += c.weight
	}
	x := g.r.IntN(total)
	for _, c := range mix {
		if x < c.weight {
			return slices.Clone(c.langs)
		}
		x -= c.weight
	}
	return []string{"nl"}
}

func (g *generator) signUp(m *meetups.Meetup, t *Town) {
	url := "https://example.org/" + slug(m.OrgName) + "/aanmelden"
	switch x := g.r.IntN(4); {
	case x < 2:
		m.SignupURL = url
	case x < 3:
		m.SignupPhone = g.phone(t)
	default:
		m.SignupURL, m.SignupPhone = url, g.phone(t)
	}
}

// phone is a local-looking number that cannot be real: Dutch subscriber
// numbers never start with 0 after the area code.
func (g *generator) phone(t *Town) string {
	if len(t.AreaCode) == 4 {
		return t.AreaCode + "-00 " + strconv.Itoa(10+g.r.IntN(90)) + " " + strconv.Itoa(10+g.r.IntN(90))
	}
	return t.AreaCode + "-000 " + strconv.Itoa(1000+g.r.IntN(9000))
}

func (g *generator) houseNumber() string {
	n := strconv.Itoa(1 + g.r.IntN(160))
	if g.chance(0.08) {
		n += "a"
	}
	return n
}

// postcodeLetters avoids SA, SD and SS, which Dutch postcodes never use.
func (g *generator) postcodeLetters() string {
	const letters = "ABCDEGHJKLMNPRSTVWXZ"
	a, b := letters[g.r.IntN(len(letters))], letters[g.r.IntN(len(letters))]
	if a == 'S' && (b == 'A' || b == 'D' || b == 'S') {
		b = 'T'
	}
	return string([]byte{a, b})
}

func (g *generator) chance(p float64) bool { return p > 0 && g.r.Float64() < p }

// between is a whole number from lo to hi, both included.
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// slug turns a name into the lowercase, dashed form of a URL or e-mail
// address ("Buurtteam Den Haag-Laak" → "buurtteam-den-haag-laak").
func slug(s string) string {
	b := make([]byte, 0, len(s))
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ë', 'é', 'è', 'ê':
			r = 'e'
		case 'ï', 'í':
			r = 'i'
		case 'ö', 'ó':
			r = 'o'
		case 'ü', 'ú':
			r = 'u'
		case 'ş':
			r = 's'
		case 'á', 'à', 'ä':
			r = 'a'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			b = append(b, byte(r))
			dash = false
		} else if r != '\'' && r != '&' {
			dash = true
		}
	}
	return string(b)
}
