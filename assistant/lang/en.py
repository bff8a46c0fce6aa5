"""English: the cue-pattern fragments, word lists and answer templates of the question engine."""

from __future__ import annotations

# Each fragment is one language's part of a cue pattern (assistant.lang.cue joins every language's fragment);
# %(slot)s stands for that slot's words in every language (SLOTS below), so that a question mixing the
# languages ("tiedätkö who ...") reads as before.
CUES: dict[str, str] = {
    "compare": r"\b(differ\w*|difference[s]?|vs\.?|versus|compare[sd]?|comparison|contrast|distinguish\w*|same as)\b",
    # "which of the AE or the SDR ...": the answer is one of the roles offered
    "choice": r"\b(which of|which one|either)\b|\bROLE(:\w+)?\s*,?\s+(or)\s+(%(article)s)?ROLE\b",
    # "does the AE ...": a yes-or-no question
    "yes_no": r"^\W*(does|do|is|are|can|should|will|would|has|have)\b",
    # "do you know who ...": a who-question inside a yes-or-no one
    "embedded_wh": r"\b(know|tell|wonder|idea|sure)\b.*\b(%(wh)s)\b",
    # a role name as the one something goes to: "to the AEs", "for the SDRs"
    "recipient_before": r"\b(to|for)\s+(the\s+|our\s+|their\s+|a\s+|an\s+|all\s+)?$",
    # a question about a whole process, from its first step to its last, and a duty whose label spans one
    "span": r"\b(whole|entire|full)\b[^?]*\bfrom\b[^?]*\b(to|until|till)\b|\bend[- ]to[- ]end\b|\ball the way\b",
    "span_label": r"\b(whole|entire)\b[^,]*, from\b.*\bto\b",
    # "the CRO, i.e. the revenue chief": two names of one role
    "apposition": r"^\s*,?\s*(alias|aka|a\.k\.a\.?|i\.e\.?|that is|or rather)\s*,?\s*(%(article)s)?$",
    # "if there is no CSO": a role named as absent
    "negated": (
        r"(\b(there'?s|there is|there are|have|has|with)\s+no|\bwithout|\bnor|"
        r"\bneither|\bnot\s+have|n't\s+have|\blacks?)\s+(%(determiner)s)?$"
    ),
    "negated_after": r"^(:\w+)?\s*(is\s+missing|are\s+missing|isn't\s+there|doesn't\s+exist)\b",
    "list_join": r"^\s*(,|or|nor|and)\s*(%(article)s)?$",
    # questions that ask who, for a figure (the article gives none) or for advice on how to organise something
    "who": r"\b(who|whom|whose|which\s+(\w+\s+)?(role|person|one|position|title|exec\w*))\b",
    "figure": r"\bhow\s+(many|much|long|often)\b|\bratio\b|%%|\bper\s*cent(age)?s?\b|\bpercent(age)?s?\b",
    "advice": r"^\W*(%(how)s)\b.*\b(should|best|ought|can (i|we)|do (i|we))\b",
    # titles of roles the article does not cover ("chief marketing officer", "HR manager"); the title's
    # qualifier is its 2nd or 3rd group
    "title_phrase": (
        r"\b(chief|head of|director of|vp of|vice president of)\s+(\w+)"
        r"|\b(\w+)\s+(manager|director|officer|specialist|engineer)s?\b"
    ),
}

# the words a slot stands for in this language
SLOTS: dict[str, str] = {
    "article": r"the\s+|a\s+|an\s+",
    "determiner": r"a\s+|an\s+|the\s+|any\s+",
    "wh": r"who|whom|whose|which|what",
    "how": r"how",
}

# "someone who ...", "people who ...": a question word right after these asks about no one in particular

# words that say nothing about which duty is meant
GENERIC = frozenset(
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
# words of a question about what a role does, not about a duty
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
        # applying for the job
        "applying",
        "apply",
        "interview",
        "interviewing",
        "opening",
        "vacancy",
        "candidate",
    ]
)
# "sales manager", "regional managers", "senior account executive": known roles or their ranks, no other title
KNOWN_QUALIFIERS = frozenset(
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

# how a list of names is joined: (between names, before the last one)
LISTS: dict[str, tuple[str, str]] = {
    "and": (", ", " and "),
    "or": (", the ", " or the "),
}

TEMPLATES: dict[str, str] = {
    "yes": "Yes. ",
    "no": "No. ",
    "owner": "{verdict}The {primary} owns this: {label}.",
    "owner_shared": " The article also involves the {shared}.",
    "owner_cited": " The article's wording is cited below.",
    "define": "The {name}{acronym}: {summary}",
    "define_duties": " Main responsibilities: {duties}.",
    "compare": "In short:\n{lines}\nIn the article's hierarchy: {rank}.",
    "reports_to": "The {role} reports to the {bosses}.",
    "reports_to_none": "The article names no one the {role} reports to.",
    "reports_from": "Reporting to the {role}: {reports}.",
    "reports_from_none": "The article names no one who reports directly to the {role}.",
    "acronym": "{acronym} stands for {expansion} (in the Finnish article: {name_fi}).",
    # the first sentence of a refusal, by reason, then what the assistant can do instead
    "decline_title": "The article does not cover the {title} role, so I can't answer that.",
    "decline_uncovered": "The article does not cover {topic}, so I can't answer that.",
    "decline_figures": (
        "The article gives no figures (headcounts, ratios, durations or pay), so I can't answer that."
    ),
    "decline_advice": (
        "The article says who does what in sales, not how to organise it, so I can't advise on that."
    ),
    "decline_scope": "I can't find an answer to that in the article.",
    "decline_offer": (
        "I can tell you about the sales roles ({names}): who owns what, what each role does, how they differ "
        "and who reports to whom."
    ),
}
