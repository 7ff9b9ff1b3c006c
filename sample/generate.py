#!/usr/bin/env python3
"""Generate the bundled SYNTHETIC sample data for `dispersal`.

Everything here is invented: the practices, the people, the NHS numbers (all from the
999 test range, which is never issued to real patients) and the postcode centroids
(plausible for each district, but made up). Standard library only; deterministic
(one `random.Random(2026)`), so re-running rewrites byte-identical files:

    python3 sample/generate.py

Writes, next to this script:
    closure.toml    the closure (Riverside Medical Centre, G85999, closing 30/09/2026)
    practices.csv   12 fictional Southwark practices (10 open, 1 of-concern, 1 closing)
    patients.csv    300 patient rows (header = spreadsheet row 1, first patient = row 2)
    postcodes.csv   a centroid for every postcode used in the three files above

The script only generates: what the tool makes of these rows (rejections, cohorts,
households, nearest practices) is asserted by the Rust tests (tests/sample_rules.rs).

Deliberately bad patient rows (each is a normal in-area, recently seen, registered patient
with one thing changed):
    bad-check-digit      NHS number whose Modulus 11 check digit is wrong
    nine-digits          NHS number with only 9 digits
    duplicate-nhs        NHS number already used by an earlier, valid row (two rows share
                         it; the earlier row is otherwise fine, this later one is the copy)
    dob-future           date of birth in 2027
    last-seen-future     last_seen after the closure date (in October 2026)
    formula-injection    address_line_1 starts with `=` (=HYPERLINK("x"))
    nfa                  address "NFA" (no fixed abode), postcode = the practice's own
    bad-postcode         postcode `XX1 1XX` (XX is not a postcode area)
    empty-line-1         address_line_1 empty (lines 2 and 3 present)
    unknown-allocation   allocated_practice `Z99999`, not in practices.csv

Other deliberate edge cases (valid rows):
    * last_seen exactly 30/09/2021 (5 years to the day) and 29/09/2021 (a day more);
    * one household whose second member's address differs only in case/punctuation and
      whose postcode is written in lower case without a space (same household once
      normalised);
    * postcodes in lower case and/or without the space; some dates as yyyy-mm-dd;
    * one BFPO address; one Manchester (M1) address; a vulnerable out-of-area patient;
      vulnerable patients not seen for 5+ years; a household member with removed_from;
    * allocated_practice pre-set to open practices, and one to the of-concern practice.
"""

import csv
import datetime as dt
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
rng = __import__("random").Random(2026)

CLOSURE_DATE = dt.date(2026, 9, 30)
FIVE_YEARS_BEFORE = dt.date(2021, 9, 30)  # 5 years before closure, for the last_seen edge cases
AREA_DISTRICTS = ["SE1", "SE5", "SE11", "SE15", "SE16", "SE17", "SE21", "SE22"]
CLOSING_PRACTICE_POSTCODE = "SE1 3QW"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in inward codes (no C I K M O V)

PATIENT_HEADER = [
    "nhs_number", "title", "given_name", "family_name", "date_of_birth",
    "address_line_1", "address_line_2", "address_line_3", "address_line_4", "address_line_5",
    "postcode", "last_seen", "language", "format", "vulnerable", "status", "removed_from",
    "allocated_practice", "mobile",
]
PRACTICE_HEADER = [
    "ods_code", "name", "address_line_1", "address_line_2", "address_line_3", "address_line_4",
    "postcode", "phone", "email", "capacity", "status", "latitude", "longitude",
]
POSTCODE_HEADER = ["postcode", "latitude", "longitude"]

# ----------------------------------------------------------------------------------------
# Geography: district centres (approximate), localities, streets. Centroids are invented
# around these centres: sector centre = district centre + small offset, unit = sector +
# smaller jitter.
# ----------------------------------------------------------------------------------------

DISTRICTS = {
    # district: (lat, lon, spread in degrees, localities, post town, streets)
    "SE1": (51.499, -0.089, 0.004, ["Southwark", "Bermondsey", "Borough"], "London",
            ["Tower Bridge Road", "Long Lane", "Bermondsey Street", "Borough High Street",
             "Great Dover Street", "Southwark Bridge Road", "Webber Street", "Union Street",
             "Druid Street", "Grange Road", "Abbey Street", "Weston Street", "Snowsfields"]),
    "SE5": (51.474, -0.091, 0.005, ["Camberwell"], "London",
            ["Camberwell Church Street", "Denmark Hill", "Coldharbour Lane", "Camberwell Grove",
             "Wyndham Road", "Benhill Road", "Grove Lane", "Vestry Road"]),
    "SE11": (51.489, -0.111, 0.004, ["Kennington"], "London",
             ["Kennington Lane", "Kennington Road", "Black Prince Road", "Renfrew Road",
              "Vauxhall Walk", "Cleaver Street"]),
    "SE15": (51.470, -0.065, 0.005, ["Peckham", "Nunhead"], "London",
             ["Rye Lane", "Peckham High Street", "Bellenden Road", "Queens Road", "Choumert Road",
              "Evelina Road", "Nunhead Lane", "Consort Road", "Commercial Way"]),
    "SE16": (51.494, -0.052, 0.005, ["Rotherhithe", "Bermondsey", "Surrey Quays"], "London",
             ["Jamaica Road", "Lower Road", "Southwark Park Road", "Rotherhithe Street",
              "Salter Road", "Albion Street", "Blue Anchor Lane", "Raymouth Road"]),
    "SE17": (51.487, -0.093, 0.004, ["Walworth", "Kennington"], "London",
             ["Walworth Road", "East Street", "Albany Road", "Merrow Street", "Penrose Street",
              "Portland Street", "Villa Street", "Manor Place"]),
    "SE21": (51.441, -0.088, 0.005, ["Dulwich", "West Dulwich"], "London",
             ["Croxted Road", "Dulwich Village", "Thurlow Park Road", "Rosendale Road",
              "Alleyn Park"]),
    "SE22": (51.455, -0.071, 0.005, ["East Dulwich"], "London",
             ["Lordship Lane", "Grove Vale", "Melbourne Grove", "Upland Road", "Barry Road",
              "Crystal Palace Road"]),
    # Out of area.
    "SE6": (51.438, -0.020, 0.005, ["Catford"], "London", ["Rushey Green", "Bromley Road"]),
    "SE8": (51.478, -0.027, 0.004, ["Deptford"], "London", ["Deptford High Street", "Evelyn Street"]),
    "SE13": (51.458, -0.011, 0.005, ["Lewisham"], "London", ["Lewisham High Street", "Loampit Vale"]),
    "SE23": (51.442, -0.052, 0.004, ["Forest Hill"], "London", ["London Road", "Dartmouth Road"]),
    "SW2": (51.452, -0.118, 0.004, ["Brixton Hill"], "London", ["Brixton Hill", "Tulse Hill"]),
    "SW9": (51.467, -0.114, 0.004, ["Stockwell", "Brixton"], "London", ["Stockwell Road", "Brixton Road"]),
    "CR0": (51.373, -0.099, 0.008, ["Central Croydon"], "Croydon", ["Wellesley Road", "London Road"]),
    "BR1": (51.408, 0.018, 0.006, ["Bromley"], "Bromley", ["Widmore Road", "Tweedy Road"]),
    "E1": (51.516, -0.059, 0.004, ["Whitechapel", "Stepney"], "London", ["Commercial Road", "Cable Street"]),
    "M1": (53.480, -2.235, 0.003, ["Northern Quarter"], "Manchester", ["Oldham Street", "Tib Street"]),
}
OUT_OF_AREA = ["SE6", "SE8", "SE13", "SE23", "SW2", "SW9", "CR0", "BR1", "E1"]

# Sectors patients in each district live in, weighted; (digit, weight, unit-group letters).
# SE1 3 and SE1 5 (around the of-concern and the other closing practice) are the densest,
# so those two practices are the nearest practice for many patients.
SECTORS = {
    "SE1": [(3, 36, "ABDE"), (5, 22, "ABDE"), (4, 14, "AJLN"), (2, 14, "ADEH"), (7, 6, "AHJ"),
            (6, 8, "ABDL"), (1, 6, "ABNU")],
    "SE5": [(8, 5, "ABDE"), (7, 3, "ABLP"), (0, 2, "ADEH")],
    "SE11": [(4, 3, "ABDL"), (5, 2, "ADEU")],
    "SE15": [(4, 4, "ABDT"), (5, 3, "ABEH"), (6, 3, "ABLN"), (2, 2, "ADJS")],
    "SE16": [(2, 4, "ABDL"), (3, 3, "ABHJ"), (4, 3, "ABLP"), (7, 3, "ABEN")],
    "SE17": [(1, 5, "ABDR"), (2, 4, "ABEJ"), (3, 3, "ADLP")],
    "SE21": [(7, 2, "ABDH"), (8, 1, "AEJL")],
    "SE22": [(8, 3, "ABDE"), (9, 2, "AHJL"), (0, 1, "ABDN")],
}
IN_AREA_WEIGHTS = [("SE1", 40), ("SE16", 15), ("SE17", 15), ("SE15", 10), ("SE5", 8),
                   ("SE11", 5), ("SE22", 4), ("SE21", 3)]

sector_centres = {}  # "SE1 3" -> (lat, lon)
centroids = {}       # "SE1 3AB" -> (lat, lon)
district_pools = {}  # district -> list of postcodes already used there (for sharing)

# Explicit sector centres for SE1, which stretches from Waterloo to Bermondsey.
SE1_SECTORS = {0: (51.5045, -0.1010), 1: (51.5030, -0.0925), 2: (51.5030, -0.0800),
               3: (51.4985, -0.0795), 4: (51.4960, -0.0905), 5: (51.4940, -0.0755),
               6: (51.4955, -0.1010), 7: (51.4990, -0.1130), 8: (51.5030, -0.1105),
               9: (51.5020, -0.1040)}


def sector_centre(district, digit):
    key = f"{district} {digit}"
    if key not in sector_centres:
        if district == "SE1":
            sector_centres[key] = SE1_SECTORS[digit]
        else:
            lat, lon, spread = DISTRICTS[district][:3]
            sector_centres[key] = (lat + rng.uniform(-spread, spread),
                                   lon + rng.uniform(-spread, spread) * 1.5)
    return sector_centres[key]


def add_centroid(postcode):
    """Invent a centroid for a normalised postcode (once) and return it."""
    if postcode not in centroids:
        district, inward = postcode.split(" ")
        lat, lon = sector_centre(district, int(inward[0]))
        centroids[postcode] = (round(lat + rng.uniform(-0.0012, 0.0012), 6),
                               round(lon + rng.uniform(-0.0018, 0.0018), 6))
    return centroids[postcode]


def new_postcode(district, digit=None, letters=None):
    if digit is None:
        if district in SECTORS:
            choices = SECTORS[district]
            digit, _, letters = rng.choices(choices, weights=[c[1] for c in choices])[0]
        else:
            digit, letters = rng.randint(0, 9), INWARD_LETTERS
    while True:
        pc = f"{district} {digit}{rng.choice(letters)}{rng.choice(INWARD_LETTERS)}"
        if pc not in centroids:
            add_centroid(pc)
            return pc


def pick_postcode(district):
    """A postcode in the district; sometimes one a neighbour already has (~15 homes each)."""
    pool = district_pools.setdefault(district, [])
    if pool and rng.random() < 0.35:
        return rng.choice(pool)
    pc = new_postcode(district)
    pool.append(pc)
    return pc


def pick_in_area_district():
    return rng.choices([d for d, _ in IN_AREA_WEIGHTS], weights=[w for _, w in IN_AREA_WEIGHTS])[0]


# ----------------------------------------------------------------------------------------
# Addresses
# ----------------------------------------------------------------------------------------

BUILDINGS = ["Marigold House", "Kestrel House", "Tabard Court", "Wren House", "Hollybush House",
             "Alder Court", "Saffron House", "Juniper Court", "Larkspur House", "Heron Point",
             "Osprey Court", "Foxglove House", "Thistle House", "Bramble Court", "Lantern House",
             "Cooper's Wharf", "Quayside Lofts", "Tannery Mews"]
ESTATES = ["Tanyard Estate", "Sedgewick Estate", "Harlow Gardens Estate", "Pelham Fields Estate",
           "Ropewalk Estate", "Keeling Estate"]


def make_address(district, style=None):
    """1–5 address lines for a home in the district, plus a (normalised) postcode."""
    _, _, _, localities, town, streets = DISTRICTS[district]
    style = style or rng.choices(
        ["one", "house", "house_loc", "flat_house", "block", "block_estate"],
        weights=[4, 18, 30, 18, 20, 10])[0]
    street = rng.choice(streets)
    locality = rng.choice(localities)
    n = rng.randint(1, 180)
    if style == "one":
        lines = [f"{n} {street}"]
    elif style == "house":
        lines = [f"{n} {street}", town]
    elif style == "house_loc":
        lines = [f"{n} {street}", locality, town]
    elif style == "flat_house":
        lines = [rng.choice(['Flat A', 'Flat B', 'Flat 1', 'Flat 2', 'Flat 3', 'Ground Floor Flat']),
                 f"{n} {street}", locality, town]
    elif style == "block":  # "12 Example House" on a street
        lines = [f"{rng.randint(1, 96)} {rng.choice(BUILDINGS)}", street, town]
    else:  # all five lines: flat, block, estate, locality, town
        lines = [f"Flat {rng.randint(1, 64)}", rng.choice(BUILDINGS), rng.choice(ESTATES),
                 locality, town]
    return lines, pick_postcode(district)


# ----------------------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------------------
# culture: (male given, female given, family names; a family name may be (male, female)),
# languages a preferred-language tag may be drawn from.
CULTURES = {
    "english": (["Oliver", "George", "Harry", "Jack", "Thomas", "James", "William", "Daniel", "Samuel"],
                ["Olivia", "Amelia", "Emily", "Charlotte", "Sophie", "Grace", "Hannah", "Eleanor", "Ruby"],
                ["Smith", "Taylor", "Brown", "Wilson", "Clarke", "Walker", "Wright", "Hughes", "Green",
                 "Hall", "Wood", "Harris", "Bennett", "Fletcher"], [], 22),
    "irish": (["Ciarán", "Declan", "Seán", "Patrick"], ["Siobhán", "Niamh", "Aoife", "Róisín"],
              ["O'Brien", "Murphy", "Byrne", "Kelly", "Doyle", "O'Sullivan"], [], 5),
    "caribbean": (["Delroy", "Winston", "Marcus", "Leroy"], ["Marcia", "Beverley", "Janelle", "Simone"],
                  ["Campbell", "Francis", "Grant", "Thompson", "Reid", "Williams"], [], 6),
    "nigerian": (["Oluwaseun", "Chinedu", "Emeka", "Tunde", "Babatunde", "Olumide", "Nnamdi"],
                 ["Adaeze", "Ngozi", "Funmilayo", "Chiamaka", "Folake", "Yetunde", "Temitope"],
                 ["Adeyemi", "Okafor", "Okonkwo", "Adebayo", "Eze", "Balogun", "Nwosu", "Oyelaran"], [], 10),
    "ghanaian": (["Kwame", "Kofi", "Yaw"], ["Ama", "Akosua", "Efua"],
                 ["Mensah", "Asante", "Owusu", "Boateng"], [], 4),
    "polish": (["Łukasz", "Piotr", "Tomasz", "Krzysztof", "Jakub"],
               ["Agnieszka", "Katarzyna", "Magdalena", "Zofia", "Małgorzata"],
               ["Nowak", ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), "Wójcik",
                ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska")], ["pl", "pl-PL"], 7),
    "romanian": (["Ştefan", "Andrei", "Mihai", "Alexandru", "Ionuț"],
                 ["Ioana", "Elena", "Andreea", "Cristina", "Mădălina"],
                 ["Popescu", "Ionescu", "Constantin", "Dumitru", "Stan", "Gheorghe"], ["ro"], 5),
    "lithuanian": (["Tomas", "Mantas", "Darius"], ["Rūta", "Eglė", "Giedrė"],
                   [("Kazlauskas", "Kazlauskienė", "Kazlauskaitė"),
                    ("Petrauskas", "Petrauskienė", "Petrauskaitė"),
                    ("Jankauskas", "Jankauskienė", "Jankauskaitė")], ["lt"], 3),
    "bangladeshi": (["Mohammed", "Abdul", "Rahim", "Imran", "Shahid"],
                    ["Fatema", "Nasrin", "Ruksana", "Tahmina", "Sumaiya"],
                    ["Rahman", "Ahmed", "Hossain", "Uddin", "Miah", "Islam", "Chowdhury"], ["bn"], 6),
    "pakistani": (["Bilal", "Usman", "Tariq", "Zain"], ["Ayesha", "Sana", "Hina", "Mariam"],
                  ["Khan", "Hussain", "Malik", "Qureshi"], ["ur"], 3),
    "somali": (["Abdirahman", "Mohamed", "Abdi", "Yusuf", "Hassan"],
               ["Hodan", "Amina", "Fadumo", "Ayaan", "Hibo"],
               ["Warsame", "Farah", "Abdullahi", "Osman", "Jama", "Hersi"], ["so"], 5),
    "turkish": (["Mehmet", "Mustafa", "Emre", "Burak", "Kemal"],
                ["Ayşe", "Fatma", "Elif", "Zeynep", "Müge"],
                ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"], ["tr"], 5),
    "portuguese": (["João", "Tiago", "Gonçalo", "Rui"], ["Beatriz", "Inês", "Mariana", "Joana"],
                   ["Silva", "Santos", "Ferreira", "Gonçalves", "Pereira"], ["pt"], 3),
    "brazilian": (["Rafael", "Thiago", "Lucas", "Matheus"], ["Letícia", "Camila", "Larissa", "Fernanda"],
                  ["Oliveira", "Souza", "Costa", "Almeida", "Rodrigues"], ["pt-BR"], 3),
    "spanish": (["Alejandro", "Carlos", "Javier"], ["Lucía", "Valentina", "Paula"],
                ["García", "Rodríguez", "Martínez", "López"], ["es"], 3),
    "francophone": (["Jean-Baptiste", "Amadou", "Moussa"], ["Aminata", "Claire", "Mariam"],
                    ["Diallo", "Traoré", "Dubois", "Kouassi"], ["fr"], 3),
    "arabic": (["Omar", "Khalid", "Samir"], ["Layla", "Noor", "Rania"],
               ["Haddad", "Al-Sayed", "Mansour", "Nasser"], ["ar"], 3),
    "chinese": (["Wei", "Jun", "Hao", "Ming"], ["Li Na", "Xiu Ying", "Mei", "Yan"],
                ["Zhang", "Wang", "Chen", "Liu", "Huang", "Lin"], ["zh", "zh-Hans"], 4),
    "vietnamese": (["Minh", "Tuan", "Duc"], ["Lan", "Huong", "Thu"], ["Nguyen", "Tran", "Pham"], [], 2),
    "gujarati": (["Raj", "Nikhil", "Hitesh"], ["Priti", "Hetal", "Dipa"], ["Patel", "Shah", "Mistry"], ["gu"], 3),
    "punjabi": (["Harpreet", "Gurpreet", "Jaswinder"], ["Jaspreet", "Manjit", "Simran"],
                ["Singh", "Kaur", "Sandhu", "Gill"], ["pa"], 2),
    "tamil": (["Arun", "Suresh", "Karthik"], ["Priya", "Kavitha", "Nithya"],
              ["Sivakumar", "Rajendran", "Kanagaratnam"], ["ta"], 2),
}
CULTURE_NAMES = list(CULTURES)
CULTURE_WEIGHTS = [CULTURES[c][4] for c in CULTURE_NAMES]


def pick_culture():
    return rng.choices(CULTURE_NAMES, weights=CULTURE_WEIGHTS)[0]


def family_name(culture, sex, base=None, married=True):
    """A family name; (male, female[, unmarried female]) forms for Polish and Lithuanian."""
    name = base if base is not None else rng.choice(CULTURES[culture][2])
    if isinstance(name, tuple):
        if sex == "M":
            return name[0]
        return name[2] if len(name) == 3 and not married else name[1]
    return name


def given_name(culture, sex):
    return rng.choice(CULTURES[culture][0] if sex == "M" else CULTURES[culture][1])


def age_on(dob, when=CLOSURE_DATE):
    return when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))


def title_for(sex, dob, married=False):
    age = age_on(dob)
    if age < 16:
        return "Master" if sex == "M" else "Miss"
    r = rng.random()
    if r < 0.03 and age >= 26:
        return "Dr"
    if r < 0.045:
        return "Mx"
    if sex == "M":
        return "Mr"
    if married:
        return "Mrs" if rng.random() < 0.75 else "Ms"
    return rng.choices(["Ms", "Miss", "Mrs"], weights=[5, 3, 3])[0]


def random_date(start, end):
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def dob_for_age(lo, hi):
    return random_date(dt.date(CLOSURE_DATE.year - hi - 1, 10, 1), dt.date(CLOSURE_DATE.year - lo, 9, 29))


def recent_last_seen(dob):
    """Seen in the 5 years before closure (and after birth)."""
    start = max(dt.date(2021, 10, 15), dob + dt.timedelta(days=7))
    return random_date(start, max(start, dt.date(2026, 9, 15)))


def old_last_seen(dob):
    """Last seen 5+ years before closure, or no record when born too recently for that."""
    start = max(dt.date(2009, 1, 10), dob + dt.timedelta(days=30))
    return random_date(start, dt.date(2021, 9, 1)) if start < dt.date(2021, 9, 1) else None


# ----------------------------------------------------------------------------------------
# NHS numbers (999 test range, Modulus 11)
# ----------------------------------------------------------------------------------------

used_nhs = set()


def new_nhs():
    """A new 999 test-range number with its Modulus 11 check digit."""
    while True:
        nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        c = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1))) % 11
        if c == 10:  # no number is issued with this check digit: draw again
            continue
        n = nine + str(c % 11)
        if n not in used_nhs:
            used_nhs.add(n)
            return n


def spaced(n):
    return f"{n[:3]} {n[3:6]} {n[6:]}"


# ----------------------------------------------------------------------------------------
# Postcodes as a practice system might write them
# ----------------------------------------------------------------------------------------

def messy_postcode(pc):
    r = rng.random()
    if r < 0.08:
        return pc.lower()
    if r < 0.14:
        return pc.replace(" ", "")
    if r < 0.16:
        return pc.replace(" ", "").lower()
    return pc


def fmt_date(d, iso=None):
    if d is None:
        return ""
    iso = rng.random() < 0.12 if iso is None else iso
    return d.isoformat() if iso else d.strftime("%d/%m/%Y")


# ----------------------------------------------------------------------------------------
# Practices
# ----------------------------------------------------------------------------------------
# (ods, name, address lines, postcode, capacity, status). Capacities of the 10 open
# practices sum to 185, well under the ~230 patients to allocate; the two SE1 open
# practices are tiny (12 + 10) although most patients live in SE1, so that cluster
# overflows. The of-concern and closing practices sit in the densest SE1 sectors.
PRACTICES = [
    ("G85901", "Tabard Row Surgery", ["The Old Vestry", "3 Tabard Row", "London"], "SE1 4JU", 12, "open"),
    ("G85902", "Maltings Wharf Surgery", ["Unit 2", "Maltings Wharf", "Bermondsey", "London"], "SE1 2DH", 10, "open"),
    ("G85903", "The Elephant and Castle and Walworth Road Community Practice",
     ["Walworth Community Health Centre", "210 Walworth Road", "London"], "SE17 1RW", 25, "open"),
    ("G85904", "Lyndhurst Terrace Surgery", ["41 Lyndhurst Terrace", "Camberwell", "London"], "SE5 8BE", 22, "open"),
    ("G85905", "Peckham Rye Gardens Practice", ["88 Rye Gardens", "Peckham", "London"], "SE15 4TQ", 24, "open"),
    ("G85906", "Canal Bridge Health Centre", ["Canal Bridge Health Centre", "5 Towpath Way", "Peckham", "London"],
     "SE15 6AD", 18, "open"),
    ("G85907", "Surrey Quays Harbour Surgery", ["17 Harbour Walk", "Rotherhithe", "London"], "SE16 7LS", 20, "open"),
    ("G85908", "Goose Green Fields Practice", ["2 Fields Parade", "East Dulwich", "London"], "SE22 8EA", 16, "open"),
    ("G85909", "Rotherhithe Wharf Medical Centre", ["Rotherhithe Wharf Medical Centre", "60 Wharfside", "London"],
     "SE16 4BN", 22, "open"),
    ("G85910", "Burgess Park Lane Surgery", ["9 Park Lane Mews", "Walworth", "London"], "SE17 2AW", 16, "open"),
    ("G85911", "Tannery Court Surgery", ["1 Tannery Court", "Bermondsey", "London"], "SE1 3AH", 24, "of-concern"),
    ("G85912", "Leathermarket Walk Medical Centre", ["22 Leathermarket Walk", "London"], "SE1 5AJ", 12, "closing"),
]
OPEN = [p[0] for p in PRACTICES if p[5] == "open"]
OF_CONCERN = [p[0] for p in PRACTICES if p[5] == "of-concern"][0]
CLOSING = [p[0] for p in PRACTICES if p[5] == "closing"][0]
EMAILS = {"G85901": "tabardrow.practice@nhs.net", "G85902": "maltingswharf.practice@nhs.net",
          "G85903": "walworthcommunity.practice@nhs.net", "G85904": "lyndhurstterrace.practice@nhs.net",
          "G85905": "ryegardens.practice@nhs.net", "G85906": "canalbridge.practice@nhs.net",
          "G85907": "harbourwalk.practice@nhs.net", "G85908": "goosegreenfields.practice@nhs.net",
          "G85909": "rotherhithewharf.practice@nhs.net", "G85910": "burgessparklane.practice@nhs.net",
          "G85911": "tannerycourt.practice@nhs.net", "G85912": "leathermarketwalk.practice@nhs.net"}

practice_rows = []
for ods, name, lines, pc, cap, status in PRACTICES:
    lat, lon = add_centroid(pc)
    district_pools.setdefault(pc.split(" ")[0], [])
    phone = f"020 7{rng.randint(100, 999)} {rng.randint(0, 9999):04d}"
    padded = (lines + ["", "", "", ""])[:4]
    practice_rows.append([ods, name, *padded, pc, phone, EMAILS[ods], str(cap), status,
                          f"{lat:.6f}", f"{lon:.6f}"])
add_centroid(CLOSING_PRACTICE_POSTCODE)
PRACTICE_LOCATION = {p[0]: centroids[p[3]] for p in PRACTICES}


def near_open(postcode, n=1):
    """The n open practices roughly nearest a (normalised) postcode: removed_from and
    allocated_practice are filled in with practices near the patient, so that they matter."""
    def flat(lat_lon):  # degrees, longitude shrunk to the length of a degree of latitude
        return lat_lon[0], lat_lon[1] * math.cos(math.radians(51.5))
    here = flat(centroids[postcode])
    return sorted(OPEN, key=lambda o: (math.dist(here, flat(PRACTICE_LOCATION[o])), o))[:n]


# ----------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------

def person(culture, sex, dob, lines, postcode, family=None, married=False, avoid=(), **extra):
    given = given_name(culture, sex)
    while given in avoid:
        given = given_name(culture, sex)
    p = {
        "culture": culture, "sex": sex, "dob": dob, "lines": lines, "postcode": postcode,
        "nhs": new_nhs(), "title": title_for(sex, dob, married),
        "given": given, "family": family or family_name(culture, sex, married=married),
        "last_seen": recent_last_seen(dob), "language": "", "format": "", "vulnerable": "",
        "status": "", "removed_from": "", "allocated": "", "case": "normal", "household": None,
        "bad": None,
    }
    p.update(extra)
    return p


people = []

# --- Households: 25 of 2–5 people at one address ------------------------------------------
HOUSEHOLD_SIZES = [2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 2, 3, 4]
for h, size in enumerate(HOUSEHOLD_SIZES):
    culture = pick_culture()
    district = pick_in_area_district()
    lines, pc = make_address(district)
    base = rng.choice(CULTURES[culture][2])
    members = []
    kind = "elderly" if size == 2 and h % 3 == 0 else "family"
    if kind == "elderly":  # an older couple
        dob1 = dob_for_age(66, 88)
        members.append(person(culture, "M", dob1, lines, pc, family_name(culture, "M", base), married=True))
        members.append(person(culture, "F", dob_for_age(64, 86), lines, pc, family_name(culture, "F", base),
                              married=True, avoid=[members[0]["given"]]))
    else:
        mother_dob = dob_for_age(29, 48)
        father_dob = mother_dob - dt.timedelta(days=rng.randint(-700, 2500))
        two_parents = size >= 3 and rng.random() < 0.8 or size == 2 and rng.random() < 0.5
        mother_family = family_name(culture, "F", base)
        if culture == "bangladeshi" and rng.random() < 0.6:
            mother_family = "Begum"
        members.append(person(culture, "F", mother_dob, lines, pc, mother_family, married=two_parents))
        if two_parents:
            members.append(person(culture, "M", father_dob, lines, pc, family_name(culture, "M", base),
                                  married=True, avoid=[members[0]["given"]]))
        while len(members) < size:
            # children born when the mother was 20–44; most under 16 at closure
            lo = mother_dob + dt.timedelta(days=365 * 20)
            hi = min(mother_dob + dt.timedelta(days=365 * 44), dt.date(2026, 6, 30))
            child_dob = random_date(lo, hi)
            sex = rng.choice("MF")
            members.append(person(culture, sex, child_dob, lines, pc,
                                  family_name(culture, sex, base, married=False),
                                  avoid=[m["given"] for m in members]))
    for m in members:
        m["household"] = h + 1
        m["last_seen"] = recent_last_seen(m["dob"])
    people.extend(members)

# Household edge cases (valid rows).
hh = [p for p in people if p["household"] == 4]
hh[1]["lines_written"] = [l.upper().replace(" ", "  ") if i == 0 else l.lower()
                          for i, l in enumerate(hh[1]["lines"])]
hh[1]["postcode_written"] = hh[1]["postcode"].replace(" ", "").lower()
hh[1]["case"] = "household-written-differently"
# Two household members not seen for 5 years (2b while the rest of the family is 2a).
for hid in (7, 15):
    m = [p for p in people if p["household"] == hid][-1]
    m["last_seen"] = old_last_seen(m["dob"])
    m["case"] = "not-seen"
# Two vulnerable household members; one member removed from a near open practice before.
for hid in (2, 11):
    [p for p in people if p["household"] == hid][0]["vulnerable"] = "Y"
m = [p for p in people if p["household"] == 9][0]
m["removed_from"] = near_open(m["postcode"])[0]
m["case"] = "removed-from"

# --- Single-person addresses -----------------------------------------------------------------
TOTAL = 300
SINGLE_CASES = (
    ["out-of-area"] * 18 + ["out-of-area-manchester"] + ["out-of-area-vulnerable"] + ["bfpo"]
    + ["deceased"] * 6 + ["registered-elsewhere"] * 6
    + ["not-seen-empty"] * 9 + ["not-seen-old"] * 16 + ["not-seen-cutoff-minus-1"]
    + ["not-seen-vulnerable"] * 4 + ["seen-on-cutoff"]
    + ["vulnerable"] * 8 + ["removed-from"] * 6 + ["removed-from-two"]
    + ["preset-open"] * 4 + ["preset-of-concern"] + ["long-name"] + ["zoe"] + ["lukasz"] + ["stefan"]
    + ["bad:" + b for b in ["bad-check-digit", "nine-digits", "duplicate-nhs", "dob-future",
                            "last-seen-future", "formula-injection", "nfa", "bad-postcode",
                            "empty-line-1", "unknown-allocation"]]
)
SINGLE_CASES += ["normal"] * (TOTAL - len(people) - len(SINGLE_CASES))

for case in SINGLE_CASES:
    culture = pick_culture()
    sex = rng.choice("MF")
    dob = dob_for_age(18, 94)
    if case.startswith("out-of-area") or case == "bfpo":
        district = "M1" if case == "out-of-area-manchester" else rng.choice(OUT_OF_AREA)
    else:
        district = pick_in_area_district()
    if case == "long-name":
        lines, pc = make_address(district, "block_estate")
    else:
        lines, pc = make_address(district)
    p = person(culture, sex, dob, lines, pc, case=case)
    if case == "out-of-area-vulnerable":
        p["vulnerable"] = "Y"
    elif case == "bfpo":
        p["lines"], p["postcode"] = ["Unit 1234"], "BFPO 801"
        p["dob"] = dob_for_age(20, 40)
        p["title"] = title_for(sex, p["dob"])
    elif case == "deceased":
        p["status"] = "deceased"
        p["dob"] = dob_for_age(70, 98)
        p["title"] = title_for(sex, p["dob"])
    elif case == "registered-elsewhere":
        p["status"] = "registered-elsewhere"
    elif case == "not-seen-empty":
        p["last_seen"] = None
    elif case == "not-seen-old":
        p["last_seen"] = old_last_seen(p["dob"])
    elif case == "not-seen-cutoff-minus-1":
        p["last_seen"] = FIVE_YEARS_BEFORE - dt.timedelta(days=1)
    elif case == "seen-on-cutoff":
        p["last_seen"] = FIVE_YEARS_BEFORE
    elif case == "not-seen-vulnerable":
        p["vulnerable"] = "Y"
        p["last_seen"] = None if rng.random() < 0.5 else old_last_seen(p["dob"])
    elif case == "vulnerable":
        p["vulnerable"] = "Y"
    elif case == "removed-from":
        p["removed_from"] = near_open(pc)[0]
    elif case == "removed-from-two":
        p["removed_from"] = ";".join(near_open(pc, 2))
    elif case == "preset-open":
        p["allocated"] = near_open(pc, 3)[rng.randint(0, 2)]
    elif case == "preset-of-concern":
        p["allocated"] = OF_CONCERN
    elif case == "long-name":
        p.update(sex="F", culture="english", title="Mrs", given="Harriet-Rose",
                 family="Montgomery-Fotheringham-Oyelaran-Wickramasinghe", dob=dt.date(1958, 3, 14))
    elif case == "zoe":
        p.update(sex="F", culture="irish", title="Miss", given="Zoë", family="O'Connor",
                 dob=dt.date(1999, 12, 31))
    elif case == "lukasz":
        p.update(sex="M", culture="polish", title="Mr", given="Łukasz", family="Wiśniewski",
                 dob=dt.date(1987, 2, 28))
    elif case == "stefan":
        p.update(sex="M", culture="romanian", title="Mr", given="Ştefan", family="Ionescu",
                 dob=dt.date(1976, 7, 4))
    if case.startswith("bad:"):
        p["bad"] = case[4:]
    people.append(p)

# Languages (~30, every listed tag at least once) and large print (6, the oldest-ish people).
ALL_TAGS = ["pl", "pl-PL", "ro", "es", "pt", "pt-BR", "fr", "tr", "lt", "so", "ar", "ur", "bn", "gu",
            "pa", "ta", "zh", "zh-Hans"]
eligible = [p for p in people if CULTURES[p["culture"]][3] and p["bad"] is None and age_on(p["dob"]) >= 16]
for tag in ALL_TAGS:
    candidates = [p for p in eligible if tag in CULTURES[p["culture"]][3] and not p["language"]]
    rng.choice(candidates)["language"] = tag
while sum(1 for p in people if p["language"]) < 30:
    p = rng.choice(eligible)
    if not p["language"]:
        p["language"] = rng.choice(CULTURES[p["culture"]][3])
olds = [p for p in people if age_on(p["dob"]) >= 70 and p["bad"] is None and not p["status"]]
for p in rng.sample(olds, 6):
    p["format"] = "large-print"
for p in rng.sample([p for p in people if not p["format"]], 20):
    p["format"] = "standard"
for p in rng.sample([p for p in people if not p["vulnerable"]], 10):
    p["vulnerable"] = "N"

# Row order: a practice export, roughly shuffled.
rng.shuffle(people)

# Apply the bad rows (after shuffling, so the duplicate can copy an earlier valid row).
for p in people:
    bad = p["bad"]
    if bad == "bad-check-digit":
        p["nhs_written"] = p["nhs"][:9] + str((int(p["nhs"][9]) + 3) % 10)
    elif bad == "nine-digits":
        p["nhs_written"] = p["nhs"][:9]
    elif bad == "duplicate-nhs":
        idx = people.index(p)
        earlier = [q for q in people[:idx] if q["bad"] is None and q["case"] == "normal"
                   and not q["household"] and not q["vulnerable"] == "Y"]
        p["nhs_written"] = rng.choice(earlier)["nhs"]
    elif bad == "dob-future":
        p["dob"] = dt.date(2027, 3, 12)
        p["last_seen"] = None  # so the only problem is the date of birth
    elif bad == "last-seen-future":
        p["last_seen"] = dt.date(2026, 10, 14)
    elif bad == "formula-injection":
        p["lines"] = ['=HYPERLINK("x")'] + p["lines"][1:]
    elif bad == "nfa":
        p["lines"], p["postcode"] = ["NFA"], CLOSING_PRACTICE_POSTCODE
    elif bad == "bad-postcode":
        p["postcode"] = "XX1 1XX"
    elif bad == "empty-line-1":
        p["lines"] = [""] + (p["lines"][1:] if len(p["lines"]) >= 3 else [p["lines"][0].split(" ", 1)[1], "London"])
    elif bad == "unknown-allocation":
        p["allocated"] = "Z99999"

def mobile(i):
    """Every third patient has a mobile for the text messages with letters 1 and 2, written
    the ways people write them; all in Ofcom's drama range (07700 900000-900999). Drawn from
    the row's index, not the generator, so the other columns stay as they were."""
    if i % 3:
        return ""
    n = i % 1000
    return [f"07700 900{n:03d}", f"+44 7700 900{n:03d}", f"07700-900-{n:03d}", f"447700900{n:03d}"][i % 4]


patient_rows = []
for i, p in enumerate(people):
    nhs = p.get("nhs_written", p["nhs"])
    if len(nhs) == 10 and rng.random() < 0.25:
        nhs = spaced(nhs)
    lines = p.get("lines_written", p["lines"])
    postcode = p.get("postcode_written")
    if postcode is None:
        postcode = p["postcode"] if p["bad"] or p["case"] == "bfpo" else messy_postcode(p["postcode"])
    patient_rows.append([
        nhs, p["title"], p["given"], p["family"], fmt_date(p["dob"]),
        *(lines + [""] * 5)[:5], postcode, fmt_date(p["last_seen"]), p["language"], p["format"],
        p["vulnerable"], p["status"], p["removed_from"], p["allocated"], mobile(i),
    ])

# ----------------------------------------------------------------------------------------
# Write the files
# ----------------------------------------------------------------------------------------

CLOSURE_TOML = f'''# Synthetic sample closure for `dispersal`. Everything in this folder is invented:
# the practices, the patients (NHS numbers from the 999 test range) and the postcode
# centroids. Regenerate with `python3 sample/generate.py`.

[closing_practice]
ods_code = "G85999"
name = "Riverside Medical Centre"
address = ["12 River Street", "London", "{CLOSING_PRACTICE_POSTCODE}"]
closure_date = 2026-09-30

[commissioner]
name = "NHS South East London Integrated Care Board"
team = "Primary Care Commissioning Team (Southwark)"
address = ["160 Tooley Street", "London", "SE1 2TZ"]
phone = "020 3049 0000"
email = "selicb.primarycare@nhs.net"
signatory = "Imogen Fairweather-Adeyemi"
signatory_role = "Head of Primary Care, Southwark"

[area]
name = "Southwark"
postcode_districts = {AREA_DISTRICTS!r}

[letters]
date = 2026-11-24
postage = "second"
qr_url = "https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/"

[inputs]
patients = "patients.csv"
practices = "practices.csv"
'''.replace("'", '"')


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


with open(os.path.join(HERE, "closure.toml"), "w", encoding="utf-8") as f:
    f.write(CLOSURE_TOML)
write_csv("practices.csv", PRACTICE_HEADER, practice_rows)
write_csv("patients.csv", PATIENT_HEADER, patient_rows)
# Centroids for every postcode actually written (the closing practice's too); not BFPO or XX.
used_postcodes = {p["postcode"] for p in people} | {r[6] for r in practice_rows}
used_postcodes.add(CLOSING_PRACTICE_POSTCODE)
write_csv("postcodes.csv", POSTCODE_HEADER,
          [[pc, f"{centroids[pc][0]:.6f}", f"{centroids[pc][1]:.6f}"]
           for pc in sorted(used_postcodes) if pc in centroids])

print(f"wrote closure.toml, practices.csv ({len(practice_rows)} rows), "
      f"patients.csv ({len(patient_rows)} rows), postcodes.csv ({len(used_postcodes & set(centroids))} rows)")
