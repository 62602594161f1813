package demo

import "github.com/ouderkring/ouderkring/meetups"

// An offer is one sort of meetup within a kind: the titles it goes by, the
// descriptions that fit them, who it is for and when it usually happens.
// Titles, venues and organisations may hold placeholders that fill in
// per meetup: {stad} the town, {wijk} a district, {naam} a name from the
// kind's list, {huis} a community centre, {school}, {speeltuin},
// {boerderij}, {onderwerp} a parent evening's topic.
type offer struct {
	titles, descs  []string
	themes         []meetups.Theme
	ageMin, ageMax int
	// venues and orgs replace the kind's defaults when set.
	venues, orgs []string
	langs        langMix
	when         slot
	// online is the chance the meetup is held online instead.
	online float64
	// signUp makes parents sign up first even where the kind is walk-in.
	signUp bool
	// noBabies is for meetups where a baby on the lap would not fit.
	noBabies bool
	// sessions is a course's number of meetings (default 6).
	sessions int
	// free is for offers whose description promises it costs nothing.
	free bool
}

// slot is the part of the week an offer usually falls in.
type slot int

const (
	slotKind     slot = iota // the kind's usual time
	slotMorning              // a weekday morning
	slotEvening              // a weekday evening
	slotSaturday             // a Saturday morning
)

var babyCafeOffers = []offer{
	{titles: []string{"Babycafé {naam}", "Babycafé {wijk}", "Koffieochtend voor ouders met een baby", "Babyinloop {huis}", "Ouder-en-babycafé {naam}"},
		descs: []string{
			"Kom koffie of thee drinken met andere ouders van een baby. Je baby ligt lekker op een speelkleed terwijl jij bijpraat. Vaak is er iemand van het consultatiebureau voor je vragen.",
			"Even de deur uit met je kleintje en andere ouders ontmoeten. Aanmelden hoeft niet: loop gewoon binnen, ook als je maar een halfuurtje hebt. Zwangere ouders zijn ook welkom.",
			"Een gezellige ochtend voor ouders met een baby. We praten over slapen, voeden en huilen, of gewoon over hoe het met jóu gaat. Huilende baby's horen erbij, niemand kijkt ervan op.",
			"Nieuw in de buurt of gewoon toe aan gezelschap? Bij ons drink je een kop koffie met andere ouders en hun baby's. Neem gerust een broertje of zusje mee.",
		},
		ageMin: -3, ageMax: 18},
	{titles: []string{"Borstvoedingscafé {stad}", "Borstvoedingscafé {wijk}", "Voedingscafé {naam}"},
		descs: []string{
			"Vragen over borstvoeding, of wil je ervaringen delen met andere moeders? Een ervaren borstvoedingsdeskundige luistert en denkt met je mee. Zwangere vrouwen en partners zijn ook welkom.",
			"Een rustige plek om te voeden, te kletsen en vragen te stellen. Andere moeders weten vaak precies hoe jij je voelt. Geef je de fles? Je bent net zo welkom.",
		},
		ageMin: -3, ageMax: 12},
	{titles: []string{"Babyochtend in de bibliotheek", "Voorlezen en zingen met je baby", "Boekenbabbels voor de allerkleinsten"},
		descs: []string{
			"In de bibliotheek lezen we voor en zingen we liedjes voor de allerkleinsten. Daarna is er koffie en tijd om andere ouders te leren kennen. Je hebt geen bibliotheekpas nodig.",
			"Samen boekjes ontdekken met je baby: het is nooit te vroeg om voor te lezen. Na afloop drinken we samen iets. Gratis en zonder aanmelden.",
		},
		ageMin: 0, ageMax: 18, venues: []string{"Bibliotheek {stad}", "Bibliotheek {wijk}"}, orgs: []string{"Bibliotheek {stad}"}, free: true},
	{titles: []string{"Internationaal babycafé {stad}", "Babycafé voor ouders van overal"},
		descs: []string{
			"Ouders uit alle landen drinken hier samen koffie met hun baby. We spreken Nederlands en Engels, en soms nog veel meer talen. Een fijne plek om nieuwe mensen te leren kennen.",
		},
		ageMin: -3, ageMax: 18, langs: langsEnglish},
}

var playgroupOffers = []offer{
	{titles: []string{"Peutergroep {naam}", "Peuterochtend {wijk}", "Peuterinloop {naam}", "Samen spelen met je peuter"},
		descs: []string{
			"Spelen, zingen en samen fruit eten: je peuter leert andere kinderen kennen en jij andere ouders. Kom gerust eerst een keer kijken. Broertjes en zusjes zijn ook welkom.",
			"Een ochtend vol verf, klei, blokken en de zandbak. Ouders blijven erbij en drinken samen een kop koffie. Je hoeft niets mee te nemen.",
			"Even samen spelen met andere peuters, terwijl jij bijpraat met andere ouders. We sluiten af met een liedje in de kring. Binnenlopen mag altijd.",
		},
		ageMin: 18, ageMax: 48},
	{titles: []string{"Peuterochtend in speeltuin {speeltuin}", "Speeltuin {speeltuin}: rennen en klimmen voor peuters"},
		descs: []string{
			"In de speeltuin is ruimte om te rennen, te klimmen en te schommelen, en binnen als het regent. Voor ouders staan koffie en thee klaar. Gewoon binnenlopen.",
		},
		ageMin: 12, ageMax: 48, venues: []string{"Speeltuin {speeltuin}"}, orgs: []string{"Speeltuinvereniging {speeltuin} {stad}"}},
	{titles: []string{"Muziek op schoot", "Zingen en dansen met je peuter"},
		descs: []string{
			"Samen zingen, klappen en bewegen op muziek, met je kind op schoot of lekker rondrennend. Na een vrolijk halfuurtje is er tijd voor een praatje. Geen ervaring nodig, ook niet voor ouders.",
		},
		ageMin: 6, ageMax: 48},
	{titles: []string{"Papa's en peuters op zaterdag", "Zaterdagochtend papa-peutergroep"},
		descs: []string{
			"Een zaterdagochtend voor vaders met hun peuter: spelen, een bakje koffie en praten met andere vaders. Opa's, oma's en moeders zijn ook welkom.",
		},
		themes: []meetups.Theme{meetups.ThemeFathers}, ageMin: 12, ageMax: 48, when: slotSaturday},
	{titles: []string{"Speel-o-theek {wijk}: spelen en lenen"},
		descs: []string{
			"Kom samen spelen en neem daarna speelgoed mee naar huis om te lenen. Zo heeft je kind steeds iets nieuws, zonder dat het geld kost. Er is koffie en een speelhoek.",
		},
		ageMin: 12, ageMax: 72, venues: []string{"Speel-o-theek {wijk}"}, free: true},
	{titles: []string{"Peuterochtend op kinderboerderij {boerderij}"},
		descs: []string{
			"Dieren voeren, eieren rapen en buiten spelen met andere peuters. Trek kleren aan die vies mogen worden! Na afloop is er warme chocolademelk voor iedereen.",
		},
		ageMin: 18, ageMax: 48, venues: []string{"Kinderboerderij {boerderij}"}},
}

var peerGroupOffers = []offer{
	{titles: []string{"Praatgroep voor alleenstaande ouders", "Koffie en kletsen voor alleenstaande ouders", "Eenoudercafé {stad}"},
		descs: []string{
			"Alles alleen regelen is soms zwaar. Hier praat je met andere ouders die er ook alleen voor staan, over opvoeden, geld, werk en tijd voor jezelf. Je hoeft niets te vertellen als je dat niet wilt.",
		},
		themes: []meetups.Theme{meetups.ThemeSingleParents}, ageMin: 0, ageMax: 216, online: 0.1},
	{titles: []string{"Oudergroep: ons kind heeft autisme", "Autisme-oudercafé {stad}"},
		descs: []string{
			"Voor ouders van een kind met autisme, met of zonder diagnose. We delen tips en ervaringen, en vooral begrip. Elke avond heeft een eigen onderwerp.",
		},
		themes: []meetups.Theme{meetups.ThemeAutism}, ageMin: 24, ageMax: 216, when: slotEvening, online: 0.15},
	{titles: []string{"ADHD-oudercafé {stad}", "Praatgroep: opvoeden met ADHD"},
		descs: []string{
			"Druk, vergeetachtig, eigenwijs én heel lief: herken je je kind? Praat met andere ouders over wat werkt, thuis en op school. Zonder oordeel, met koffie.",
		},
		themes: []meetups.Theme{meetups.ThemeADHD}, ageMin: 48, ageMax: 216, when: slotEvening, online: 0.15},
	{titles: []string{"Ouders van te vroeg geboren kinderen", "Koffieochtend voor couveuse-ouders"},
		descs: []string{
			"Een te vroege geboorte zet je wereld op z'n kop. Hier ontmoet je ouders die dat ook meemaakten, ook lang na het ziekenhuis. Je kindje is van harte welkom.",
		},
		themes: []meetups.Theme{meetups.ThemePremature}, ageMin: 0, ageMax: 48, when: slotMorning, online: 0.15},
	{titles: []string{"Tweelingencafé {stad}", "Ouders van een tweeling of meerling"},
		descs: []string{
			"Twee (of meer) tegelijk: dubbel genieten en soms dubbel moe. Wissel tips uit over slapen, voeden en uitjes met ouders die precies weten hoe het is. Zwangere ouders van een meerling zijn ook welkom.",
		},
		themes: []meetups.Theme{meetups.ThemeMultiples}, ageMin: -6, ageMax: 72, when: slotMorning, online: 0.1},
	{titles: []string{"Oudergroep: een kind met een beperking", "Koffieochtend voor ouders van een kind met een beperking"},
		descs: []string{
			"Voor ouders van een kind dat extra zorg nodig heeft. Hier ben je even geen regelaar, maar gewoon ouder onder ouders. We luisteren naar elkaar en delen wat helpt.",
		},
		themes: []meetups.Theme{meetups.ThemeDisability}, ageMin: 0, ageMax: 216, online: 0.1},
	{titles: []string{"Moederochtend voor nieuwkomers", "Ouders nieuw in Nederland: samen koffie", "Internationale ouderkring {wijk}"},
		descs: []string{
			"Nieuw in Nederland en nog weinig mensen om je heen? Drink koffie met andere ouders en stel je vragen over school, de dokter of het consultatiebureau. Je Nederlands hoeft niet goed te zijn.",
			"Samen koffie drinken, Nederlands oefenen en elkaar helpen. Kinderen spelen in de hoek terwijl wij praten. Iedereen is welkom, uit welk land je ook komt.",
		},
		themes: []meetups.Theme{meetups.ThemeNewcomers}, ageMin: -9, ageMax: 144, langs: langsNewcomers, when: slotMorning},
	{titles: []string{"Praatgroep voor vaders", "Vadercafé {stad}", "Papa's aan tafel"},
		descs: []string{
			"Vaders praten ook graag, als het maar ergens over gaat. Over werk en gezin, ruzie en plezier, en hoe je de vader wordt die je wilt zijn. Koffie en een alcoholvrij biertje staan klaar.",
		},
		themes: []meetups.Theme{meetups.ThemeFathers}, ageMin: 0, ageMax: 216},
	{titles: []string{"Jonge ouders groep {wijk}", "Jong ouder? Kom kletsen"},
		descs: []string{
			"Ben je jonger dan 25 en (bijna) ouder? Hier ontmoet je leeftijdsgenoten die hetzelfde meemaken. We kletsen, eten iets en je kindje mag mee.",
		},
		themes: []meetups.Theme{meetups.ThemeYoungParents}, ageMin: -9, ageMax: 48},
	{titles: []string{"Verder na verlies: ouders die een kind verloren", "Rouwgroep voor ouders"},
		descs: []string{
			"Voor ouders van wie een kind is overleden, kort of lang geleden. Je hoeft hier niets uit te leggen. We praten, zwijgen en luisteren, met een ervaren vrijwilliger erbij.",
		},
		themes: []meetups.Theme{meetups.ThemeBereavement}, ageMin: -9, ageMax: 216, when: slotEvening, online: 0.1, signUp: true, noBabies: true},
	{titles: []string{"Oudercafé {wijk}", "Opvoeden doe je samen: ouderkring {wijk}"},
		descs: []string{
			"Een avond voor ouders met kinderen van alle leeftijden. Praat met andere ouders over wat je bezighoudt: bedtijd, schermtijd, school of drukte. Iedereen is welkom, ook als je niemand kent.",
		},
		ageMin: 0, ageMax: 216, when: slotEvening},
	{titles: []string{"Zwangerschapsgroep {wijk}", "Samen zwanger: koffieochtend"},
		descs: []string{
			"Ben je zwanger? Ontmoet andere aanstaande ouders uit de buurt en deel wat je bezighoudt. Vaak ontstaan hier vriendschappen die na de geboorte blijven.",
		},
		ageMin: -9, ageMax: -1, when: slotMorning},
}

var volunteerOffers = []offer{
	{titles: []string{"Home-Start: een vrijwilliger bij je thuis"},
		descs: []string{
			"Heb je het even zwaar met je jonge kinderen? Een ervaren vrijwilliger, zelf ook ouder, komt een keer per week bij je thuis: om te praten, mee te denken of samen iets te ondernemen. Gratis, en jij bepaalt waar het over gaat.",
		},
		ageMin: -9, ageMax: 72, orgs: []string{"Stichting Home-Start {stad}"}},
	{titles: []string{"Buurtgezinnen: een steungezin in de buurt"},
		descs: []string{
			"Soms heb je even wat extra handen nodig. Een gezin uit de buurt neemt je kind af en toe mee, bijvoorbeeld een middag per week of een weekend per maand. Jij krijgt wat rust, je kind een fijne plek erbij.",
		},
		ageMin: 0, ageMax: 216, orgs: []string{"Buurtgezinnen {stad}"}},
	{titles: []string{"Steunouders: een vast logeeradres voor je kind"},
		descs: []string{
			"Een steunouder is een vertrouwd gezin of persoon bij wie je kind regelmatig logeert. Zo heb jij tijd om op adem te komen en heeft je kind een extra plek waar het welkom is. We zoeken samen met jou een steunouder die past.",
		},
		ageMin: 0, ageMax: 216, orgs: []string{"Steunouders {stad}"}},
	{titles: []string{"Moeders Informeren Moeders: een ervaren moeder op bezoek"},
		descs: []string{
			"Ben je voor het eerst moeder? Een ervaren moeder uit de buurt komt regelmatig bij je langs tot je baby anderhalf is. Samen praat je over slapen, voeden en hoe het met jóu gaat.",
		},
		ageMin: -3, ageMax: 18, orgs: []string{"Moeders Informeren Moeders {stad}"}},
	{titles: []string{"Gezinsmaatje: samen wegwijs in {stad}"},
		descs: []string{
			"Een vrijwilliger helpt je gezin een paar uur per week je weg te vinden: school, zwemles, formulieren of de bibliotheek. Samen oefen je Nederlands, gewoon door het te doen.",
		},
		themes: []meetups.Theme{meetups.ThemeNewcomers}, ageMin: 0, ageMax: 216, langs: langsNewcomers, orgs: []string{"Gezinsmaatjes {stad}"}},
	{titles: []string{"Hulp bij post en formulieren"},
		descs: []string{
			"Krijg je veel post, of snap je een formulier niet? Een vrijwilliger helpt je thuis om orde te maken in papieren en rekeningen. Wat je vertelt, blijft tussen jullie.",
		},
		ageMin: 0, ageMax: 216, orgs: []string{"Thuisadministratie {stad}"}},
}
