"""Hand-offs between roles, read from the duty labels ("managing the leads that BDRs generate and passing
qualified leads to Account Executives"): "where do the SDRs get their leads from?" is answered by the role on the
other side (no model, no index)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answering.clauses import role_clauses, same_word
from assistant.answering.handoff import across_handoff, named_side, other_side, partners
from assistant.answering.query import Query, mask, named_roles, recipients, settle
from assistant.answering.ranking import _ALTERNATIVES, _duty_roles
from assistant.corpus import Corpus
from assistant.roles import RoleBook
from assistant.text import stem_tokens


def _evidence(book: RoleBook) -> SimpleNamespace:
    """What the hand-off stage reads of the index's evidence: the duty labels' roles and clause words."""
    return SimpleNamespace(book=book, duty_roles=_duty_roles(book), clauses=role_clauses(book))


def test_the_other_side_of_a_hand_off_comes_from_the_duty_labels(corpus: Corpus) -> None:
    book = corpus.book
    ev = _evidence(book)
    assert other_side(ev, "sdr", "from") == {"bdr"}  # type: ignore[arg-type]
    assert other_side(ev, "ae", "from") == {"sdr"}  # type: ignore[arg-type]
    assert other_side(ev, "bdr", "to") == {"sdr"}  # type: ignore[arg-type]
    # the AEs; not the CRO, whose duty names the SDRs as what it is about ("the performance of the SDRs")
    assert other_side(ev, "sdr", "to") == {"ae"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("where do SDRs get their leads from?", "from"),
        ("mistä SDR:t saa liidinsä?", "from"),
        ("kenen tuottamia liidejä SDR hallinnoi?", "from"),
        ("who do the SDRs pass qualified leads to?", "to"),
        ("kenelle SDR antaa pisteytetyt liidit?", "to"),
        # the role named is where the work comes from: whom does it go to
        ("who gets the qualified leads from the SDRs?", "to"),
        ("kuka saa liidit SDR:ltä?", "to"),
        # no hand-off
        ("who trains the SDRs?", ""),
        ("who passes leads to the SDRs?", ""),
    ],
)
def test_a_hand_off_question_is_told_by_its_words(corpus: Corpus, text: str, way: str) -> None:
    q = Query(text, "en", "owner", ["sdr"])
    q.masked = mask(corpus.book, text)
    settle(corpus.book, q, ["sdr"])
    assert q.handoff == way


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("who does the CRO build growth strategy with?", True),
        ("who does the CRO sit down with to plan growth?", True),
        ("tekeeks CRO kasvusuunnitelmat yksin vai kenen kanssa", True),
        ("kenen kaa CRO tekee kasvusuunnitelmat?", True),
        # whom the named role acts on: "who do they supervise?" after the CSO
        ("who does the CRO supervise?", True),
        ("keitä CRO valvoo?", True),
        # "with" and its object: the role named is who the duty is done with, not a partner question
        ("who works with the CRO on growth strategy?", False),
        ("does the CRO work with the board?", False),
    ],
)
def test_a_question_about_whom_a_role_works_with_is_told_by_its_words(
    corpus: Corpus, text: str, partner: bool
) -> None:
    q = Query(text, "en", "owner", ["cro"])
    q.masked = mask(corpus.book, text)
    settle(corpus.book, q, ["cro"])
    assert q.partner is partner


def test_the_partners_are_the_roles_the_duty_names_beside_its_owner(corpus: Corpus) -> None:
    book = corpus.book
    ev = SimpleNamespace(book=book, duty_roles=_duty_roles(book))
    q = Query("who does the CRO build growth strategy with?", "en", "owner", ["cro"], partner=True)
    best = SimpleNamespace(ranked=[("growth_strategy_board", 4.0), ("marketing_roi", 3.0)])
    assert partners(ev, q, best) == ("growth_strategy_board", ["ceo", "board"])  # type: ignore[arg-type]
    # a duty that names no other role: no partners, the question is answered as an owner question
    best = SimpleNamespace(ranked=[("marketing_roi", 4.0), ("growth_strategy_board", 3.0)])
    assert partners(ev, q, best) is None  # type: ignore[arg-type]
    # the roles its work comes from and goes to both take part in it
    q = Query("who does the SDR work with?", "en", "owner", ["sdr"], partner=True)
    best = SimpleNamespace(ranked=[("manage_bdr_leads", 4.0)])
    assert partners(ev, q, best) == ("manage_bdr_leads", ["ae", "bdr"])  # type: ignore[arg-type]
    # the named role owns none of the first duties: no partners
    q = Query("who does the SDR close deals with?", "en", "owner", ["sdr"], partner=True)
    assert partners(ev, q, SimpleNamespace(ranked=[("growth_strategy_board", 4.0)])) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        ("do they mostly do b2b or b2c?", True),
        ("does ROLE close deals himself or just do strategy?", True),
        ("onks ne enemmän B2B vai B2C puolella", True),
        # the role or someone else: a plain yes or no
        ("do they run the product demos too or is that someone else", False),
        ("is that on me too or someone else?", False),
        ("tekeeks ROLE myös demot vai joku muu", False),
        ("does ROLE or ROLE set the quotas?", False),
    ],
)
def test_a_yes_or_no_question_offering_two_things_is_told_by_its_words(text: str, offers: bool) -> None:
    assert bool(_ALTERNATIVES.search(text)) is offers


@pytest.mark.parametrize(
    ("text", "to"),
    [
        ("who hands the qualified leads to the AEs?", ["ae"]),
        ("who runs training for the SDRs?", ["sdr"]),
        # "for a team lead to do": the role is the doer of the verb after it
        ("Is that normal for a team lead to do?", []),
        ("is it common for SDRs to book the meetings themselves?", []),
        ("who books meetings for the AEs to run?", ["ae"]),
    ],
)
def test_a_role_after_to_or_for_is_where_the_work_goes_unless_it_does_the_verb(
    corpus: Corpus, text: str, to: list[str]
) -> None:
    assert recipients(corpus.book, text) == to


def test_the_labels_attribute_words_to_the_roles_beside_the_owner(corpus: Corpus) -> None:
    clauses = role_clauses(corpus.book)
    # "managing the leads that BDRs generate and passing qualified leads to Account Executives"
    bdr = clauses["manage_bdr_leads"]["bdr"]
    assert same_word(stem_tokens("generates"), bdr)
    assert same_word(stem_tokens("tuottaa"), bdr)  # "BDR:ien tuottamien liidien": one verb, other ends
    assert not same_word(stem_tokens("leads"), bdr)  # the duty's topic, used outside the BDRs' clause too
    assert same_word(stem_tokens("passes"), clauses["manage_bdr_leads"]["ae"])
    assert same_word(stem_tokens("qualifies"), clauses["convert_qualified_leads"]["sdr"])
    # owners are not attributed words, nor the rest of a compound name ("SDR-edustajien suorituskyvyn")
    assert "sdr" not in clauses["manage_bdr_leads"]
    assert "sdr" not in clauses.get("sdr_performance", {})


@pytest.mark.parametrize(
    ("text", "others", "to", "near", "side"),
    [
        # the words the label attributes to the BDRs, about a duty the SDRs own
        (
            "who generates the leads the SDRs work on?",
            ["sdr"],
            [],
            ("convert_qualified_leads", "manage_bdr_leads"),
            {"bdr"},
        ),
        ("kuka tuottaa ne liidit joita SDR hallinnoi?", ["sdr"], [], ("manage_bdr_leads",), {"bdr"}),
        ("who qualifies the leads the AEs take over?", ["ae"], [], ("convert_qualified_leads",), {"sdr"}),
        # the work goes to the named role: where its own duty says it comes from
        (
            "who feeds the SDRs their leads?",
            ["sdr"],
            ["sdr"],
            ("convert_qualified_leads", "manage_bdr_leads"),
            {"bdr"},
        ),
        # the question names the role those words belong to: it is not the one asked about
        (
            "who passes the qualified leads the BDRs generated on to the AEs?",
            ["ae"],
            ["ae"],
            ("manage_bdr_leads",),
            set(),
        ),
        # the owner's own words: the ranking's answer stands
        ("kuka ottaa vastaan ne liidit jotka BDR:t on kaivanut?", ["bdr"], [], ("manage_bdr_leads",), set()),
        # the first duty is about something the named role takes no part in: nothing to read
        ("who sets quotas for the AEs?", ["ae"], ["ae"], ("quotas", "convert_qualified_leads"), set()),
    ],
)
def test_a_who_question_about_a_duty_beside_the_named_role_is_answered_by_the_other_side(
    corpus: Corpus, text: str, others: list[str], to: list[str], near: tuple[str, ...], side: set[str]
) -> None:
    book = corpus.book
    ev = _evidence(book)
    roles = named_roles(book, text)[0]
    q = Query(text, "en", "owner", roles, others=others, recipients=to)
    best = SimpleNamespace(near=near)
    assert named_side(ev, q, best)[0] == side  # type: ignore[arg-type]


def test_the_other_sides_duty_is_the_one_its_labels_say_with_the_words_that_told_it(corpus: Corpus) -> None:
    book = corpus.book
    ev = _evidence(book)
    text = "kuka tuottaa ne liidit joita SDR:t käsittelee?"
    q = Query(text, "fi", "owner", ["sdr"], others=["sdr"])
    ranked = [("convert_qualified_leads", 4.8), ("b2b_transactions", 1.9), ("outbound_prospecting", 1.2)]
    best = SimpleNamespace(ranked=ranked, near=("convert_qualified_leads", "manage_bdr_leads"))
    # "tuottamien" (the BDRs' word in the SDRs' duty) is "generate" in its English label: the BDRs' "generating
    # leads ...", not their B2B deals ("käsittely" only shares a word with the question)
    assert across_handoff(ev, q, best) == "outbound_prospecting"  # type: ignore[arg-type]


def test_a_pronoun_standing_for_where_the_work_goes_tells_the_side_as_the_name_does(corpus: Corpus) -> None:
    # after "who scores the leads before they get passed to the AEs?" (the SDRs): "them" are the SDRs
    book = corpus.book
    ev = _evidence(book)
    near = ("convert_qualified_leads", "manage_bdr_leads", "sdr_performance")
    for text, resolved in (
        (
            "and who feeds them those leads in the first place",
            "and who feeds SDR those leads in the first place",
        ),
        ("and who feeds the SDRs those leads in the first place", ""),
    ):
        q = Query(text, "en", "owner", ["sdr"], others=["sdr"], recipients=["sdr"], resolved=resolved)
        if resolved:
            q.object_of = ["sdr"]
        assert named_side(ev, q, SimpleNamespace(near=near))[0] == {"bdr"}, text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("who do the qualified leads go to after that", "to"),
        ("and who are the leads eventually handed to for closing?", "to"),
        ("ja kenelle ne liidit menee siitä eteenpäin", "to"),
        ("kenelle liidit siirtyy karsinnan jälkeen?", "to"),
        # a who-question about doing something, not about where it goes
        ("who scores the leads?", ""),
        ("kuka antaa palautetta myyjille?", ""),
        ("who do reps talk to about quotas?", ""),
        ("Who puts together the lists of prospects we're going to reach out to?", ""),
    ],
)
def test_where_a_thing_goes_is_told_by_its_words_when_no_role_is_named(
    corpus: Corpus, text: str, way: str
) -> None:
    q = Query(text, "fi" if "kenelle" in text or "kuka" in text else "en", "owner", [])
    q.masked = mask(corpus.book, text)
    settle(corpus.book, q, [])
    assert q.handoff == way


def test_where_a_thing_goes_is_where_the_first_duty_says_its_work_goes(corpus: Corpus) -> None:
    book = corpus.book
    ev = _evidence(book)
    q = Query("who do the qualified leads go to after that", "en", "owner", [], handoff="to")
    ranked = [("manage_bdr_leads", 4.1), ("sdr_performance", 2.0), ("convert_qualified_leads", 1.5)]
    best = SimpleNamespace(ranked=ranked, near=tuple(d for d, _ in ranked))
    # "... passing qualified leads to Account Executives": the AEs' duty
    assert across_handoff(ev, q, best) == "convert_qualified_leads"  # type: ignore[arg-type]


def test_back_to_a_role_is_no_recipient(corpus: Corpus) -> None:
    assert recipients(corpus.book, "ok nvm. back to the team lead, do they also keep people updated?") == []
    assert recipients(corpus.book, "who hands the qualified leads to the team lead?") == ["team_lead"]


def test_where_a_thing_goes_is_where_its_owners_work_goes_when_the_duty_names_no_recipient(
    corpus: Corpus,
) -> None:
    book = corpus.book
    ev = _evidence(book)
    scoring = "lead_scoring"  # the SDRs' "scoring leads ...": its labels name no role it goes to
    assert not ev.duty_roles[1].get(scoring)
    q = Query("kenelle ne pisteytetyt liidit menee?", "fi", "owner", [], handoff="to")
    ranked = [(scoring, 4.0), ("convert_qualified_leads", 1.0)]
    best = SimpleNamespace(ranked=ranked, near=tuple(d for d, _ in ranked))
    assert across_handoff(ev, q, best) == "convert_qualified_leads"  # type: ignore[arg-type]
