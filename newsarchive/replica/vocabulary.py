"""Foreign-policy vocabulary the prose generator draws from.

Places are real; people, think tanks and news outlets are invented, so generated text never
puts words in a real person's mouth. Rare words of the seed article (docs/design/decisions.md 12) are absent.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    capital: str
    region: str
    """Region slug (see sections.py)."""


COUNTRIES: tuple[Country, ...] = (
    Country("Ukraine", "Ukrainian", "Kyiv", "europe"),
    Country("Russia", "Russian", "Moscow", "europe"),
    Country("Poland", "Polish", "Warsaw", "europe"),
    Country("Germany", "German", "Berlin", "europe"),
    Country("France", "French", "Paris", "europe"),
    Country("Hungary", "Hungarian", "Budapest", "europe"),
    Country("Serbia", "Serbian", "Belgrade", "europe"),
    Country("Iceland", "Icelandic", "Reykjavík", "europe"),
    Country("Georgia", "Georgian", "Tbilisi", "europe"),
    Country("Moldova", "Moldovan", "Chișinău", "europe"),
    Country("Iran", "Iranian", "Tehran", "middle-east"),
    Country("Iraq", "Iraqi", "Baghdad", "middle-east"),
    Country("Syria", "Syrian", "Damascus", "middle-east"),
    Country("Saudi Arabia", "Saudi", "Riyadh", "middle-east"),
    Country("Israel", "Israeli", "Jerusalem", "middle-east"),
    Country("Yemen", "Yemeni", "Sanaa", "middle-east"),
    Country("Türkiye", "Turkish", "Ankara", "middle-east"),
    Country("Qatar", "Qatari", "Doha", "middle-east"),
    Country("Lebanon", "Lebanese", "Beirut", "middle-east"),
    Country("Jordan", "Jordanian", "Amman", "middle-east"),
    Country("Egypt", "Egyptian", "Cairo", "middle-east"),
    Country("China", "Chinese", "Beijing", "asia-pacific"),
    Country("Taiwan", "Taiwanese", "Taipei", "asia-pacific"),
    Country("Japan", "Japanese", "Tokyo", "asia-pacific"),
    Country("South Korea", "South Korean", "Seoul", "asia-pacific"),
    Country("North Korea", "North Korean", "Pyongyang", "asia-pacific"),
    Country("the Philippines", "Philippine", "Manila", "asia-pacific"),
    Country("Vietnam", "Vietnamese", "Hanoi", "asia-pacific"),
    Country("India", "Indian", "New Delhi", "asia-pacific"),
    Country("Pakistan", "Pakistani", "Islamabad", "asia-pacific"),
    Country("Afghanistan", "Afghan", "Kabul", "asia-pacific"),
    Country("Australia", "Australian", "Canberra", "asia-pacific"),
    Country("Sudan", "Sudanese", "Khartoum", "africa"),
    Country("Ethiopia", "Ethiopian", "Addis Ababa", "africa"),
    Country("Somalia", "Somali", "Mogadishu", "africa"),
    Country("Niger", "Nigerien", "Niamey", "africa"),
    Country("Mali", "Malian", "Bamako", "africa"),
    Country("Nigeria", "Nigerian", "Abuja", "africa"),
    Country("Kenya", "Kenyan", "Nairobi", "africa"),
    Country("Cameroon", "Cameroonian", "Yaoundé", "africa"),
    Country("Côte d’Ivoire", "Ivorian", "Yamoussoukro", "africa"),
    Country("Libya", "Libyan", "Tripoli", "africa"),
    Country("Venezuela", "Venezuelan", "Caracas", "latin-america"),
    Country("Colombia", "Colombian", "Bogotá", "latin-america"),
    Country("Brazil", "Brazilian", "Brasília", "latin-america"),
    Country("Mexico", "Mexican", "Mexico City", "north-america"),
    Country("Cuba", "Cuban", "Havana", "latin-america"),
    Country("Haiti", "Haitian", "Port-au-Prince", "latin-america"),
    Country("Paraguay", "Paraguayan", "Asunción", "latin-america"),
    Country("Peru", "Peruvian", "Lima", "latin-america"),
    Country("Canada", "Canadian", "Ottawa", "north-america"),
    Country("the United States", "American", "Washington", "north-america"),
)

INTERNATIONAL_BODIES: tuple[str, ...] = (
    "the United Nations",
    "the UN Security Council",
    "NATO",
    "the European Union",
    "the African Union",
    "ASEAN",
    "the International Monetary Fund",
    "the World Bank",
    "the International Atomic Energy Agency",
    "the Organization of American States",
    "the Gulf Cooperation Council",
    "the International Criminal Court",
    "the World Food Programme",
    "the International Committee of the Red Cross",
)

US_ACTORS: tuple[str, ...] = (
    "the State Department",
    "the Pentagon",
    "the White House",
    "Congress",
    "the Senate Foreign Relations Committee",
    "the House Armed Services Committee",
    "the Treasury Department",
    "the National Security Council",
    "U.S. Central Command",
    "U.S. Africa Command",
    "the Commerce Department",
    "the Energy Department",
)

THINK_TANKS: tuple[str, ...] = (
    "the Center for Strategic Restraint",
    "the Meridian Institute",
    "the Halvorsen Foundation",
    "the Council on Global Security",
    "the Northgate Policy Center",
    "the Atlas Peace Project",
    "the Institute for Defense Accountability",
    "the Lindqvist Forum",
    "the Bayard Center",
    "the Pacific Dialogue Initiative",
    "the Sahel Research Group",
    "the Andean Policy Lab",
)

OUTLETS: tuple[str, ...] = (
    "the Harbor Times",
    "the Capital Ledger",
    "Meridian News",
    "the Daily Dispatch",
    "the Continental Review",
    "Wirewatch",
    "the Evening Courier",
    "Global Signal",
)

OUTLET_DOMAINS: tuple[str, ...] = (
    "harbortimes.example",
    "capitalledger.example",
    "meridiannews.example",
    "dailydispatch.example",
    "continentalreview.example",
    "wirewatch.example",
)

ROLES: tuple[str, ...] = (
    "a senior fellow",
    "a research director",
    "a former diplomat",
    "a nonresident fellow",
    "a retired Army colonel",
    "a professor of international relations",
    "a program director",
    "a former intelligence analyst",
    "a budget analyst",
    "a former Senate staffer",
)

# topic: (noun phrase, slug words, headline phrase, tag slugs)
TOPICS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("arms sales", "arms-sales", "Arms sales", ("arms-sales", "weapons")),
    ("sanctions", "sanctions", "Sanctions", ("sanctions",)),
    ("ceasefire talks", "ceasefire", "Ceasefire talks", ("ceasefire", "diplomacy")),
    (
        "nuclear diplomacy",
        "nuclear-talks",
        "Nuclear diplomacy",
        ("nuclear-weapons", "diplomacy"),
    ),
    (
        "the defense budget",
        "pentagon-budget",
        "The defense budget",
        ("pentagon", "defense-budget"),
    ),
    ("military aid", "military-aid", "Military aid", ("military-aid",)),
    ("drone strikes", "drone-strikes", "Drone strikes", ("drones", "counterterrorism")),
    ("troop deployments", "troops", "Troop deployments", ("us-military",)),
    ("trade talks", "trade", "Trade talks", ("trade",)),
    (
        "humanitarian aid",
        "humanitarian-aid",
        "Humanitarian aid",
        ("humanitarian-crisis",),
    ),
    ("refugee flows", "refugees", "Refugee flows", ("refugees", "migration")),
    ("energy security", "energy", "Energy security", ("energy", "oil")),
    ("grain exports", "grain", "Grain exports", ("food-security",)),
    ("border disputes", "border-dispute", "Border disputes", ("territorial-disputes",)),
    (
        "peacekeeping missions",
        "peacekeeping",
        "Peacekeeping",
        ("peacekeeping", "united-nations"),
    ),
    ("debt relief", "debt", "Debt relief", ("debt", "global-south")),
    (
        "a naval buildup",
        "naval-buildup",
        "A naval buildup",
        ("navy", "maritime-security"),
    ),
    ("base access", "bases", "Base access", ("military-bases",)),
    (
        "counterterrorism operations",
        "counterterrorism",
        "Counterterrorism",
        ("counterterrorism",),
    ),
    ("export controls", "export-controls", "Export controls", ("technology", "trade")),
    (
        "an arms control treaty",
        "arms-control",
        "Arms control",
        ("arms-control", "nuclear-weapons"),
    ),
    ("the war powers debate", "war-powers", "War powers", ("war-powers", "congress")),
    ("foreign lobbying", "lobbying", "Foreign lobbying", ("lobbying", "think-tanks")),
    ("prisoner exchanges", "prisoner-swap", "Prisoner exchanges", ("diplomacy",)),
    ("climate security", "climate", "Climate security", ("climate-change",)),
    (
        "election monitoring",
        "elections",
        "Election monitoring",
        ("elections", "democracy"),
    ),
)

ADJECTIVES: tuple[str, ...] = (
    "quiet",
    "risky",
    "belated",
    "costly",
    "fragile",
    "stubborn",
    "surprising",
    "dangerous",
    "hidden",
    "shaky",
    "bold",
    "long-delayed",
    "misguided",
    "pragmatic",
    "narrow",
)

VERBS_PAST: tuple[str, ...] = (
    "announced",
    "signaled",
    "rejected",
    "welcomed",
    "questioned",
    "postponed",
    "endorsed",
    "criticized",
    "expanded",
    "suspended",
    "proposed",
    "defended",
    "scaled back",
    "renewed",
)

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
