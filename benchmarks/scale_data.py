"""Synthetic role documents for the scale benchmark (`bench_scale.py`), deterministic for a seed.

Each synthetic document is a made-up sales role ("Alueellinen kumppanipäällikkö", "Channel Renewal Lead" ...) with a
handful of duty sentences in Finnish or English, built from word lists: subject, verb, object (pre-inflected for the
case the Finnish verb governs), a qualifier, and made-up product/segment names so that the vocabulary grows with the
corpus the way a real document collection's does. Every chunk is one or two such sentences (about the length of an
article passage) and carries a `topic` key (language + object) that `bench_scale.py` uses to derive cheap vectors.

Nothing here is real role data: the chunks exist only to make the index big.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.types import Chunk

SEED = 20240505

EN_ROLES = [
    "Regional Partner Manager",
    "Channel Sales Lead",
    "Key Account Director",
    "Inside Sales Coordinator",
    "Renewals Manager",
    "Enterprise Deal Desk Lead",
    "Solutions Sales Specialist",
    "Customer Expansion Manager",
    "Territory Sales Planner",
    "Sales Enablement Partner",
    "Revenue Analyst",
    "Alliance Manager",
    "Commercial Excellence Lead",
    "Field Sales Captain",
    "Pricing Desk Manager",
    "Public Sector Account Lead",
    "Distributor Relations Manager",
    "Pipeline Operations Specialist",
    "Strategic Bid Manager",
    "Retail Channel Director",
]
FI_ROLES = [
    "Alueellinen kumppanipäällikkö",
    "Kanavamyynnin tiiminvetäjä",
    "Avainasiakasjohtaja",
    "Sisämyynnin koordinaattori",
    "Uusintamyyntipäällikkö",
    "Sopimustiimin vetäjä",
    "Ratkaisumyynnin asiantuntija",
    "Asiakaslaajennuspäällikkö",
    "Myyntialueen suunnittelija",
    "Myynnin valmennuskumppani",
    "Tuloanalyytikko",
    "Yhteistyökumppanuuspäällikkö",
    "Kaupallisen laadun vetäjä",
    "Kenttämyynnin kapteeni",
    "Hinnoittelupäällikkö",
    "Julkisen sektorin asiakasvastaava",
    "Jälleenmyyjäsuhteiden päällikkö",
    "Myyntiputken operatiivinen asiantuntija",
    "Tarjouspäällikkö",
    "Vähittäiskanavan johtaja",
]
EN_VERBS = [
    "owns",
    "coordinates",
    "reviews",
    "is accountable for",
    "prepares",
    "monitors",
    "signs off",
    "maintains",
    "improves",
    "reports on",
    "negotiates",
    "plans",
]
# Finnish verbs by the case of their object: elative (-sta/-stä) or partitive.
FI_VERBS_ELATIVE = ["vastaa", "huolehtii", "on vastuussa", "raportoi", "päättää", "neuvottelee"]
FI_VERBS_PARTITIVE = ["koordinoi", "seuraa", "kehittää", "johtaa", "valmistelee", "arvioi", "ylläpitää"]
# (English object, Finnish elative, Finnish partitive)
OBJECTS = [
    (
        "the quarterly pipeline forecast",
        "neljännesvuosittaisesta myyntiennusteesta",
        "neljännesvuosittaista myyntiennustetta",
    ),
    (
        "renewal pricing for mid-market accounts",
        "keskisuurten asiakkaiden uusintahinnoittelusta",
        "keskisuurten asiakkaiden uusintahinnoittelua",
    ),
    ("partner onboarding", "kumppanien perehdytyksestä", "kumppanien perehdytystä"),
    ("discount approvals", "alennusten hyväksynnästä", "alennusten hyväksyntää"),
    ("the territory plan", "myyntialueiden suunnitelmasta", "myyntialueiden suunnitelmaa"),
    ("lead qualification rules", "liidien karsintasäännöistä", "liidien karsintasääntöjä"),
    ("the commission model", "provisiomallista", "provisiomallia"),
    ("customer churn analysis", "asiakaspoistuman analyysistä", "asiakaspoistuman analyysiä"),
    ("tender responses", "tarjouspyyntöjen vastauksista", "tarjouspyyntöjen vastauksia"),
    ("the sales playbook", "myynnin pelikirjasta", "myynnin pelikirjaa"),
    ("contract renewals", "sopimusten uusimisesta", "sopimusten uusimista"),
    ("cross-selling campaigns", "ristiinmyyntikampanjoista", "ristiinmyyntikampanjoita"),
    ("CRM data quality", "CRM-tietojen laadusta", "CRM-tietojen laatua"),
    (
        "the weekly pipeline review",
        "viikoittaisesta myyntiputken katselmoinnista",
        "viikoittaista myyntiputken katselmointia",
    ),
    ("distributor stock levels", "jälleenmyyjien varastotasoista", "jälleenmyyjien varastotasoja"),
    ("price list updates", "hinnastojen päivityksistä", "hinnastojen päivityksiä"),
    ("key account plans", "avainasiakassuunnitelmista", "avainasiakassuunnitelmia"),
    ("sales training for new hires", "uusien myyjien koulutuksesta", "uusien myyjien koulutusta"),
    ("the proposal template library", "tarjouspohjakirjastosta", "tarjouspohjakirjastoa"),
    ("win-loss interviews", "voitto-tappio-haastatteluista", "voitto-tappio-haastatteluja"),
    ("the partner incentive budget", "kumppanikannustinbudjetista", "kumppanikannustinbudjettia"),
    ("public procurement bids", "julkisista hankintatarjouksista", "julkisia hankintatarjouksia"),
    ("the renewal calendar", "uusimiskalenterista", "uusimiskalenteria"),
    ("customer reference programmes", "asiakasreferenssiohjelmista", "asiakasreferenssiohjelmia"),
    ("deal desk escalations", "sopimustiimin eskalaatioista", "sopimustiimin eskalaatioita"),
    ("the regional sales budget", "alueellisesta myyntibudjetista", "alueellista myyntibudjettia"),
    ("upsell targets", "lisämyyntitavoitteista", "lisämyyntitavoitteita"),
    ("trade fair follow-ups", "messujen jälkimarkkinoinnista", "messujen jälkimarkkinointia"),
    ("the quote-to-cash process", "tarjous-laskutusprosessista", "tarjous-laskutusprosessia"),
    ("margin reporting", "katteen raportoinnista", "katteen raportointia"),
    ("channel conflict rules", "kanavaristiriitojen säännöistä", "kanavaristiriitojen sääntöjä"),
    ("customer health scores", "asiakkuuksien terveyspisteistä", "asiakkuuksien terveyspisteitä"),
    ("the demo environment", "demoympäristöstä", "demoympäristöä"),
    ("payment term exceptions", "maksuehtopoikkeuksista", "maksuehtopoikkeuksia"),
    ("the sales capacity model", "myyntikapasiteetin mallista", "myyntikapasiteetin mallia"),
    ("outbound call lists", "lähtevien soittojen listoista", "lähtevien soittojen listoja"),
    ("bundle pricing", "pakettihinnoittelusta", "pakettihinnoittelua"),
    ("quarterly business reviews", "neljännesvuosikatsauksista", "neljännesvuosikatsauksia"),
    (
        "the reseller certification programme",
        "jälleenmyyjien sertifiointiohjelmasta",
        "jälleenmyyjien sertifiointiohjelmaa",
    ),
    ("inbound lead routing", "saapuvien liidien ohjauksesta", "saapuvien liidien ohjausta"),
]
EN_QUALIFIERS = [
    "in the Nordic region",
    "together with the finance team",
    "every week",
    "for the {product} product line",
    "in the {segment} segment",
    "before each quarter starts",
    "with support from marketing",
    "for accounts above {amount} euros",
    "across all partner tiers",
    "during the annual planning cycle",
    "for the {segment} customers",
    "and reports the results monthly",
    "with the help of the {product} dashboard",
    "in close cooperation with customer success",
]
FI_QUALIFIERS = [
    "Pohjoismaissa",
    "yhdessä talousosaston kanssa",
    "viikoittain",
    "{product}-tuotelinjalle",
    "{segment}-segmentissä",
    "ennen jokaisen neljänneksen alkua",
    "markkinoinnin tuella",
    "yli {amount} euron asiakkuuksissa",
    "kaikilla kumppanitasoilla",
    "vuosisuunnittelun aikana",
    "{segment}-asiakkaille",
    "ja raportoi tulokset kuukausittain",
    "{product}-kojelaudan avulla",
    "tiiviissä yhteistyössä asiakasmenestyksen kanssa",
]
SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ve",
    "tu",
    "mi",
    "sa",
    "no",
    "pe",
    "li",
    "ra",
    "ko",
    "va",
    "ne",
    "ta",
    "su",
    "hi",
    "jo",
]


@dataclass(frozen=True)
class SyntheticChunk:
    chunk: Chunk
    topic: str  # "<lang>:<object index>": chunks sharing a topic get nearby derived vectors


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        product=_name(rng, 3).capitalize(),
        segment=_name(rng, 2).capitalize() + rng.choice(["tech", "retail", "health", "energy", "logistics"]),
        amount=rng.choice([10, 25, 50, 100, 250, 500]) * 1000,
    )


def _sentence(rng: random.Random, lang: str, role: str, obj: int) -> str:
    en, fi_ela, fi_par = OBJECTS[obj]
    if lang == "en":
        subject = rng.choice(["The " + role, "Our " + role, "The " + role + " role", "Each " + role])
        return f"{subject} {rng.choice(EN_VERBS)} {en} {_fill(rng.choice(EN_QUALIFIERS), rng)}."
    if rng.random() < 0.5:
        verb, obj_text = rng.choice(FI_VERBS_ELATIVE), fi_ela
    else:
        verb, obj_text = rng.choice(FI_VERBS_PARTITIVE), fi_par
    return f"{role} {verb} {obj_text} {_fill(rng.choice(FI_QUALIFIERS), rng)}."


def generate(count: int, seed: int = SEED) -> list[SyntheticChunk]:
    """`count` synthetic chunks; the first n of `generate(m)` equal `generate(n)` for every n <= m."""
    return list(_stream(seed, count))


def _stream(seed: int, count: int) -> Iterator[SyntheticChunk]:
    rng = random.Random(seed)
    made = 0
    doc = 0
    while made < count:
        lang = "fi" if rng.random() < 0.5 else "en"
        base = rng.randrange(len(EN_ROLES))
        role = (FI_ROLES if lang == "fi" else EN_ROLES)[base]
        variant = _name(rng, 2).capitalize()
        title = f"{role} ({variant})"
        role_id = "syn_" + hashlib.sha1(f"{doc}:{title}".encode()).hexdigest()[:8]
        section = f"synthetic:{doc:06d} {title}"
        for _ in range(rng.randint(3, 12)):  # chunks per document
            if made >= count:
                break
            obj = rng.randrange(len(OBJECTS))
            text = _sentence(rng, lang, role, obj)
            if rng.random() < 0.4:
                text += " " + _sentence(rng, lang, role, rng.randrange(len(OBJECTS)))
            chunk = Chunk(f"s-{made:06d}", text, section, "role", (role_id,), None, lang)  # type: ignore[arg-type]
            yield SyntheticChunk(chunk, f"{lang}:{obj}")
            made += 1
        doc += 1
