"""Which words stand for a role (stage 4's pronouns): a pronoun ("they", "se", "niille"), unless it stands before a
name as its determiner ("se SDR", "sen myyntipäällikön") or before a thing in the plural ("ne liidit"). The words
are per-language data in `assistant.lang.chat`."""

from __future__ import annotations

import re

from assistant.lang.chat import dialogue_cue, dialogue_words

PRONOUN = dialogue_cue("pronoun")
# a name in a case other than the subject's ("se ROLE:lle" is "it ... to the ROLE": the pronoun is the subject)
CASE_ENDING = dialogue_cue("case_ending")
NOUN_DETERMINER = dialogue_cue("noun_determiner")  # "ne liidit": "ne" is "those", not "they"
DETERMINERS = dialogue_words("determiners")
# "sen" before "myyntipäällikön": pronoun -> the ending the name after it has when the pronoun is its determiner
CASE_DETERMINERS = {
    word: re.compile(f"(?:{ending})\\W*$")
    for word, ending in (pair.split(" ", 1) for pair in sorted(dialogue_words("case_determiners")))
}


def first_pronoun(text: str) -> re.Match[str] | None:
    """The first pronoun that may stand for a role: not one before a thing in the plural ("ne liidit"), nor a
    name masked as ROLE ("that ROLE person" is "that team lead person", not "that role")."""
    return next(
        (
            m
            for m in PRONOUN.finditer(text)
            if not NOUN_DETERMINER.match(text, m.start()) and "ROLE" not in m.group(0)
        ),
        None,
    )


def is_determiner(pronoun: str, masked_from_name: str, name: str) -> bool:
    """The pronoun right before a role's name is its determiner, not a role of its own: "se SDR", "ne BDR:t" (a
    name in the subject's case: "raportoiko se CSO:lle" has the pronoun as its subject), or a pronoun in the
    name's case ("sen myyntipäällikön yläpuolella", "sille AE:lle")."""
    word = pronoun.lower()
    if word in DETERMINERS:
        return re.match(r"ROLE(:t)?\b", masked_from_name) is not None and not CASE_ENDING.search(name)
    ending = CASE_DETERMINERS.get(word)
    return ending is not None and ending.search(name) is not None
