package dialog

import "testing"

func TestCrisisMatcher(t *testing.T) {
	t.Parallel()
	loc := mustLocales(t)
	m := loc.crisis
	for _, tc := range []struct {
		text string
		want bool
	}{
		// Dutch, true.
		{"Mijn man slaat me als hij gedronken heeft", true},
		{"ik denk soms aan zelfmoord", true},
		{"Ik wil niet meer leven", true},
		{"er is huiselijk geweld bij ons", true},
		{"mijn vriend mishandelt de kinderen", true},
		{"Ik ben bang voor mijn partner", true},
		{"ik ben bang dat ik mijn baby iets aandoe... ik wil mijn baby iets aandoen", true},
		{"SUÏCIDE", true},
		{"hij slaat mij en de kinderen", true},
		{"volgens mij is dat kind in gevaar", true},
		// English, true.
		{"I want to kill myself", true},
		{"my husband hits me", true},
		{"There is domestic violence at home", true},
		{"I'm scared of my boyfriend", true},
		{"thinking about suicide", true},
		{"I don't want to live anymore", true},
		{"he was abusive to our son", true},
		// Either language in a chat of the other.
		{"Help, hij slaat me, I want to die", true},
		// False: everyday words of tired parents.
		{"ik ben doodmoe", false},
		{"ik ben echt dood op vandaag", false},
		{"de baby slaapt slecht", false},
		{"wil je dit overslaan?", false},
		{"mijn vriendin is in gevaar van een burn-out", false},
		{"I'm dying to meet other parents", false},
		{"this heat is killing me", false},
		{"my baby hits milestones early", false},
		{"we sloegen de weg in", false},
		{"Ik zoek een babycafé in Utrecht", false},
		{"", false},
		{"👶🍼", false},
	} {
		if got := m.Match(tc.text); got != tc.want {
			t.Errorf("Match(%q): got=%v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestCrisisTokens(t *testing.T) {
	t.Parallel()
	got := crisisTokens("Zelfmoord? SUÏCIDE—don't  mishandel*")
	want := []string{"zelfmoord", "suicide", "don", "t", "mishandel*"}
	if len(got) != len(want) {
		t.Fatalf("got=%q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d: got=%q, want %q", i, got[i], want[i])
		}
	}
}
