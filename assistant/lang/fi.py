"""Finnish: the cue-pattern fragments, word lists and answer templates of the question engine."""

from __future__ import annotations

# see assistant.lang.en: one fragment per cue, %(slot)s standing for that slot's words in every language
CUES: dict[str, str] = {
    "compare": r"\b(ero\w*|vertail\w*|verrattuna|erottaa|eroaa)\b|\bsama(\s+\w+)?\s+(kuin|ku)\b",
    # "kumpi ..., SDR vai BDR?": the answer is one of the roles offered
    "choice": (
        r"\b(kumpi|kumman|kummalle|kummalla|kummasta)\b|\bROLE(:\w+)?\s*,?\s+(vai|tai)\s+(%(article)s)?ROLE\b"
    ),
    # "onko SDR ...", "asettaako X ...": a yes-or-no question
    "yes_no": r"^\W*(onko|ovatko|voiko|voivatko|\w{3,}(ko|kö))\b",
    # "tiedätkö kuka ...": a who-question inside a yes-or-no one
    "embedded_wh": (
        r"\b(tiedätkö|tiedättekö|tietääkö|osaatko|osaisitko|kerro|kertoa|muistatko)\b.*\b(%(wh)s)\b"
    ),
    # a role name as the one something goes to: "AE:ille", "myyntipäälliköille"
    "recipient_ending": r"(?<=[a-zåäö:])(lle|ille)$",
    # a question about a whole process, from its first step to its last, and a duty whose label spans one
    "span": (
        r"\bkoko\b[^?]*\b(siitä|alusta|ensimmäisestä|ekasta)\b[^?]*\b(siihen|loppuun|asti|saakka)\b"
        r"|\balusta loppuun\b"
    ),
    "span_label": r"\bkoko\b.*\w+sta\b.*\w+seen\b",
    # "myyntijohtaja eli CSO": two names of one role
    "apposition": r"^\s*,?\s*(eli|elikkä|elikä|ts\.|toisin sanoen)\s*,?\s*(%(article)s)?$",
    # "ei oo CSO:ta eikä CRO:ta": a role named as absent
    "negated": r"(\bei\s+(ole|oo|ol)\w*|\beikä|\bilman)\s+(%(determiner)s)?$",
    "negated_after": r"^(:\w+)?\s*(ei\s+(ole|oo)|puuttuu)\b",
    "list_join": r"^\s*(,|tai|eikä|ja)\s*(%(article)s)?$",
    # a Finnish case ending on a role name ("CSO:lle", "myyntipäällikölle"), kept when the name is masked
    "case_ending": r":(\w+)$|(?<=[a-zåäö])(lle|lta|ltä|lla|llä)$",
    # questions that ask who, for a figure (the article gives none) or for advice on how to organise something
    "who": r"\b(kuka|kenen|kenelle|keneltä|kumpi|kumman|ketkä|keitä|mikä\s+rooli|mille\s+roolille)\b",
    "figure": (
        r"\bmontako\b|\bkuinka\s+(monta|paljon|kauan|usein)\b|\bpaljonko\b|\bkauanko\b|\bmissä\s+ajassa\b"
        r"|%%|\bprosent\w*"
    ),
    "advice": (
        r"^\W*(%(how)s)\b.*\b(kannattaa|kannattais\w*|pitäisi|pitäis|paras|parhaiten|voin|voimme|voidaan)\b"
    ),
    # titles of roles the article does not cover: "-johtaja" and other title compounds ("HR-johtaja")
    "title_compound": r"\b(\w+?-?)(johtaj|päällik|vastaav|asiantuntij|koordinaattor)\w*",
}

# the words a slot stands for in this language
SLOTS: dict[str, str] = {
    "determiner": r"yhtään\s+",
    "wh": r"kuka|ketkä|kenen|kenelle|mikä|mitkä",
    "how": r"miten|kuinka",
}

# words that say nothing about which duty is meant
GENERIC = frozenset(
    [
        "yleensä",
        "tyypillisesti",
        "oikeastaan",
        "meillä",
        "meidän",
        "hoitaa",
        "huolehtii",
        "huolehtivat",
        "hoitavat",
        "hoitamisen",
        "hoitaminen",
        "käsittelee",
        "käsittelevät",
        "käsitellä",
        "käsittelyn",
        "käsittely",
        "tekemisen",
        "tekeminen",
        "tekemistä",
        "pyörittää",
        "pyörittämisen",
        "ihmiset",
        "joku",
        "asiat",
    ]
)
# words of a question about what a role does, not about a duty
DEFINE_WORDS = frozenset(
    [
        "tehtävät",
        "päätehtävät",
        "arki",
        "työ",
        "työnkuva",
        "rooli",
        "keskeiset",
        "pääasialliset",
        # filler around "mitä X tekee": "pähkinänkuoressa", "selkokielellä", "lyhyesti"
        "lyhyesti",
        "pähkinänkuoressa",
        "käytännössä",
        "selkokielellä",
        # words about the request itself: "kerro parilla lauseella", "tiivistettynä"
        "kerro",
        "kertoa",
        "kertoisitko",
        "kuvaile",
        "kuvaus",
        "tiivistä",
        "tiivistettynä",
        "parilla",
        "lauseella",
        "yleiskuva",
        "homma",
        "hommat",
        "hommia",
        "duuni",
        "duunit",
        "duunia",
        # applying for the job: "haen BDR-paikkaa, millaista se työ on?"
        "haen",
        "hakemassa",
        "paikka",
        "paikkaa",
        "paikan",
        "työpaikka",
        "työpaikkaa",
        "millaista",
    ]
)

# how a list of names is joined: (between names, before the last one)
LISTS: dict[str, tuple[str, str]] = {
    "and": (", ", " ja "),
    "or": (", ", ", "),
}

TEMPLATES: dict[str, str] = {
    "yes": "Kyllä. ",
    "no": "Ei. ",
    "owner": "{verdict}Tästä vastaa ensisijaisesti {primary}: {label}.",
    "owner_shared": " Vastuu jakautuu myös: {shared}.",
    "owner_cited": " Perustelu artikkelista alla.",
    "define": "{name}: {summary}",
    "define_duties": " Keskeiset vastuut: {duties}.",
    "compare": "Erot lyhyesti:\n{lines}\nArtikkelin hierarkiassa: {rank}.",
    "reports_to": "{role} raportoi: {bosses}.",
    "reports_to_none": "Artikkeli ei nimeä, kenelle {role} raportoi.",
    "reports_from": "Roolille {role} raportoivat: {reports}.",
    "reports_from_none": "Artikkelin mukaan kukaan ei raportoi suoraan roolille {role}.",
    "acronym": "{acronym} tarkoittaa {expansion} (suomeksi {name_fi}).",
    # the first sentence of a refusal, by reason, then what the assistant can do instead
    "decline_title": "Artikkeli ei käsittele roolia {title}, joten en voi vastata siihen.",
    "decline_uncovered": "Artikkeli ei käsittele aihetta ”{topic}”, joten en voi vastata siihen.",
    "decline_figures": (
        "Artikkelissa ei ole lukuja (henkilömääriä, suhdelukuja, kestoja tai palkkoja), joten en voi vastata "
        "siihen."
    ),
    "decline_advice": (
        "Artikkeli kertoo, kuka myynnissä tekee mitäkin, mutta ei neuvo, miten asiat kannattaa järjestää."
    ),
    "decline_scope": "En löydä artikkelista vastausta tähän kysymykseen.",
    "decline_offer": (
        "Osaan kertoa myynnin rooleista ({names}): kuka vastaa mistäkin, mitä kukin rooli tekee, miten roolit "
        "eroavat ja kuka raportoi kenellekin."
    ),
}
