"""From a question to an answer: question kind, role resolution, refusal, and the answer text in EN/FI."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from assistant.corpus import Corpus
from assistant.retrieval import HybridRetriever
from assistant.roles import Duty, Mention, Role, RoleBook
from assistant.text import EN_STOP, content_words, decompound, detect_language, stem_tokens
from assistant.types import Answer, Citation, QuestionKind, RoleRef, Turn, as_language

# ---- question analysis ----------------------------------------------------------------------------

_ACRONYM = re.compile(
    r"\b(stand[s]? for|acronym|abbreviat\w*|short for|full form|spelled out|mean[s]?|meaning)\b"
    r"|\b(written out|in full|long form)\b"
    r"|tarkoitta\w*|lyhen\w*|auki kirjoitettuna|kirjoitetaan auki|pitkästi|kokonaan kirjoitettuna|mistä .* tulee",
    re.I,
)
_COMPARE = re.compile(
    r"\b(differ\w*|difference[s]?|vs\.?|versus|compare[sd]?|comparison|contrast|distinguish\w*|same as|"
    r"ero\w*|vertail\w*|verrattuna|erottaa|eroaa)\b",
    re.I,
)
_REPORTS_FROM = re.compile(
    r"\bwho\s+(reports|report)\s+((directly|straight)\s+)?to\b|\bwho\s+(works|work)\s+(under|for)\b|"
    r"\b(whom|who)\s+(does|do)\s+ROLE\s+(supervise|manage|oversee|lead)\b|"
    r"\b(direct reports|reports? of|subordinates)\b|"
    r"\b(which|what)\s+(roles?|positions?|people|titles?|jobs?)\s+(\w+\s+)?report\w*\s+((up|directly|straight)\s+)?to\b|"
    r"(^|[,.;:]\s*)\W*(who|which|what)\b.*\b(under|below|beneath|overseen by|managed by|supervised by)\s+(the\s+|a\s+|an\s+)?ROLE\b|"
    r"\b(who|whom|which|what)\b[^?]*\b(does|do)\s+(the\s+|a\s+|an\s+)?ROLE\s+(\w+\s+)?(supervise|manage|oversee|lead|run|direct)\b|"
    r"\b(keitä|ketkä|ketä|kuka|mitkä|mikä)\b.*\b(alaisuudessa\w*|alaisuuteen\w*|valvonnassa\w*|alaisina\w*|alla\w*|alle|alapuolel\w*)\b|"
    r"\b(kuka|ketkä|keitä|ketä|kenet)\b.*\b(raportoi\w*)\b.*\w+(lle|:lle)\b|\balaise\w*|\balaiset\b|"
    r"\b(keitä|ketä)\b.*\b(valvoo|johtaa|ohjaa)\b|"
    r"^\W*(who|kuka|ketkä)\s+(\w+\s+){0,2}(assists?|supports?|helps?|avustaa|avustavat|tukee|auttaa)\s+(the\s+|a\s+|an\s+)?ROLE",
    re.I,
)
_REPORTS_TO = re.compile(
    r"\breport\w*\b|\bboss\b|\bmanager of\b|\bsupervis\w*|\bwho manages\b|\bwho oversees\b|\babove\b|"
    r"\bwhose right[- ]hand\b|\bkenen oike\w* käs\w*|\bline manager\b|\bsuperior\b|\banswer[s]? to\b|\b(accountable|answerable) to\b|\bwho leads the\b|"
    r"raportoi\w*|esimie\w*|esihenkilö\w*|pomo\w*|kenen (\w+\s+){0,3}(alaisuudessa|alaisuuteen|alla|alle|alaisena|alaiseksi)|kuka johtaa|kuka valvoo|yläpuolella|"
    r"\b(alaisuudessa|alaisena|alla)\b.*\bkenen\b|^\W*(onko|onks|onkos|ovatko|ovatkos|ovaks)\b.*\b(alaisuudessa|alaisena|alla)\b|"
    r"^\W*(is|are)\b.*\b(under|below|beneath)\b|"
    r"\bkenelle\b.*\bvastaa\b|\bkenen apuna\b|\bwork\w*\s+under\b|\bunder whom\b|"
    r"\b(work|works|working|sit|sits|team|teams|partner|partners)\s+((closely|down|up)\s+)?(with|alongside)\b|\balongside\b|\bcollaborat\w*|kenen kanssa|\bwhom? (does|do) (\S+ ){1,3}(assist|support|help)\b|"
    r"\bketä\b.*\b(avustaa|tukee|auttaa)\b",
    re.I,
)
_DEFINE = re.compile(
    r"\b(what (does|do|is|are)|what's|whats|describe|explain|tell me about|role of|job of|duties|tasks|"
    r"responsibilit\w*|do(es)? .* do|what (am|will|would|should) (i|we)\b.*\b(do|doing))\b|"
    r"\bmitä (mä|minä|mun|minun)\b.*\b(teen|tekemään|tehdä)\b|"
    r"\bmy (new )?(job|role|work|days?|tasks|duties|responsibilities)\b|\blook like\b|"
    r"\bwhat\b[^?]*\bbe doing\b|\bsummari[sz]e\b|\bsum up\b|\brecap\b|\btiivist\w*|\bwhat\b[^?]*\b(responsible for|in charge of|accountable for)\s*\?|\bbreak(ing)? down\b|\bnutshell\b|\boverview\b|\bin short\b|\bbriefly\b|"
    r"\b(mun|minun) (uusi )?(työ|työt|duunit?|hommat|tehtävät|päivät?)\b|\b(työni|duunini|tehtäväni|roolini)\b|"
    r"\b(mitä|mikä|millainen|kerro|kuvaile|selitä)\b|tehtäv\w*|vastuu\w*|rooli\w*|työnkuva\w*",
    re.I,
)
_FOLLOWUP = re.compile(
    r"\b(they|them|their|he|she|his|her|that role|this role|that person|same role|"
    r"hän|hänen|häntä|he|heidän|heille|tämä rooli|tuo rooli|sama rooli)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s+[-–—]+\s+")
# "which of the AE or the SDR ...", "kumpi ..., SDR vai BDR?": the answer is one of the roles offered
_CHOICE = re.compile(
    r"\b(kumpi|kumman|kummalle|kummalla|kummasta|which of|which one|either)\b|"
    r"\bROLE(:\w+)?\s*,?\s+(or|vai|tai)\s+(the\s+|an?\s+)?ROLE\b",
    re.I,
)
# "does the AE ...", "onko SDR ...", "asettaako X ...": a yes-or-no question
_YES_NO = re.compile(
    r"^\W*(does|do|is|are|can|should|will|would|has|have|onko|ovatko|voiko|voivatko|\w{3,}(ko|kö))\b", re.I
)
# "do you know who ...", "tiedätkö kuka ...": a who-question inside a yes-or-no one
_EMBEDDED_WH = re.compile(
    r"\b(know|tell|wonder|idea|sure|tiedätkö|tiedättekö|tietääkö|osaatko|osaisitko|kerro|kertoa|muistatko)\b"
    r".*\b(who|whom|whose|which|what|kuka|ketkä|kenen|kenelle|mikä|mitkä)\b",
    re.I,
)
# a question that opens by asking who
_WHO_FIRST = re.compile(r"^\W*(who|who's|whose|whom|kuka|kenen|kenelle|keneltä|ketkä)\b", re.I)
# a role name as the one something goes to: "AE:ille", "myyntipäälliköille"; "to the AEs", "for the SDRs"
_ALLATIVE = re.compile(r"(?<=[a-zåäö:])(lle|ille)$", re.I)
_TO_FOR = re.compile(r"\b(to|for)\s+(the\s+|our\s+|their\s+|a\s+|an\s+|all\s+)?$", re.I)
# a question about a whole process, from its first step to its last, and a duty whose label spans one
_SPAN = re.compile(
    r"\b(whole|entire|full)\b[^?]*\bfrom\b[^?]*\b(to|until|till)\b|\bend[- ]to[- ]end\b|\ball the way\b|"
    r"\bkoko\b[^?]*\b(siitä|alusta|ensimmäisestä|ekasta)\b[^?]*\b(siihen|loppuun|asti|saakka)\b|\balusta loppuun\b",
    re.I,
)
_SPAN_LABEL = re.compile(r"\b(whole|entire)\b[^,]*, from\b.*\bto\b|\bkoko\b.*\w+sta\b.*\w+seen\b", re.I)
_WHOSE = re.compile(r"\b(kenen|kenelle|whose)\b", re.I)
_OWNER_CUE = re.compile(
    r"(?<!someone )(?<!anyone )(?<!people )(?<!person )(?<!those )"
    r"\b(who|whose|which|own|owns|kuka|kenen|kumpi|kumman|mikä rooli|vastaa\w*)\b",
    re.I,
)
_GENERIC = frozenset(
    [
        "manage",
        "manages",
        "managing",
        "managed",
        "make",
        "makes",
        "sure",
        "ensure",
        "ensures",
        "decide",
        "decides",
        "handle",
        "handles",
        "work",
        "works",
        "job",
        "jobs",
        "usually",
        "typically",
        "actually",
        "really",
        "people",
        "someone",
        "somebody",
        "thing",
        "things",
        "stuff",
        "get",
        "gets",
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
        "go",
        "goes",
        "going",
        "went",
        "like",
        "want",
        "wants",
        "need",
        "needs",
        "let",
        "lets",
        "put",
        "puts",
        "keep",
        "keeps",
        "tell",
        "tells",
        "kind",
        "sort",
        "way",
        "much",
        "many",
        "lot",
        "lots",
        "also",
        "just",
        "even",
        "still",
    ]
)
DEFINE_WORDS = frozenset(
    [
        "main",
        "key",
        "primary",
        "daily",
        "day",
        "work",
        "focus",
        "purpose",
        "exactly",
        "actually",
        "typical",
        "typically",
        "usually",
        "job",
        "role",
        "do",
        "tehtävät",
        "päätehtävät",
        "arki",
        "työ",
        "työnkuva",
        "rooli",
        "keskeiset",
        "pääasialliset",
        # filler around "what does X do": "in a nutshell", "in plain terms", "briefly"
        "explain",
        "nutshell",
        "plain",
        "terms",
        "simple",
        "simply",
        "short",
        "briefly",
        "basically",
        "lyhyesti",
        "pähkinänkuoressa",
        "käytännössä",
        "selkokielellä",
        # words about the request itself: "summarise ... in a couple of sentences for a role profile"
        "summarise",
        "summarize",
        "summary",
        "core",
        "describe",
        "description",
        "position",
        "couple",
        "sentence",
        "sentences",
        "words",
        "profile",
        "overview",
        "outline",
        "brief",
        "quick",
        "quickly",
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
        "applying",
        "apply",
        "interview",
        "interviewing",
        "opening",
        "vacancy",
        "candidate",
    ]
)
_EXPLICIT_ROLE_QUESTION = re.compile(
    r"report|raportoi|stand for|tarkoitta|lyhen|what (does|is|do)|mitä .* tekee|mikä on|differ|ero",
    re.I,
)
# dense score (z) a duty needs, by how many question words its own texts share: 0, 1, 2 or more
SCORE_NEEDED = (5.3, 4.3, 2.5)
FULL_SUPPORT_BONUS = 1  # steps up SCORE_NEEDED when every telling word of the question is the duty's own
SPAN_BONUS = 3.0  # score added to a duty that spans a whole process, for a question about one
CONFIDENCE_NEEDED = 0.35  # below it the best duty is not evidence enough: decline
COMMON_DF = 0.04
TOPIC_NEEDED = 3.0  # score an uncovered topic needs to decline a question about a known role
DENSE_TOP = 3  # a duty's dense score: the mean similarity of its best DENSE_TOP texts
UNCOVERED_WORD_BONUS = 3.0  # how much closer a duty must be when the question uses an uncovered-only word
UNCOVERED_MARGIN = 0.0  # how much closer to an uncovered topic than to the best duty a question must be
_ELLIPSIS = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b|^\s*(ja\s+)?entä\b|^\s*and\s+(the|for)\b", re.I)

# titles of roles the article does not cover: C-level acronyms and Finnish "-johtaja" compounds
_C_LEVEL = re.compile(r"\bC[A-Z]{1,3}O\b")
_FI_TITLE = re.compile(r"\b(\w+?-?)(johtaj|päällik|vastaav|asiantuntij|koordinaattor)\w*", re.I)
# "sales manager", "regional managers", "senior account executive": known roles or their ranks, no other title
_KNOWN_QUALIFIERS = frozenset(
    [
        "sales",
        "revenue",
        "executive",
        "account",
        "team",
        "regional",
        "area",
        "district",
        "country",
        "national",
        "senior",
        "junior",
        "assistant",
        "deputy",
        "local",
        "frontline",
        "front-line",
    ]
)
_EN_TITLE = re.compile(
    r"\b(chief|head of|director of|vp of|vice president of)\s+(\w+)|\b(\w+)\s+(manager|director|officer|specialist|engineer)s?\b",
    re.I,
)


# "myyntijohtaja eli CSO", "the CRO, i.e. the revenue chief": two names of one role
_APPOSITION = re.compile(
    r"^\s*,?\s*(eli|elikkä|elikä|alias|aka|a\.k\.a\.?|i\.e\.?|ts\.|toisin sanoen|that is|or rather)\s*,?\s*"
    r"(the\s+|a\s+|an\s+)?$",
    re.I,
)
# "if there is no CSO", "ei oo CSO:ta eikä CRO:ta": a role named as absent
_NEGATED = re.compile(
    r"(\bei\s+(ole|oo|ol)\w*|\beikä|\bilman|\b(there'?s|there is|there are|have|has|with)\s+no|\bwithout|\bnor|"
    r"\bneither|\bnot\s+have|n't\s+have|\blacks?)\s+(a\s+|an\s+|the\s+|any\s+|yhtään\s+)?$",
    re.I,
)
_NEGATED_AFTER = re.compile(
    r"^(:\w+)?\s*(ei\s+(ole|oo)|puuttuu|is\s+missing|are\s+missing|isn't\s+there|doesn't\s+exist)\b", re.I
)
_LIST_JOIN = re.compile(r"^\s*(,|or|nor|and|tai|eikä|ja)\s*(the\s+|a\s+|an\s+)?$", re.I)
# a Finnish case ending on a role name ("CSO:lle", "myyntipäällikölle"), kept when the name is masked
_CASE_ENDING = re.compile(r":(\w+)$|(?<=[a-zåäö])(lle|lta|ltä|lla|llä)$")
# questions that ask for a figure (the article gives none) or for advice on how to organise something
_WHO = re.compile(
    r"\b(who|whom|whose|which\s+(\w+\s+)?(role|person|one|position|title|exec\w*)|kuka|kenen|kenelle|keneltä|"
    r"kumpi|kumman|ketkä|keitä|mikä\s+rooli|mille\s+roolille)\b",
    re.I,
)
_FIGURE = re.compile(
    r"\bhow\s+(many|much|long|often)\b|\bratio\b|\bmontako\b|\bkuinka\s+(monta|paljon|kauan|usein)\b|"
    r"\bpaljonko\b|\bkauanko\b|\bmissä\s+ajassa\b",
    re.I,
)
_ADVICE = re.compile(
    r"^\W*(how|miten|kuinka)\b.*\b(should|best|ought|can (i|we)|do (i|we)|kannattaa|kannattais\w*|pitäisi|"
    r"pitäis|paras|parhaiten|voin|voimme|voidaan)\b",
    re.I,
)


# the first sentence of a refusal, by reason, then what the assistant can do instead
_DECLINE_LEAD = {
    "title": {
        "en": "The article does not cover the {title} role, so I can't answer that.",
        "fi": "Artikkeli ei käsittele roolia {title}, joten en voi vastata siihen.",
    },
    "uncovered": {
        "en": "The article does not cover {topic}, so I can't answer that.",
        "fi": "Artikkeli ei käsittele aihetta ”{topic}”, joten en voi vastata siihen.",
    },
    "figures": {
        "en": "The article gives no figures (headcounts, ratios, durations or pay), so I can't answer that.",
        "fi": "Artikkelissa ei ole lukuja (henkilömääriä, suhdelukuja, kestoja tai palkkoja), joten en voi vastata siihen.",
    },
    "advice": {
        "en": "The article says who does what in sales, not how to organise it, so I can't advise on that.",
        "fi": "Artikkeli kertoo, kuka myynnissä tekee mitäkin, mutta ei neuvo, miten asiat kannattaa järjestää.",
    },
    "scope": {
        "en": "I can't find an answer to that in the article.",
        "fi": "En löydä artikkelista vastausta tähän kysymykseen.",
    },
}
_DECLINE_OFFER = {
    "en": "I can tell you about the sales roles ({names}): who owns what, what each role does, how they differ and who reports to whom.",
    "fi": "Osaan kertoa myynnin rooleista ({names}): kuka vastaa mistäkin, mitä kukin rooli tekee, miten roolit eroavat ja kuka raportoi kenellekin.",
}


@dataclass
class Query:
    text: str
    lang: str
    kind: QuestionKind
    roles: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)  # roles named as absent ("if there is no CSO")
    subjects: list[str] = field(default_factory=list)  # the first role named and those listed with it
    unknown_title: str | None = None
    uncovered: str | None = None
    followup: bool = False
    # "which of the SDR or the BDR ...": the answer is one of them
    choice: list[str] = field(default_factory=list)
    confirm: bool = False  # "does the AE close deals?": yes or no about the named role
    recipients: list[str] = field(default_factory=list)  # "leads to the AEs": roles something goes to
    masked: str = ""  # the text with every role name replaced by ROLE (see Answerer._masked)


@dataclass
class _Reading:
    ranked: list[tuple[str, float]]  # duties, best first
    topics: list[tuple[str, float]]  # uncovered topics, best first
    confidence: float


class Answerer:
    """Answers questions from the role book and the hybrid retriever; no LLM."""

    def __init__(self, corpus: Corpus, retriever: HybridRetriever) -> None:
        self.corpus = corpus
        self.book: RoleBook = corpus.book
        self.retriever = retriever
        self._duty_passages = self._map_duty_passages()
        self._known_words = self._vocabulary()
        self._chunk_index = {c.id: i for i, c in enumerate(retriever.chunks)}
        self._duty_chunks: dict[str, list[str]] = {d: list(self._duty_passages[d]) for d in self.book.duties}
        self._topic_chunks: dict[str, list[str]] = {t: [] for t in corpus.uncovered}
        for c in retriever.chunks:
            topic = c.section.removeprefix("uncovered:")
            if c.duty in self._duty_chunks:
                self._duty_chunks[c.duty].append(c.id)
            elif c.kind == "uncovered" and topic in self._topic_chunks:
                self._topic_chunks[topic].append(c.id)
        stems = retriever.lexical.stems  # chunk id -> its stems, computed once by the BM25 index
        # stems found in many chunks ("asiakas", "myynti", "sales") say little about which duty is meant
        df: dict[str, int] = {}
        for chunk_stems in stems.values():
            for t in chunk_stems:
                df[t] = df.get(t, 0) + 1
        self._common = frozenset(t for t, n in df.items() if n > COMMON_DF * len(retriever.chunks))
        # what the corpus knows about: every stem except those only the uncovered topics use
        self._in_scope_vocabulary = frozenset(
            t for c in retriever.chunks if c.kind != "uncovered" for t in stems[c.id]
        )
        # stems an uncovered topic uses in two or more of its texts and the covered corpus never uses
        per_topic: dict[tuple[str, str], int] = {}
        for c in retriever.chunks:
            if c.kind == "uncovered":
                for t in stems[c.id] - self._in_scope_vocabulary:
                    per_topic[(c.section, t)] = per_topic.get((c.section, t), 0) + 1
        self._uncovered_only = frozenset(t for (_topic, t), n in per_topic.items() if n >= 2)
        self._span_duties = frozenset(
            d.id for d in self.book.duties.values() if _SPAN_LABEL.search(d.en) or _SPAN_LABEL.search(d.fi)
        )
        self._duty_stems = {
            d: frozenset(t for cid in ids if cid in stems for t in stems[cid])
            for d, ids in self._duty_chunks.items()
        }

    # ---- setup ------------------------------------------------------------------------------------
    def _map_duty_passages(self) -> dict[str, list[str]]:
        """Duty id -> the ids of the article passages its evidence quotes."""
        out: dict[str, list[str]] = {}
        for duty in self.book.duties.values():
            ids = []
            for owner in duty.owners:
                pid = self.book.passage_for(owner.evidence).id
                if pid not in ids:
                    ids.append(pid)
            out[duty.id] = ids
        return out

    def _vocabulary(self) -> frozenset[str]:
        known: set[str] = set()
        for role in self.book.roles.values():
            for text in (role.name_en, role.name_fi, role.expansion or "", *role.aliases):
                known.update(w.lower().rstrip("*") for w in re.findall(r"[\w*]+", text))
        return frozenset(known)

    # ---- analysis ---------------------------------------------------------------------------------
    def analyse(self, question: str, history: Sequence[Turn] = ()) -> Query:
        lang = detect_language(question)
        roles, negated, subjects = self._named_roles(question)
        q = Query(question, lang, "owner", roles, negated, subjects)
        q.masked = self._masked(question)
        q.unknown_title = self._unknown_title(_asked(question))  # "Our CFO keeps asking ... Who owns that?"
        previous = _last_answered(history)
        if not roles and previous is not None and (_FOLLOWUP.search(question) or _ELLIPSIS.search(question)):
            q.roles = [r.id for r in previous.roles[:1]]
            q.followup = True
        if (
            roles
            and previous is not None
            and _ELLIPSIS.search(question)
            and len(content_words(question)) <= 3
        ):
            q.kind = (
                previous.kind
                if previous.kind in ("define", "reports_to", "reports_from", "acronym")
                else "define"
            )
            q.followup = True
            return q
        masked = q.masked
        asked_about = q.roles
        sales_roles = [r for r in q.roles if self.book.roles[r].level > 0]
        if len(q.roles) >= 2 and len(sales_roles) == 1 and not _COMPARE.search(masked):
            # "our board is debating whether to hire a CSO ...": the one sales role is the subject
            q.roles = sales_roles + [r for r in q.roles if r not in sales_roles]
            asked_about = sales_roles
        q.kind = self._kind(masked, asked_about)
        if q.kind == "owner" and len(roles) >= 2 and _CHOICE.search(masked):  # roles excludes the negated
            q.choice = list(roles)
        q.recipients = self._recipients(question) if q.kind == "owner" else []
        q.confirm = (
            q.kind == "owner"
            and bool(roles)
            and not q.choice
            and bool(_YES_NO.search(question))
            and not _EMBEDDED_WH.search(question)  # "do you know who sets the AEs' quotas?" asks who
        )
        return q

    def _named_roles(self, question: str) -> tuple[list[str], list[str], list[str]]:
        """(roles the question names, roles it names as absent, its subjects), in order of mention.

        Two names joined as one ("myyntijohtaja eli CSO") count once, as the role of the acronym. The
        subjects are the first role named and those listed with it ("the sales managers and the VP").
        """
        mentions = self.book.mentions(question)
        kept: list[Mention] = []
        for m in mentions:
            if kept and _APPOSITION.match(question[kept[-1].end : m.start]):
                if _is_acronym(question[m.start : m.end]) or not _is_acronym(
                    question[kept[-1].start : kept[-1].end]
                ):
                    kept[-1] = m
                continue
            kept.append(m)
        # listed[i]: mention i is listed with the one before it ("the CSO or the CRO", "CSO:ta ja CRO:ta")
        listed = [False] + [bool(_LIST_JOIN.match(question[a.end : b.start])) for a, b in pairwise(kept)]
        absent = [
            bool(_NEGATED.search(question[: m.start]) or _NEGATED_AFTER.match(question[m.end :]))
            for m in kept
        ]
        # "no CSO or CRO", "CSO:ta ja CRO:ta ei ole": a negation reaches over a list of names
        for i in range(1, len(kept)):
            absent[i] = absent[i] or (listed[i] and absent[i - 1])
        for i in range(len(kept) - 2, -1, -1):
            if listed[i + 1] and _NEGATED_AFTER.match(question[kept[i + 1].end :]):
                absent[i] = True
        roles: list[str] = []
        negated: list[str] = []
        subjects: list[str] = []
        for i, (m, is_absent) in enumerate(zip(kept, absent, strict=True)):
            target = negated if is_absent else roles
            if m.role not in target:
                target.append(m.role)
            if not is_absent and (not subjects or (listed[i] and kept[i - 1].role in subjects)):
                subjects.append(m.role)
        return roles, [r for r in negated if r not in roles], subjects

    def _recipients(self, question: str) -> list[str]:
        """Roles named as the ones something goes to ("liidit AE:ille", "leads to the AEs", "training for the
        SDRs"): in a who-question they are not who does it."""
        out = []
        for m in self.book.mentions(question):
            name = question[m.start : m.end]
            if (_ALLATIVE.search(name) or _TO_FOR.search(question[: m.start])) and m.role not in out:
                out.append(m.role)
        return out

    def _masked(self, question: str) -> str:
        """The question with every role name replaced by ROLE, so a name ("team lead") is not read as a verb.

        A Finnish case ending stays ("CSO:lle" -> "ROLE:lle"): it says who reports to whom.
        """
        out, last = [], 0
        for m in self.book.mentions(question):
            out.append(question[last : m.start])
            ending = _CASE_ENDING.search(question[m.start : m.end])
            out.append("ROLE" + (":" + (ending.group(1) or ending.group(2)) if ending else ""))
            last = m.end
            if question[last : last + 1] == "-":  # "BDR-paikkaa" -> "ROLE paikkaa": the rest is a word
                out.append(" ")
                last += 1
        out.append(question[last:])
        return "".join(out)

    def _topic_words(self, question: str) -> list[str]:
        """The question's content words, generic verbs and role names left out."""
        return [w for w in content_words(self._masked(question)) if w not in _GENERIC and w != "role"]

    def coverage(self, question: str) -> tuple[int, int]:
        """(content words the corpus knows, content words)."""
        words = self._topic_words(question)
        known = sum(1 for w in words if self._known_word(w))
        return known, len(words)

    def duty_support(self, question: str, duty_id: str) -> tuple[int, int]:
        """(content words of the question found in this duty's own texts, content words that are not
        common across the corpus)."""
        stems = self._duty_stems[duty_id]
        hit = distinctive = 0
        for w in self._topic_words(question):
            toks = stem_tokens(w)
            toks += decompound(toks, self.retriever.lexical.vocabulary)[len(toks) :]
            distinctive += not any(t in self._common for t in toks)
            hit += any(t in stems and t not in self._common for t in toks)
        return hit, distinctive

    def _known_word(self, word: str) -> bool:
        """The corpus knows the word, or a compound part of it that is at least half of it."""
        vocab = self._in_scope_vocabulary
        stems = stem_tokens(word)
        if any(t in vocab for t in stems):
            return True
        return any(len(t) * 2 >= len(stem) for stem in stems for t in decompound([stem], vocab)[1:])

    def _kind(self, question: str, roles: list[str]) -> QuestionKind:
        if len(roles) >= 2 and _COMPARE.search(question):
            return "compare"
        if not roles:
            return "owner"
        context_only = all(self.book.roles[r].level <= 0 for r in roles)
        if context_only and not _EXPLICIT_ROLE_QUESTION.search(question):
            return "owner"  # "who works with the board on growth?": the board is context, not the subject
        if _WHOSE.search(question) and _REPORTS_TO.search(question):
            return "reports_to"  # "kenen alaisena X toimii?": whose subordinate, i.e. X's manager
        if _REPORTS_FROM.search(question):
            return "reports_from"
        if _REPORTS_TO.search(question):
            return "reports_to"
        if len(roles) >= 2:
            if _DEFINE.search(question) and not _OWNER_CUE.search(question):
                return "compare"  # "break down the CSO, CRO and VP of Sales for me"
            return "owner" if _OWNER_CUE.search(question) and self.coverage(question)[0] >= 2 else "compare"
        role = self.book.roles[roles[0]]
        if role.acronym and _ACRONYM.search(question):
            return "acronym"
        duty_words = [w for w in self._duty_words(question, roles) if w not in DEFINE_WORDS]
        if not duty_words or (_DEFINE.search(question) and not _WHO_FIRST.search(question)):
            return "define"
        return "owner"  # "kuka varmistaa, että AE:t saa laadukkaita liidejä eikä mitä tahansa?" asks who

    def _duty_words(self, question: str, roles: list[str]) -> list[str]:
        """Content words that are not part of a role name."""
        return [
            w
            for w in content_words(question)
            if w not in self._known_words
            and not any(w.startswith(k) for k in self._known_words if len(k) > 5)
        ]

    def _unknown_title(self, question: str) -> str | None:
        known_acronyms = {r.acronym.upper() for r in self.book.roles.values() if r.acronym}
        for m in _C_LEVEL.finditer(question):
            if m.group(0) not in known_acronyms:
                return m.group(0)
        for m in _FI_TITLE.finditer(question):
            word = m.group(0)
            if not self.book.mentioned_roles(word) and not self.book.mentioned_roles(word.replace("-", "")):
                return word
        for m in _EN_TITLE.finditer(question):
            phrase = m.group(0)
            if self.book.mentioned_roles(phrase):
                continue
            qualifier = (m.group(2) or m.group(3) or "").lower()
            if qualifier in EN_STOP or qualifier in _KNOWN_QUALIFIERS:
                continue  # "the VPs and managers" names no title; "sales manager" is a known one
            return phrase
        return None

    # ---- answering --------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        q = self.analyse(question, history)
        if q.unknown_title and not q.roles:
            return self._decline(q, reason="title")
        if not q.followup and not _WHO.search(q.text) and not _COMPARE.search(q.text):
            # the article is qualitative and about who does what: it gives no figures and no how-to advice
            reason = (
                "figures"
                if _FIGURE.search(q.text)
                else "advice"
                if not q.roles and _ADVICE.search(q.text)
                else ""
            )
            if reason:
                q.uncovered = self._nearest_topic(q)  # "how much does an SDR earn?" is about pay: say so
                return self._decline(q, reason="uncovered" if q.uncovered else reason)
        if q.kind == "owner":
            return self._owner(q)
        role = self.book.roles[q.roles[0]]
        if q.kind == "compare":
            return self._compare(q)
        if q.kind == "reports_to":
            return self._reports_to(q, self._subordinate(q.subjects or q.roles))
        if q.kind == "reports_from":
            return self._reports_from(q, role)
        if q.kind == "acronym":
            return self._acronym(q, role)
        if self._off_topic(q):
            return self._decline(q, reason="uncovered" if q.uncovered else "scope")
        return self._define(q, role)

    def _subordinate(self, roles: list[str]) -> Role:
        """Of several named roles, the one whose manager is none of the others ("who supervises the sales
        managers and the VP?" asks about the VP's manager)."""
        named = set(roles)
        for r in roles:
            if not named.intersection(self.book.roles[r].reports_to):
                return self.book.roles[r]
        return self.book.roles[roles[0]]

    def _nearest_topic(self, q: Query) -> str | None:
        """The uncovered topic the question is clearly about, if any (role names masked)."""
        duties, topics = self._rank(q.masked)
        if (
            topics
            and topics[0][1] >= TOPIC_NEEDED
            and topics[0][1] > (duties[0][1] if duties else 0.0) + UNCOVERED_MARGIN
        ):
            return topics[0][0]
        return None

    def _off_topic(self, q: Query) -> bool:
        """A question about a known role but on a subject the article never touches (salary, location ...)."""
        words = [w for w in content_words(_asked(q.masked)) if w not in _GENERIC and w not in DEFINE_WORDS]
        known, total = self.coverage(" ".join(words))
        if known == total:
            return False
        # a subject the article does not know: name the uncovered topic it is close to, if any
        q.uncovered = self._nearest_topic(q)
        if q.uncovered:
            return True
        return total >= 2 and known / total < 0.5

    def _names_uncovered(self, question: str) -> bool:
        """The question uses a word that only the uncovered topics use ("payroll", "läppäri")."""
        return any(t in self._uncovered_only for w in self._topic_words(question) for t in stem_tokens(w))

    def rank_duties(self, question: str) -> list[tuple[str, float]]:
        """Duties by evidence for the question: dense similarity (z-scored) plus BM25."""
        return self._rank(question)[0]

    def _rank(self, question: str) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """(duties, uncovered topics), each by evidence: dense similarity (z-scored) plus BM25."""
        dense = self.retriever.dense(question)
        lex = self.retriever.lexical.scores(question)
        values = np.fromiter(dense.values(), dtype=np.float32)
        mu = float(values.mean()) if values.size else 0.0
        sd = float(values.std()) + 1e-6 if values.size else 1.0
        lex_max = float(lex.max()) if lex.size else 0.0

        def score(ids: list[str]) -> float:
            # the mean of a group's best few texts: one example question that merely mentions a
            # neighbouring duty must not outweigh several that are about this one
            best = sorted((dense.get(cid, mu - sd) for cid in ids), reverse=True)[:DENSE_TOP]
            d = sum(best) / len(best) if best else mu - sd
            lx = max(
                (float(lex[self._chunk_index[cid]]) for cid in ids if cid in self._chunk_index), default=0.0
            )
            lex_part = (lx / lex_max) * min(1.0, lex_max / 4.0) if lex_max > 0 else 0.0
            return (d - mu) / sd + 2.0 * lex_part

        duties = {duty_id: score(ids) for duty_id, ids in self._duty_chunks.items()}
        topics = {topic_id: score(ids) for topic_id, ids in self._topic_chunks.items()}
        return (
            sorted(duties.items(), key=lambda kv: -kv[1]),
            sorted(topics.items(), key=lambda kv: -kv[1]),
        )

    def _owner(self, q: Query) -> Answer:
        # A role the question names is mostly context ("who checks the SDRs' results?" is about SDR results)
        # but can crowd out the duty ("who trains the SDRs?" is about training): when the question as asked
        # finds no duty with confidence, read it again without the names. "Does the AE close deals?" asks
        # about the named role itself: only the reading without it.
        best = self._reading(q, q.masked if q.confirm else q.text)
        readings = [best]
        if q.roles and not q.confirm and best.confidence < CONFIDENCE_NEEDED:
            readings.append(self._reading(q, q.masked))
            if readings[-1].confidence >= CONFIDENCE_NEEDED:
                best = readings[-1]
        if not best.ranked:
            return self._decline(q)
        ranked, topics, confidence = best.ranked, best.topics, best.confidence
        margin = UNCOVERED_MARGIN - (UNCOVERED_WORD_BONUS if self._names_uncovered(q.text) else 0.0)
        if topics and topics[0][1] > ranked[0][1] + margin:
            # closer to a topic the article is known not to cover than to any duty it does
            q.uncovered = topics[0][0]
            return self._decline(q, confidence=_sigmoid(topics[0][1] - ranked[0][1]), reason="uncovered")
        if confidence < CONFIDENCE_NEEDED or q.unknown_title:
            if q.roles and not q.unknown_title:
                topics = readings[-1].topics  # without the role names: a name says nothing about the topic
            if topics and topics[0][1] >= TOPIC_NEEDED and not q.unknown_title:
                q.uncovered = topics[0][0]  # weak evidence for any duty, a clear match for an uncovered topic
                return self._decline(q, confidence=confidence, reason="uncovered")
            return self._decline(q, confidence=confidence)
        duty = self.book.duties[ranked[0][0]]
        return self._compose_owner(q, duty, confidence)

    def _reading(self, q: Query, text: str) -> _Reading:
        """Duties and uncovered topics ranked for one reading of the question, and the confidence in its best
        duty."""
        ranked, topics = self._rank(text)
        if self._span_duties and _SPAN.search(text):
            # "the whole chain from the first lead to the closed deal" asks for a duty that spans the process
            ranked = sorted(
                ((d, x + SPAN_BONUS if d in self._span_duties else x) for d, x in ranked),
                key=lambda kv: -kv[1],
            )
        if q.choice:  # the question offers the candidates: keep the duties one of them owns
            ranked = [(d, x) for d, x in ranked if self.book.duties[d].owned_by(q.choice)] or ranked
        elif q.recipients:  # "who hands the AEs their leads?": not a duty only the AEs own
            ranked = [
                (d, x) for d, x in ranked if not self.book.duties[d].owned_only_by(q.recipients)
            ] or ranked
        if not ranked:
            return _Reading(ranked, topics, 0.0)
        (top_id, top), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        # Lexical support for the chosen duty is what separates in-scope from out-of-scope questions:
        # dense similarity alone does not (see README). The fewer of the question's words the duty's own
        # texts share, the stronger the dense evidence must be.
        hit, distinctive = self.duty_support(q.text, top_id)
        if hit and hit == distinctive:
            hit += FULL_SUPPORT_BONUS  # every telling word of the question is the duty's own
        needed = SCORE_NEEDED[min(hit, len(SCORE_NEEDED) - 1)]
        confidence = _sigmoid(2.0 * (top - needed)) * _sigmoid(3.0 * (top - second + 0.2)) ** 0.5
        return _Reading(ranked, topics, confidence)

    # ---- composing --------------------------------------------------------------------------------
    def _ref(self, role_id: str, share: str, lang: str) -> RoleRef:
        role = self.book.roles[role_id]
        return RoleRef(role.id, role.name(lang), "primary" if share == "primary" else "shared")

    def _citations(self, quotes: Sequence[str], limit: int = 4) -> list[Citation]:
        out: list[Citation] = []
        for quote in quotes:
            c = self.book.cite(quote)
            if all(c.quote != o.quote for o in out):
                out.append(c)
        return out[:limit]

    def _compose_owner(self, q: Query, duty: Duty, confidence: float) -> Answer:
        lang = q.lang
        # a role named as absent ("if we have no sales manager") or as the one it is done for ("who coaches
        # the team leads?") is not the answer
        owners = [o for o in duty.owners if o.role not in q.negated and o.role not in q.recipients] or list(
            duty.owners
        )
        if q.choice:  # "the AE or the SDR?": answer with the candidate the article names
            owners = [o for o in owners if o.role in q.choice] or owners
        only_shared = all(o.share == "shared" for o in owners)  # the primary owner was named as absent
        refs = [self._ref(o.role, "primary" if only_shared else o.share, lang) for o in owners]
        primary = [r for r in refs if r.share == "primary"]
        shared = [r for r in refs if r.share == "shared"]
        label = duty.label(lang)
        verdict = ""
        if q.confirm:  # yes when a named role is among the owners the article gives the duty
            yes = any(r.id in q.roles for r in refs)
            verdict = ("Kyllä. " if yes else "Ei. ") if lang == "fi" else ("Yes. " if yes else "No. ")
        if lang == "fi":
            text = f"{verdict}Tästä vastaa ensisijaisesti {_join(primary, 'fi')}: {label}."
            if shared:
                text += f" Vastuu jakautuu myös: {_join(shared, 'fi')}."
            text += " Perustelu artikkelista alla."
        else:
            text = f"{verdict}The {_join(primary, 'en')} owns this: {label}."
            if shared:
                text += f" The article also involves the {_join(shared, 'en')}."
            text += " The article's wording is cited below."
        cites = self._citations([o.evidence for o in owners])
        return Answer(text, as_language(lang), True, refs, cites, round(confidence, 3), "owner", duty.id)

    def _define(self, q: Query, role: Role) -> Answer:
        lang = q.lang
        duties = [d for d, o in self.book.responsibilities(role.id) if o.share == "primary"]
        name = role.name(lang)
        summary = role.summary_fi if lang == "fi" else role.summary_en
        head = ", ".join(d.label(lang) for d in duties[:4])
        if lang == "fi":
            text = f"{name}: {summary}"
            if head:
                text += f" Keskeiset vastuut: {head}."
        else:
            text = f"The {name}" + (f" ({role.acronym})" if role.acronym and role.acronym not in name else "")
            text += f": {summary}"
            if head:
                text += f" Main responsibilities: {head}."
        quotes = [role.evidence] + [
            next(o.evidence for o in d.owners if o.role == role.id) for d in duties[:3]
        ]
        return Answer(
            text,
            as_language(lang),
            True,
            [self._ref(role.id, "primary", lang)],
            self._citations(quotes),
            0.95,
            "define",
            None,
        )

    def _compare(self, q: Query) -> Answer:
        lang = q.lang
        roles = [self.book.roles[r] for r in q.roles[:4]]
        lines = []
        for role in roles:
            summary = role.summary_fi if lang == "fi" else role.summary_en
            lines.append(f"{role.name(lang)}: {summary}")
        ordered = sorted(roles, key=lambda r: r.level)
        if lang == "fi":
            rank = " > ".join(r.name("fi") for r in ordered)
            text = "Erot lyhyesti:\n" + "\n".join(f"• {line}" for line in lines)
            text += f"\nArtikkelin hierarkiassa: {rank}."
        else:
            rank = " > ".join(r.name("en") for r in ordered)
            text = "In short:\n" + "\n".join(f"• {line}" for line in lines)
            text += f"\nIn the article's hierarchy: {rank}."
        quotes = [r.evidence for r in roles]
        for role in roles:
            duties = [d for d, o in self.book.responsibilities(role.id) if o.share == "primary"]
            if duties:
                quotes.append(next(o.evidence for o in duties[0].owners if o.role == role.id))
        refs = [self._ref(r.id, "primary", lang) for r in roles]
        return Answer(
            text, as_language(lang), True, refs, self._citations(quotes, limit=6), 0.9, "compare", None
        )

    def _reports_to(self, q: Query, role: Role) -> Answer:
        lang = q.lang
        bosses = [self.book.roles[r] for r in role.reports_to]
        # a named role is not its own answer, nor one the question says is absent ("if there is no CSO")
        left = [b for b in bosses if b.id not in q.subjects and b.id not in q.negated]
        bosses = left or bosses
        note = role.reports_to_note_fi if lang == "fi" else role.reports_to_note_en
        if lang == "fi":
            text = (
                f"{role.name('fi')} raportoi: {', '.join(b.name('fi') for b in bosses)}."
                if bosses
                else f"Artikkeli ei nimeä, kenelle {role.name('fi')} raportoi."
            )
        else:
            text = (
                f"The {role.name('en')} reports to the {_or([b.name('en') for b in bosses])}."
                if bosses
                else f"The article names no one the {role.name('en')} reports to."
            )
        if note:
            text += f" {note}"
        refs = [self._ref(b.id, "primary", lang) for b in bosses]
        return Answer(
            text,
            as_language(lang),
            True,
            refs,
            self._citations([role.reports_to_evidence]),
            0.9,
            "reports_to",
            role.id,
        )

    def _reports_from(self, q: Query, role: Role) -> Answer:
        lang = q.lang
        reports = [self.book.roles[r] for r in self.book.reports(role.id)]
        if lang == "fi":
            text = (
                f"Roolille {role.name('fi')} raportoivat: {', '.join(r.name('fi') for r in reports)}."
                if reports
                else f"Artikkelin mukaan kukaan ei raportoi suoraan roolille {role.name('fi')}."
            )
        else:
            text = (
                f"Reporting to the {role.name('en')}: {', '.join(r.name('en') for r in reports)}."
                if reports
                else f"The article names no one who reports directly to the {role.name('en')}."
            )
        refs = [self._ref(r.id, "primary", lang) for r in reports] or [self._ref(role.id, "primary", lang)]
        quotes = [r.reports_to_evidence for r in reports] or [role.evidence]
        return Answer(
            text, as_language(lang), True, refs, self._citations(quotes), 0.85, "reports_from", role.id
        )

    def _acronym(self, q: Query, role: Role) -> Answer:
        lang = q.lang
        if lang == "fi":
            text = f"{role.acronym} tarkoittaa {role.expansion} (suomeksi {role.name_fi})."
        else:
            text = f"{role.acronym} stands for {role.expansion} (in the Finnish article: {role.name_fi})."
        return Answer(
            text,
            as_language(lang),
            True,
            [self._ref(role.id, "primary", lang)],
            self._citations([role.evidence]),
            0.97,
            "acronym",
            role.id,
        )

    def _decline(self, q: Query, *, confidence: float = 0.0, reason: str = "scope") -> Answer:
        lang = "fi" if q.lang == "fi" else "en"
        names = ", ".join(r.name(lang) for r in self.book.roles.values() if r.level > 0)
        topic = self.corpus.uncovered.get(q.uncovered or "")
        if (reason == "uncovered" and topic is None) or reason not in _DECLINE_LEAD:
            reason = "scope"
        lead = _DECLINE_LEAD[reason][lang].format(
            title=q.unknown_title, topic=getattr(topic, lang) if topic else ""
        )
        text = f"{lead} {_DECLINE_OFFER[lang].format(names=names)}"
        return Answer(text, as_language(q.lang), False, [], [], round(confidence, 3), "out_of_scope", None)


def _last_answered(history: Sequence[Turn]) -> Answer | None:
    for turn in reversed(history):
        if turn.answer is not None and turn.answer.answered and turn.answer.roles:
            return turn.answer
    return None


def _asked(text: str) -> str:
    """The question sentences of a message that also sets a scene: "I keep hearing about SDRs at the standup.
    What is their job?" asks only the last sentence."""
    sentences = _SENTENCE_END.split(text.strip())
    asked = [x for x in sentences if x.endswith("?")]
    return " ".join(asked) if asked and len(asked) < len(sentences) else text


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,4}s?(:\w+)?", name))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _join(refs: Sequence[RoleRef], lang: str) -> str:
    names = [r.name for r in refs]
    if len(names) <= 1:
        return "".join(names)
    word = " ja " if lang == "fi" else " and "
    return ", ".join(names[:-1]) + word + names[-1]


def _or(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", the ".join(names[:-1]) + " or the " + names[-1]
