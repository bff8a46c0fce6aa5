"""Block Kit rendering of the answer object, and the text hygiene between Slack markup and plain text.

Every piece of text that came from a user or from the corpus goes through :func:`escape` and into ``mrkdwn``
objects with ``verbatim: true``, so a question or a quoted passage cannot produce a ``<!channel>``, a user
mention or a disguised ``<https://x|y>`` link: Slack only parses ``<...>`` markup, and raw ``<``/``>``
never survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.reference_models import About, HierarchyNode
from assistant.types import Answer

__all__ = [
    "ACTION_DOWN",
    "ACTION_SHARE",
    "ACTION_UP",
    "COMMAND",
    "NEUTRAL_ABOUT",
    "empty_notice",
    "escape",
    "fallback_text",
    "question_from_slack",
    "render_answer",
    "render_help",
    "render_notice",
]

Block = dict[str, Any]
COMMAND = "/roles"
ACTION_UP = "feedback_up"
ACTION_DOWN = "feedback_down"
ACTION_SHARE = "share_answer"
MAX_CITATIONS = 5
MAX_ROLES = 10
_SECTION_LIMIT = 2900  # Slack: 3,000 characters per text object
_QUOTE_LIMIT = 300  # characters of the quote shown (before escaping)
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_MARKUP = re.compile(r"<([^<>]*)>")


def escape(text: str) -> str:
    """Escape Slack's control characters (&, <, >) and defuse plain-text @channel/@here/@everyone."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u2060", out)


def _fit(text: str, limit: int) -> str:
    """Escape ``text``, cut so the escaped form fits in ``limit`` characters (never inside an entity)."""
    if len(text) <= limit // 5:
        return escape(text)
    kept: list[str] = []
    size = 0
    for ch in text:
        piece = escape(ch)
        if size + len(piece) > limit - 1:
            return escape("".join(kept)).rstrip() + "…"
        kept.append(ch)
        size += len(piece)
    return escape(text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _markup_to_plain(token: str, bot_user_id: str | None) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):
        return "" if target[1:] == bot_user_id else "@" + (label or "user")
    if target.startswith("#"):
        return "#" + (label or "channel")
    if target.startswith("!"):
        name = target[1:].split("^")[0]
        return label or "@" + name
    return label or target


def question_from_slack(text: str, bot_user_id: str | None = None) -> str:
    """Slack message markup → the plain question: bot mention removed, links/mentions to their labels."""
    plain = _MARKUP.sub(lambda m: _markup_to_plain(m.group(1), bot_user_id), text or "")
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(plain.split())


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text or " ", "verbatim": True}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _as_answer(answer: Answer | Mapping[str, Any]) -> Answer:
    return answer if isinstance(answer, Answer) else Answer.from_dict(dict(answer))


def render_answer(
    answer: Answer | Mapping[str, Any],
    ref: str | None = None,
    *,
    share: bool = False,
    shared_by: str | None = None,
    question: str | None = None,
) -> list[Block]:
    """The answer as blocks: text, role badges, one context block per citation, then 👍/👎 (and Share)."""
    ans = _as_answer(answer)
    blocks: list[Block] = [{"type": "section", "text": _mrkdwn(_fit(ans.answer, _SECTION_LIMIT))}]
    if ans.roles:
        badges = [
            _mrkdwn(f"👤 *{escape(_clip(r.name, 80))}*" + (" _(shared)_" if r.share == "shared" else ""))
            for r in ans.roles[:MAX_ROLES]
        ]
        blocks.append({"type": "context", "elements": badges})
    for cit in ans.citations[:MAX_CITATIONS]:
        quote = escape(_clip(cit.quote, _QUOTE_LIMIT))
        where = f"{cit.source} › {cit.section}" if cit.source else cit.section
        line = f"📄 *{escape(_clip(where, 160))}*\n“{quote}”"
        if cit.translation:  # English answers: the quote's English rendering, labelled as a translation
            line += f"\n_English translation:_ “{escape(_clip(cit.translation, _QUOTE_LIMIT))}”"
        blocks.append({"type": "context", "elements": [_mrkdwn(line)]})
    if shared_by and _USER_ID.match(shared_by):
        asked = f" · asked “{escape(_clip(question, 200))}”" if question else ""
        blocks.append({"type": "context", "elements": [_mrkdwn(f"Shared by <@{shared_by}>{asked}")]})
    if ref:
        buttons = [_button("👍 Helpful", ACTION_UP, ref), _button("👎 Not helpful", ACTION_DOWN, ref)]
        if share:
            buttons.append(_button("Share in channel", ACTION_SHARE, ref, style="primary"))
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": buttons})
    return blocks


def fallback_text(answer: Answer | Mapping[str, Any]) -> str:
    """The notification / screen-reader text that goes beside the blocks (escaped, short)."""
    return escape(_clip(_as_answer(answer).answer, 300))


def render_notice(text: str) -> list[Block]:
    """A one-section message for errors and acknowledgements (escaped)."""
    return [{"type": "section", "text": _mrkdwn(_fit(text, _SECTION_LIMIT))}]


def _names(nodes: Iterable[HierarchyNode], into: dict[str, str]) -> dict[str, str]:
    for node in nodes:
        into[node.id] = node.name or node.id
        _names(node.children, into)
    return into


def _tree_lines(nodes: Iterable[HierarchyNode], names: Mapping[str, str], depth: int = 0) -> list[str]:
    """Plain (unescaped) lines of the hierarchy; dotted-line managers after the name."""
    lines: list[str] = []
    for node in nodes:
        bullet = "•" if depth == 0 else "◦"
        extra = ""
        for ids, label in ((node.also_reports_to, "also reports to"), (node.works_with, "works with")):
            others = [names.get(i, i) for i in ids]
            extra += f" ({label} {', '.join(others)})" if others else ""
        extra += " (not in this organisation)" if node.absent else ""
        lines.append("\u2003" * depth + f"{bullet} {node.name or node.id}{extra}")
        lines.extend(_tree_lines(node.children, names, depth + 1))
    return lines


NEUTRAL_ABOUT = About(
    name="Role Assistant",
    summary={"en": "I answer questions about the roles of an organisation, with citations."},
    languages=["en"],
    sources=[],
    roles=[],
    examples=[],
)
_HOW = (
    "Mention me in a channel (I answer in the thread), message me directly, or use `/roles <question>` for an "
    "answer only you can see."
)


def empty_notice(about: About) -> str:
    """What a mention without a question gets: what to ask, with one of the corpus's example questions."""
    example = f", e.g. “{about.examples[0]}”" if about.examples else ""
    return f"Ask me about {about.name or 'the roles'}{example}. `/roles` shows what I know."


def render_help(hierarchy: Iterable[HierarchyNode], about: About = NEUTRAL_ABOUT) -> list[Block]:
    """What `/roles` alone shows: what the bot answers (from the corpus: `AnswerService.about`), the role
    hierarchy, and the corpus's example questions."""
    languages = about.languages or ["en"]
    summary = about.summary.get("en") or next(iter(about.summary.values()), "")
    spoken = " or ".join({"en": "English", "fi": "Finnish"}.get(x, x) for x in languages)
    name = escape(_clip(about.name or "Role Assistant", 200))
    intro = f"*{name}*\n{escape(_clip(summary, 1500))} Ask in {escape(spoken)}. {_HOW}"
    nodes = list(hierarchy)
    tree = _fit("\n".join(_tree_lines(nodes, _names(nodes, {}))), 2800) or "_(no roles loaded)_"
    examples = "\n".join(f"• `{escape(_clip(COMMAND + ' ' + e, 200))}`" for e in about.examples[:6])
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Role Assistant", "emoji": True}},
        {"type": "section", "text": _mrkdwn(intro)},
        {"type": "section", "text": _mrkdwn("*Who reports to whom*\n" + tree)},
    ]
    if examples:
        blocks.append({"type": "section", "text": _mrkdwn("*Try*\n" + examples)})
    return blocks
