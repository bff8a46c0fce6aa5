"""Stage 1: chat noise out, the question in.

Slack and chat messages carry things that say nothing about the question: user and channel mentions
(`<@U07ABC123>`, `@roleassistant`), links, emoji and `:shortcodes:`, greetings and fillers ("hey quick q",
"moi, kysymys:"), repeated punctuation. They are removed here and chat shorthand is written out ("ppl", "w/",
"abt"), so every later stage sees the question alone. The greeting, filler and shorthand words are
per-language data (`assistant.lang.chat`); emoji are recognised by the `emoji` package, not by a hand-written list.
"""

from __future__ import annotations

import re

import emoji

from assistant.lang.chat import (
    RETURN,
    RETURN_TO_SUBJECT,
    chat_fillers,
    dialogue_cue,
    dialogue_words,
    shorthand,
    union,
)

_SLACK_USER = re.compile(r"<[@!][A-Z0-9]+(?:\|[^>]*)?>|<!(?:here|channel|everyone)[^>]*>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>|<#[A-Z0-9]+>")
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>|<(?:https?|mailto):[^>]*>")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
_HANDLE = re.compile(r"(?<![\w.])@[\w.-]*\w")  # "@roleassistant", "@role-bot"; not an e-mail address
_SHORTCODE = re.compile(r"(?<!\S):[a-z0-9_+-]+:(?!\S)")  # ":pray:", ":+1:"; "CSO:n" is no shortcode
_REPEATED = re.compile(r"([?!.,])\1+")
_QUESTION_MARKS = re.compile(r"[?!]*\?[?!]*")  # "?!?" -> "?"
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([?!.,;:](?:\s|$))")


def _filler_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lead, tail = chat_fillers()
    alt_lead = "|".join(sorted((re.escape(w) for w in lead), key=len, reverse=True))
    alt_tail = "|".join(sorted((re.escape(w) for w in tail), key=len, reverse=True))
    # fillers at the start, each followed by a comma, colon, dash, "!" or a space; repeated ("hey, quick q:")
    opening = re.compile(rf"^(?:\s*(?:{alt_lead})(?:\s*[,:!.\-–—]+\s*|\s+|$))+", re.I)
    closing = re.compile(rf"(?:[\s,.!-]*\b(?:{alt_tail})\b[\s!.]*)+$", re.I)
    return opening, closing


_OPENING, _CLOSING = _filler_patterns()
_RETURN = union(RETURN)
# "back to that role —": the role the conversation is about, as a pronoun is
_POINTING = dialogue_cue("pronoun")
# "palataan siihen ekaan —", "back to the other one,": words the dialogue stage reads
_REFERRING = dialogue_cue("first", "second", "other", "self", "pointer", "demonstrative")
_TO_SUBJECT = {w for words in RETURN_TO_SUBJECT.values() for w in words}
_SUBJECT = re.compile(r"\b(" + "|".join(sorted(dialogue_words("subject_pronouns"))) + r")\b", re.I)
_SHORTHAND = shorthand()
_SHORT_WORD = re.compile(
    r"(?<![\w/])("
    + "|".join(sorted((re.escape(w) for w in _SHORTHAND), key=len, reverse=True))
    + r")(?![\w/])",
    re.I,
)


def normalise(text: str, names: frozenset[str] = frozenset()) -> str:
    """The question without chat noise; the text itself when nothing is left of it (never empty). ``names``:
    the corpus's own name words (lower case), never written out as shorthand ("RN" is a Registered Nurse, not
    "right now")."""
    out = _SLACK_USER.sub(" ", text)
    out = _SLACK_CHANNEL.sub(lambda m: f" {m.group(1) or ''} ", out)
    out = _SLACK_LINK.sub(lambda m: f" {m.group(1) or ''} ", out)
    out = _URL.sub(" ", out)
    out = _HANDLE.sub(" ", out)
    out = emoji.replace_emoji(out, replace=" ")
    out = _SHORTCODE.sub(" ", out)
    out = _QUESTION_MARKS.sub("?", out)
    out = _REPEATED.sub(r"\1", out)
    out = _SPACE.sub(" ", out).strip()
    stripped = _OPENING.sub("", out)
    stripped = _CLOSING.sub("", stripped).strip(" ,;:-–—")
    # a message that is only a greeting keeps its words: it is still the user's question
    out = stripped if re.search(r"\w", stripped) else out
    out = _SPACE_BEFORE_PUNCT.sub(r"\1", out)
    out = _SHORT_WORD.sub(
        lambda m: m.group(1) if m.group(1).lower() in names else _SHORTHAND[m.group(1).lower()], out
    )  # "ppl" -> "people"
    return back_to(out) or text.strip()


def back_to(text: str) -> str:
    """A message that goes back to a role talked about before and then asks about it with a pronoun: the
    question with the role's words for the pronoun ("back to the team lead, do they recruit too?" -> "do the
    team lead recruit too?"; "ok back to that role — tekeekö se töitä hallituksen kaa?" -> "tekeekö se töitä
    hallituksen kaa?", the role in focus for the dialogue stage). Unchanged without such a pronoun."""
    m = _RETURN.match(text)
    if m is None:
        return text
    topic = next(g for g in m.groups() if g)
    rest = text[m.end() :]
    p = _SUBJECT.search(rest)
    if p is None:
        return text
    if _POINTING.fullmatch(topic) or topic.lower() in _TO_SUBJECT:
        # "back to that role — do they recruit too?": "they" is the role the conversation is about
        return rest
    if _REFERRING.search(topic):
        return text  # "palataan siihen ekaan — kenelle se raportoi?": the dialogue stage reads "ekaan"
    return f"{rest[: p.start()]}{topic}{rest[p.end() :]}"
