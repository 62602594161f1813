package demo

import "github.com/ouderkring/ouderkring/meetups"

// Venues of parent evenings: a primary school, a secondary school, or the
// consultation bureau for the youngest.
var (
	atPrimary   = []string{"{school}"}
	atSecondary = []string{"{college}"}
	atClinic    = []string{"Consultatiebureau {wijk}", "CJG {stad}"}
)

// parentEveningOffers are topics: a parent evening's title is a prefix
// ("Ouderavond", "Thema-avond", …) and the topic.
var parentEveningOffers = []offer{
	{titles: []string{"slapen en huilen"},
		descs:  []string{"Waarom huilt mijn baby, en hoe krijgen we allemaal meer slaap? Een jeugdverpleegkundige vertelt en beantwoordt je vragen. Je baby mag gewoon mee."},
		ageMin: 0, ageMax: 24, venues: atClinic, orgs: []string{"CJG {stad}", "JGZ {stad}"}},
	{titles: []string{"zindelijk worden"},
		descs:  []string{"Wanneer is je kind eraan toe, en hoe help je zonder stress? Tips van een jeugdverpleegkundige en ervaringen van andere ouders. Neem gerust je vragen mee."},
		ageMin: 18, ageMax: 48, venues: atClinic, orgs: []string{"CJG {stad}", "JGZ {stad}"}},
	{titles: []string{"schermtijd en gamen"},
		descs:  []string{"Hoeveel schermtijd is genoeg, en hoe maak je er afspraken over zonder ruzie? We kijken samen naar wat werkt in andere gezinnen. Met koffie en ruimte voor vragen."},
		ageMin: 48, ageMax: 144, venues: atPrimary},
	{titles: []string{"pesten, wat kun je als ouder doen?"},
		descs:  []string{"Wat doe je als je kind gepest wordt, of zelf pest? Leerkrachten en ouders praten samen over signalen en oplossingen. Iedere ouder is welkom, ook van andere scholen."},
		ageMin: 48, ageMax: 144, venues: atPrimary},
	{titles: []string{"gezond eten en trakteren"},
		descs:  []string{"Broodtrommel, traktaties en snoepjes: hoe houd je het gezond én leuk? Een diëtist geeft tips die echt passen in een drukke week. Proeven mag!"},
		ageMin: 48, ageMax: 144, venues: atPrimary},
	{titles: []string{"omgaan met boosheid"},
		descs:  []string{"Elk kind is weleens woedend, en elke ouder ook. Hoe blijf je rustig en help je je kind met grote gevoelens? Herkenbare voorbeelden en tips om thuis te proberen."},
		ageMin: 36, ageMax: 144, venues: atPrimary},
	{titles: []string{"de overstap naar de middelbare school"},
		descs:  []string{"Groep 8 en dan? We leggen uit hoe het schooladvies en de aanmelding werken en wat er verandert voor je kind. Ouders van vorig jaar vertellen hoe het ging."},
		ageMin: 120, ageMax: 144, venues: atPrimary},
	{titles: []string{"meertalig opvoeden"},
		descs:  []string{"Thuis een andere taal spreken is een rijkdom. Hoe help je je kind met beide talen? Een taalcoach vertelt en er is tijd voor je vragen."},
		ageMin: 12, ageMax: 144, venues: atPrimary, langs: langsNewcomers},
	{titles: []string{"praten met je kind over lichaam en liefde"},
		descs:  []string{"Hoe beantwoord je vragen over het lichaam, verliefdheid en grenzen, passend bij de leeftijd van je kind? Je hoort wat er op school aan bod komt. Er is ruimte voor je eigen vragen en ideeën."},
		ageMin: 48, ageMax: 144, venues: atPrimary},
	{titles: []string{"het puberbrein"},
		descs:  []string{"Waarom slaapt je tiener tot twaalf uur en wordt alles een discussie? Een jeugdarts legt uit wat er in het puberbrein gebeurt. Met humor, herkenning en praktische tips."},
		ageMin: 144, ageMax: 216, venues: atSecondary},
	{titles: []string{"social media en je tiener"},
		descs:  []string{"TikTok, Snapchat, groepsapps: wat doet je kind online, en hoe blijf je in gesprek? Leerlingen vertellen zelf hoe zij het zien. Je gaat naar huis met een paar goede gespreksvragen."},
		ageMin: 132, ageMax: 216, venues: atSecondary},
}

var courseOffers = []offer{
	{titles: []string{"Cursus Positief Opvoeden", "Cursus Positief Opvoeden in {wijk}"},
		descs:  []string{"In zes bijeenkomsten leer je kleine dingen die thuis veel verschil maken: prijzen, duidelijke afspraken en rustig blijven bij driftbuien. Je oefent met voorbeelden uit je eigen gezin, samen met andere ouders."},
		ageMin: 24, ageMax: 144},
	{titles: []string{"Cursus Grip op je peuter"},
		descs:  []string{"Nee!, driftbuien en slapen: peuters kunnen flink uitdagen. Je krijgt praktische tips en wisselt ervaringen uit met andere ouders. Geen les uit een boek, maar praten over jouw dagelijks leven."},
		ageMin: 18, ageMax: 48, when: slotMorning},
	{titles: []string{"Training Omgaan met pubers"},
		descs:  []string{"Discussies, deuren die dichtslaan en toch contact houden: hoe doe je dat? Je leert luisteren zonder meteen te oordelen en afspraken maken die werken. Met ouders die hetzelfde meemaken."},
		ageMin: 132, ageMax: 216, when: slotEvening},
	{titles: []string{"Zwangerschapscursus: samen voorbereiden"},
		descs:  []string{"Samen met je partner of iemand die je steunt bereid je je voor op de bevalling en de eerste weken. Een verloskundige vertelt en beantwoordt je vragen. Je ontmoet ook andere aanstaande ouders uit de buurt."},
		ageMin: -9, ageMax: -1, when: slotEvening, sessions: 4},
	{titles: []string{"Cursus EHBO bij baby's en kinderen"},
		descs:  []string{"Wat doe je bij verslikken, hoge koorts of een brandwond? Je leert het en oefent het zelf, op een oefenpop. Na afloop krijg je een handig kaartje mee voor thuis."},
		ageMin: 0, ageMax: 144, when: slotEvening, sessions: 2, noBabies: true},
	{titles: []string{"Cursus Babymassage"},
		descs:  []string{"Masseren is een fijne manier om contact te maken met je baby en kan helpen bij onrust en krampjes. Je leert het in vier rustige ochtenden, met je eigen baby. Neem een handdoek en een extra luier mee."},
		ageMin: 0, ageMax: 9, when: slotMorning, sessions: 4},
	{titles: []string{"Cursus Opvoeden in een nieuw land"},
		descs:  []string{"Opvoeden in Nederland gaat soms anders dan je gewend bent. We praten over school, vrijheid, regels en wat jij belangrijk vindt. Met een tolk erbij als dat nodig is."},
		themes: []meetups.Theme{meetups.ThemeNewcomers}, ageMin: 0, ageMax: 216, langs: langsNewcomers, when: slotMorning},
	{titles: []string{"Cursus Ouder blijven na een scheiding"},
		descs:  []string{"Uit elkaar, maar allebei ouder. Je leert hoe je je kinderen buiten ruzies houdt en hoe je goede afspraken maakt. Je volgt de cursus zonder je ex."},
		themes: []meetups.Theme{meetups.ThemeSingleParents}, ageMin: 0, ageMax: 216, when: slotEvening, online: 0.2},
	{titles: []string{"Cursus Opvoeden met ADHD", "Training voor ouders van een kind met ADHD"},
		descs:  []string{"Structuur, beloning en veel geduld: opvoeden met ADHD vraagt net wat meer. Je leert wat werkt in het dagelijks leven en deelt ervaringen met andere ouders. Thuis probeer je steeds één ding uit."},
		themes: []meetups.Theme{meetups.ThemeADHD}, ageMin: 48, ageMax: 216, when: slotEvening, online: 0.2},
	{titles: []string{"Training voor ouders van een kind met autisme"},
		descs:  []string{"Hoe kijkt je kind naar de wereld, en hoe sluit je daarbij aan? In kleine groepen leer je over prikkels, voorspelbaarheid en communicatie. Je krijgt ideeën die je meteen thuis kunt gebruiken."},
		themes: []meetups.Theme{meetups.ThemeAutism}, ageMin: 24, ageMax: 216, when: slotEvening, online: 0.2},
}
