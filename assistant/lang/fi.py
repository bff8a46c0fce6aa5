"""Finnish: the cue-pattern fragments, word lists and answer templates of the question engine."""

from __future__ import annotations

# see assistant.lang.en: one fragment per cue, %(slot)s standing for that slot's words in every language
CUES: dict[str, str] = {
    # a role asked for by its place between two others ("kuka on AE:iden ja myyntipäällikön välissä?")
    "between": r"\b(välissä|välis|välillä|väliin)\b",
    # a place in the ranked hierarchy rather than a manager: "kuka on BDR:n yläpuolella?", "heti AE:iden alapuolella"
    "position": r"\b(yläpuole\w*|alapuole\w*|ylempä\w*|alempa\w*)\b",
    "hierarchy": r"\b(hierarki\w*|arvojärjesty\w*|organisaatiokaavio\w*)\b",
    "rank_choice": r"\b(ylempä\w*|ylimp\w*|ylin|huipul\w*|korkeam\w*|alempa\w*|alimp\w*|alin|yläpuole\w*|alapuole\w*|hierarki\w*)\b",
    "rank_down": r"\b(alempa\w*|alimp\w*|alin|alapuole\w*)\b",
    # ... a postposition after the role's genitive ("kuka on VP:n alapuolella?")
    "place_above": r"\bROLE:n\s+(heti\s+|suoraan\s+)?(yläpuole\w*|yllä)\b",
    "place_below": r"\bROLE:n\s+(heti\s+|suoraan\s+)?(alapuole\w*|alla|alaisuude\w*|alaise\w*)\b",
    "compare": r"\b(ero\w*|vertail\w*|verrattuna|erottaa|eroaa)\b|\bsama(\s+\w+)?\s+(kuin|ku)\b|\beri (tavalla|lailla|tavoin)\b|\btoisin\b|\b(mitä|jota|mikä) ROLE(:\w+)? ei\b",
    # "kumpi ..., SDR vai BDR?": the answer is one of the roles offered
    "choice": (
        r"\b(kumpi|kumman|kummalle|kummalla|kummasta)\b|\bROLE(:\w+)?\s*,?\s+(vai|tai)\s+(%(article)s)?ROLE\b"
    ),
    # "onko SDR ...", "asettaako X ...": a yes-or-no question
    "yes_no": r"^\W*((ja|no|mut|mutta)\s+)?(onko|ovatko|voiko|voivatko|\w{3,}(ko|kö))\b",
    "alternatives": r"\bvai\b(?!\s+((onko|onks) (se|joku) )?(jo\w*|muu\w*|ei|en|ROLE|se|ne|sä|mä|minä|sinä|me)\b)",
    # "tiedätkö kuka ...": a who-question inside a yes-or-no one
    "embedded_wh": (
        r"\b(tiedätkö|tiedättekö|tietääkö|osaatko|osaisitko|kerro|kertoa|muistatko)\b.*\b(%(wh)s)\b"
    ),
    # a role name as the one something goes to: "AE:ille", "myyntipäälliköille"
    "recipient_ending": r"(?<=[a-zåäö:])(lle|ille)$",
    # luovutus nimetyn roolin kannalta: mistä sen työ tulee ("mistä SDR:t saa liidinsä?", "kenen tuottamia
    # liidejä se hallinnoi?") tai kenelle se sen antaa ("kenelle se antaa pisteytetyt liidit?")
    # "kuka on CRO?": kysymys pelkästä roolista (mikä se on)
    "identity": r"^\W*kuka\s+(on\s+)?(se\s+|tää\s+|tämä\s+)?ROLE\W*(oikein|oikeen|oikeesti)?\W*(on)?\W*$",
    "handoff_from": (
        r"\b(mistä|keneltä)\b[^?.]*\b(saa\w*|tule\w*)\b|\bkenen (tuottam|generoim|hankkim|löytäm|tekem)\w*"
        r"|\b(saa|saavat|ottaa vastaan)\b[^?.]*:i?lt[aä]\b"
    ),
    "handoff_to": r"\bke(ne)?lle\b[^?.]*\b(anta\w*|siirt\w*|passa\w*|luovutta\w*|ohjaa\w*|lähettä\w*|välittä\w*)",
    # ... ja ilman roolia, minne jokin menee ("kenelle ne liidit menee siitä eteenpäin?")
    "handoff_goes": r"\bke(ne)?lle\b[^?.]*\b(mene\w*|menn\w*|siirty\w*|päätyy|päätyvät|annetaan|siirretään|välitetään|ohjataan)\b",
    # rooli, jolta työ tulee ("kuka saa liidit SDR:ltä?"): kysymys kysyy, kenelle se menee
    "handoff_source": r"\bROLE:?i?lt[aä]\b",
    "partner": r"\b(kenen|keiden)\s+(kanssa|kaa|kans|kera)\b|\bkenen kaa\b|\b(keitä|ketä|kenet)\s+(se\s+|ne\s+)?ROLE\b",
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
    "names_answer": r",\s*ROLE(:\w+)?\W*$|\bROLE\b[^?]*\bvai\s+((onko|onks)\s+)?(se\s+)?(joku|jonkun|jokin|kukaan|toinen|muu)\b|^\W*(kuka|ketkä)\s+(on|ovat|o)\s+([\w-]+\s+){0,2}ROLE\W*$",
    # questions that ask who, for a figure (the article gives none) or for advice on how to organise something
    "who": r"\b(kuka|kenen|kenelle|kelle|keneltä|kumpi|kumman|ketkä|keitä|mikä\s+rooli|mille\s+roolille)\b",
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
    "wh": r"kuka|ketkä|kenen|kenelle|kelle|mikä|mitkä|mitä",
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

# see assistant.lang.en: how answers name the corpus's subject and sources, in the Finnish cases the templates
# need (`domain_of`: genitive, "myynnin"; `domain_in`: inessive, "myynnissä"; `source`: nominative,
# "artikkeli", `source_of` genitive, `source_from` elative, `source_in` inessive)
WORDING: dict[str, str] = {
    "domain_of": "organisaation",
    "domain_in": "organisaatiossa",
    "source": "lähdeaineisto",
    "source_of": "lähdeaineiston",
    "source_from": "lähdeaineistosta",
    "source_in": "lähdeaineistossa",
}
PHRASES: dict[str, tuple[str, str, str]] = {}
LANGUAGE_NAMES: dict[str, str] = {"en": "englanniksi", "fi": "suomeksi"}

TEMPLATES: dict[str, str] = {
    "yes": "Kyllä. ",
    "no": "Ei. ",
    "owner": "{verdict}Tästä vastaa ensisijaisesti {primary}: {label}.",
    "owner_shared": " Vastuu jakautuu myös: {shared}.",
    "partners": "{role} tekee tämän yhdessä näiden kanssa: {partners}. Tehtävä: {label}.",
    "owner_cited": " Perustelu {source_from} alla.",
    "owner_policy": (
        " Tämä on organisaation oma linjaus ({policy}); {source_of} mukaan tästä vastaa {original}. Molemmat "
        "lähteet alla."
    ),
    "owner_policy_own": " Tämä on organisaation oma linjaus ({policy}), lähde alla.",
    "define_absent": " Organisaatiossa ei ole roolia {role} ({policy}).",
    "define": "{name}: {summary}",
    "define_duties": " Keskeiset vastuut: {duties}.",
    "compare": "Erot lyhyesti:\n{lines}",
    "compare_rank": "\n{Source_of} hierarkiassa: {rank}.",
    "compare_above": "\nRaportointisuhteissa {upper} on ylempänä kuin {lower}.",
    "reports_to": "{role} raportoi: {bosses}.",
    "reports_to_none": "{Source} ei nimeä, kenelle {role} raportoi.",
    "works_with": " {role} tekee yhteistyötä näiden kanssa: {peers}.",
    "reports_from": "Roolille {role} raportoivat: {reports}.",
    "between": "Roolien {upper} ja {lower} välissä: {middle}.",
    "rank_above": "{Source_of} hierarkiassa heti roolin {role} yläpuolella on {next}.",
    "rank_below": "{Source_of} hierarkiassa heti roolin {role} alapuolella on {next}.",
    "reports_from_none": "{Source_of} mukaan kukaan ei raportoi suoraan roolille {role}.",
    "acronym": "{acronym} tarkoittaa {expansion}.",
    "acronym_named": "{acronym} tarkoittaa {expansion} ({language} {name}).",
    # the first sentence of a refusal, by reason, then what the assistant can do instead
    "decline_title": "{Source} ei käsittele roolia {title}, joten en voi vastata siihen.",
    "decline_uncovered": "{Source} ei käsittele aihetta ”{topic}”, joten en voi vastata siihen.",
    "decline_figures": (
        "{Source_in} ei ole lukuja (henkilömääriä, suhdelukuja, kestoja tai palkkoja), joten en voi vastata "
        "siihen."
    ),
    "decline_advice": (
        "{Source} kertoo, kuka {domain_in} tekee mitäkin, mutta ei neuvo, miten asiat kannattaa järjestää."
    ),
    "decline_scope": "En löydä {source_from} vastausta tähän kysymykseen.",
    "decline_offer": (
        "Osaan kertoa {domain_of} rooleista ({names}): kuka vastaa mistäkin, mitä kukin rooli tekee, miten "
        "roolit eroavat ja kuka raportoi kenellekin."
    ),
    # what the assistant answers (help texts, the web page) and example questions made from the role data
    "about": (
        "Vastaan kysymyksiin {domain_of} rooleista ({names}) {source_of} pohjalta lähteineen: kuka vastaa "
        "mistäkin, mitä kukin rooli tekee, miten roolit eroavat ja kuka raportoi kenellekin."
    ),
    "example_owner": "kuka vastaa asiasta: {duty}?",
    "example_define": "mitä {role} tekee?",
    "example_compare": "{a} vs {b}: mikä ero?",
    "example_reports_to": "kenelle {role} raportoi?",
}


# Consonant gradation in the names of roles: a name ending in a double k, p or t and a vowel ("kokki",
# "myyntipäällikkö") takes the weak grade before most case endings ("kokilla", "kokit", "myyntipäälliköllä"), so
# an alias matches those forms too (assistant.roles). The endings are the singular cases and the plural nominative.
GRADATION = r"(?P<stem>\w*?)(?P<c>[kpt])(?P=c)(?P<v>[aeiouyäö])$"
WEAK_GRADE_ENDINGS = (
    "n",
    "t",
    "lla",
    "llä",
    "lle",
    "lta",
    "ltä",
    "ssa",
    "ssä",
    "sta",
    "stä",
    "ksi",
    "na",
    "nä",
)

# A name that ends in a consonant (an English title in Finnish chat: "tech lead", "engineering manager") takes a
# Finnish case ending after an added vowel: "tech leadilla", "managerin", "engineereille" (assistant.roles).
LOAN_ENDINGS = r"i(?:n|a|t|lla|llä|lle|lta|ltä|ssa|ssä|sta|stä|ksi|na|nä|hin)?|e(?:i(?:lle|lla|llä|lta|ltä|den|ssa|ssä|sta|stä|hin|ksi)|ja|jä|t)"


def _words(*parts: str) -> frozenset[str]:
    return frozenset(w for part in parts for w in part.split())


# Words that say nothing about what a question asks (dropped before matching)
STOP = _words(
    "kuinka paljonko montako ja on ei se ne että kuka ketkä kenen kenelle keneltä kuka mikä mitä mitkä",
    "missä miten miksi mihin minkä tai kuin myös jos kun niin sekä vai ovat olla oli ole onko onkos tämä",
    "tämän tässä nämä näiden hän he heidän häntä heitä sen niiden jotka joka jonka jota joita mutta vaan",
    "siis eli kanssa sitä siitä siihen mistä entä no nyt sitten meidän meillä minun minä sinä",
    # spoken Finnish pronouns and "do" forms
    "mä sä mun sun mulla sulla meil meiän teen teet tehdä tekemään te me yrityksessä yrityksen",
    "organisaatiossa roolin rooli vastaa vastaako hoitaa hoitaako tekee tekevät huolehtii",
)


# Words that mark a text as Finnish (language detection)
HINTS = _words(
    "kuka ketkä kenen kenelle mikä mitä mitkä miten miksi onko ja on ero eroa välillä tekee raportoi",
    "vastaa asettaa hoitaa entä hän he heidän tarkoittaa lyhenne",
)
