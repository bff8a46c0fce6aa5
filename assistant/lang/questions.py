"""Question templates per language, for training the question-kind classifier from the role data.

`ROLE` stands for any role name (the classifier sees questions with role names masked so); `{duty}` is a
duty's label in that language. Finnish templates carry the case ending a name would take ("ROLE:lle").
`owner_named` are owner questions that name roles (a choice between two, a yes-or-no about one, a role as
the one a duty is done for): they train the classifier only and are never indexed. Adding a language is
adding its list here.
"""

from __future__ import annotations

QUESTIONS: dict[str, dict[str, list[str]]] = {
    "en": {
        "define": [
            "What does the ROLE do?",
            "what does a ROLE actually do",
            "What is the role of the ROLE?",
            "Tell me about the ROLE.",
            "Describe the ROLE's job.",
            "What are the ROLE's responsibilities?",
            "What is a ROLE responsible for?",
            "what's a ROLE",
            "ROLE duties?",
            "What would I be doing as a ROLE?",
            "explain the ROLE role to me",
            "what does the ROLE handle day to day",
            "what's on the ROLE's plate",
            "what keeps a ROLE busy",
        ],
        "acronym": [
            "What does ROLE stand for?",
            "What is ROLE short for?",
            "ROLE meaning?",
            "What does the abbreviation ROLE mean?",
            "ROLE spelled out?",
        ],
        "compare": [
            "What is the difference between the ROLE and the ROLE?",
            "ROLE vs ROLE?",
            "How does a ROLE differ from a ROLE?",
            "Compare the ROLE and the ROLE.",
            "ROLE or ROLE, what's the difference?",
            "How are the ROLE and the ROLE different?",
        ],
        "reports_to": [
            "Who does the ROLE report to?",
            "Who is the ROLE's boss?",
            "Who is above the ROLE?",
            "Is the ROLE under the ROLE?",
            "Does the ROLE report to the ROLE or to someone else?",
            "Who manages the ROLE?",
            "who's the ROLE's manager",
            "Who is the ROLE accountable to?",
            "Which role is directly above the ROLE?",
        ],
        "reports_from": [
            "Who reports to the ROLE?",
            "Who works under the ROLE?",
            "Which roles report directly to the ROLE?",
            "Who is below the ROLE?",
            "Who does the ROLE manage?",
            "What are the ROLE's direct reports?",
            "who sits right under the ROLE",
            "who is directly below the ROLE in the hierarchy",
        ],
        "owner_named": [
            "Does the ROLE own {duty}?",
            "Is the ROLE responsible for {duty}?",
            "Which of the ROLE or the ROLE is responsible for {duty}?",
            "Who handles {duty}, the ROLE or the ROLE?",
            "who takes care of {duty} for the ROLE",
            "Who trains the ROLE?",
            "who pays the ROLE",
            "who checks the ROLE's results",
            "Is it the ROLE who does {duty}?",
        ],
        "owner": [
            "Who is responsible for {duty}?",
            "Who owns {duty}?",
            "who handles {duty}",
            "Which role takes care of {duty}?",
            "whose job is {duty}?",
        ],
    },
    "fi": {
        "define": [
            "Mitä ROLE tekee?",
            "mitä ROLE oikeesti tekee",
            "Mikä on ROLE:n rooli?",
            "Kerro ROLE:sta.",
            "Mitkä ovat ROLE:n tehtävät?",
            "Mistä ROLE vastaa?",
            "mikä on ROLE",
            "ROLE:n tehtävät?",
            "Mitä mä tekisin ROLE:na?",
            "kuvaile ROLE:n työnkuva",
            "mitä ROLE:n arkeen kuuluu",
            "mitä ROLE:n hommiin kuuluu",
        ],
        "acronym": [
            "Mitä ROLE tarkoittaa?",
            "Mistä ROLE on lyhenne?",
            "ROLE lyhenne auki?",
            "Mikä ROLE on pitkästi kirjoitettuna?",
        ],
        "compare": [
            "Mikä ero on ROLE:lla ja ROLE:lla?",
            "ROLE vs ROLE?",
            "Miten ROLE eroaa ROLE:sta?",
            "Vertaa ROLE:a ja ROLE:a.",
            "Mitä eroa on ROLE:lla ja ROLE:lla?",
        ],
        "reports_to": [
            "Kenelle ROLE raportoi?",
            "Kuka on ROLE:n esihenkilö?",
            "Kuka on ROLE:n pomo?",
            "Kenen alaisuudessa ROLE toimii?",
            "Kuka on ROLE:n yläpuolella?",
            "Onko ROLE ROLE:n alaisuudessa?",
            "onks ROLE:t ROLE:n alaisuudessa vai kenen?",
            "kenelle ROLE vastaa",
        ],
        "reports_from": [
            "Ketkä raportoivat ROLE:lle?",
            "Kuka raportoi ROLE:lle?",
            "Ketkä ovat ROLE:n alaisuudessa?",
            "Keitä ROLE johtaa?",
            "Ketkä on ROLE:n alapuolella?",
            "kuka on heti ROLE:n alapuolella hierarkiassa",
        ],
        "owner_named": [
            "Vastaako ROLE tästä: {duty}?",
            "Onko ROLE vastuussa tästä: {duty}?",
            "Kumpi hoitaa {duty}, ROLE vai ROLE?",
            "Kumman tehtävä on {duty}, ROLE:n vai ROLE:n?",
            "kuka hoitaa ROLE:ille {duty}",
            "Kuka kouluttaa ROLE:t?",
            "kuka maksaa ROLE:ien palkat",
            "onks se ROLE joka hoitaa {duty}?",
        ],
        "owner": [
            "Kuka vastaa asiasta: {duty}?",
            "Kenen tehtävä on {duty}?",
            "kuka hoitaa: {duty}",
            "Mikä rooli vastaa tästä: {duty}?",
            "kenelle kuuluu {duty}?",
        ],
    },
}
