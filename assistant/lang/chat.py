"""Chat fillers per language: words people put around a question in Slack or chat that say nothing about it.

Leading fillers are removed only at the start of a message, trailing ones only at its end, so a filler word
inside the question is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

LEADING = {
    "en": [
        "lol",
        "haha",
        "hey",
        "hi",
        "hello",
        "hiya",
        "yo",
        "sup",
        "morning",
        "good morning",
        "ok",
        "okay",
        "ok so",
        "so",
        "um",
        "hmm",
        "quick q",
        "quick question",
        "quick one",
        "question",
        "q",
        "random q",
        "dumb question",
        "stupid question",
        "sorry",
        "sorry if this is obvious",
        "pls",
        "please",
        "anyone know",
        "does anyone know",
        "folks",
        "everyone",
        "guys",
        "bot",
        # acknowledging the last answer before the next question ("thx. and the SDR?")
        "thx",
        "thanks",
        "thank you",
        "ty",
        "cool",
        "great",
        "nice",
        "got it",
        "gotcha",
        "alright",
        "ah",
        "ahh",
        "aha",
        "i see",
        # changing the subject: the question after it stands on its own
        "btw",
        "by the way",
        "anyway",
        "anyways",
        "also",
        "another thing",
        "another question",
        "one more thing",
        "one more question",
        "different question",
        "new question",
        "unrelated",
        "unrelated but",
        "unrelated question",
        "different topic",
        "change of topic",
        "changing topics",
        "changing the subject",
        "switching gears",
        "on another note",
    ],
    "fi": [
        "hei",
        "heippa",
        "moi",
        "moikka",
        "moro",
        "morjens",
        "terve",
        "huomenta",
        "noh",
        "okei",
        "ok",
        "joo",
        "niin",
        "äh",
        "kysymys",
        "nopea kysymys",
        "pikakysymys",
        "tyhmä kysymys",
        "sori",
        "sorry",
        "anteeks",
        "anteeksi",
        "tietääkö joku",
        "tietääks joku",
        "hei kaikki",
        # kuittaus edelliseen vastaukseen ("kiitti. entä SDR?")
        "kiitos",
        "kiitti",
        "kiitos paljon",
        "selvä",
        "selvä juttu",
        "aha",
        "ahaa",
        "jees",
        "jep",
        "ok kiitti",
        # aiheen vaihto: sen jälkeinen kysymys on oma kysymyksensä
        "btw",
        "muuten",
        "toinen juttu",
        "toinen kysymys",
        "eri juttu",
        "eri asia",
        "ihan eri asia",
        "ihan eri juttu",
        "eri aihe",
        "uusi kysymys",
        "uus kysymys",
        "vaihdetaan aihetta",
        "aiheesta toiseen",
        "vielä yks juttu",
        "vielä yksi juttu",
        "yks juttu vielä",
    ],
}

TRAILING = {
    "en": ["thanks", "thx", "ty", "thank you", "cheers", "pls", "please", "lol", "haha", "asap"],
    "fi": [
        "kiitos",
        "kiitti",
        "kiitti etukäteen",
        "kiitos etukäteen",
        "kiitoksia",
        "pliis",
        "plz",
        "heh",
        "hehe",
    ],
}


# Going back to a role talked about before, then the question about it: "back to the team lead, do they recruit
# too?" is "do the team lead recruit too?" (the one group: the words for the role; a trailing "thing" is no part of them)
RETURN = {
    "en": [
        r"^back to (.+?)(?: (?:thing|stuff|question|topic|bit))?\s*(?:,|—|–|-|:)\s*(?=\S)",
    ],
    "fi": [
        r"^(?:palataan|takaisin|takas) (?:vielä |viel )?(.+?)(?: (?:juttuun|asiaan|aiheeseen))?\s*(?:,|—|–|-|:)\s*(?=\S)",
    ],
}
# ... back to the subject itself, no role: the question after it leans on the conversation as it is
RETURN_TO_SUBJECT = {
    "en": ["it", "that", "the topic", "the question", "the subject", "business", "where we were"],
    "fi": ["asiaan", "aiheeseen", "juttuun", "siihen", "itse asiaan", "alkuperäiseen"],
}


# Chat shorthand written out, per language: whole words only, any case ("ppl" -> "people", "whats the diff").
SHORTHAND = {
    "en": {
        "ppl": "people",
        "u": "you",
        "ur": "your",
        "w": "with",
        "w/": "with",
        "w/o": "without",
        "abt": "about",
        "bc": "because",
        "cuz": "because",
        "smth": "something",
        "sth": "something",
        "btwn": "between",
        "b/w": "between",
        "mgmt": "management",
        "biz": "business",
        "rn": "right now",
        "tmrw": "tomorrow",
        "msg": "message",
    },
    "fi": {
        "esim": "esimerkiksi",
        "yms": "ynnä muuta",
    },
}


def union(patterns: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """Every language's pattern fragments as one case-insensitive pattern (languages in sorted order)."""
    return re.compile("|".join(f"(?:{p})" for lang in sorted(patterns) for p in patterns[lang]), re.I)


def dialogue_cue(*names: str) -> re.Pattern[str]:
    """The cues ``names`` of DIALOGUE in every language, as one pattern ("pronoun", "first" ...)."""
    return union({lang: [p for name in names for p in cues.get(name, ())] for lang, cues in DIALOGUE.items()})


def dialogue_words(name: str) -> frozenset[str]:
    """Every language's word list ``name`` of DIALOGUE (the lists of words, not of patterns: "determiners" ...)."""
    return frozenset(w for cues in DIALOGUE.values() for w in cues.get(name, ()))


def shorthand() -> dict[str, str]:
    """Every language's shorthand, one map (a word is shorthand in at most one language)."""
    return {k: v for lang in sorted(SHORTHAND) for k, v in SHORTHAND[lang].items()}


def chat_fillers() -> tuple[list[str], list[str]]:
    """(leading, trailing) fillers of every language, sorted so the result never depends on dict order."""
    lead = sorted({w for words in LEADING.values() for w in words})
    tail = sorted({w for words in TRAILING.values() for w in words})
    return lead, tail


# words after "the first" / "the second" that make it the ordinal of something other than a role named before
_NOT_ROLES = "|".join(
    [
        "place", "time", "times", "step", "steps", "thing", "things", "few", "half", "quarter", "year", "month",
        "week", "day", "days", "contact", "call", "calls", "meeting", "meetings", "line", "level", "impression",
        "touch", "touchpoint", "lead", "leads", "deal", "deals", "hire", "hires", "sale", "sales", "round", "stage",
    ]
)  # fmt: skip

# How a message leans on the conversation before it. Each entry is a list of regex fragments.
DIALOGUE = {
    "en": {
        # a person or role named earlier: "what does she do", "who do they report to"
        "pronoun": [
            r"\b(they|them|their|theirs|he|him|his|she|her|hers|that person|this person|that role|this role|same role|that guy|that one|this one|that (title|position|job)|this (title|position|job))\b"
        ],
        # the speaker: "who do I report to", "what am I supposed to do"
        "self": [r"\b(i|me|my|mine|i'm|im)\b"],
        "else": [
            r"\bwhat else\b|\banything else\b|\bother (duties|tasks|responsibilities|things)\b|\bbesides\b|\bapart from\b|\belse\b"
        ],
        "other": [r"\b(the )?other (one|role|guy|person)\b|\bthe other\b"],
        # the manager of the role in focus: "their boss", "her manager"
        "boss": [r"\b(their|his|her|its) (boss|manager|superior|supervisor)\b"],
        # of the last two roles, the one named first / second: "the first one", "the latter"
        # ... "the first", "first one", not an ordinal of something else ("in the first place", "our first hire")
        "first": [
            rf"\b(the (first|1st)( one| role| guy| person)?|(first|1st) (one|role|guy|person))\b(?! ({_NOT_ROLES})\b)|\bthe former\b"
        ],
        "second": [
            rf"\b(the (second|2nd)( one| role| guy| person)?|(second|2nd) (one|role|guy|person))\b(?! ({_NOT_ROLES})\b)|\bthe latter\b"
        ],
        "pair": [
            r"\b(those|these|the) two\b|\bboth\b|\bthe two (roles|of them)\b|\b(which|either)( one)? of (them|those|these)\b|^\W*(and |so |ok )?which one\b"
        ],
        "ellipsis": [r"^\W*(and|so|ok|okay)?\s*(what|how)\s+about\b|^\W*and\b"],
        "demonstrative": [r"\b(that|this|the same|said)\s+(\w+)"],
        # a role pointed at rather than referred back to: "that one", "that person" (after "who is below the
        # VP?", the role just given, not the VP; "that boss" after "who's their boss?")
        "pointer": [r"\b(that|this) (one|person|role|guy|position|boss|superior|supervisor)\b"],
        "case_ending": [],
        # a pronoun standing for the role as the object, not the doer ("who helps them?"): words, not patterns
        "object_pronouns": ["them", "him", "her"],
        "subject_pronouns": ["they", "he", "she"],
        # pronouns that may stand for several roles at once ("are they the same?")
        "plural_pronouns": ["they", "them", "their", "both"],
    },
    "fi": {
        "pronoun": [
            r"\b(se|sen|sitä|sillä|sille|siltä|sil|sillon|hän|hänen|häntä|hänellä|hänelle|ne|niiden|niitä|niillä|niille|he|heidän|heitä|heillä|heille|tämä rooli|tuo rooli|sama rooli|tuo|toi|tää)\b"
        ],
        "self": [r"\b(mä|mää|minä|mun|minun|mulla|minulla|mulle|minulle|minut|mua|minua|itse)\b"],
        "else": [r"\bmitä muuta\b|\bmuuta\b|\bmuita (tehtäviä|vastuita|hommia|juttuja)\b|\blisäksi\b"],
        "other": [r"\b(se|tuo|toi) toinen\b|\btoinen (rooli|tyyppi)\b"],
        "boss": [r"\b(sen|hänen|niiden|heidän|sille|sil) (pomo|esihenkilö|esimies|esimiehe|lähiesimie)\w*"],
        "first": [
            r"\b((se|tuo|toi) )?(eka|ekan|ekaan|ekalla|ekalle|ekaa|ensimmäi\w*|ensiks mainit\w*|ensin mainit\w*)\b"
        ],
        "second": [
            r"\b((se|tuo|toi) )?(toka|tokan|tokaan|tokalla|tokalle|tokaa|jälkimmäi\w*|toisena mainit\w*)\b"
        ],
        "pair": [
            r"\b(noi|nuo|ne|nää|nämä|näiden|noiden|niiden) kaksi\b|\bmolemmat\b|\bmolempien\b|\bkumpikin\b",
            r"\bkump\w*( \w+)? (niistä|noista|näistä|heistä|niist|noist|näist)\b|\b(niistä|noista|näistä) kahdesta\b",
            r"^\W*(ja |entä |no |ok )?(kumpi|kumman|kumpaa)\b",
        ],
        "ellipsis": [r"^\W*(ja|no|okei|ok)?\s*entä\b|^\W*entäs\b|^\W*ja\b"],
        "demonstrative": [r"\b(se|tuo|toi|sama|kyseinen)\s+(\w+)"],
        "pointer": [r"\b(tuo|toi|kyseinen)( (rooli|tyyppi|henkilö|heppu|pomo|esihenkilö|esimies))?\b"],
        # pronouns that also stand before a name as a determiner ("se SDR", "ne BDR:t"): words, not patterns
        "determiners": ["se", "ne", "tuo", "toi", "tää", "nää"],
        # ... and before a thing in the plural ("ne liidit", "nää tarjoukset"; not a verb: "ne tekevät"): not a role
        # ("ne sit tekee": "sit" is "then")
        "noun_determiner": [r"\b(ne|nää|noi|nuo)\s+(?!\w*(vat|vät)\b|kait\b)[^\W\d_]{3,}t\b"],
        # ... and those in a case, as determiners only when the name after them is in the same case ("sen
        # myyntipäällikön yläpuolella", "sille AE:lle"; "raportoiko se CSO:lle" has the pronoun as its subject):
        # "pronoun ending-pattern"
        "case_determiners": [
            "sen n",
            "niiden n",
            "sille lle",
            "niille lle",
            "sillä ll[aä]",
            "niillä ll[aä]",
            "siltä lt[aä]",
            "niiltä lt[aä]",
            "siitä st[aä]",
            "niistä st[aä]",
            "sitä [aä]",
            "niitä [aä]",
        ],
        "case_ending": [r"(lle|lla|llä|lta|ltä|ssa|ssä|sta|stä|ksi|na|nä)\W*$"],
        "object_pronouns": [
            "sitä",
            "häntä",
            "heitä",
            "niitä",
            "sille",
            "hänelle",
            "heille",
            "niille",
            "sil",
            "niil",
        ],
        "subject_pronouns": ["se", "hän", "he"],
        "plural_pronouns": ["ne", "niiden", "niitä", "niille", "he", "heidän", "heitä", "heille", "molemmat"],
    },
}


# Standard -> spoken forms, for the invariance test's spoken-language copies (`assistant.perturb`).
SPOKEN = {
    "fi": [
        ("minä", "mä"),
        ("sinä", "sä"),
        ("minun", "mun"),
        ("sinun", "sun"),
        ("meillä", "meil"),
        ("ei ole", "ei oo"),
        ("onko", "onks"),
        ("ovatko", "onks"),
        ("tämä", "tää"),
        ("tämän", "tän"),
        ("nämä", "nää"),
        ("tuo", "toi"),
        ("että", "et"),
        ("sitten", "sit"),
        ("myös", "kans"),
        ("yrityksessä", "firmassa"),
        ("ovat", "on"),
        ("tehtävät", "hommat"),
        ("tehtäviin", "hommiin"),
        ("esimies", "pomo"),
        ("esihenkilö", "pomo"),
        ("tarkoittaa", "tarkottaa"),
        ("kenelle", "kelle"),
    ]
}
