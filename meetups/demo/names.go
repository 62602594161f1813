package demo

// Names that fill the placeholders of titles, venues and organisations.
var (
	babyCafeNames  = []string{"De Wieg", "Het Nestje", "De Knuffel", "Olleke Bolleke", "Het Kraaiennest", "Kleine Wondertjes", "De Rammelaar", "Zonnestraal", "Koffie & Kroost", "Het Mandje"}
	playgroupNames = []string{"Kleine Stapjes", "De Boefjes", "Het Hummelhuis", "De Duimelotjes", "Dikkertje Dap", "De Kikkertjes", "Ukkepuk", "De Rakkers", "Het Kabouterhuis", "De Kleine Reus"}
	houseNames     = []string{"De Linde", "De Schakel", "Het Anker", "De Ontmoeting", "De Brug", "'t Trefpunt", "De Boog", "De Kastanje", "De Meeuw", "De Horizon", "De Eik", "De Ster"}
	schoolNames    = []string{"De Regenboog", "De Wegwijzer", "Het Palet", "De Vlinder", "De Zonnewijzer", "De Fontein", "Het Kompas", "De Springplank", "De Klimop", "De Sterrenkijker", "De Wilgenhoek", "Het Mozaïek"}
	schoolKinds    = []string{"OBS", "CBS", "Basisschool", "IKC"}
	collegeNames   = []string{"Het Baken College", "Het Noorderlicht College", "Het Kompas Lyceum", "De Brug Scholengemeenschap", "Het Lindenhof College"}
	speeltuinNames = []string{"De Watertoren", "Het Zonnetje", "De Kikker", "Ons Genoegen", "De Eekhoorn", "Kindervreugd", "De Pan"}
	boerderijNames = []string{"De Bokkesprong", "De Wielewaal", "Het Klavertje", "De Hooiberg", "De Kraaienhoeve"}
	contactNames   = []string{"Ingrid", "Fatima", "Sanne", "Mohamed", "Petra", "Ayşe", "Marieke", "Joost", "Kim", "Olena", "Agnieszka", "Priya", "Henk", "Esra", "Lotte", "Yusuf", "Nadia", "Bram"}
)

// Default venues and organisations per kind, used unless an offer has its
// own.
var (
	babyCafeVenues  = []string{"Buurthuis {huis}", "Wijkcentrum {wijk}", "Consultatiebureau {wijk}", "Familiecentrum {huis}", "Buurthuis {huis}"}
	babyCafeOrgs    = []string{"CJG {stad}", "Buurtteam {stad}-{wijk}", "Stichting Welzijn {stad}", "JGZ {stad}"}
	playgroupVenues = []string{"Buurthuis {huis}", "Wijkcentrum {wijk}", "{school}", "Familiecentrum {huis}"}
	playgroupOrgs   = []string{"Buurtteam {stad}-{wijk}", "Stichting Welzijn {stad}", "Kinderwerk {stad}", "CJG {stad}"}
	peerVenues      = []string{"Buurthuis {huis}", "Wijkcentrum {wijk}", "Bibliotheek {stad}", "CJG {stad}", "Huiskamer van de wijk {wijk}"}
	peerOrgs        = []string{"CJG {stad}", "Buurtteam {stad}-{wijk}", "Stichting Welzijn {stad}", "Oudernetwerk {stad}"}
	courseVenues    = []string{"CJG {stad}", "Buurthuis {huis}", "Bibliotheek {stad}", "Wijkcentrum {wijk}", "Familiecentrum {huis}"}
	courseOrgs      = []string{"CJG {stad}", "JGZ {stad}", "Buurtteam {stad}-{wijk}", "Opvoedsteunpunt {stad}"}
	officeVenues    = []string{"Wijkcentrum {wijk}", "Buurthuis {huis}"}
)

// accessibility notes, "" for venues that did not say.
var accessNotes = []string{"rolstoeltoegankelijk", "rolstoeltoegankelijk, lift aanwezig", "lift aanwezig",
	"drempelvrij, ruimte voor kinderwagens", "invalidentoilet aanwezig", "ingang aan de zijkant, geen lift", "", "", ""}

// A langMix is a weighted choice of the languages spoken at a meetup.
type langMix []langChoice

type langChoice struct {
	langs  []string
	weight int
}

var (
	// langsDefault: mostly Dutch, now and then a second language.
	langsDefault = langMix{
		{[]string{"nl"}, 76}, {[]string{"nl", "en"}, 9}, {[]string{"nl", "ar"}, 4}, {[]string{"nl", "tr"}, 4},
		{[]string{"nl", "uk"}, 3}, {[]string{"nl", "pl"}, 2}, {[]string{"en"}, 2},
	}
	// langsNewcomers: a group where a parent's own language helps.
	langsNewcomers = langMix{
		{[]string{"nl", "ar"}, 25}, {[]string{"nl", "uk"}, 15}, {[]string{"nl", "tr"}, 15}, {[]string{"nl", "ti"}, 10},
		{[]string{"nl", "fa"}, 10}, {[]string{"nl", "pl"}, 10}, {[]string{"nl", "en"}, 10}, {[]string{"nl"}, 5},
	}
	// langsEnglish: international parents.
	langsEnglish = langMix{{[]string{"nl", "en"}, 60}, {[]string{"en"}, 40}}
)
