"""A deterministic corpus of synthetic news articles for the build benchmarks.

    PYTHONPATH=. python bench/corpus.py OUT_DIR N [--seed 7] [--format explainer|hugo|mkdocs|pelican]

Each article is original synthetic text (no real reporting is copied): a dispute
between invented officials, companies and campaign groups, told the way wire
copy tells it, with what the extractor looks for: "X said", "according to",
reported speech, quotes, roles ("a spokeswoman for ..."), denials ("rejected",
"dismissed ... as", "no, there was not"), plus background paragraphs with no
attribution at all. 500 to 900 words; the same seed always gives the same bytes.

Names recur across articles (a few hundred people and bodies), so actor and tag
pages merge statements from many articles, as in a real archive.

The same articles can be written for other generators (`--format`), with each
one's usual front matter, so every tool builds the same Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FIRST = ["Maria", "James", "Amara", "Tomasz", "Leila", "Daniel", "Ingrid", "Kwame", "Sofia", "Rahul", "Elena",
         "Marcus", "Yuki", "Fatima", "Oliver", "Nadia", "Carlos", "Hannah", "Viktor", "Grace", "Samuel", "Aisha",
         "Peter", "Lucia", "Jonas", "Mei", "Andrew", "Olga", "Tariq", "Claire", "Emeka", "Rosa", "Henrik", "Zara"]
LAST = ["Lopez", "Whitfield", "Okafor", "Nowak", "Haddad", "Brennan", "Larsen", "Mensah", "Rossi", "Sharma",
        "Petrova", "Fielding", "Tanaka", "Rahimi", "Carver", "Ivanova", "Mendes", "Kessler", "Volkov", "Adeyemi",
        "Harlow", "Quinn", "Moreau", "Lindqvist", "Osei", "Castillo", "Drummond", "Novak", "Kaur", "Ashby",
        "Sato", "Romero", "Berg", "Nakamura"]
ROLES = ["a spokeswoman for {org}", "a spokesman for {org}", "the chief executive of {org}",
         "the head of {org}", "a senior official at {org}", "the director of {org}", "a lawyer for {org}",
         "the chair of {org}", "a press officer at {org}", "deputy director of {org}"]
TITLES = ["Health Minister", "Transport Minister", "Interior Minister", "Mayor", "Senator", "Governor",
          "Finance Minister", "Police Commissioner", "Energy Secretary", "Attorney General"]
ORG_HEAD = ["Northbridge", "Valemont", "Eastport", "Kingsford", "Redwater", "Ashcombe", "Silverlake",
            "Marlow", "Greyhaven", "Brightwell", "Thornbury", "Calder", "Oakridge", "Westmere", "Fairholm"]
ORG_TAIL = ["Water Authority", "Construction Group", "Health Trust", "Energy", "Logistics", "Port Authority",
            "Pharmaceuticals", "Mining Company", "Transit Agency", "Housing Association", "Bank",
            "Chemical Works", "Airport Company", "Farmers Union", "Teachers Union"]
GROUPS = ["Clean Water Now", "Citizens for Safe Streets", "the Open Books Campaign", "Tenants First",
          "the Coastal Alliance", "Patients Together", "the Taxpayers League", "Fair Pay Coalition"]
COUNTRIES = ["Norland", "Estavia", "Karesh", "Molvania", "Druskenia", "Valdoria", "Ostrava", "Belmora"]
OUTLETS = ["the Daily Courier", "Channel 9", "the Evening Ledger", "Radio Meridian", "the Harbour Times",
           "Northern Wire", "the Weekly Observer"]
TAGS = ["Water", "Health", "Transport", "Elections", "Energy", "Courts", "Housing", "Trade", "Defence", "Budget"]

# What articles are about: a topic supplies claims (what is alleged) and their questions.
TOPICS = [
    ("Water", "{org} hid test results showing lead in the drinking water of {place}",
     "the utility had hidden any test results", "lead levels rose above the legal limit in {n} schools"),
    ("Transport", "{org} paid officials to win the contract for the new bridge at {place}",
     "any payment had been made", "the bridge contract cost {n} million more than the rival bid"),
    ("Health", "{org} delayed reporting side effects from its trial of a new heart drug",
     "any side effects had been held back", "{n} patients left the trial early"),
    ("Energy", "{org} sold electricity to {country} while households in {place} faced blackouts",
     "power had been sold abroad during the shortage", "exports rose by {n} percent over the winter"),
    ("Elections", "ballots from {n} polling stations in {place} were counted twice",
     "any ballots had been counted twice", "turnout in {place} was {n} percent higher than last time"),
    ("Housing", "{org} evicted tenants in {place} to sell the buildings to a developer",
     "the evictions were linked to a sale", "{n} families were moved out in March"),
    ("Defence", "{country} shipped drones to rebels near the border with {place}",
     "any drones had been shipped", "satellite images showed {n} trucks at the crossing"),
    ("Courts", "{org} destroyed documents sought by the court in {place}",
     "any documents had been destroyed", "{n} boxes of files went missing before the hearing"),
    ("Trade", "{country} blocked grain exports to push up prices in {place}",
     "exports had been blocked on purpose", "grain prices rose {n} percent in a month"),
    ("Budget", "the council of {place} spent {n} million on consultants without a vote",
     "the money had been spent without a vote", "the consultancy budget grew {n} percent"),
]
PLACES = ["Harrowgate", "Linfield", "Port Salwick", "Dunmore", "Cresthaven", "Elmstead", "Brackwater",
          "Ravensholm", "Tillbury", "Saltmarsh", "Glenhollow", "Amberley"]
INSULTS = ["a fabrication", "baseless", "politically motivated", "completely false", "a smear",
           "nonsense", "misleading", "disinformation"]
SAY = ["said", "told reporters", "said on Monday", "said in a statement", "told {outlet}", "wrote on social media",
       "said at a news conference", "told lawmakers"]
BACKGROUND = [
    "The dispute has dragged on for {n} weeks and shows no sign of ending.",
    "{place} has a population of about {n},000 and relies heavily on public services.",
    "Officials have promised an independent inquiry, but no date has been set.",
    "The row comes ahead of local elections in {place} next spring.",
    "Opposition parties have called for hearings in parliament.",
    "Shares in {org} fell {n} percent in early trading after the first reports.",
    "Residents gathered outside the town hall on Saturday, some holding handmade signs.",
    "The agency's annual report, published in {month}, made no mention of the issue.",
    "Independent experts say the records needed to settle the question are not public.",
    "It was not immediately possible to verify the documents.",
    "The company employs about {n},000 people across the region.",
    "A previous investigation in {year} found no wrongdoing.",
    "Regulators in {country} have opened a separate review.",
    "The issue is expected to be debated at the next council meeting on {weekday}.",
    "The first reports surfaced in {month}, when a former employee contacted journalists.",
    "Figures released last year showed spending on the programme had doubled since {year}.",
    "The council meets in a converted warehouse near the old railway station.",
    "Several families have since moved away from the area, neighbours say.",
    "The case has drawn attention far beyond {place}, with petitions gathering {n},000 signatures.",
    "Court filings show the two sides met at least {n} times before talks collapsed.",
    "A parliamentary committee is due to publish its own findings before the summer recess.",
    "The local newspaper has run more than {n} stories on the affair since it began.",
    "Auditors were due to finish their review in {month} but asked for more time.",
    "The town's mayor cut short a trip abroad to deal with the fallout.",
    "Union representatives met managers for three hours on {weekday} without reaching agreement.",
    "A small protest was held outside the headquarters of {org} on {weekday} evening.",
    "Insurance experts estimate that the losses could run into tens of millions.",
    "The documents, which run to {n} pages, include internal emails and meeting notes.",
    "Neither side has published the full data behind its figures.",
    "Reporters who visited the site last week found the gates locked and the offices empty.",
    "The government in {country} has so far declined to comment publicly.",
    "Lawyers for both sides are expected to appear before a judge in {month}.",
    "The region was hit by severe flooding in {year}, which left many public buildings damaged.",
    "Local businesses say trade has fallen since the controversy began.",
    "An online map built by volunteers lists {n} sites that campaigners want inspected.",
    "The board of {org} is due to meet on {weekday} to discuss its response.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: dt.date
    source: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]  # plain text, "## " marks a subheading

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in (self.title, *self.paragraphs))


class _Cast:
    """The recurring people, bodies and places of the archive."""

    def __init__(self, rng: random.Random) -> None:
        self.orgs = sorted({f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_TAIL)}" for _ in range(120)})
        self.people = []
        for _ in range(300):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if rng.random() < 0.3:
                self.people.append((name, f"{rng.choice(TITLES)}", None))
            else:
                self.people.append((name, rng.choice(ROLES), rng.choice(self.orgs)))


def _story(i: int, cast: _Cast, seed: int) -> Story:
    rng = random.Random(f"{seed}-{i}")
    tag, claim_t, question_t, fact_t = rng.choice(TOPICS)
    place, country = rng.choice(PLACES), rng.choice(COUNTRIES)
    accused = rng.choice(cast.orgs)
    fill = {"org": accused, "place": place, "country": country}

    def f(template: str, **more: object) -> str:
        values = {**fill, "n": rng.randint(2, 90), "outlet": rng.choice(OUTLETS), "month": rng.choice(MONTHS),
                  "year": rng.randint(2009, 2021), "weekday": rng.choice(WEEKDAYS), **more}
        return template.format(**values)

    claim = f(claim_t)
    question = f(question_t)

    def person() -> tuple[str, str, str]:
        """(full name, surname, appositive role)."""
        name, role, org = rng.choice(cast.people)
        return name, name.split()[-1], (role.format(org=org) if org else role)

    accuser_name, accuser_last, accuser_role = person()
    group = rng.choice(GROUPS)
    denier_name, denier_last, _ = person()
    denier_role = rng.choice(ROLES).format(org=accused)
    outlet = rng.choice(OUTLETS)
    cap = group[0].upper() + group[1:]

    lead = [
        f"{cap} said on {rng.choice(WEEKDAYS)} that {claim}.",
        f"{accuser_name}, {accuser_role}, said {claim}.",
        f"Two officials told {outlet} that {claim}.",
    ]
    claims = [
        f"According to documents seen by {outlet}, {claim}.",
        f"\"We have evidence that {claim},\" {accuser_last} told reporters.",
        f"{accuser_last} said the records showed that {f(fact_t)}.",
        f"{cap} alleged that {claim}.",
        f"A report by {group} found that {f(fact_t)}.",
        f"\"This is not the first time,\" {accuser_last} {f(rng.choice(SAY))}. \"People deserve the truth.\"",
        f"{accuser_last} warned that {f(fact_t)} and called for an inquiry.",
        f"According to {accuser_name}, {f(fact_t)}.",
    ]
    denials = [
        f"{denier_name}, {denier_role}, rejected the claim, calling it {rng.choice(INSULTS)}.",
        f"{accused} denied that {question}.",
        f"\"No, there was not,\" {denier_last} said when asked whether {question}.",
        f"{denier_last} dismissed the report as {rng.choice(INSULTS)}.",
        f"In a statement, {accused} said the allegations were {rng.choice(INSULTS)} and that it had "
        f"\"always followed the law\".",
        f"\"I have never heard of that,\" {denier_last} told {outlet}.",
        f"{denier_last} disputed the figures, saying {f(fact_t)} only because of an error in the count.",
    ]
    others = [person() for _ in range(3)]
    other = [f"{n}, {r}, said the matter should be settled by an independent review." for n, _, r in others]
    other += [f"\"We are watching this closely,\" {ln} {f(rng.choice(SAY))}." for _, ln, _ in others]
    other += [f"{ln} said the inquiry had stalled because key witnesses were abroad." for _, ln, _ in others[:1]]
    other += [
        f"\"The people of {place} have been kept in the dark for far too long, and they are right to be angry. "
        f"We will keep asking questions until we get answers,\" {accuser_last} said.",
        f"{denier_last} said {accused} had cooperated fully with inspectors and would publish its own review "
        f"within {rng.randint(2, 9)} weeks.",
        f"\"Our staff have done nothing wrong. These stories are {rng.choice(INSULTS)}, and we are considering "
        f"legal action,\" a spokesperson for {accused} said.",
        f"Asked about the allegations on {rng.choice(WEEKDAYS)}, {accuser_last} said: \"The evidence speaks "
        f"for itself.\"",
    ]

    title = rng.choice([
        # Not "...; the company denies it", "..., an allegation X denied" nor
        # "...; X calls report nonsense": the extractor (rules 1.0) writes denials
        # with empty text for those, sidecars its own loader rejects, and every
        # build without the build cache extracts them again.
        f"{cap} says {accused} {rng.choice(['hid the truth', 'misled the public', 'broke the rules'])} "
        f"in {place}",
        f"{accused} denies claims over {tag.lower()} in {place}",
        f"Officials in {place} accused over {tag.lower()}",
    ])
    # Every sentence at most once; background fills the rest, as in wire copy.
    statements = claims + denials + other
    rng.shuffle(statements)
    background = [f(t) for t in BACKGROUND]
    rng.shuffle(background)
    target = rng.randint(500, 900)
    paragraphs: list[str] = [rng.choice(lead) + " " + denials[0]]
    words = len(title.split()) + len(paragraphs[0].split())
    heading_at = rng.randint(4, 7)
    while words < target and (statements or background):
        if len(paragraphs) == heading_at:
            paragraphs.append("## " + rng.choice(["What we know", "The response", "Background",
                                                   "What happens next", "The evidence"]))
        sentences = []
        for _ in range(rng.randint(2, 4)):
            pool = statements if statements and (rng.random() < 0.6 or not background) else background
            if pool:
                sentences.append(pool.pop())
        paragraph = " ".join(sentences)
        if words + len(paragraph.split()) > 900:
            break
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
    tags = tuple(dict.fromkeys([tag, rng.choice(TAGS)]))
    return Story(slug=f"story-{i:05d}", title=title, date=date, source=rng.choice(OUTLETS).removeprefix("the ").title(),
                 tags=tags, paragraphs=tuple(paragraphs))


def stories(n: int, seed: int = 7) -> list[Story]:
    cast = _Cast(random.Random(seed))
    return [_story(i, cast, seed) for i in range(n)]


def body(story: Story) -> str:
    return "\n\n".join(story.paragraphs) + "\n"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def as_explainer(story: Story) -> tuple[str, str]:
    tags = ", ".join(story.tags)
    return f"{story.slug}.md", (f"---\ntitle: {_yaml_string(story.title)}\ndate: {story.date.isoformat()}\n"
                                f"source: {story.source}\ntags: [{tags}]\n---\n\n{body(story)}")


def as_hugo(story: Story) -> tuple[str, str]:
    return as_explainer(story)  # Hugo reads the same YAML front matter


def as_mkdocs(story: Story) -> tuple[str, str]:
    return f"{story.slug}.md", f"---\ntitle: {_yaml_string(story.title)}\n---\n\n# {story.title}\n\n{body(story)}"


def as_pelican(story: Story) -> tuple[str, str]:
    return f"{story.slug}.md", (f"Title: {story.title}\nDate: {story.date.isoformat()}\n"
                                f"Tags: {', '.join(story.tags)}\nSlug: {story.slug}\n\n{body(story)}")


FORMATS = {"explainer": as_explainer, "hugo": as_hugo, "mkdocs": as_mkdocs, "pelican": as_pelican}


def write(folder: Path, n: int, seed: int = 7, fmt: str = "explainer") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for story in stories(n, seed):
        name, text = FORMATS[fmt](story)
        path = folder / name
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def extracted_site(name: str, n: int, seed: int, title: str) -> Path:
    """A site of the corpus with its sidecars, kept under `.cache/bench/NAME-N-seedSEED`:
    written once; sidecars missing or written by another extractor version are
    brought up to date (untimed) each time it is asked for."""
    repo = Path(__file__).resolve().parents[1]
    root = repo / ".cache" / "bench" / f"{name}-{n}-seed{seed}"
    if not (root / "ready").exists():
        shutil.rmtree(root, ignore_errors=True)
        write(root / "content", n, seed, "explainer")
        (root / "site.yaml").write_text(f"title: {title}\nbase_url: https://example.org/news/\n", "utf-8")
        (root / "ready").write_text("", "utf-8")
    subprocess.run([sys.executable, "-m", "generator", "extract", "--site", str(root)], cwd=repo, check=True,
                   env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=sorted(FORMATS), default="explainer")
    args = parser.parse_args()
    paths = write(args.out, args.n, args.seed, args.format)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
