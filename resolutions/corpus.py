"""A reproducible synthetic corpus of General Assembly documents, for load testing.

The generator is plain Python (no database, no Django models) so that it runs
in worker processes: a `Plan` fixes, from the document count and the seed,
every document's kind, session, number and symbol; `generate_batch` then
writes the documents of one slice of the plan, seeded by the slice, so the
corpus is the same whatever the number of workers.

The text is made of a vocabulary ranked by frequency (a Zipf–Mandelbrot law,
as in natural language), so that full-text search meets both words found in
nearly every document and words found in a handful. Sessions are numbered
from 901 up: General Assembly sessions will not reach those numbers for
centuries, so a synthetic symbol never collides with a real one.
"""

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field

FIRST_SESSION_NUMBER = 901
FIRST_YEAR = 1965
YEARS = 60
# A symbol carries a resolution number of at most three digits.
MAX_PER_SESSION = 900
# Share of each kind in the corpus, resolutions first.
KIND_SHARES = [("resolution", 0.72), ("report", 0.16), ("news", 0.06),
               ("meeting_summary", 0.06)]
# Mean length in words of each kind; the spread around it is log-normal.
MEAN_WORDS = {"resolution": 750, "report": 1500, "news": 450, "meeting_summary": 800}
# Above 1, so that the domain words at the head outweigh the invented ones in the tail.
ZIPF_EXPONENT = 1.15
SYNTHETIC_NOTE = "Synthetic session generated for load testing; not a real session."

PREAMBULAR_LEADS = [
    ("RECALLING", 12), ("NOTING", 10), ("RECOGNIZING", 10), ("CONSIDERING", 8),
    ("BEARING IN MIND", 6), ("MINDFUL", 5), ("COGNIZANT", 4), ("ACKNOWLEDGING", 6),
    ("CONCERNED", 4), ("CONVINCED", 4), ("HAVING CONSIDERED", 4), ("AWARE", 3),
    ("EMPHASIZING", 3), ("REAFFIRMING", 3), ("WELCOMING", 3), ("TAKING INTO ACCOUNT", 3),
    ("RECALLING ALSO", 2), ("NOTING WITH CONCERN", 2), ("DESIRING", 2), ("STRESSING", 2),
]
OPERATIVE_LEADS = [
    ("REQUESTS", 12), ("ENCOURAGES", 8), ("ADOPTS", 6), ("APPROVES", 6), ("ENDORSES", 6),
    ("SUPPORTS", 6), ("WELCOMES", 5), ("DECIDES", 8), ("INVITES", 6), ("URGES", 5),
    ("CALLS UPON", 4), ("RECOMMENDS", 5), ("INSTRUCTS", 3), ("NOTES", 3),
    ("ACKNOWLEDGES", 2), ("AUTHORIZES", 2), ("REAFFIRMS", 2),
]
# The relation a citation takes from the lead word of its clause.
RELATIONS = {
    "RECALLING": "recalls", "RECALLING ALSO": "recalls", "NOTING": "notes",
    "NOTES": "notes", "ACKNOWLEDGING": "acknowledges", "ACKNOWLEDGES": "acknowledges",
    "WELCOMING": "welcomes", "WELCOMES": "welcomes", "ENDORSES": "endorses",
    "SUPPORTS": "supports", "REQUESTS": "requests", "ADOPTS": "adopts",
    "APPROVES": "approves",
}



def _word_list(text):
    return text.split()


# Function words, most frequent first; the stemmer's stop list drops most of them.
FUNCTION_WORDS = _word_list(
    "the of and to in for with on by as that its their this all other from within "
    "between through under including among such these those at into against towards "
    "upon over both each further any across while where which"
)

# The head of the vocabulary: words of the documents' own domain, most frequent first.
DOMAIN_WORDS = _word_list("""
police international cooperation member countries security organization crime general
secretariat law enforcement national information data global assembly regional framework
resolution support capacity strategy development criminal policing goals bureaux central
terrorism border integrity communities cyber activities network operational exchange
agencies partners implementation analysis access services databases notices programme
priorities training standards resources committee report session public protection
stakeholders effective sustainable governance human rights justice threats management
technical assistance building projects coordination review mechanism operations illicit
markets trafficking financial corruption environmental sharing policy process officers
private sector response risk legal compliance principles processing personal systems
annual budget commitment initiative working group experts conference continents member
states investigation evidence forensic identification fugitives victims children
vulnerable persons migrants smuggling firearms drugs counterfeit goods wildlife forestry
fisheries pollution maritime piracy aviation transport passports travel documents
stolen vehicles works of art cultural heritage money laundering assets recovery tracing
digital innovation technology platform infrastructure cybercrime ransomware fraud
online exploitation abuse capabilities emerging trends intelligence reporting statistics
indicators outcomes progress monitoring evaluation transparency accountability
oversight independence neutrality constitution rules regulations statute procedures
delegations observers representatives advisers executive president vice committee
commission files control appeals requests interpretation provisions amendments
article paragraph annex appendix document texts languages translation arabic english
french spanish budgetary contributions funding donors voluntary partnerships private
academia civil society united nations agenda targets peace institutions inclusive
societies gender equality partnership revitalize means commitments alignment
architecture multilateral dialogue continental bodies secretariats agreements
memoranda understanding liaison channels secure communications messaging encrypted
biometric fingerprints facial recognition dna profiles matching hits alerts
diffusions red yellow blue green purple orange black notices wanted missing unknown
bodies modus operandi serious organized transnational groups leaders networks
proceeds assets seizure freezing confiscation sanctions lists travel bans foreign
fighters radicalization violent extremism recruitment propaganda explosives chemical
biological radiological nuclear materials weapons mass destruction preparedness
resilience emergencies disasters pandemic health public order events major
tournaments venues crowds protection critical infrastructure energy water supply
chains customs immigration coast guard navy military civilian authorities
ministries interior justice foreign affairs prosecutors judges courts tribunals
extradition mutual legal assistance arrest warrants surrender detention
""")

TAIL_PREFIXES = ("", "inter", "trans", "counter", "multi", "cross", "re", "co", "pre",
                 "sub", "non", "over", "under", "extra", "intra", "post", "para", "auto")
TAIL_ROOTS = (
    "nat", "cord", "port", "form", "dict", "struct", "ject", "duct", "spect", "mit",
    "pos", "tend", "vers", "gress", "cept", "fer", "sist", "tract", "mov", "plic",
    "pend", "scrib", "sent", "val", "ven", "graph", "log", "phon", "tele", "audit",
    "fisc", "jur", "leg", "crim", "pol", "reg", "terr", "mar", "naut", "migr",
    "vig", "cust", "fid", "cred", "sec", "vert", "flect", "lat", "loc", "medi",
    "capit", "cult", "fin", "nom", "pact", "patr", "pub", "quer", "rupt", "tort",
)
TAIL_SUFFIXES = ("ation", "ment", "ity", "ance", "ism", "ist", "ure", "ive", "al", "ory",
                 "ant", "ency", "ion", "ics", "ship", "hood", "age", "er", "or", "ness")


def _tail_words(count=20_000):
    """Invented words, each with a stem of its own: stemming strips the
    suffix, so the words differ before it (prefix, two roots)."""
    words = []
    for i, (prefix, first, second) in enumerate(
            itertools.product(TAIL_PREFIXES, TAIL_ROOTS, TAIL_ROOTS)):
        if first != second:
            words.append(prefix + first + "o" + second + TAIL_SUFFIXES[i % len(TAIL_SUFFIXES)])
    # A fixed shuffle: which invented word is rare must not depend on the seed.
    random.Random(0).shuffle(words)
    return words[:count]


class Vocabulary:
    """Content words ranked by frequency, drawn with a Zipf–Mandelbrot law."""

    def __init__(self):
        seen = set()
        self.words = []
        for word in itertools.chain(DOMAIN_WORDS, _tail_words()):
            if word not in seen:
                seen.add(word)
                self.words.append(word)
        self.rank = {word: i for i, word in enumerate(self.words)}
        self.cum_weights = list(itertools.accumulate(
            1 / (rank + 2.7) ** ZIPF_EXPONENT for rank in range(len(self.words))))
        self.function_cum = list(itertools.accumulate(
            1 / (rank + 1) for rank in range(len(FUNCTION_WORDS))))

    def content(self, rng, k):
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)

    def function(self, rng, k):
        return rng.choices(FUNCTION_WORDS, cum_weights=self.function_cum, k=k)

    def phrase(self, rng, words):
        """About `words` words: runs of one to three content words joined by function words."""
        content = self.content(rng, max(1, words * 2 // 3))
        glue = self.function(rng, words // 3 + 1)
        out = []
        i = 0
        for g in glue:
            if i >= len(content):
                break
            out.append(g)
            run = 1 + (i % 3)
            out.extend(content[i:i + run])
            i += run
        return " ".join(out)

    def probability(self, word):
        """The chance that one content word drawn is this word."""
        rank = self.rank[word]
        previous = self.cum_weights[rank - 1] if rank else 0
        return (self.cum_weights[rank] - previous) / self.cum_weights[-1]


@dataclass
class SessionPlan:
    number: int
    year: int
    start: str
    end: str
    city: str
    country: str = "Synthetic"


@dataclass
class DocPlan:
    index: int
    kind: str
    session: SessionPlan
    number: int | None
    symbol: str | None
    slug: str
    date: str | None


@dataclass
class Clause:
    position: int
    kind: str
    ordinal: int
    parent: int | None  # position of the introducing clause
    number: str
    lead: str
    text: str


@dataclass
class Doc:
    plan: DocPlan
    title: str
    body: str
    status: str
    clauses: list = field(default_factory=list)
    citations: list = field(default_factory=list)  # (clause position or None, symbol, relation)
    goals: list = field(default_factory=list)  # goal indexes within the document's edition
    themes: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    organizations: list = field(default_factory=list)


class Plan:
    """Which document is what: fixed by the count and the seed alone."""

    def __init__(self, documents, seed):
        self.documents = documents
        self.seed = seed
        rng = random.Random(f"plan-{seed}")
        counts = [round(documents * share) for _, share in KIND_SHARES]
        counts[0] += documents - sum(counts)
        kinds = [kind for (kind, _), n in zip(KIND_SHARES, counts, strict=True)
                 for _ in range(n)]
        rng.shuffle(kinds)
        session_count = max(YEARS, math.ceil(max(counts[0], counts[1]) / MAX_PER_SESSION))
        self.sessions = []
        for i in range(session_count):
            year = FIRST_YEAR + i * YEARS // session_count
            # A second session in one year is an extraordinary one, in spring.
            spring = bool(self.sessions) and self.sessions[-1].year == year
            month, day = (4, 10) if spring else (10, 20)
            number = FIRST_SESSION_NUMBER + i
            self.sessions.append(SessionPlan(
                number=number, year=year, start=f"{year}-{month:02}-{day:02}",
                end=f"{year}-{month:02}-{day + 3:02}", city=f"Venue {number}",
            ))
        # Documents in session order, so that citations can point backwards in time.
        self.docs = []
        numbers = {}
        for index, kind in enumerate(kinds):
            session = self.sessions[index * session_count // documents]
            key = (session.number, kind)
            numbers[key] = numbers.get(key, 0) + 1
            n = numbers[key]
            if kind in ("resolution", "report"):
                code = "RES" if kind == "resolution" else "REP"
                symbol = f"GA-{session.year}-{session.number}-{code}-{n:02}"
                plan = DocPlan(index, kind, session, n, symbol, symbol, None)
            else:
                date = f"{session.year}-{(n % 12) + 1:02}-{(n % 28) + 1:02}"
                slug = f"{date}-synthetic-{kind.replace('_', '-')}-{index}"
                plan = DocPlan(index, kind, session, None, None, slug, date)
            self.docs.append(plan)
        self.symbol_indexes = [d.index for d in self.docs if d.symbol]

    def cited_before(self, rng, index):
        """A symbol of a document earlier in the plan, or None for the first ones."""
        hi = bisect.bisect_left(self.symbol_indexes, index)
        if hi == 0:
            return None
        return self.docs[self.symbol_indexes[rng.randrange(hi)]].symbol


def _words(rng, mean):
    return max(40, int(rng.lognormvariate(math.log(mean) - 0.08, 0.4)))


def _title(rng, vocab):
    gerund = rng.choice(("Strengthening", "Enhancing", "Promoting", "Developing",
                         "Supporting", "Improving", "Reinforcing", "Establishing"))
    words = vocab.content(rng, rng.randint(2, 5))
    return f"{gerund} {' '.join(words)}".capitalize()


def _clause_text(rng, vocab, words):
    return vocab.phrase(rng, max(6, words))


def _resolution(plan_doc, plan, rng, vocab, words):
    session = plan_doc.session
    title = _title(rng, vocab)
    preambular = rng.randint(2, 8)
    operative = rng.randint(2, 7)
    per_clause = max(8, int(words / (preambular + operative * 1.6)))
    clauses = []
    citations = []
    position = 0

    def cite(lead, prefix):
        symbol = plan.cited_before(rng, plan_doc.index)
        if symbol is None:
            return ""
        kind = "Resolution" if "-RES-" in symbol else "Report"
        citations.append((position, symbol, RELATIONS.get(lead, "cites")))
        return f"{prefix}{kind} {symbol} "

    for ordinal in range(1, preambular + 1):
        position += 1
        lead = rng.choices(*zip(*PREAMBULAR_LEADS, strict=True))[0]
        reference = cite(lead, "") if rng.random() < 0.2 else ""
        text = reference + _clause_text(rng, vocab, per_clause) + ","
        clauses.append(Clause(position, "preambular", ordinal, None, "", lead, text))
    for ordinal in range(1, operative + 1):
        position += 1
        lead = rng.choices(*zip(*OPERATIVE_LEADS, strict=True))[0]
        last = ordinal == operative
        with_items = not last and rng.random() < 0.3
        reference = cite(lead, "") if rng.random() < 0.1 else ""
        text = reference + _clause_text(rng, vocab, per_clause)
        text += ", including:" if with_items else ("." if last else ";")
        clauses.append(Clause(position, "operative", ordinal, None, "", lead, text))
        if with_items:
            parent = position
            for item in range(1, rng.randint(2, 6) + 1):
                position += 1
                text = _clause_text(rng, vocab, per_clause // 2).capitalize() + ";"
                clauses.append(Clause(position, "item", item, parent, str(item), "", text))
    status = "adopted" if rng.random() < 0.97 else "rejected"
    lines = [
        f"Resolution No. {plan_doc.number}", plan_doc.symbol, f"Subject: {title}",
        f"The ICPO-INTERPOL General Assembly, meeting in {session.city}, {session.country}, "
        f"from {_day_span(session)} at its {_ordinal(session.number)} session:",
    ]
    for clause in clauses:
        if clause.kind == "item":
            lines.append(f"{clause.number}. {clause.text}")
        else:
            lines.append(f"{clause.lead} {clause.text}")
    lines.append(status.capitalize())
    body = "\n\n".join(lines)
    return Doc(plan_doc, title, body, status, clauses, citations)


def _prose(plan_doc, plan, rng, vocab, words):
    paragraphs = []
    citations = []
    remaining = words
    while remaining > 0:
        n = min(remaining, rng.randint(60, 160))
        text = vocab.phrase(rng, n).capitalize() + "."
        if plan_doc.kind == "report" and rng.random() < 0.1:
            symbol = plan.cited_before(rng, plan_doc.index)
            if symbol and symbol not in {c[1] for c in citations}:
                citations.append((None, symbol, "refers"))
                text += f" See {symbol}."
        paragraphs.append(text)
        remaining -= n
    heading = {"report": "Report on", "news": "News:", "meeting_summary": "Summary:"}
    title = f"{heading[plan_doc.kind]} {_title(rng, vocab).lower()}"
    lines = [plan_doc.symbol, title] if plan_doc.symbol else [title]
    body = "\n\n".join(lines + paragraphs)
    return Doc(plan_doc, title, body, "", [], citations)


def _day_span(session):
    start = session.start.split("-")
    end = session.end.split("-")
    month = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")[int(start[1]) - 1]
    return f"{int(start[2])} to {int(end[2])} {month} {session.year}"


def _ordinal(number):
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def generate_batch(plan, start, stop, tag_counts):
    """The documents plan.docs[start:stop]; `tag_counts` says how many goals (per
    edition), themes, SDGs and organizations there are to tag with."""
    vocab = _vocabulary()
    docs = []
    for plan_doc in plan.docs[start:stop]:
        rng = random.Random(f"{plan.seed}-{plan_doc.index}")
        words = _words(rng, MEAN_WORDS[plan_doc.kind])
        if plan_doc.kind == "resolution":
            doc = _resolution(plan_doc, plan, rng, vocab, words)
        else:
            doc = _prose(plan_doc, plan, rng, vocab, words)
        edition = 1 if plan_doc.session.year >= 2023 else 0
        goal_count = tag_counts["goals"][edition]
        doc.goals = [(edition, g) for g in _pick(rng, goal_count, (0.2, 0.45, 0.25, 0.1))]
        doc.themes = _pick(rng, tag_counts["themes"], (0.4, 0.4, 0.2))
        doc.sdgs = _pick(rng, tag_counts["sdgs"], (0.3, 0.4, 0.2, 0.1))
        doc.organizations = _pick(rng, tag_counts["organizations"], (0.85, 0.1, 0.05))
        docs.append(doc)
    return docs


_PLANS = {}


def generate_slice(args):
    """generate_batch for (documents, seed, start, stop, tag_counts), for a process
    pool: each process builds the plan once instead of receiving it with every slice."""
    documents, seed, start, stop, tag_counts = args
    if (documents, seed) not in _PLANS:
        _PLANS.clear()
        _PLANS[documents, seed] = Plan(documents, seed)
    return generate_batch(_PLANS[documents, seed], start, stop, tag_counts)


def _pick(rng, available, weights):
    """0, 1, 2… distinct indexes below `available`, how many by `weights`."""
    if not available:
        return []
    k = rng.choices(range(len(weights)), weights=weights)[0]
    # Low indexes are tagged more often, as some goals are more often cited.
    population = list(range(available))
    chosen = set()
    while len(chosen) < min(k, available):
        chosen.add(population[min(int(rng.expovariate(3 / available)), available - 1)])
    return sorted(chosen)


_VOCABULARY = None


def _vocabulary():
    global _VOCABULARY
    if _VOCABULARY is None:
        _VOCABULARY = Vocabulary()
    return _VOCABULARY
