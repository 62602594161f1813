package dialog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ouderkring/ouderkring/meetups"
	"github.com/ouderkring/ouderkring/meetups/places"
	"github.com/ouderkring/ouderkring/meetups/schoolholidays"
)

// orgstep.go: /nieuw as a table of steps. Each step says which part of a
// meetup it belongs to (what "change" reopens), what it shows, how it
// reads a typed answer and a press of its buttons, and where it may lead.
// orgAsk, orgText and orgButton (below) run whichever step the chat is
// at; the flow table (flows.go) and docs/FLOWS.md take the steps from here.

// orgStep is one question of /nieuw.
type orgStep struct {
	name string
	// part is what the organiser changes in an existing meetup ("title",
	// "when" …); "" for the kind and the preview.
	part string
	// ask returns the question and its buttons (nil: the step's own text,
	// with back and stop only). Buttons carry data without btnOrg.
	ask func(t *turn, d *OrgDraft) (text string, rows [][]Button)
	// parse reads a typed answer and returns the next step, or "" to
	// stay (it said why). nil: the step takes no text.
	parse func(t *turn, d *OrgDraft, text string) string
	// press reads a button (its data without btnOrg) and returns the next
	// step: the step itself to ask it again (a toggle), "" to stay (it
	// said why). ok false: not a button of this step.
	press func(t *turn, d *OrgDraft, v string) (next string, ok bool)
	// next are the steps it may lead to, for the flow table.
	next []string
}

// orgSteps are the steps of /nieuw, in order.
var orgSteps = []orgStep{
	{name: stepOrgFor, ask: askOrgFor, press: pressOrgFor, next: []string{stepOrgKind}},
	{name: stepOrgKind, ask: askOrgKind, press: pressOrgKind, next: []string{stepOrgTitle}},
	{name: stepOrgTitle, part: "title", parse: parseOrgTitle, next: []string{stepOrgDesc}},
	{name: stepOrgDesc, part: "desc", parse: parseOrgDesc, next: []string{stepOrgWhere}},
	{name: stepOrgWhere, part: "place", parse: parseOrgWhere,
		ask:   func(t *turn, _ *OrgDraft) (string, [][]Button) { return "", orgRows(t, "org_online", "online") },
		press: onlyButton("online", stepOrgLink), next: []string{stepOrgCheck, stepOrgLink}},
	{name: stepOrgCheck, part: "place", ask: askOrgCheck, press: pressOrgCheck, next: []string{stepOrgVenue, stepOrgWhere}},
	{name: stepOrgVenue, part: "place", parse: parseOrgVenue,
		ask:   func(t *turn, _ *OrgDraft) (string, [][]Button) { return "", orgRows(t, "org_skip_step", "vskip") },
		press: onlyButton("vskip", stepOrgRepeat), next: []string{stepOrgRepeat}},
	{name: stepOrgLink, part: "place", parse: parseOrgLink, next: []string{stepOrgRepeat}},
	{name: stepOrgRepeat, part: "when", ask: askOrgRepeat, press: pressOrgRepeat, next: []string{stepOrgOnce, stepOrgNth, stepOrgWeekday}},
	{name: stepOrgOnce, part: "when", parse: parseOrgOnce, next: []string{stepOrgAges}},
	{name: stepOrgWeekday, part: "when", ask: askOrgWeekday, press: pressOrgWeekday, next: []string{stepOrgTimes}},
	{name: stepOrgNth, part: "when", ask: askOrgNth, press: pressOrgNth, next: []string{stepOrgWeekday}},
	{name: stepOrgTimes, part: "when", parse: parseOrgTimes, next: []string{stepOrgUntil, stepOrgWeekday}},
	{name: stepOrgUntil, part: "when", parse: parseOrgUntil,
		ask:   func(t *turn, _ *OrgDraft) (string, [][]Button) { return "", orgRows(t, "org_until_none", "un") },
		press: pressOrgUntil, next: []string{stepOrgSkip}},
	{name: stepOrgSkip, part: "when", parse: parseOrgSkip,
		ask:   func(t *turn, _ *OrgDraft) (string, [][]Button) { return "", orgRows(t, "org_skip_none", "sn") },
		press: pressOrgSkip, next: []string{stepOrgHolidays, stepOrgAges}},
	{name: stepOrgHolidays, part: "when", ask: askOrgHolidays, press: pressOrgHolidays, next: []string{stepOrgAges}},
	{name: stepOrgAges, part: "ages", ask: askOrgAges, parse: parseOrgAges, press: pressOrgAges, next: []string{stepOrgThemes}},
	{name: stepOrgThemes, part: "themes", ask: askOrgThemes, press: pressOrgThemes, next: []string{stepOrgLangs}},
	{name: stepOrgLangs, part: "langs", ask: askOrgLangs, press: pressOrgLangs, next: []string{stepOrgCost}},
	{name: stepOrgCost, part: "cost", parse: parseOrgCost,
		ask:   func(t *turn, _ *OrgDraft) (string, [][]Button) { return "", orgRows(t, "org_cost_free", "free") },
		press: pressOrgCost, next: []string{stepOrgJoin}},
	{name: stepOrgJoin, part: "join", ask: askOrgJoin, press: pressOrgJoin, next: []string{stepOrgPreview, stepOrgSignup}},
	{name: stepOrgSignup, part: "join", parse: parseOrgSignup, next: []string{stepOrgPreview}},
	{name: stepOrgPreview, ask: askOrgPreview, press: pressOrgPreview, next: []string{stepMenu}},
}

// orgStepByName finds a step of /nieuw (made in init: the steps' handlers
// ask steps by name).
var orgStepByName = map[string]*orgStep{}

// orgParts are the parts of a meetup an organiser can change one by one,
// in the preview's order, and orgPartStart where each begins.
var (
	orgParts      = []string{"title", "desc", "place", "when", "ages", "themes", "langs", "cost", "join"}
	orgPartStart  = map[string]string{}
	orgAfterParts = stepOrgPreview
)

func init() {
	for i := range orgSteps {
		orgStepByName[orgSteps[i].name] = &orgSteps[i]
	}
	for _, s := range orgSteps {
		if s.part != "" && orgPartStart[s.part] == "" {
			orgPartStart[s.part] = s.name
		}
	}
}

// orgFlowSteps are the steps of /nieuw for the flow table. In a change
// of an existing meetup every step may return to the preview, and the
// preview opens the first step of any part.
func orgFlowSteps() []flowStep {
	var out []flowStep
	for _, s := range orgSteps {
		fs := flowStep{name: s.name, next: s.next}
		if s.name == stepOrgPreview {
			for _, st := range orgSteps {
				if st.part != "" && orgFirstOfPart(st) {
					fs.change = append(fs.change, st.name)
				}
			}
		} else if !slices.Contains(s.next, stepOrgPreview) {
			fs.change = []string{stepOrgPreview}
		}
		out = append(out, fs)
	}
	return out
}

// orgFirstOfPart reports whether st begins its part.
func orgFirstOfPart(st orgStep) bool {
	for _, o := range orgSteps {
		if o.part == st.part {
			return o.name == st.name
		}
	}
	return false
}

// orgRows is one button per (locale id, data) pair.
func orgRows(t *turn, pairs ...string) [][]Button {
	var rows [][]Button
	for i := 0; i+1 < len(pairs); i += 2 {
		rows = append(rows, []Button{{Text: t.T(pairs[i]), Data: pairs[i+1]}})
	}
	return rows
}

// inPairs lays buttons out two to a row.
func inPairs(buttons []Button) [][]Button {
	var rows [][]Button
	for i := 0; i < len(buttons); i += 2 {
		rows = append(rows, buttons[i:min(i+2, len(buttons))])
	}
	return rows
}

// onlyButton is a step's one button, which leads to next.
func onlyButton(data, next string) func(*turn, *OrgDraft, string) (string, bool) {
	return func(_ *turn, _ *OrgDraft, v string) (string, bool) { return next, v == data }
}

// orgAsk asks the question of one step, with back (not on the first) and
// stop below it.
func (t *turn) orgAsk(step string) {
	t.orgAskOK(step)
}

// orgAskOK is orgAsk, reporting false for a step /nieuw does not have.
func (t *turn) orgAskOK(step string) bool {
	st := orgStepByName[step]
	if st == nil || t.s.Org == nil {
		return false
	}
	t.s.Step, t.s.Org.At = step, step
	text, rows := t.orgQuestion(st)
	t.show(Reply{Text: text, Buttons: rows}, t.in.Kind == InputButton && t.in.MessageID != 0)
	return true
}

// orgQuestion is a step's question and its buttons, back and stop last.
func (t *turn) orgQuestion(st *orgStep) (string, [][]Button) {
	text, rows := "", [][]Button(nil)
	if st.ask != nil {
		text, rows = st.ask(t, t.s.Org)
	}
	if text == "" {
		text = t.T(st.name)
	}
	for _, row := range rows {
		for i := range row {
			row[i].Data = btnOrg + row[i].Data
		}
	}
	return text, append(rows, t.navRow(btnOrg, st.name == stepOrgFor || (st.name == stepOrgKind && len(t.s.Org.Back) == 0)))
}

// orgStay gives an answer that keeps the organiser at the step (why a
// typed answer did not fit, "choose at least one") the step's buttons, so
// the way on and back is right under it, not only on the question above.
func (t *turn) orgStay(st *orgStep) {
	if len(t.out) == 0 || t.s.Org == nil || t.s.Step != st.name {
		return
	}
	last := &t.out[len(t.out)-1]
	if len(last.Buttons) > 0 || len(last.Keyboard) > 0 || last.Text == "" || last.To != 0 {
		return
	}
	_, last.Buttons = t.orgQuestion(st)
}

// orgNext records that step was answered and asks the following one;
// when a part of an existing meetup was being changed and that part is
// done, it goes back to the preview.
func (t *turn) orgNext(from, to string) {
	d := t.s.Org
	d.Back = append(d.Back, from)
	if d.Edit && orgStepByName[to].part != orgStepByName[from].part {
		to = orgAfterParts
	}
	t.orgAsk(to)
}

// orgText handles typed answers in /nieuw; false when the step takes none.
func (t *turn) orgText(text string) bool {
	d := t.s.Org
	st := orgStepByName[t.s.Step]
	if d == nil || st == nil {
		return false
	}
	if _, ok := t.organiser("nieuw-text"); !ok {
		return true
	}
	if st.parse == nil {
		return false
	}
	if next := st.parse(t, d, strings.TrimSpace(text)); next != "" {
		t.orgNext(st.name, next)
	} else {
		t.orgStay(st)
	}
	return true
}

// orgButton handles the buttons of /nieuw; false when it does not fit.
func (t *turn) orgButton(data string) bool {
	v, ok := strings.CutPrefix(data, btnOrg)
	if !ok {
		return false
	}
	// The role first: a parent pressing a forged organiser button is
	// refused and logged, whatever the session says.
	if _, ok := t.organiser("nieuw-button"); !ok {
		return true
	}
	switch v {
	case "resume": // go on with the draft that waited
		if d := t.s.Org; d != nil && orgStepByName[d.At] != nil {
			t.orgAsk(d.At)
			return true
		}
		fallthrough
	case "fresh":
		t.s.Org = nil
		t.startNew()
		return true
	}
	d := t.s.Org
	st := orgStepByName[t.s.Step]
	if d == nil || st == nil {
		return false
	}
	if v == "back" && d.Edit && st.name != stepOrgPreview {
		t.orgAsk(stepOrgPreview) // changing one part: back is the summary, not the first question
		return true
	}
	if t.navigate(v, &d.Back, stepOrgKind, t.orgAsk, func() { t.s.Org = nil }, t.orgLater) {
		return true
	}
	if st.press == nil {
		return false
	}
	next, ok := st.press(t, d, v)
	switch {
	case !ok:
		return false
	case next == st.name:
		t.orgAsk(next) // a toggle: the same question, ticked anew
	case next != "":
		t.orgNext(st.name, next)
	default:
		t.orgStay(st)
	}
	return true
}

// The steps, one by one.

func askOrgFor(t *turn, _ *OrgDraft) (string, [][]Button) {
	var rows [][]Button
	for _, m := range t.orgsOf() {
		rows = append(rows, []Button{{Text: m.OrgName, Data: fmt.Sprintf("for:%d", m.OrgID)}})
	}
	return "", rows
}

func pressOrgFor(t *turn, d *OrgDraft, v string) (string, bool) {
	s, ok := strings.CutPrefix(v, "for:")
	id, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil {
		return "", false
	}
	m, ok := t.membershipFor(id)
	if !ok {
		return "", false
	}
	d.M.OrgID, d.M.OrgName = m.OrgID, m.OrgName
	return stepOrgKind, true
}

func askOrgKind(t *turn, _ *OrgDraft) (string, [][]Button) {
	var rows [][]Button
	for _, k := range meetups.Kinds {
		rows = append(rows, []Button{{Text: kindEmoji[k] + " " + t.T("kind_"+string(k)), Data: "k:" + string(k)}})
	}
	return "", rows
}

func pressOrgKind(_ *turn, d *OrgDraft, v string) (string, bool) {
	k, ok := strings.CutPrefix(v, "k:")
	if !ok || !meetups.Kind(k).Valid() {
		return "", false
	}
	d.M.Kind = meetups.Kind(k)
	return stepOrgTitle, true
}

func parseOrgTitle(t *turn, d *OrgDraft, text string) string {
	if n := utf8.RuneCountInString(oneLine(text)); n < 3 || n > meetups.MaxTitle {
		t.say("org_title_bad")
		return ""
	}
	d.M.Title = oneLine(text)
	return stepOrgDesc
}

func parseOrgDesc(t *turn, d *OrgDraft, text string) string {
	if utf8.RuneCountInString(text) > maxOrgDescRunes {
		t.say("org_desc_bad")
		return ""
	}
	d.M.Description = text
	return stepOrgWhere
}

// parseOrgWhere geocodes an address and shows it back to confirm.
func parseOrgWhere(t *turn, d *OrgDraft, text string) string {
	if t.e.geocoder == nil {
		t.whereDown()
		return ""
	}
	p, err := t.e.geocoder.Geocode(t.ctx, text)
	switch {
	case err == nil:
		d.Place = &p
		t.out = append(t.out, Reply{Venue: &Venue{Point: p.Point, Title: p.Label, Address: p.Label}})
		return stepOrgCheck
	case meetups.ErrorCode(err) == meetups.EAMBIGUOUS:
		t.sayWhich(err)
	case meetups.ErrorCode(err) == meetups.EINVALID, meetups.ErrorCode(err) == meetups.ENOTFOUND:
		t.say("org_where_bad")
	default:
		t.whereDown()
	}
	return ""
}

// whereDown says the address lookup is away, with what works meanwhile (a
// town, a shared location) and a button to finish the meetup later.
func (t *turn) whereDown() {
	_, rows := t.orgQuestion(orgStepByName[stepOrgWhere])
	later := []Button{{Text: t.T("nav_later"), Data: btnOrg + "xl"}}
	t.out = append(t.out, Reply{Text: t.T("org_where_down"), Buttons: append([][]Button{later}, rows...)})
}

// orgLater keeps the draft for later and goes to the menu; /nieuw offers
// to go on with it.
func (t *turn) orgLater() {
	t.s.Step = stepMenu
	t.edit(Reply{Text: t.T("org_kept")})
	t.menu()
}

func askOrgCheck(t *turn, d *OrgDraft) (string, [][]Button) {
	label := ""
	if d.Place != nil {
		label = d.Place.Label
	}
	id := "org_where_check"
	if d.Shared {
		id = "org_where_check_shared"
	}
	return t.T(id, map[string]any{"Label": label}), orgRows(t, "org_where_ok", "wok", "org_where_retry", "wretry")
}

// orgLocation takes a location shared at the address step as the meetup's
// point — it works when the address lookup does not — and asks to confirm
// it with the nearest town's name. Shared at another step of /nieuw it is
// answered there: an organiser is never dropped into the parent search
// with a draft open.
func (t *turn) orgLocation() bool {
	d := t.s.Org
	if d == nil || orgStepByName[t.s.Step] == nil {
		return false
	}
	if _, ok := t.organiser("nieuw-location"); !ok {
		return true
	}
	if t.s.Step != stepOrgWhere {
		t.say("org_location_not_now")
		t.orgAsk(t.s.Step)
		return true
	}
	loc := t.in.Location
	if loc == nil || loc.Validate() != nil {
		t.say("org_where_bad")
		return true
	}
	near, _, ok := places.Nearest(*loc)
	if !ok {
		t.say("org_location_far")
		return true
	}
	d.Place, d.Shared = &meetups.Place{Point: *loc, Label: near.Name}, true
	t.orgNext(stepOrgWhere, stepOrgCheck)
	return true
}

func pressOrgCheck(t *turn, d *OrgDraft, v string) (string, bool) {
	switch {
	case v == "wok" && d.Place != nil:
		p := d.Place
		d.M.Point, d.M.Online, d.M.OnlineURL = &p.Point, false, ""
		d.M.Address, d.M.Postcode, d.M.City = splitLabel(p.Label)
		d.Place, d.Shared = nil, false
		return stepOrgVenue, true
	case v == "wretry":
		d.Place, d.Shared = nil, false
		t.orgAsk(stepOrgWhere) // again, not an answer: no step back to here
		return "", true
	}
	return "", false
}

func parseOrgVenue(_ *turn, d *OrgDraft, text string) string {
	d.M.Venue = oneLine(text)
	return stepOrgRepeat
}

func parseOrgLink(t *turn, d *OrgDraft, text string) string {
	link, ok := parseLink(text)
	if !ok {
		t.say("org_link_bad")
		return ""
	}
	d.M.Online, d.M.OnlineURL, d.M.Point = true, link, nil
	d.M.Venue, d.M.Address, d.M.Postcode, d.M.City = "", "", "", ""
	d.M.SiblingsWelcome = false // never asked, and nothing to say for a meetup on a screen
	return stepOrgRepeat
}

// orgRepeats are the ways a meetup can repeat.
var orgRepeats = []string{"once", "weekly", "biweekly", "monthly"}

func askOrgRepeat(t *turn, _ *OrgDraft) (string, [][]Button) {
	var rows [][]Button
	for _, r := range orgRepeats {
		rows = append(rows, []Button{{Text: t.T("rep_" + r), Data: "r:" + r}})
	}
	return "", rows
}

func pressOrgRepeat(_ *turn, d *OrgDraft, v string) (string, bool) {
	r, ok := strings.CutPrefix(v, "r:")
	if !ok || !contains(orgRepeats, r) {
		return "", false
	}
	d.Repeat = r
	switch r {
	case "once":
		return stepOrgOnce, true
	case "monthly":
		return stepOrgNth, true
	}
	return stepOrgWeekday, true
}

func parseOrgOnce(t *turn, d *OrgDraft, text string) string {
	s, ok := parseOnce(text)
	switch {
	case !ok:
		t.say("org_date_bad")
	case !s.Start.After(t.e.now()):
		t.say("org_date_past")
	default:
		d.M.Schedule = s
		return stepOrgAges
	}
	return ""
}

func askOrgWeekday(t *turn, _ *OrgDraft) (string, [][]Button) {
	days := strings.Fields(t.T("days_long"))
	var bs []Button
	for i := 1; i <= 7; i++ {
		bs = append(bs, Button{Text: pick(days, i%7), Data: fmt.Sprintf("wd:%d", i)})
	}
	return "", inPairs(bs)
}

func pressOrgWeekday(_ *turn, d *OrgDraft, v string) (string, bool) {
	s, ok := strings.CutPrefix(v, "wd:")
	wd, err := strconv.Atoi(s)
	if !ok || err != nil || wd < 1 || wd > 7 {
		return "", false
	}
	d.Weekday = wd
	return stepOrgTimes, true
}

// orgNths are the weeks of the month a monthly meetup can be in.
var orgNths = []string{"1", "2", "3", "4", "-1"}

func askOrgNth(t *turn, _ *OrgDraft) (string, [][]Button) {
	var rows [][]Button
	for _, n := range orgNths {
		rows = append(rows, []Button{{Text: t.T("nth_" + n), Data: "n:" + n}})
	}
	return "", rows
}

func pressOrgNth(_ *turn, d *OrgDraft, v string) (string, bool) {
	s, ok := strings.CutPrefix(v, "n:")
	n, err := strconv.Atoi(s)
	if !ok || err != nil || !contains(orgNths, s) {
		return "", false
	}
	d.Nth = n
	return stepOrgWeekday, true
}

func parseOrgTimes(t *turn, d *OrgDraft, text string) string {
	start, end, ok := parseTimes(text)
	if !ok {
		t.say("org_times_bad")
		return ""
	}
	s, ok := recurring(d.Repeat, d.Nth, d.Weekday, start, end, t.e.now())
	if !ok {
		// No weekday in the draft (the steps were taken in another
		// order): ask it, then the times again.
		t.orgAsk(stepOrgWeekday)
		return ""
	}
	d.M.Schedule = s
	return stepOrgUntil
}

func parseOrgUntil(t *turn, d *OrgDraft, text string) string {
	day, ok := parseDate(text)
	if !ok {
		t.say("org_day_bad") // "31-2-2027" is no date at all, not one before the start
		return ""
	}
	if !day.After(d.M.Schedule.Start) {
		t.say("org_until_bad")
		return ""
	}
	d.M.Schedule = withUntil(d.M.Schedule, day)
	return stepOrgSkip
}

// pressOrgUntil is "no end date", also after going back from one typed.
func pressOrgUntil(_ *turn, d *OrgDraft, v string) (string, bool) {
	if v != "un" {
		return "", false
	}
	d.M.Schedule = withoutUntil(d.M.Schedule)
	return stepOrgSkip, true
}

func parseOrgSkip(t *turn, d *OrgDraft, text string) string {
	var days []time.Time
	plain := d.M // the meetup's own dates, before any are skipped
	plain.Schedule.ExDates = nil
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		day, ok := parseDate(part)
		if !ok {
			t.say("org_skip_bad")
			return ""
		}
		// A skipped date must be one of the meetup's own: 30-12 for a
		// meetup on Tuesdays is a typo, and would silently skip nothing.
		if _, on := onDay(plain, day); !on {
			t.say("org_skip_not_ours", map[string]any{"Date": t.date(day, true), "Pattern": t.pattern(plain)})
			return ""
		}
		days = append(days, day)
	}
	d.Skip, d.M.Schedule.ExDates = days, days
	return t.holidayStep()
}

func pressOrgSkip(t *turn, d *OrgDraft, v string) (string, bool) {
	if v != "sn" {
		return "", false
	}
	d.Skip, d.M.Schedule.ExDates = nil, nil
	return t.holidayStep(), true
}

func askOrgHolidays(t *turn, d *OrgDraft) (string, [][]Button) {
	rows := orgRows(t, "org_hol_none", "h:no")
	for _, r := range schoolholidays.Regions {
		label := t.T("org_hol_" + string(r))
		if d.Holidays == r {
			label = "✓ " + label
		}
		rows = append(rows, []Button{{Text: label, Data: "h:" + string(r)}})
	}
	return t.T("org_holidays", map[string]any{"Year": schoolholidays.End().Year()}), rows
}

func pressOrgHolidays(t *turn, _ *OrgDraft, v string) (string, bool) {
	s, ok := strings.CutPrefix(v, "h:")
	if !ok {
		return "", false
	}
	r := schoolholidays.Region(s)
	if s == "no" {
		r = ""
	} else if !r.Valid() {
		return "", false
	}
	t.skipHolidays(r)
	return stepOrgAges, true
}

// orgAgeBands are the age choices, in order, with their words.
var (
	orgAgeBands   = []string{"pregnant", "0-1", "1-4", "4-12", "12+"}
	orgAgeBandIDs = []string{"org_age_pregnant", "age_0_1", "age_1_4", "age_4_12", "age_12_plus"} // an audience, not a parent's "I'm pregnant"
)

func askOrgAges(t *turn, d *OrgDraft) (string, [][]Button) {
	return "", append(inPairs(t.toggles("a:", d.ages(), orgAgeBands, orgAgeBandIDs)), orgRows(t, "org_done", "d")...)
}

func pressOrgAges(t *turn, d *OrgDraft, v string) (string, bool) {
	if b, ok := strings.CutPrefix(v, "a:"); ok && meetups.AgeBand(b).Valid() {
		d.Ages = toggle(d.ages(), b)
		setAges(&d.M, d.Ages)
		return stepOrgAges, true
	}
	return pickedOne(t, v, len(d.ages()), stepOrgThemes)
}

// parseOrgAges takes a typed range ("6 maanden tot 2 jaar") as the
// meetup's ages, in place of the bands, and says back how it read it.
func parseOrgAges(t *turn, d *OrgDraft, text string) string {
	lo, hi, why := parseAgeRange(text)
	switch why {
	case ageNoUnit:
		t.say("org_ages_unit")
		return ""
	case ageOutside:
		t.say("org_ages_outside")
		return ""
	case ageNotARange:
		t.say("org_ages_typed_bad")
		return ""
	}
	d.M.AgeMinMonths, d.M.AgeMaxMonths, d.M.AgeBands = lo, hi, nil
	d.Ages = nil // the ticks follow the range (agesOf)
	t.say("org_ages_typed", map[string]any{"Ages": t.ageRange(d.M)})
	return stepOrgThemes
}

// ageRange says whom a meetup is for, as an organiser chose it: its bands
// ("0 tot 1 jaar, 4 tot 12 jaar") or its range ("6 maanden tot 2 jaar").
func (t *turn) ageRange(m meetups.Meetup) string {
	if len(m.AgeBands) > 0 {
		var names []string
		for _, b := range m.AgeBands {
			names = append(names, t.T(orgAgeBandIDs[slices.Index(orgAgeBands, string(b))]))
		}
		return strings.Join(names, ", ")
	}
	age := func(months int) string {
		switch {
		case months < 0:
			return t.T("age_pregnancy")
		case months == 0:
			return t.T("age_birth")
		case months == 1:
			return t.T("age_one_month")
		case months == 12:
			return t.T("age_one_year")
		case months%12 != 0:
			return t.T("age_n_months", map[string]any{"N": months})
		}
		return t.T("age_n_years", map[string]any{"N": months / 12})
	}
	switch {
	case m.AgeMaxMonths >= meetups.MaxAgeMonths && m.AgeMinMonths <= 0:
		return t.T("age_all")
	case m.AgeMaxMonths >= meetups.MaxAgeMonths:
		return t.T("age_from", map[string]any{"From": age(m.AgeMinMonths)})
	}
	return t.T("age_from_to", map[string]any{"From": age(m.AgeMinMonths), "To": age(m.AgeMaxMonths + 1)})
}

// pickedOne is the "done" of a step of choices: on when at least one is
// picked (n), else a kind word and the same question.
func pickedOne(t *turn, v string, n int, next string) (string, bool) {
	if v != "d" {
		return "", false
	}
	if n == 0 {
		t.say("org_pick_one")
		return "", true
	}
	return next, true
}

func askOrgThemes(t *turn, d *OrgDraft) (string, [][]Button) {
	var vals, ids, on []string
	for _, th := range meetups.Themes {
		vals, ids = append(vals, string(th)), append(ids, "theme_"+string(th))
	}
	for _, th := range d.M.Themes {
		on = append(on, string(th))
	}
	return "", append(inPairs(t.toggles("t:", on, vals, ids)), orgRows(t, "org_done", "d")...)
}

func pressOrgThemes(_ *turn, d *OrgDraft, v string) (string, bool) {
	if th, ok := strings.CutPrefix(v, "t:"); ok && meetups.Theme(th).Valid() {
		var on []string
		for _, x := range d.M.Themes {
			on = append(on, string(x))
		}
		d.M.Themes = nil
		for _, x := range toggle(on, th) {
			d.M.Themes = append(d.M.Themes, meetups.Theme(x))
		}
		return stepOrgThemes, true
	}
	if v == "d" {
		return stepOrgLangs, true // no theme is fine
	}
	return "", false
}

func askOrgLangs(t *turn, d *OrgDraft) (string, [][]Button) {
	return "", append(inPairs(t.toggles("l:", d.M.Languages, orgLanguages, prefixed("lang_name_", orgLanguages))), orgRows(t, "org_done", "d")...)
}

func pressOrgLangs(t *turn, d *OrgDraft, v string) (string, bool) {
	if l, ok := strings.CutPrefix(v, "l:"); ok && contains(orgLanguages, l) {
		d.M.Languages = toggle(d.M.Languages, l)
		return stepOrgLangs, true
	}
	return pickedOne(t, v, len(d.M.Languages), stepOrgCost)
}

func parseOrgCost(t *turn, d *OrgDraft, text string) string {
	cents, ok := parseCost(text)
	if !ok {
		t.say("org_cost_bad")
		return ""
	}
	d.M.CostCents = cents
	return stepOrgJoin
}

func pressOrgCost(_ *turn, d *OrgDraft, v string) (string, bool) {
	if v != "free" {
		return "", false
	}
	d.M.CostCents = 0
	return stepOrgJoin, true
}

func askOrgJoin(t *turn, _ *OrgDraft) (string, [][]Button) {
	return "", orgRows(t, "join_walk_in", "j:walk_in", "join_sign_up", "j:sign_up")
}

func pressOrgJoin(_ *turn, d *OrgDraft, v string) (string, bool) {
	switch v {
	case "j:walk_in":
		d.M.Join, d.M.SignupURL, d.M.SignupPhone = meetups.JoinWalkIn, "", ""
		return stepOrgPreview, true
	case "j:sign_up":
		return stepOrgSignup, true
	}
	return "", false
}

func parseOrgSignup(t *turn, d *OrgDraft, text string) string {
	if link, ok := parseLink(text); ok {
		d.M.SignupURL, d.M.SignupPhone = link, ""
	} else if phone, ok := parsePhone(text); ok {
		d.M.SignupPhone, d.M.SignupURL = phone, ""
	} else {
		t.say("org_signup_bad")
		return ""
	}
	d.M.Join = meetups.JoinSignUp
	return stepOrgPreview
}

// askOrgPreview shows the meetup as parents will see it, then the
// question below it: publish, or (an existing meetup) a button per part
// to change and save.
func askOrgPreview(t *turn, d *OrgDraft) (string, [][]Button) {
	t.show(Reply{Text: t.card(d.M)}, t.in.Kind == InputButton)
	text := t.T("org_preview") + "\n\n" + t.T("org_ages_preview", map[string]any{"Ages": t.ageRange(d.M)})
	if d.Holidays != "" {
		text += "\n\n" + t.T("org_hol_preview", map[string]any{
			"Region": t.T("hol_region_" + string(d.Holidays)), "Year": schoolholidays.End().Year()})
	}
	t.in.MessageID = 0 // the question goes below the preview
	if !d.Edit {
		return text, orgRows(t, "org_publish", "pub")
	}
	var bs []Button
	for _, p := range orgParts {
		bs = append(bs, Button{Text: t.T("org_part_" + p), Data: "f:" + p})
	}
	return text, append(inPairs(bs), orgRows(t, "org_save", "pub")...)
}

func pressOrgPreview(t *turn, d *OrgDraft, v string) (string, bool) {
	switch {
	case v == "pub":
		t.publish()
		return "", true
	case d.Edit && strings.HasPrefix(v, "f:") && orgPartStart[v[2:]] != "":
		t.orgAsk(orgPartStart[v[2:]])
		return "", true
	}
	return "", false
}

// pattern says when a recurring meetup happens, for an organiser: "elke
// week op dinsdag", from its first date.
func (t *turn) pattern(m meetups.Meetup) string {
	days := strings.Fields(t.T("days_long"))
	return t.T("org_pattern_on", map[string]any{"Pattern": t.T("pattern_" + string(m.Schedule.Pattern())),
		"Day": pick(days, int(m.Schedule.Start.In(meetups.Amsterdam).Weekday()))})
}

// ages are the age bands the organiser ticked, and the meetup is for
// exactly those (setAges): ticking 0–1 and 4–12 does not reach 1–4. A
// draft from before, an existing meetup or a typed range starts from the
// bands the meetup is for (agesOf).
func (d *OrgDraft) ages() []string {
	if d.Ages == nil {
		d.Ages = agesOf(d.M)
	}
	return d.Ages
}
