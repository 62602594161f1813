package demo

import "github.com/ouderkring/ouderkring/meetups"

// Town is a Dutch town the sample catalogue spreads meetups over, with
// enough local detail (postcode areas, streets, neighbourhoods, the phone
// area code) that a generated address looks like one a parent there would
// recognise.
type Town struct {
	Name string
	// Centre is the town centre in WGS84; meetups lie within RadiusKm of it.
	Centre meetups.Point
	// RadiusKm keeps generated points on land and in town: smaller for small
	// towns and for towns by the sea or a lake.
	RadiusKm float64
	// Population is roughly how many thousand people live in the
	// municipality; bigger towns get more (but not proportionally more)
	// meetups.
	Population int
	// AreaCode is the phone area code, for example numbers that look local.
	AreaCode string
	// Postcodes are 4-digit postcode areas in the town.
	Postcodes []string
	// Streets are street names found in the town.
	Streets []string
	// Districts are neighbourhoods (wijken), for names like
	// "Consultatiebureau Overvecht" and "Buurtteam Utrecht-Overvecht".
	Districts []string
}

// Towns are the towns Generate uses, from the big four to small provincial
// capitals, so a parent anywhere in the country finds something nearby.
var Towns = []Town{
	{Name: "Amsterdam", Centre: meetups.Point{Lat: 52.3702, Lon: 4.8952}, RadiusKm: 6, Population: 930, AreaCode: "020",
		Postcodes: []string{"1011", "1016", "1031", "1053", "1061", "1071", "1093", "1102"},
		Streets:   []string{"Dapperstraat", "Javastraat", "Linnaeusstraat", "Bos en Lommerweg", "Meeuwenlaan", "Kinkerstraat", "Bijlmerdreef"},
		Districts: []string{"Oost", "Noord", "Nieuw-West", "Zuidoost", "De Pijp", "Bos en Lommer", "Indische Buurt"}},
	{Name: "Rotterdam", Centre: meetups.Point{Lat: 51.9225, Lon: 4.4792}, RadiusKm: 6, Population: 670, AreaCode: "010",
		Postcodes: []string{"3011", "3012", "3021", "3031", "3072", "3081", "3083"},
		Streets:   []string{"Nieuwe Binnenweg", "Beijerlandselaan", "Zwart Janstraat", "West-Kruiskade", "Goudsesingel", "Putselaan"},
		Districts: []string{"Delfshaven", "Feijenoord", "Charlois", "Kralingen", "IJsselmonde", "Noord", "Afrikaanderwijk"}},
	{Name: "Den Haag", Centre: meetups.Point{Lat: 52.0705, Lon: 4.3007}, RadiusKm: 4.5, Population: 560, AreaCode: "070",
		Postcodes: []string{"2511", "2512", "2515", "2521", "2526", "2533", "2545", "2564"},
		Streets:   []string{"Hobbemastraat", "Paul Krugerlaan", "Weimarstraat", "Loosduinseweg", "Leyweg", "Stationsweg"},
		Districts: []string{"Schilderswijk", "Transvaal", "Escamp", "Laak", "Segbroek", "Moerwijk"}},
	{Name: "Utrecht", Centre: meetups.Point{Lat: 52.0907, Lon: 5.1214}, RadiusKm: 6, Population: 370, AreaCode: "030",
		Postcodes: []string{"3511", "3512", "3513", "3521", "3531", "3551", "3563", "3581"},
		Streets:   []string{"Amsterdamsestraatweg", "Kanaalweg", "Vleutenseweg", "Biltstraat", "Oudegracht", "Burgemeester Reigerstraat", "Zamenhofdreef"},
		Districts: []string{"Overvecht", "Kanaleneiland", "Lombok", "Leidsche Rijn", "Oost", "Zuilen"}},
	{Name: "Eindhoven", Centre: meetups.Point{Lat: 51.4416, Lon: 5.4697}, RadiusKm: 5, Population: 240, AreaCode: "040",
		Postcodes: []string{"5611", "5612", "5613", "5621", "5625", "5643"},
		Streets:   []string{"Kruisstraat", "Hoogstraat", "Boschdijk", "Leenderweg", "Tongelresestraat", "Woenselse Markt"},
		Districts: []string{"Woensel", "Strijp", "Gestel", "Tongelre", "Stratum"}},
	{Name: "Groningen", Centre: meetups.Point{Lat: 53.2194, Lon: 6.5665}, RadiusKm: 5, Population: 240, AreaCode: "050",
		Postcodes: []string{"9711", "9712", "9713", "9721", "9722", "9731", "9741"},
		Streets:   []string{"Oosterstraat", "Korreweg", "Paterswoldseweg", "Zonnelaan", "Helperzoom", "Nieuwe Ebbingestraat"},
		Districts: []string{"Vinkhuizen", "Selwerd", "De Wijert", "Beijum", "Oosterpark"}},
	{Name: "Tilburg", Centre: meetups.Point{Lat: 51.5555, Lon: 5.0913}, RadiusKm: 5, Population: 230, AreaCode: "013",
		Postcodes: []string{"5011", "5012", "5013", "5017", "5021", "5037", "5041"},
		Streets:   []string{"Heuvelstraat", "Korvelseweg", "Ringbaan-West", "Bredaseweg", "Goirkestraat", "Hoevenseweg"},
		Districts: []string{"Noord", "Reeshof", "Oud-Zuid", "Groenewoud", "West"}},
	{Name: "Almere", Centre: meetups.Point{Lat: 52.3705, Lon: 5.2220}, RadiusKm: 5, Population: 220, AreaCode: "036",
		Postcodes: []string{"1312", "1315", "1318", "1325", "1333", "1354", "1359"},
		Streets:   []string{"Marktgracht", "Spoordreef", "Koetsierbaan", "Hospitaaldreef", "Brouwerstraat", "Muziekweg"},
		Districts: []string{"Haven", "Buiten", "Poort", "Stad", "Muziekwijk"}},
	{Name: "Breda", Centre: meetups.Point{Lat: 51.5719, Lon: 4.7683}, RadiusKm: 5, Population: 185, AreaCode: "076",
		Postcodes: []string{"4811", "4812", "4813", "4818", "4822", "4834", "4837"},
		Streets:   []string{"Ginnekenweg", "Haagweg", "Boschstraat", "Teteringsedijk", "Nieuwe Ginnekenstraat", "Heerbaan"},
		Districts: []string{"Haagse Beemden", "Hoge Vucht", "Princenhage", "Heuvel", "Ginneken"}},
	{Name: "Nijmegen", Centre: meetups.Point{Lat: 51.8126, Lon: 5.8372}, RadiusKm: 5, Population: 180, AreaCode: "024",
		Postcodes: []string{"6511", "6512", "6521", "6523", "6532", "6541", "6543"},
		Streets:   []string{"Molenstraat", "Graafseweg", "Groenestraat", "Hatertseweg", "Sint Annastraat", "Dukenburgweg"},
		Districts: []string{"Hatert", "Dukenburg", "Lindenholt", "Oost", "Lent"}},
	{Name: "Arnhem", Centre: meetups.Point{Lat: 51.9851, Lon: 5.8987}, RadiusKm: 5, Population: 165, AreaCode: "026",
		Postcodes: []string{"6811", "6812", "6821", "6824", "6825", "6832", "6836", "6843"},
		Streets:   []string{"Steenstraat", "Hommelseweg", "Klarendalseweg", "Rijnstraat", "Amsterdamseweg", "Velperweg"},
		Districts: []string{"Presikhaaf", "Malburgen", "Klarendal", "Geitenkamp", "Schuytgraaf"}},
	{Name: "Haarlem", Centre: meetups.Point{Lat: 52.3874, Lon: 4.6462}, RadiusKm: 4, Population: 165, AreaCode: "023",
		Postcodes: []string{"2011", "2012", "2013", "2021", "2025", "2031", "2035"},
		Streets:   []string{"Grote Houtstraat", "Rijksstraatweg", "Amsterdamstraat", "Schalkwijkerstraat", "Zijlweg", "Kleine Houtweg"},
		Districts: []string{"Schalkwijk", "Noord", "Oost", "Zuidwest", "Delftwijk"}},
	{Name: "Enschede", Centre: meetups.Point{Lat: 52.2215, Lon: 6.8937}, RadiusKm: 5, Population: 160, AreaCode: "053",
		Postcodes: []string{"7511", "7512", "7513", "7521", "7523", "7531", "7544"},
		Streets:   []string{"Oldenzaalsestraat", "Hengelosestraat", "Haaksbergerstraat", "Gronausestraat", "Deurningerstraat", "Lasondersingel"},
		Districts: []string{"Velve-Lindenhof", "Pathmos", "Wesselerbrink", "Deppenbroek", "Roombeek"}},
	{Name: "Apeldoorn", Centre: meetups.Point{Lat: 52.2112, Lon: 5.9699}, RadiusKm: 5, Population: 165, AreaCode: "055",
		Postcodes: []string{"7311", "7312", "7313", "7315", "7322", "7325", "7333"},
		Streets:   []string{"Hoofdstraat", "Deventerstraat", "Loolaan", "Arnhemseweg", "Laan van Osseveld", "Zwolseweg"},
		Districts: []string{"Zevenhuizen", "De Maten", "Zuidbroek", "Kerschoten", "Osseveld"}},
	{Name: "Amersfoort", Centre: meetups.Point{Lat: 52.1561, Lon: 5.3878}, RadiusKm: 5, Population: 160, AreaCode: "033",
		Postcodes: []string{"3811", "3812", "3813", "3816", "3817", "3822", "3824"},
		Streets:   []string{"Langestraat", "Kamp", "Leusderweg", "Noordewierweg", "Hogeweg", "Soesterweg"},
		Districts: []string{"Vathorst", "Kruiskamp", "Liendert", "Schothorst", "Soesterkwartier"}},
	{Name: "'s-Hertogenbosch", Centre: meetups.Point{Lat: 51.6978, Lon: 5.3037}, RadiusKm: 4.5, Population: 160, AreaCode: "073",
		Postcodes: []string{"5211", "5212", "5213", "5215", "5221", "5224", "5231"},
		Streets:   []string{"Hinthamerstraat", "Vughterstraat", "Graafseweg", "Orthenseweg", "Hekellaan"},
		Districts: []string{"De Muntel", "Graafsewijk", "Kruiskamp", "Maaspoort", "Rosmalen"}},
	{Name: "Zaandam", Centre: meetups.Point{Lat: 52.4389, Lon: 4.8261}, RadiusKm: 3.5, Population: 160, AreaCode: "075",
		Postcodes: []string{"1502", "1503", "1504", "1506", "1507"},
		Streets:   []string{"Gedempte Gracht", "Westzijde", "Oostzijde", "Peperstraat", "Vincent van Goghweg"},
		Districts: []string{"Poelenburg", "Kogerveld", "Pelders- en Hoornseveld", "Rosmolenwijk"}},
	{Name: "Zwolle", Centre: meetups.Point{Lat: 52.5168, Lon: 6.0830}, RadiusKm: 4.5, Population: 130, AreaCode: "038",
		Postcodes: []string{"8011", "8012", "8013", "8022", "8024", "8031", "8043"},
		Streets:   []string{"Assendorperstraat", "Diezerstraat", "Middelweg", "Kamperstraat", "Hortensialaan", "Stadshagenallee"},
		Districts: []string{"Holtenbroek", "Stadshagen", "Assendorp", "Diezerpoort", "Aa-landen"}},
	{Name: "Leiden", Centre: meetups.Point{Lat: 52.1601, Lon: 4.4970}, RadiusKm: 4, Population: 127, AreaCode: "071",
		Postcodes: []string{"2311", "2312", "2313", "2316", "2321", "2324", "2333"},
		Streets:   []string{"Haarlemmerstraat", "Breestraat", "Kooilaan", "Lammenschansweg", "Hoge Rijndijk", "Morsweg"},
		Districts: []string{"Stevenshof", "Merenwijk", "Leiden-Noord", "Roomburg", "De Kooi"}},
	{Name: "Zoetermeer", Centre: meetups.Point{Lat: 52.0575, Lon: 4.4931}, RadiusKm: 3.5, Population: 127, AreaCode: "079",
		Postcodes: []string{"2711", "2712", "2713", "2715", "2719", "2725"},
		Streets:   []string{"Dorpsstraat", "Meerzichtlaan", "Van Leeuwenhoeklaan", "Parkweg", "Australiëweg"},
		Districts: []string{"Meerzicht", "Buytenwegh", "Oosterheem", "Seghwaert"}},
	{Name: "Leeuwarden", Centre: meetups.Point{Lat: 53.2012, Lon: 5.7999}, RadiusKm: 4, Population: 125, AreaCode: "058",
		Postcodes: []string{"8911", "8912", "8913", "8921", "8923", "8932", "8939"},
		Streets:   []string{"Voorstreek", "Nieuwestad", "Oostergoweg", "Valeriusstraat", "Tesselschadestraat", "Europaplein"},
		Districts: []string{"Heechterp", "Bilgaard", "Vrijheidswijk", "Oranjewijk", "Camminghaburen"}},
	{Name: "Maastricht", Centre: meetups.Point{Lat: 50.8514, Lon: 5.6910}, RadiusKm: 4, Population: 122, AreaCode: "043",
		Postcodes: []string{"6211", "6212", "6213", "6215", "6217", "6221", "6224", "6227"},
		Streets:   []string{"Rechtstraat", "Brusselsestraat", "Akersteenweg", "Scharnerweg", "Boschstraat", "Hertogsingel"},
		Districts: []string{"Malberg", "Wittevrouwenveld", "Wyck", "Heer", "Caberg"}},
	{Name: "Dordrecht", Centre: meetups.Point{Lat: 51.8133, Lon: 4.6901}, RadiusKm: 3.5, Population: 120, AreaCode: "078",
		Postcodes: []string{"3311", "3312", "3314", "3317", "3319", "3328"},
		Streets:   []string{"Voorstraat", "Spuiboulevard", "Krommedijk", "Dubbeldamseweg", "Karel Doormanweg"},
		Districts: []string{"Crabbehof", "Krispijn", "Sterrenburg", "Stadspolders", "Wielwijk"}},
	{Name: "Alkmaar", Centre: meetups.Point{Lat: 52.6324, Lon: 4.7534}, RadiusKm: 3.5, Population: 110, AreaCode: "072",
		Postcodes: []string{"1811", "1814", "1816", "1817", "1822", "1825"},
		Streets:   []string{"Laat", "Langestraat", "Kennemerstraatweg", "Vondelstraat", "Oudorperdijk"},
		Districts: []string{"Overdie", "Oudorp", "Daalmeer", "De Mare", "Huiswaard"}},
	{Name: "Emmen", Centre: meetups.Point{Lat: 52.7858, Lon: 6.8976}, RadiusKm: 4, Population: 108, AreaCode: "0591",
		Postcodes: []string{"7811", "7812", "7815", "7822", "7823", "7824"},
		Streets:   []string{"Hoofdstraat", "Angelsloërdijk", "Houtweg", "Statenweg", "Boslaan"},
		Districts: []string{"Emmerhout", "Angelslo", "Bargeres", "Emmermeer", "Rietlanden"}},
	{Name: "Delft", Centre: meetups.Point{Lat: 52.0116, Lon: 4.3571}, RadiusKm: 3, Population: 105, AreaCode: "015",
		Postcodes: []string{"2611", "2613", "2616", "2622", "2624", "2628"},
		Streets:   []string{"Oude Delft", "Voorstraat", "Papsouwselaan", "Westlandseweg", "Aart van der Leeuwlaan", "Chopinlaan"},
		Districts: []string{"Tanthof", "Buitenhof", "Voorhof", "Wippolder", "Hof van Delft"}},
	{Name: "Deventer", Centre: meetups.Point{Lat: 52.2551, Lon: 6.1639}, RadiusKm: 4, Population: 102, AreaCode: "0570",
		Postcodes: []string{"7411", "7412", "7415", "7417", "7421", "7425"},
		Streets:   []string{"Brink", "Keizerstraat", "Rielerweg", "Snipperlingsdijk", "Holterweg", "Colmschaterstraatweg"},
		Districts: []string{"Rivierenwijk", "Keizerslanden", "Colmschate", "Voorstad", "Borgele"}},
	{Name: "Venlo", Centre: meetups.Point{Lat: 51.3704, Lon: 6.1724}, RadiusKm: 4, Population: 102, AreaCode: "077",
		Postcodes: []string{"5911", "5912", "5913", "5914", "5921"},
		Streets:   []string{"Parade", "Lomstraat", "Kaldenkerkerweg", "Eindhovenseweg", "Deken van Oppensingel"},
		Districts: []string{"Venlo-Oost", "Blerick", "Tegelen", "Vastenavondkamp"}},
	{Name: "Hilversum", Centre: meetups.Point{Lat: 52.2292, Lon: 5.1669}, RadiusKm: 3.5, Population: 92, AreaCode: "035",
		Postcodes: []string{"1211", "1212", "1213", "1215", "1217", "1221"},
		Streets:   []string{"Kerkstraat", "Larenseweg", "Soestdijkerstraatweg", "Oosterengweg", "Langestraat"},
		Districts: []string{"Oost", "Kerkelanden", "Over 't Spoor", "Zuid"}},
	{Name: "Heerlen", Centre: meetups.Point{Lat: 50.8882, Lon: 5.9795}, RadiusKm: 4, Population: 87, AreaCode: "045",
		Postcodes: []string{"6411", "6412", "6415", "6417", "6421", "6432"},
		Streets:   []string{"Akerstraat", "Geleenstraat", "Schandelerstraat", "Kloosterweg", "Heerlerbaan"},
		Districts: []string{"Meezenbroek", "Heerlerheide", "Hoensbroek", "Schandelen"}},
	{Name: "Lelystad", Centre: meetups.Point{Lat: 52.5100, Lon: 5.4740}, RadiusKm: 3, Population: 80, AreaCode: "0320",
		Postcodes: []string{"8212", "8219", "8223", "8224", "8232", "8242"},
		Streets:   []string{"Agorabaan", "Stationsplein", "Zuiderwagenplein", "Botter", "Schouw", "Kempenaar"},
		Districts: []string{"Atolwijk", "Zuiderzeewijk", "Waterwijk", "Boswijk", "Warande"}},
	{Name: "Gouda", Centre: meetups.Point{Lat: 52.0115, Lon: 4.7105}, RadiusKm: 3, Population: 75, AreaCode: "0182",
		Postcodes: []string{"2801", "2802", "2803", "2805", "2806"},
		Streets:   []string{"Lange Tiendeweg", "Kleiweg", "Burgemeester Jamessingel", "Goudse Houtsingel", "Ridder van Catsweg"},
		Districts: []string{"Korte Akkeren", "Bloemendaal", "Goverwelle", "Oosterwei"}},
	{Name: "Assen", Centre: meetups.Point{Lat: 52.9925, Lon: 6.5649}, RadiusKm: 3.5, Population: 69, AreaCode: "0592",
		Postcodes: []string{"9401", "9402", "9403", "9405", "9406", "9408"},
		Streets:   []string{"Brink", "Oudestraat", "Vaart Noordzijde", "Groningerstraat", "Europaweg"},
		Districts: []string{"Kloosterveen", "Pittelo", "Lariks", "Noorderpark"}},
	{Name: "Middelburg", Centre: meetups.Point{Lat: 51.4988, Lon: 3.6136}, RadiusKm: 2.5, Population: 49, AreaCode: "0118",
		Postcodes: []string{"4331", "4332", "4333", "4335", "4337"},
		Streets:   []string{"Lange Delft", "Markt", "Walensingel", "Veerseweg", "Vlissingsestraat"},
		Districts: []string{"Dauwendaele", "Magistraatwijk", "Griffioen", "Stromenwijk"}},
}
