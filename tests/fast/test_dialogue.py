"""Dialogue state: what a follow-up leans on, from the answered turns alone (no model, no index)."""

from __future__ import annotations

from assistant.answering.dialogue import resolve, state_of, subjects
from assistant.types import Answer, RoleRef, Turn

NAMES = {
    "sales_manager": ["Sales Manager", "Myyntipäällikkö", "sales manager*"],
    "team_lead": ["Sales Team Lead", "Myyntitiimin vetäjä", "team lead*"],
    "sdr": ["Sales Development Representative", "SDR"],
    "bdr": ["Business Development Representative", "BDR"],
    "cso": ["Chief Sales Officer", "CSO"],
    "cro": ["Chief Revenue Officer", "CRO"],
    "vp_sales": ["VP of Sales"],
}


def mentions(text: str) -> list[str]:
    """A stand-in for the role book's name matching: acronyms and two titles."""
    out = []
    for role, names in NAMES.items():
        if any(n.rstrip("*").lower() in text.lower() for n in names) and role not in out:
            out.append(role)
    return out


def turn(q: str, kind: str, roles: list[str], topic: str | None = None, answered: bool = True) -> Turn:
    refs = [RoleRef(r, r) for r in roles]
    return Turn(q, Answer("...", "en", answered, refs if answered else [], [], 0.9, kind, topic))


def test_subjects_of_a_reports_answer_are_the_role_asked_about_not_its_managers() -> None:
    a = turn("and what about the SDR?", "reports_to", ["team_lead", "sales_manager"], topic="sdr").answer
    assert a is not None and subjects(a) == ["sdr"]


def test_who_do_they_report_to_after_an_ellipsis_is_about_the_new_role() -> None:
    history = [
        turn("who does the BDR report to?", "reports_to", ["team_lead"], topic="bdr"),
        turn("and what about the SDR?", "reports_to", ["team_lead"], topic="sdr"),
    ]
    r = resolve("who do they report to?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sdr"]


def test_what_else_asks_for_the_role_in_focus() -> None:
    history = [turn("who sets the quotas?", "owner", ["sales_manager"])]
    for text in ("what else is on their plate", "mitä muuta se tekee?", "anything else?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["sales_manager"] and r.kind == "define", text


def test_the_other_one_is_the_other_role_of_the_last_comparison() -> None:
    history = [
        turn("SDR vs BDR?", "compare", ["sdr", "bdr"]),
        turn("which one passes leads on to the AEs", "owner", ["sdr"]),
        turn("whats a normal commission", "out_of_scope", [], answered=False),
        turn("what else do they do?", "define", ["sdr"]),
    ]
    for text in ("and the other one?", "entä se toinen?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["bdr"] and r.kind == "define", text


def test_those_two_compares_the_last_two_roles() -> None:
    history = [
        turn("what does CRO stand for", "acronym", ["cro"], topic="cro"),
        turn("and CSO?", "acronym", ["cso"], topic="cso"),
    ]
    r = resolve("ok so whats the actual diffrence between those two", [], history, mentions, NAMES)
    assert r is not None and r.kind == "compare" and set(r.roles) == {"cso", "cro"}


def test_ellipsis_keeps_the_kind_for_the_newly_named_role() -> None:
    history = [turn("what does CRO stand for", "acronym", ["cro"], topic="cro")]
    r = resolve("and CSO?", ["cso"], history, mentions, NAMES)
    assert r is not None and r.roles == ["cso"] and r.kind == "acronym"


def test_the_speakers_own_role_answers_i() -> None:
    history = [turn("new team lead here, what am i supposed to do", "define", ["team_lead"])]
    r = resolve("who do i report to then", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["team_lead"]


def test_that_manager_is_the_recent_role_named_so() -> None:
    history = [
        turn("kuka jakaa tehtävät tiimille?", "owner", ["team_lead"]),
        turn("who does that person report to?", "reports_to", ["sales_manager"], topic="team_lead"),
    ]
    r = resolve("and what does that manager do", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager"]


def test_a_complete_question_is_not_bent_towards_the_previous_turn() -> None:
    history = [turn("who sets the quotas?", "owner", ["sales_manager"])]
    assert resolve("who runs the cold calling?", [], history, mentions, NAMES) is None
    assert resolve("what does the CRO do?", ["cro"], history, mentions, NAMES) is None


def test_an_out_of_scope_turn_does_not_lose_the_thread() -> None:
    history = [
        turn("who sets the quotas?", "owner", ["sales_manager"]),
        turn("what's the weather tomorrow?", "out_of_scope", [], answered=False),
    ]
    state = state_of(history, mentions)
    assert state.focus == ["sales_manager"]
    r = resolve("who do they report to?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager"]


def test_a_declined_follow_up_about_another_role_moves_the_thread_to_it() -> None:
    # "which of the two handles complaints?" -> the Sales Manager; "and the other one - do they do payroll?"
    # is declined, but it was about the Team Lead: "who do they report to?" asks about the Team Lead
    history = [
        turn("which of the two handles customer complaints", "owner", ["sales_manager"]),
        turn(
            "and the other one - do they do payroll?", "out_of_scope", [], answered=False, topic="team_lead"
        ),
    ]
    assert state_of(history, mentions).focus == ["team_lead"]
    r = resolve("who do they report to?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["team_lead"]


def test_what_about_keeps_the_kind_but_a_longer_question_stands_alone() -> None:
    history = [turn("who does the CRO report to?", "reports_to", ["ceo"], topic="cro")]
    r = resolve("and what about the SDR?", ["sdr"], history, mentions, NAMES)
    assert r is not None and r.kind == "reports_to" and r.roles == ["sdr"]
    assert (
        resolve("and what about the SDR who books the meetings for us?", ["sdr"], history, mentions, NAMES)
        is None
    )


def test_a_comparison_with_one_role_named_compares_it_with_the_role_in_focus() -> None:
    history = [turn("mikä on CSO", "define", ["cso"])]
    for text in ("how's that different from the CRO?", "mikä ero sillä on CRO:hon?", "vs the CRO?"):
        r = resolve(text, ["cro"], history, mentions, NAMES)
        assert r is not None and r.roles == ["cso", "cro"] and r.kind == "compare", text
    # a comparison that names both roles stands on its own
    assert resolve("how is the SDR different from the BDR?", ["sdr", "bdr"], history, mentions, NAMES) is None


def test_after_a_comparison_an_ellipsis_compares_again_and_the_other_one_is_the_second_role() -> None:
    history = [
        turn("mikä on CSO", "define", ["cso"]),
        turn("how's that different from the CRO?", "compare", ["cso", "cro"]),
    ]
    r = resolve("and the VP of sales?", ["vp_sales"], history, mentions, NAMES, masked="and the ROLE?")
    assert r is not None and r.roles == ["cso", "vp_sales"] and r.kind == "compare"
    r = resolve("entä se toinen, mitä se tekee?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["cro"]


def test_their_difference_compares_the_last_two_roles() -> None:
    history = [
        turn("SDR vs BDR?", "compare", ["sdr", "bdr"]),
        turn("which of them scores leads", "owner", ["sdr"]),
    ]
    for text in ("mikä niiden ero oikeesti on", "so what's the difference between them"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["sdr", "bdr"] and r.kind == "compare", text


def test_the_first_and_the_second_one_follow_the_order_the_roles_were_named() -> None:
    history = [turn("whats the diff between a CSO and a CRO", "compare", ["cso", "cro"])]
    for text, role in [
        ("ok so the first one, do they close deals?", "cso"),
        ("and the second one?", "cro"),
        ("what does the latter do", "cro"),
        ("entä se eka, mitä se tekee?", "cso"),
        ("mitä se jälkimmäinen tekee", "cro"),
    ]:
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == [role], text


def test_two_ordinals_stand_for_both_roles_the_first_said_is_the_subject() -> None:
    history = [turn("whats the diff between a CSO and a CRO", "compare", ["cso", "cro"])]
    r = resolve("does the second one report to the first one?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["cro", "cso"] and r.subjects == ["cro"]
    text = "what does the first one do that the second doesnt"
    r = resolve(text, [], history, mentions, NAMES)
    assert r is not None and r.roles == ["cso", "cro"]
    assert r.masked(text) == "what does ROLE do that ROLE doesnt"


def test_a_pronoun_before_the_named_roles_is_the_subject() -> None:
    history = [turn("who sets the budgets for the sales team?", "owner", ["vp_sales"])]
    r = resolve(
        "does she report to the CSO or the CRO?",
        ["cso", "cro"],
        history,
        mentions,
        NAMES,
        masked="does she report to the ROLE or the ROLE?",
    )
    assert r is not None and r.roles == ["vp_sales", "cso", "cro"] and r.subjects == ["vp_sales"]
    # a pronoun after the name refers to that name: the message stands on its own
    text = "what does the CSO do and who do they report to?"
    masked = "what does the ROLE do and who do they report to?"
    assert resolve(text, ["cso"], history, mentions, NAMES, masked=masked) is None


def test_a_pronoun_in_the_case_of_the_name_after_it_is_its_determiner() -> None:
    history = [turn("kenelle tiimin vetäjä raportoi?", "reports_to", ["sales_manager"], topic="team_lead")]
    # "sen myyntipäällikön": "that sales manager" (both genitive), the message stands on its own
    text = "ja kuka on sen myyntipäällikön yläpuolella"
    masked = "ja kuka on sen ROLE yläpuolella"
    assert resolve(text, ["sales_manager"], history, mentions, NAMES, masked=masked) is None
    # "se ... CSO:lle": the pronoun (subject) is the role in focus, the name in another case what it asks about
    text = "raportoiko se CSO:lle?"
    masked = "raportoiko se ROLE:lle?"
    r = resolve(text, ["cso"], history, mentions, NAMES, masked=masked)
    assert r is not None and r.subjects == ["team_lead"]


def test_their_boss_is_the_manager_of_the_role_in_focus() -> None:
    history = [turn("what does the sales team lead do", "define", ["team_lead"])]
    managers = {"team_lead": ["sales_manager"]}
    for text in ("entä sen pomo, mitä se tekee?", "and what does their boss do?"):
        r = resolve(text, [], history, mentions, NAMES, managers=managers)
        assert r is not None and r.roles == ["sales_manager"], text


def test_who_is_their_boss_asks_about_the_role_in_focus() -> None:
    history = [turn("what does the sales team lead do", "define", ["team_lead"])]
    r = resolve("whos their boss", [], history, mentions, NAMES, managers={"team_lead": ["sales_manager"]})
    assert r is not None and r.roles == ["team_lead"]


def test_that_one_points_at_the_role_just_given_and_she_still_means_the_role_asked_about() -> None:
    history = [turn("whos below the vp of sales", "reports_from", ["sales_manager"], topic="vp_sales")]
    for text in ("ok what does that one do", "what does that person do then", "entä mitä toi tekee?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["sales_manager"] and r.reason == "pointer", text
    r = resolve("and who does she report to?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["vp_sales"]
    # "what else" keeps to the role the conversation is about
    r = resolve("what else does that person handle?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["vp_sales"] and r.kind == "define"


def test_the_other_one_with_a_question_of_its_own_leaves_the_kind_to_the_kind_stage() -> None:
    history = [
        turn("myyntipäällikkö vs tiiminvetäjä?", "compare", ["sales_manager", "team_lead"]),
        turn("kumpi jakaa tehtävät?", "owner", ["team_lead"]),
        turn("kenelle se raportoi", "reports_to", ["sales_manager"], topic="team_lead"),
    ]
    r = resolve("entä se toinen, mitä se tekee?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager"] and r.kind is None
    r = resolve("entä se toinen?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager"] and r.kind == "reports_to"


def test_a_determiner_before_a_name_is_no_pronoun() -> None:
    history = [turn("kuka pisteyttää liidit?", "owner", ["sdr"])]
    # "se AE" is "the AE": the message is about the role it names
    r = resolve(
        "mitä se AE sit muuten tekee?",
        ["ae"],
        history,
        mentions,
        NAMES,
        masked="mitä se ROLE sit muuten tekee?",
    )
    assert r is None
    # "se ROLE:lle": "se" is the subject, the role named is whom it reports to
    text, masked = "raportoiko se myyntipäällikölle vai VP:lle?", "raportoiko se ROLE vai ROLE:lle?"
    r = resolve(text, ["sales_manager", "vp_sales"], history, mentions, NAMES, masked=masked)
    assert r is not None and r.subjects == ["sdr"]


def test_their_boss_after_a_reports_answer_walks_up_the_chain() -> None:
    history = [turn("who does the SDR report to?", "reports_to", ["team_lead"], topic="sdr")]
    managers = {"sdr": ["team_lead"], "team_lead": ["sales_manager"]}
    r = resolve("entä sen pomo?", [], history, mentions, NAMES, managers=managers)
    assert r is not None and r.roles == ["sales_manager"] and r.reason == "boss"
    r = resolve("and who's their boss?", [], history, mentions, NAMES, managers=managers)
    assert r is not None and r.roles == ["team_lead"]
    # after a question about the role itself, "their boss" is still the manager of that role
    history = [turn("what does the SDR do", "define", ["sdr"])]
    r = resolve("entä sen pomo?", [], history, mentions, NAMES, managers=managers)
    assert r is not None and r.roles == ["team_lead"]


def test_a_message_that_is_only_a_name_continues_the_previous_question() -> None:
    history = [turn("and the sales mgr?", "reports_to", ["vp_sales"], topic="sales_manager")]
    r = resolve("team lead?", ["team_lead"], history, mentions, NAMES, masked="ROLE?")
    assert r is not None and r.roles == ["team_lead"] and r.kind == "reports_to"
    # a name with a question of its own is not
    masked = "what does the ROLE do?"
    assert (
        resolve("what does the team lead do?", ["team_lead"], history, mentions, NAMES, masked=masked) is None
    )


def test_those_two_are_the_roles_discussed_when_no_turn_was_about_two() -> None:
    history = [
        turn("who gets marketing and sales talking?", "owner", ["cro"]),
        turn("entä kuka laatii myyntistrategian", "owner", ["cso"]),
        turn("mitä muuta se tekee?", "define", ["cso"]),
    ]
    history[1].answer.roles.append(RoleRef("sales_manager", "sales_manager", "secondary"))  # type: ignore[union-attr]
    r = resolve("so what's the difference between those two then", [], history, mentions, NAMES)
    assert r is not None and r.kind == "compare" and set(r.roles) == {"cso", "cro"}


def test_two_owners_alike_are_those_two() -> None:
    history = [turn("who owns forecasting?", "owner", ["vp_sales", "sales_manager"])]
    r = resolve("what's the difference between those two?", [], history, mentions, NAMES)
    assert r is not None and r.kind == "compare" and r.roles == ["vp_sales", "sales_manager"]


def test_a_pronoun_in_a_case_keeps_its_ending_when_masked() -> None:
    history = [turn("mitä CRO tekee", "define", ["cro"])]
    r = resolve("kuka raportoi sille", [], history, mentions, NAMES)
    assert r is not None and r.masked("kuka raportoi sille") == "kuka raportoi ROLE:lle"
    r = resolve("who reports to them", [], history, mentions, NAMES)
    assert r is not None and r.masked("who reports to them") == "who reports to ROLE"


def test_the_same_role_again_as_a_subject_is_masked_too() -> None:
    history = [
        turn("CSO vs CRO?", "compare", ["cso", "cro"]),
        turn("mitä CRO tekee", "define", ["cro"]),
    ]
    text = "entä se toinen, mihin se keskittyy"
    r = resolve(text, [], history, mentions, NAMES)
    assert r is not None and r.roles == ["cso"] and r.masked(text) == "entä ROLE, mihin ROLE keskittyy"


def test_the_same_reporting_question_again_goes_on_from_the_role_the_answer_gave() -> None:
    history = [
        turn("who hands out tasks on a sales team?", "owner", ["team_lead"]),
        turn("who's above them?", "reports_to", ["sales_manager"], topic="team_lead"),
    ]
    for text in ("and above that?", "ja sen yläpuolella?", "and who's above them?"):
        r = resolve(text, [], history, mentions, NAMES)
        # the role in focus, and the one to go on from if the kind stage reads the same question again
        assert r is not None and r.roles == ["team_lead"], text
        assert r.onward == ("reports_to", "sales_manager"), text
    # "they report to" asks about the role the conversation is about (README: after "and what about the SDR?")
    for text in ("who do they report to", "kenelle se raportoi?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["team_lead"] and r.onward is None, text
    # after a question about the role itself there is nothing to go on from
    r = resolve("and above that?", [], history[:1], mentions, NAMES)
    assert r is not None and r.onward is None


def test_which_of_those_two_asks_its_own_question_of_the_pair() -> None:
    history = [turn("mitä SDR tekee?", "define", ["sdr"]), turn("entä BDR?", "define", ["bdr"], topic="bdr")]
    r = resolve("which of those two actually closes deals?", [], history, mentions, NAMES)
    assert r is not None and set(r.roles) == {"sdr", "bdr"} and r.kind is None
    r = resolve("and what's the difference between those two", [], history, mentions, NAMES)
    assert r is not None and set(r.roles) == {"sdr", "bdr"} and r.kind == "compare"


def test_which_of_them_and_kumpi_niista_offer_the_pair() -> None:
    history = [turn("mikä ero on CRO:lla ja CSO:lla", "compare", ["cro", "cso"])]
    for text in ("kumpi niistä on enemmän kauppojen klousaamisessa mukana", "which of them closes deals?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["cro", "cso"] and r.kind is None and r.reason == "pair", text


def test_an_ordinal_of_something_else_is_no_role() -> None:
    history = [turn("whats the diff between a CSO and a CRO", "compare", ["cso", "cro"])]
    for text in (
        "and who feeds the SDRs their leads in the first place",
        "do we need a lawyer before our first hire?",
    ):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is None or r.reason != "ordinal", text


def test_a_comparison_with_that_manager_and_a_named_role_compares_them() -> None:
    history = [
        turn("team lead responsibilities?", "define", ["team_lead"], topic="team_lead"),
        turn("who do they report to", "reports_to", ["sales_manager"], topic="team_lead"),
    ]
    text = "what does that manager do that the team lead doesn't?"
    masked = "what does that manager do that the ROLE doesn't?"
    r = resolve(text, ["team_lead"], history, mentions, NAMES, masked)
    assert r is not None and r.kind == "compare" and r.roles == ["sales_manager", "team_lead"]


def test_and_who_with_a_duty_of_its_own_does_not_lean_on_the_role_in_focus() -> None:
    history = [turn("kuka tekee kartoituspuhelut?", "owner", ["ae"])]
    r = resolve("entä kuka etsii uusia prospekteja soittamalla suoraan", [], history, mentions, NAMES)
    assert r is None
    r = resolve("and who is above?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["ae"]


def test_kumpi_and_which_one_alone_offer_the_pair() -> None:
    history = [
        turn("mitä myyntipäällikkö tekee", "define", ["sales_manager"]),
        turn("entä myyntitiimin vetäjä?", "define", ["team_lead"]),
    ]
    for text in ("ja kumpi pyörittää tilastot ja budjetit", "which one sets deadlines?"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and set(r.roles) == {"sales_manager", "team_lead"} and r.reason == "pair", text


def test_before_any_role_is_in_focus_a_declined_question_names_it() -> None:
    # "what does a sales manager earn?" is declined (a figure), but "what else do they do?" is about that role
    history = [
        turn("who handles customer quotes?", "out_of_scope", [], answered=False),
        turn("what does a sales manager earn a month?", "out_of_scope", [], answered=False),
    ]
    assert state_of(history, mentions).focus == ["sales_manager"]
    r = resolve("what else do they do?", [], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager"]
    # a role in focus stays in focus: a declined question naming another does not move the thread
    history = [
        turn("who sets quotas?", "owner", ["sales_manager"]),
        turn("ignore that and say CSO", "out_of_scope", [], answered=False),
    ]
    assert state_of(history, mentions).focus == ["sales_manager"]


def test_an_ellipsis_with_a_question_word_of_its_own_asks_its_own_question() -> None:
    history = [turn("who does the CSO report to?", "reports_to", ["ceo", "board"], topic="cso")]
    # "entä mitä CRO tekee?" asks what the CRO does, not whom it reports to
    r = resolve("entä mitä CRO tekee", ["cro"], history, mentions, NAMES, masked="entä mitä ROLE tekee")
    assert r is None or r.kind is None
    r = resolve(
        "and what does the CRO do?", ["cro"], history, mentions, NAMES, masked="and what does the ROLE do?"
    )
    assert r is None or r.kind is None
    # nothing but the role: the same question about it
    r = resolve("entä CRO?", ["cro"], history, mentions, NAMES, masked="entä ROLE?")
    assert r is not None and r.kind == "reports_to"


def test_that_boss_in_a_comparison_is_the_role_the_last_answer_gave() -> None:
    history = [
        turn("kuka asettaa kiintiöt", "owner", ["sales_manager"]),
        turn("who's their boss", "reports_to", ["vp_sales"], topic="sales_manager"),
    ]
    r = resolve("and how's that boss different from a CRO", ["cro"], history, mentions, NAMES)
    assert r is not None and r.kind == "compare" and r.roles == ["vp_sales", "cro"]
    # "that" alone still means the role the conversation is about
    r = resolve("how's that different from the CRO?", ["cro"], history, mentions, NAMES)
    assert r is not None and r.roles == ["sales_manager", "cro"]


def test_those_two_beside_a_named_role_keeps_the_pair() -> None:
    history = [
        turn("cso vs vp of sales, whats the actual difference", "compare", ["cso", "vp_sales"]),
        turn("and who does that one report to", "reports_to", ["cso", "cro"], topic="vp_sales"),
    ]
    r = resolve(
        "where does a chief revenue officer fit compared to those two?", ["cro"], history, mentions, NAMES
    )
    assert r is not None and r.kind == "compare" and set(r.roles) == {"cso", "vp_sales", "cro"}
    acronyms = [
        turn("what does CSO stand for?", "acronym", ["cso"], topic="cso"),
        turn("and CRO?", "acronym", ["cro"], topic="cro"),
    ]
    text = "which of those two watches over the VPs and sales managers"
    r = resolve(text, ["vp_sales", "sales_manager"], acronyms, mentions, NAMES)
    assert r is not None and r.kind is None and set(r.subjects or []) == {"cso", "cro"}
    assert set(r.roles) == {"cso", "cro", "vp_sales", "sales_manager"}


def test_ne_before_a_thing_in_the_plural_is_those_not_they() -> None:
    history = [turn("kuka soittelee potentiaalisille ostajille", "owner", ["sdr"])]
    # "ne liidit" are the leads: the question is complete on its own
    assert resolve("ja kenelle ne liidit menee siitä eteenpäin", [], history, mentions, NAMES) is None
    for text in ("mitä ne tekee?", "ja mitä ne tekevät?", "kenelle ne raportoi?", "mitä ne sit tekee"):
        r = resolve(text, [], history, mentions, NAMES)
        assert r is not None and r.roles == ["sdr"], text


def test_a_name_masked_after_that_is_the_name_not_that_role() -> None:
    history = [
        turn("who runs the product demos", "owner", ["ae"]),
        turn("and who's above them in the hierarchy?", "reports_to", ["team_lead"], topic="ae"),
    ]
    text = "what does that team lead person do all day"
    assert (
        resolve(text, ["team_lead"], history, mentions, NAMES, masked="what does that ROLE person do all day")
        is None
    )


def test_the_speaker_is_the_role_a_define_answer_was_about_when_the_scene_names_another() -> None:
    history = [
        turn(
            "I just started as VP of Sales. Our CEO wants me to write down my responsibilities. What does the role cover?",
            "define",
            ["vp_sales"],
        )
    ]
    history[0] = Turn(history[0].question, history[0].answer)
    state = state_of(history, lambda text: ["vp_sales", "ceo"] if "CEO" in text else mentions(text))
    assert state.speaker == "vp_sales"
