"""English: the cue-pattern fragments, word lists and answer templates of the question engine."""

from __future__ import annotations

# Each fragment is one language's part of a cue pattern (assistant.lang.cue joins every language's fragment);
# %(slot)s stands for that slot's words in every language (SLOTS below), so that a question mixing the
# languages ("tiedätkö who ...") reads as before.
CUES: dict[str, str] = {
    # a role asked for by its place between two others ("who is between the AEs and the sales manager?")
    "between": r"\b(between|in between)\b",
    # a place in the ranked hierarchy rather than a manager: "who's above the BDR?", "right below the AEs"
    "position": r"\b(above|below|beneath|higher|lower|next (level )?(up|down))\b",
    # the ranked hierarchy itself named: "who's directly under the CSO in the org chart?", "who comes right
    # after the CSO?" ask for the next place in it, not for whom the reporting lines put under the role
    "hierarchy": r"\b(hierarch\w*|ladder|org ?chart|chain of command|pecking order|comes? (right |directly |just )?after)\b",
    # "which of the two is higher in the hierarchy?": a choice between two roles by their place, and which way
    "rank_choice": r"\b(higher|highest|above|top|senior|more senior|outranks?|lower|lowest|below|junior|bottom|hierarch\w*|ladder|org ?chart)\b",
    "rank_down": r"\b(lower|lowest|below|beneath|junior|bottom)\b",
    # a place right above or below a role, said before it: which way a reporting question goes ("who is right
    # under the VP?" asks who reports to the VP)
    "place_above": r"\b(above|over|higher than)\s+(%(article)s)?ROLE\b",
    "place_below": r"\b(below|beneath|under|underneath|lower than)\s+(%(article)s)?ROLE\b",
    "compare": r"\bthe diff\b|\bdiff (from|between|btw)\b|\b(that|which) (the |an? )?ROLE (doesn'?t|does not|don'?t|do not|can'?t|cannot|can not|won'?t|will not|isn'?t|is not)\b|\b(differ\w*|difference[s]?|vs\.?|versus|compare[sd]?|comparison|contrast|distinguish\w*|same as)\b",
    # "which of the AE or the SDR ...": the answer is one of the roles offered
    "choice": r"\b(which of|which one|either)\b|\bROLE(:\w+)?\s*,?\s+(or)\s+(%(article)s)?ROLE\b",
    # "does the AE ...": a yes-or-no question
    # a role named by what it does: "the discounts person", "that revenue guy" (the words between: "what")
    "described": r"\b(?:the|that|this|our|your)\s+(?P<what>(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+(?:person|guy|gal|lady|dude)\b",
    "yes_no": r"^\W*((and|so|but)\s+)?(does|do|is|are|can|should|will|would|has|have)\b",
    # a yes-or-no question offering two things the role might do ("do they do b2b or b2c?"), not the role or
    # someone else ("... or is that someone else?")
    "alternatives": r"\bor\b(?!\s+((is|was) (that|it) )?(some\w*|any\w*|another|other\w*|not|no|ROLE|them|they|you|me|us)\b)",
    # a question word in either language (the slot holds both): "and what does the VP do?" asks its own question
    "question_word": r"\b(%(wh)s)\b",
    # "do you know who ...": a who-question inside a yes-or-no one
    "embedded_wh": r"\b(know|tell|wonder|idea|sure)\b.*\b(%(wh)s)\b",
    # a role name as the one something goes to: "to the AEs", "for the SDRs"
    # ... and the first object of a verb of giving ("who feeds the SDRs their leads?"); "back to the team lead"
    # returns to a role, nothing goes to it
    "recipient_before": r"(?<!\bback )\b(to|for)\s+(the\s+|our\s+|their\s+|a\s+|an\s+|all\s+)?$|\b(feeds?|feeding|gives?|giving|hands?|handing|sends?|sending|passes|passing|brings?|bringing|supplies|supplying|supply)\s+(the\s+|our\s+|their\s+|new\s+)?$",
    # ... but "is it normal for a team lead to do" makes the role the doer of the verb after it ("is it common for
    # SDRs to book meetings?"), while "who books meetings for the AEs to run?" books them for the AEs
    "doer_for": r"\b(is|it'?s|that'?s|was|are)\s+(\w+\s+){0,3}for\s+(the\s+|our\s+|their\s+|a\s+|an\s+)?ROLE('?s)?\s+to\s+(?!(the|a|an|our|their|them|him|her|me|us|you)\b)[^\W\d_]+",
    # a hand-off seen from the role named: where its work comes from ("where do the SDRs get their leads
    # from?") or whom it passes it to ("who do they pass the leads to?"); the answer is the other role
    # "who is the CSO?": a question about nothing but the role (what it is)
    "identity": r"^\W*(who\s+is|who's|whos|who)\s+(the\s+|a\s+|an\s+|this\s+)?ROLE\W*$",
    "handoff_from": r"\b(get|gets|getting|receive[sd]?|receiving|come|comes|coming)\b[^?.]*\bfrom\b",
    "handoff_to": r"\b(pass|hand|give|send|forward)\w*\b[^?.]*\b(to|over to|on to)\s*(after that|then|next|afterwards)?\s*\??\s*$",
    # ... and with no role named, where a thing goes ("who do the qualified leads go to after that?"): whom the
    # work of the duty it is about goes to ("who are we going to reach out to?" is no hand-off)
    "handoff_goes": r"\b(handed|passed|sent|forwarded|given)\b[^?.]*\b(to|over to|on to)\s*(after that|then|next|afterwards|for \w+)?\s*\??\s*$|\b(go|goes|went)\s+(to|over to|on to)\s*(after that|then|next|afterwards)?\s*\??\s*$",
    # the role named as where the work comes from ("who gets the leads from the SDRs?"): the question asks whom
    # it goes to
    "handoff_source": r"\bfrom\s+(the\s+|our\s+|their\s+|its\s+)?ROLE",
    # whom a named role does its work with ("who does the CRO build growth strategy with?", "who does the CRO
    # sit down with to plan growth?"): a "with" left without its object
    "partner": r"\bwith\s*[?!.]*\s*$|\bwith\s+(to|on|for|when|in order)\b|\bwith whom\b|^\W*((and|so|ok)\s+)?who(m)?\s+(do|does|did|will|would|should|can)\s+(the\s+|our\s+|their\s+|a\s+|an\s+)?ROLE\b",
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
    # a who-question whose answer may be the role it names: one it proposes ("the team lead or someone else?",
    # "who closes the deal, the AE?") or the predicate of "who is" ("who is the company's top sales exec?");
    # other roles it names are not the answer
    "names_answer": r",\s*((the|an?|our|my)\s+)?ROLE\W*$|\bROLE\b[^?]*\bor\s+(is\s+(it|that|this)\s+)?(someone|somebody|anyone|anybody|another|some other)\b|^\W*(who('?s|\s+is|\s+are))\s+((the|our|a|an|my|their)\s+)?([\w-]+\s+){0,2}ROLE\W*$",
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
# words before a title word that name no other title: ranks ("regional managers", "senior engineer") and
# ordinary modifiers ("new engineers", "other managers"); the words of the corpus's own role names count too
KNOWN_QUALIFIERS = frozenset(
    [
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
        "new",
        "other",
        "existing",
        "current",
        "former",
        "future",
        "fellow",
        "incoming",
        "every",
        "each",
        "all",
        "some",
        "more",
        "most",
        "two",
        "three",
    ]
)

# how a list of names is joined: (between names, before the last one)
LISTS: dict[str, tuple[str, str]] = {
    "and": (", ", " and "),
    "or": (", the ", " or the "),
}

# How answers name the corpus's subject and its sources: defaults for a corpus whose `wording` leaves them out
# (docs/CORPUS.md). `domain`: a word for the field the roles work in ("sales"); `source`: a singular noun phrase
# for the source material ("the article", "our handbook").
WORDING: dict[str, str] = {
    "domain": "",
    "source": "the source material",
}
# phrases made from the wording: (with the wording field, without it), and the field they need
PHRASES: dict[str, tuple[str, str, str]] = {
    "domain_roles": ("domain", "the {domain} roles", "the roles"),
    "in_domain": ("domain", " in {domain}", ""),
}
# a language's name in running text: "in Finnish"
LANGUAGE_NAMES: dict[str, str] = {"en": "in English", "fi": "in Finnish"}

# answer sentences; besides their own fields each may use the wording above and its phrases, and a capitalised
# copy of any of them ("{Source}")
TEMPLATES: dict[str, str] = {
    "yes": "Yes. ",
    "no": "No. ",
    "owner": "{verdict}The {primary} owns this: {label}.",
    "owner_shared": " {Source} also involves the {shared}.",
    # whom a role does a duty with ("who does the CRO build growth strategy with?")
    "partners": "The {role} does this together with the {partners}: {label}.",
    "owner_cited": " {Source}'s wording is cited below.",
    # a duty whose owners the organisation's own statement (overrides.yaml) gives
    "owner_policy": (
        " This is the organisation's own policy ({policy}); {source} gives it to the {original}. Both are cited "
        "below."
    ),
    "owner_policy_own": " This is the organisation's own policy ({policy}), cited below.",
    "define_absent": " The organisation has no {role} of its own ({policy}).",
    "define": "The {name}{acronym}: {summary}",
    "define_duties": " Main responsibilities: {duties}.",
    "compare": "In short:\n{lines}",
    "compare_rank": "\nIn {source}'s hierarchy: {rank}.",
    "compare_above": "\nIn the reporting lines, the {upper} is above the {lower}.",
    "reports_to": "The {role} reports to the {bosses}.",
    "reports_to_none": "{Source} names no one the {role} reports to.",
    "works_with": " The {role} works with the {peers}.",
    "reports_from": "Reporting to the {role}: {reports}.",
    "between": "Between the {upper} and the {lower}: {middle}.",
    "rank_above": "In {source}'s ranked hierarchy the {next} comes directly above the {role}.",
    "rank_below": "In {source}'s ranked hierarchy the {next} comes directly below the {role}.",
    "reports_from_none": "{Source} names no one who reports directly to the {role}.",
    "acronym": "{acronym} stands for {expansion}.",
    "acronym_named": "{acronym} stands for {expansion} ({language}: {name}).",
    # the first sentence of a refusal, by reason, then what the assistant can do instead
    "decline_title": "{Source} does not cover the {title} role, so I can't answer that.",
    "decline_uncovered": "{Source} does not cover {topic}, so I can't answer that.",
    "decline_figures": (
        "{Source} gives no figures (headcounts, ratios, durations or pay), so I can't answer that."
    ),
    "decline_advice": (
        "{Source} says who does what{in_domain}, not how to organise it, so I can't advise on that."
    ),
    "decline_scope": "I can't find an answer to that in {source}.",
    "decline_offer": (
        "I can tell you about {domain_roles} ({names}): who owns what, what each role does, how they differ "
        "and who reports to whom."
    ),
    # what the assistant answers (help texts, the web page) and example questions made from the role data
    "about": (
        "I answer questions about {domain_roles} ({names}) from {source}, with citations: who owns what, what "
        "each role does, how roles differ and who reports to whom."
    ),
    "example_owner": "who is responsible for {duty}?",
    "example_define": "what does the {role} do?",
    "example_compare": "what is the difference between the {a} and the {b}?",
    "example_reports_to": "who does the {role} report to?",
}


def _words(*parts: str) -> frozenset[str]:
    return frozenset(w for part in parts for w in part.split())


# Words that say nothing about what a question asks (dropped before matching)
STOP = _words(
    "a an the of to in on for and or is are was be by with who whom whose what which does do did how why",
    "when where our my your their they them he she it its this that these those at from as about into",
    "than then there here me we you i can could should would will shall may might must has have had not",
    "no yes please company role roles person job responsible responsibility owns own owner in charge",
    "handles handle takes take care",
    # chat contractions typed without the apostrophe
    "whats whos hows wheres whens whys thats theres im ive dont doesnt didnt isnt arent wasnt cant wont",
    "theyre youre lets gonna wanna",
)


# Words that mark a text as English (language detection)
HINTS = _words(
    "who what which does do the is are of between difference report reports owns and about stand for",
)
