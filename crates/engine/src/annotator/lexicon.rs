//! The embedded rule set: gazetteers (generated, `data/`) and hand-written
//! rule lists (`rules/`), loaded once into hash tables.

use super::text::{tokenize, Kind, Text};
use crate::model::Label;
use crate::registry::Rule;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's hasher): fast for the short keys used here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    /// Eight bytes a step, then the tail as at most one 4-, one 2- and one
    /// 1-byte step (a word of 7 letters: 3 multiplications, not 7).
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let step = |h: u64, v: u64| (h.rotate_left(5) ^ v).wrapping_mul(K);
        let mut h = self.0;
        let mut b = bytes;
        while let Some((c, rest)) = b.split_first_chunk::<8>() {
            h = step(h, u64::from_le_bytes(*c));
            b = rest;
        }
        if let Some((c, rest)) = b.split_first_chunk::<4>() {
            h = step(h, u32::from_le_bytes(*c) as u64);
            b = rest;
        }
        if let Some((c, rest)) = b.split_first_chunk::<2>() {
            h = step(h, u16::from_le_bytes(*c) as u64);
            b = rest;
        }
        if let Some(&c) = b.first() {
            h = step(h, c as u64);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// One gazetteer entry's meaning.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub label: Label,
    pub rule: Rule,
}

/// Gazetteer files: (contents, label, rule id). Earlier files win when a name
/// is in several.
const GAZETTEERS: &[(&str, Label, Rule)] = &[
    (
        include_str!("../../data/media.txt"),
        Label::Org,
        Rule::GazMedia,
    ),
    (
        include_str!("../../data/orgs_international.txt"),
        Label::Org,
        Rule::GazInternationalOrg,
    ),
    (
        include_str!("../../data/orgs_government.txt"),
        Label::Org,
        Rule::GazGovernmentBody,
    ),
    (
        include_str!("../../data/armed_groups.txt"),
        Label::Org,
        Rule::GazArmedGroup,
    ),
    (
        include_str!("../../data/companies.txt"),
        Label::Org,
        Rule::GazCompany,
    ),
    (
        include_str!("../../data/countries.txt"),
        Label::Loc,
        Rule::GazCountry,
    ),
    (
        include_str!("../../data/regions.txt"),
        Label::Loc,
        Rule::GazRegion,
    ),
    (
        include_str!("../../data/cities.txt"),
        Label::Loc,
        Rule::GazCity,
    ),
    (
        include_str!("../../data/demonyms.txt"),
        Label::Norp,
        Rule::GazDemonym,
    ),
];

const PEOPLE: &str = include_str!("../../rules/people.txt");
const GIVEN_NAMES: &str = include_str!("../../data/given_names.txt");
const SURNAMES: &str = include_str!("../../data/surnames.txt");
const TITLES: &str = include_str!("../../rules/titles.txt");
const TITLE_WORDS: &str = include_str!("../../rules/title_words.txt");
const ORG_HEADS: &str = include_str!("../../rules/org_heads.txt");
const CUES: &str = include_str!("../../rules/cue_verbs.txt");
const STOPWORDS: &str = include_str!("../../rules/stopwords.txt");
const COMMON_WORDS: &str = include_str!("../../data/common_words.txt");
const DATES: &str = include_str!("../../rules/dates.txt");
const NUMBERS: &str = include_str!("../../rules/numbers.txt");
const NAMES: &str = include_str!("../../rules/names.txt");
const QUOTES: &str = include_str!("../../rules/quotes.txt");
const TOKENS: &str = include_str!("../../rules/tokens.txt");
const SOURCES: &str = include_str!("../../rules/sources.txt");
const SPORTS: &str = include_str!("../../rules/sports.txt");

/// Every data file the built-in rule set is made of, in a fixed order: what
/// the built-in rules' hash ([`builtin_hash`]) covers.
pub fn builtin_sources() -> impl Iterator<Item = &'static str> {
    GAZETTEERS.iter().map(|g| g.0).chain([
        PEOPLE,
        GIVEN_NAMES,
        SURNAMES,
        TITLES,
        TITLE_WORDS,
        ORG_HEADS,
        CUES,
        STOPWORDS,
        COMMON_WORDS,
        DATES,
        NUMBERS,
        NAMES,
        QUOTES,
        TOKENS,
        SOURCES,
        SPORTS,
    ])
}

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The words of list `[name]` in a sectioned rules file (`rules/dates.txt`
/// and its siblings): the lines after the header, up to the next header.
/// A missing list is empty (a unit test checks that none is).
fn section(src: &'static str, name: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut inside = false;
    for l in lines(src) {
        if let Some(h) = l.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            inside = h == name;
        } else if inside {
            out.push(l);
        }
    }
    out
}

/// A word list that answers membership quickly: a bit per word length,
/// then a bit per word shape (length, first and last byte), reject most
/// tokens before any hashing.
pub struct WordSet {
    words: Vec<&'static str>,
    exact: FxSet<&'static str>,
    lower: FxSet<Box<str>>,
    lens: u64,
    /// [`shape`] bits of the words as written, and lowercased.
    shapes: [u64; 4],
    lower_shapes: [u64; 4],
}

/// One of 256 bits for a word's length, first and last byte: two words
/// with different bits differ.
#[inline]
fn shape(s: &str) -> usize {
    let b = s.as_bytes();
    let (first, last) = (
        b.first().copied().unwrap_or(0),
        b.last().copied().unwrap_or(0),
    );
    (b.len()
        .wrapping_mul(0x9E)
        .wrapping_add((first as usize).wrapping_mul(0x3B))
        .wrapping_add(last as usize))
        & 255
}

#[inline]
fn has_shape(bits: &[u64; 4], s: &str) -> bool {
    let k = shape(s);
    bits[k / 64] & (1 << (k % 64)) != 0
}

impl WordSet {
    pub fn new(words: Vec<&'static str>) -> WordSet {
        let mut lens = 0u64;
        let (mut shapes, mut lower_shapes) = ([0u64; 4], [0u64; 4]);
        let lower: FxSet<Box<str>> = words
            .iter()
            .map(|w| w.to_lowercase().into_boxed_str())
            .collect();
        for w in &words {
            lens |= 1u64 << w.len().min(63);
            let k = shape(w);
            shapes[k / 64] |= 1 << (k % 64);
        }
        for w in &lower {
            let k = shape(w);
            lower_shapes[k / 64] |= 1 << (k % 64);
        }
        WordSet {
            exact: words.iter().copied().collect(),
            lower,
            words,
            lens,
            shapes,
            lower_shapes,
        }
    }

    #[inline]
    fn may_hold(&self, s: &str) -> bool {
        self.lens & (1u64 << s.len().min(63)) != 0
    }

    /// `s` is in the list, as written.
    #[inline]
    pub fn contains(&self, s: &str) -> bool {
        self.may_hold(s) && has_shape(&self.shapes, s) && self.exact.contains(s)
    }

    /// `s` is in the list in any case.
    #[inline]
    pub fn contains_ci(&self, s: &str) -> bool {
        self.may_hold(s)
            && with_lower(s, |l| {
                has_shape(&self.lower_shapes, l) && self.lower.contains(l)
            })
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn to_vec(&self) -> Vec<&'static str> {
        self.words.clone()
    }
}

/// Membership tests shared by the word lists of `rules/*.txt` and the few
/// fixed words written in the code (`&["the"]`).
pub trait WordList {
    /// As written.
    fn has(&self, s: &str) -> bool;
    /// In any (ASCII) case.
    fn has_ci(&self, s: &str) -> bool;
    /// False when no word of the list is `len` bytes long: asked before a
    /// token's text is read at all (`Text::is_any`).
    #[inline]
    fn may_have_len(&self, _len: usize) -> bool {
        true
    }
}

impl WordList for WordSet {
    #[inline]
    fn has(&self, s: &str) -> bool {
        self.contains(s)
    }
    #[inline]
    fn has_ci(&self, s: &str) -> bool {
        self.contains_ci(s)
    }
    #[inline]
    fn may_have_len(&self, len: usize) -> bool {
        self.lens & (1u64 << len.min(63)) != 0
    }
}

impl WordList for [&str] {
    #[inline]
    fn has(&self, s: &str) -> bool {
        self.contains(&s)
    }
    #[inline]
    fn has_ci(&self, s: &str) -> bool {
        self.iter().any(|w| w.eq_ignore_ascii_case(s))
    }
}

impl WordList for Vec<&str> {
    #[inline]
    fn has(&self, s: &str) -> bool {
        self.as_slice().has(s)
    }
    #[inline]
    fn has_ci(&self, s: &str) -> bool {
        self.as_slice().has_ci(s)
    }
}

impl<const N: usize> WordList for [&str; N] {
    #[inline]
    fn has(&self, s: &str) -> bool {
        self.as_slice().has(s)
    }
    #[inline]
    fn has_ci(&self, s: &str) -> bool {
        self.as_slice().has_ci(s)
    }
}

/// The tokenizer's abbreviations alone (without building a lexicon).
pub fn builtin_abbreviations() -> WordSet {
    WordSet::new(section(TOKENS, "abbreviations"))
}

macro_rules! word_lists {
    ($($field:ident = $file:ident[$name:literal];)*) => {
        /// The hand-written word lists of the built-in rules, read from the
        /// sectioned files in `rules/` (one field per `[list]`).
        pub struct Words {
            $(pub $field: WordSet,)*
        }

        impl Words {
            fn load() -> Words {
                Words { $($field: WordSet::new(section($file, $name)),)* }
            }

            /// (list name, number of words), for tests.
            #[cfg(test)]
            pub fn sizes(&self) -> Vec<(&'static str, usize)> {
                vec![$(($name, self.$field.len()),)*]
            }
        }
    };
}

word_lists! {
    months = DATES["months"];
    months_also_words = DATES["months-also-words"];
    short_months = DATES["short-months"];
    weekdays = DATES["weekdays"];
    day_parts = DATES["day-parts"];
    units = DATES["units"];
    duration_units = DATES["duration-units"];
    vague_counts = DATES["vague-counts"];
    gated_starters = DATES["gated-starters"];
    holidays = DATES["holidays"];
    holiday_first_words = DATES["holiday-first-words"];
    event_heads = DATES["event-heads"];
    day_ordinals = DATES["day-ordinals"];
    plural_duration_units = DATES["plural-duration-units"];
    relative = DATES["relative"];
    ordinal_relative = DATES["ordinal-relative"];
    decade_words = DATES["decade-words"];
    seasons = DATES["seasons"];
    edge = DATES["edge"];
    period_of = DATES["period-of"];
    month_word_before = DATES["month-word-before"];
    deictic = DATES["deictic"];
    after_duration = DATES["after-duration"];
    not_date_before_count = DATES["not-date-before-count"];
    starters = DATES["starters"];
    after_article = DATES["after-article"];
    small = NUMBERS["small"];
    scales = NUMBERS["scales"];
    counted_after_a = NUMBERS["counted-after-a"];
    plural_counts = NUMBERS["plural-counts"];
    plural_counts_need_of = NUMBERS["plural-counts-need-of"];
    plural_scales = NUMBERS["plural-scales"];
    digit_words = NUMBERS["digit-words"];
    currency_signs = NUMBERS["currency-signs"];
    currency_codes = NUMBERS["currency-codes"];
    currency_words = NUMBERS["currency-words"];
    measure_words = NUMBERS["measure-words"];
    clock_words = NUMBERS["clock-words"];
    one_not_before = NUMBERS["one-not-before"];
    one_not_after = NUMBERS["one-not-after"];
    frequency = NUMBERS["frequency"];
    range_links = NUMBERS["range-links"];
    fraction_words = NUMBERS["fraction-words"];
    currency_country_prefixes = NUMBERS["currency-country-prefixes"];
    connectors = NAMES["connectors"];
    continuers = NAMES["continuers"];
    particles = NAMES["particles"];
    name_suffixes = NAMES["name-suffixes"];
    article_prefixes = NAMES["article-prefixes"];
    glued_particles = NAMES["glued-particles"];
    cause_group_words = NAMES["cause-group-words"];
    place_heads_after = NAMES["place-heads-after"];
    place_heads_before = NAMES["place-heads-before"];
    place_nouns_after = NAMES["place-nouns-after"];
    place_nouns_before_of = NAMES["place-nouns-before-of"];
    place_prepositions = NAMES["place-prepositions"];
    place_prepositions_strict = NAMES["place-prepositions-strict"];
    language_after = NAMES["language-after"];
    ampersand_org_words = NAMES["ampersand-org-words"];
    acronym_thing_nouns = NAMES["acronym-thing-nouns"];
    armed_services = NAMES["armed-services"];
    not_place_words = NAMES["not-place-words"];
    language_before = NAMES["language-before"];
    place_context = NAMES["place-context"];
    directions = NAMES["directions"];
    not_acronyms = NAMES["not-acronyms"];
    org_nouns_before = NAMES["org-nouns-before"];
    org_stakes = NAMES["org-stakes"];
    org_stake_links = NAMES["org-stake-links"];
    org_cues_after = NAMES["org-cues-after"];
    org_roles = NAMES["org-roles"];
    org_role_links = NAMES["org-role-links"];
    org_cue_object_guard = NAMES["org-cue-object-guard"];
    place_forces = NAMES["place-forces"];
    domain_suffixes = NAMES["domain-suffixes"];
    org_generic = NAMES["org-generic"];
    org_words_before_country = NAMES["org-words-before-country"];
    facility_heads = NAMES["facility-heads"];
    org_heads_first = NAMES["org-heads-first"];
    campus_heads = NAMES["campus-heads"];
    road_words = NAMES["road-words"];
    plural_org_heads = NAMES["plural-org-heads"];
    law_heads = NAMES["law-heads"];
    market_indices = NAMES["market-indices"];
    market_index_first_words = NAMES["market-index-first-words"];
    market_index_words = NAMES["market-index-words"];
    market_moves = NAMES["market-moves"];
    appositive_nouns = NAMES["appositive-nouns"];
    shared_org_nouns = NAMES["shared-org-nouns"];
    road_names = NAMES["road-names"];
    street_words = NAMES["street-words"];
    facility_place_words = NAMES["facility-place-words"];
    pronouns = QUOTES["pronouns"];
    org_role_nouns = QUOTES["org-role-nouns"];
    company_role_nouns = QUOTES["company-role-nouns"];
    government_role_nouns = QUOTES["government-role-nouns"];
    government_bodies = QUOTES["government-bodies"];
    person_role_nouns = QUOTES["person-role-nouns"];
    role_definite = QUOTES["role-definite"];
    role_indefinite = QUOTES["role-indefinite"];
    document_nouns = QUOTES["document-nouns"];
    document_issuing_verbs = QUOTES["document-issuing-verbs"];
    plural_pronouns = QUOTES["plural-pronouns"];
    naming_verbs = QUOTES["naming-verbs"];
    naming_nouns = QUOTES["naming-nouns"];
    not_subject_after = QUOTES["not-subject-after"];
    coordinators = QUOTES["coordinators"];
    linking_adverbs = QUOTES["linking-adverbs"];
    participle_cues = QUOTES["participle-cues"];
    term_before = QUOTES["term-before"];
    addressee_cues = QUOTES["addressee-cues"];
    abbreviations = TOKENS["abbreviations"];
    he = SOURCES["he"];
    she = SOURCES["she"];
    man_titles = SOURCES["man-titles"];
    woman_titles = SOURCES["woman-titles"];
    acronym_skip = SOURCES["acronym-skip"];
    sport_words = SPORTS["sport-words"];
    result_after = SPORTS["result-after"];
    result_before = SPORTS["result-before"];
    result_links = SPORTS["result-links"];
    result_words = SPORTS["result-words"];
    team_nouns = SPORTS["team-nouns"];
    team_before = SPORTS["team-before"];
    club_suffixes = SPORTS["club-suffixes"];
    locative = SPORTS["locative"];
    player_verbs = SPORTS["player-verbs"];
    player_verbs_before = SPORTS["player-verbs-before"];
}

/// Calls `f` with the lowercase form of `w`, without allocating for short
/// ASCII words (the common case in the hot loops).
#[inline]
pub fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = w.as_bytes();
    if b.len() <= 32 && b.is_ascii() {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII in, ASCII out: always valid UTF-8.
        f(std::str::from_utf8(&buf[..b.len()]).unwrap_or(""))
    } else {
        f(&w.to_lowercase())
    }
}

/// Normalises a phrase for lookup: curly apostrophes become straight ones
/// and runs of whitespace one space. Borrows when nothing changes.
pub fn normalize(s: &str) -> std::borrow::Cow<'_, str> {
    let b = s.as_bytes();
    let needs = b.iter().enumerate().any(|(i, &c)| match c {
        b'\n' | b'\t' | b'\r' => true,
        b' ' => b.get(i + 1) == Some(&b' '),
        0xE2 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x99), // ’
        0xC2 => b.get(i + 1) == Some(&0xA0),                                // no-break space
        _ => false,
    });
    if !needs {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(if c == '’' { '\'' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

/// A multi-word cue after its first word: the remaining lowercase words,
/// and the user rule that added it (`None`: built in).
type CuePhrase = (Vec<Box<str>>, Option<u32>);

pub struct Lexicon {
    /// Gazetteer phrases (normalised) → meaning.
    pub phrases: FxMap<Box<str>, Entry>,
    /// First token of a phrase → the lengths in tokens of the phrases that
    /// start with it: bit `n - 1` for `n` tokens. The gazetteer tries only
    /// those lengths ("The" starts phrases of many lengths, but not all).
    pub first: FxMap<Box<str>, u16>,
    /// Surnames of well-known people, recognised alone.
    pub people_surnames: FxSet<Box<str>>,
    pub given: FxSet<Box<str>>,
    pub surnames: FxSet<Box<str>>,
    /// Titles (as written and lowercased).
    pub titles: FxSet<Box<str>>,
    pub title_words: FxSet<Box<str>>,
    pub org_heads: FxSet<Box<str>>,
    /// Single-word cues → the user rule that added it (`None`: built in).
    cues: FxMap<Box<str>, Option<u32>>,
    /// Multi-word cues by their lowercase first word: (the remaining
    /// lowercase words, the user rule that added it).
    cue_phrases: FxMap<Box<str>, Vec<CuePhrase>>,
    /// Lowercase common words (stopwords plus the generated list).
    pub common: FxSet<Box<str>>,
    pub stop: FxSet<Box<str>>,
    /// Lowercase word → which organisation-context lists hold it
    /// (`ORG_NOUN_BEFORE` | `ORG_STAKE` | `ORG_STAKE_LINK` | `ORG_CUE_AFTER` |
    /// `ORG_ROLE` | `ORG_ROLE_LINK`):
    /// one lookup per token for `names::org_context`.
    pub org_words: FxMap<Box<str>, u8>,
    /// The hand-written word lists (`rules/*.txt` sections).
    pub w: Words,
}

/// A man's or a woman's name, title or pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Man,
    Woman,
}

/// `Lexicon::org_words` flags.
pub const ORG_NOUN_BEFORE: u8 = 1;
pub const ORG_STAKE: u8 = 2;
pub const ORG_STAKE_LINK: u8 = 4;
pub const ORG_CUE_AFTER: u8 = 8;
pub const ORG_ROLE: u8 = 16;
pub const ORG_ROLE_LINK: u8 = 32;

impl Lexicon {
    pub fn build() -> Lexicon {
        let w = Words::load();
        let mut phrases: FxMap<Box<str>, Entry> = FxMap::default();
        let mut first: FxMap<Box<str>, u16> = FxMap::default();
        let abbrevs = w.abbreviations.to_vec();
        let mut add_phrase = |name: &str, e: Entry, phrases: &mut FxMap<Box<str>, Entry>| {
            let t = tokenize(name, &abbrevs);
            let n = t.toks.len();
            if n == 0 || n > 12 {
                return;
            }
            let key = normalize(name);
            if phrases.contains_key(key.as_ref()) {
                return;
            }
            phrases.insert(key.as_ref().into(), e);
            let f = normalize(t.s(0));
            *first.entry(f.as_ref().into()).or_insert(0) |= 1 << (n - 1);
        };
        for &(data, label, rule) in GAZETTEERS {
            for name in lines(data) {
                add_phrase(name, Entry { label, rule }, &mut phrases);
            }
        }
        let mut people_surnames = FxSet::default();
        for l in lines(PEOPLE) {
            if let Some(s) = l.strip_prefix('=') {
                people_surnames.insert(s.into());
            } else {
                add_phrase(
                    l,
                    Entry {
                        label: Label::Person,
                        rule: Rule::GazPerson,
                    },
                    &mut phrases,
                );
            }
        }
        let set = |s: &'static str| lines(s).map(Box::from).collect::<FxSet<Box<str>>>();
        let mut titles = FxSet::default();
        for t in lines(TITLES) {
            titles.insert(Box::from(t));
            titles.insert(t.to_lowercase().into_boxed_str());
        }
        let stop = set(STOPWORDS);
        let mut common = set(COMMON_WORDS);
        common.extend(stop.iter().cloned());
        let mut org_words: FxMap<Box<str>, u8> = FxMap::default();
        for (list, flag) in [
            (&w.org_nouns_before, ORG_NOUN_BEFORE),
            (&w.org_stakes, ORG_STAKE),
            (&w.org_stake_links, ORG_STAKE_LINK),
            (&w.org_cues_after, ORG_CUE_AFTER),
            (&w.org_roles, ORG_ROLE),
            (&w.org_role_links, ORG_ROLE_LINK),
        ] {
            for word in list.to_vec() {
                *org_words
                    .entry(word.to_lowercase().into_boxed_str())
                    .or_insert(0) |= flag;
            }
        }
        let mut lex = Lexicon {
            phrases,
            first,
            people_surnames,
            given: set(GIVEN_NAMES),
            surnames: set(SURNAMES),
            titles,
            title_words: set(TITLE_WORDS),
            org_heads: set(ORG_HEADS),
            cues: FxMap::default(),
            cue_phrases: FxMap::default(),
            common,
            stop,
            org_words,
            w,
        };
        for c in lines(CUES) {
            lex.add_cue(c, None);
        }
        lex
    }

    /// Adds a verb or phrase of saying (`rule`: the user rule that adds it).
    pub fn add_cue(&mut self, cue: &str, rule: Option<u32>) {
        let words: Vec<&str> = cue.split_whitespace().collect();
        match words.as_slice() {
            [] => {}
            [one] => {
                self.cues.insert((*one).into(), rule);
            }
            [head, rest @ ..] => {
                let lower = |w: &str| w.to_lowercase().into_boxed_str();
                let rest = rest.iter().map(|w| lower(w)).collect();
                self.cue_phrases
                    .entry(lower(head))
                    .or_default()
                    .push((rest, rule));
            }
        }
    }

    /// Adds a title or honorific, as written and lowercased.
    pub fn add_title(&mut self, title: &str) {
        self.titles.insert(title.into());
        self.titles.insert(title.to_lowercase().into_boxed_str());
    }

    /// The one test for a verb or phrase of saying at token `i` ("said",
    /// "Said", "according to", "in a statement"): one past its last token,
    /// and the user rule that added it (`None`: built in). Quotes, names and
    /// speakers all ask this.
    pub fn cue_at(&self, t: &Text, i: usize) -> Option<(usize, Option<u32>)> {
        if i >= t.toks.len() || t.toks[i].kind != Kind::Word {
            return None;
        }
        let s = t.s(i);
        if i > 0 && t.toks[i].glued() && t.is(i - 1, "-") {
            return None; // "so-called"
        }
        if let Some(&r) = self.cues.get(s) {
            return Some((i + 1, r));
        }
        let cap = t.toks[i].cap();
        // "Said Smith", not "the United States".
        let after_name = i > 0
            && !t.toks[i].sent_start()
            && t.toks[i - 1].kind == Kind::Word
            && t.toks[i - 1].cap();
        with_lower(s, |l| {
            if cap && !after_name {
                if let Some(&r) = self.cues.get(l) {
                    return Some((i + 1, r));
                }
            }
            let phrases = self.cue_phrases.get(l)?;
            phrases.iter().find_map(|(rest, r)| {
                (0..rest.len())
                    .all(|k| t.is_ci(i + 1 + k, &rest[k]))
                    .then_some((i + 1 + rest.len(), *r))
            })
        })
    }

    /// Is there a cue at `i`?
    pub fn is_cue(&self, t: &Text, i: usize) -> bool {
        self.cue_at(t, i).is_some()
    }

    /// Is `w` (as written) a common lowercase word?
    pub fn is_common(&self, w: &str) -> bool {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.common.contains(w);
        }
        with_lower(w, |l| self.common.contains(l))
    }

    /// The gender of a pronoun ("he", "She"), if it has one.
    pub fn pronoun_gender(&self, w: &str) -> Option<Gender> {
        if self.w.he.contains_ci(w) {
            Some(Gender::Man)
        } else if self.w.she.contains_ci(w) {
            Some(Gender::Woman)
        } else {
            None
        }
    }

    /// The gender a title says ("Mr", "Ms."), if any.
    pub fn title_gender(&self, w: &str) -> Option<Gender> {
        if self.w.man_titles.contains_ci(w) {
            Some(Gender::Man)
        } else if self.w.woman_titles.contains_ci(w) {
            Some(Gender::Woman)
        } else {
            None
        }
    }

    pub fn is_stop(&self, w: &str) -> bool {
        with_lower(w, |l| self.stop.contains(l))
    }

    /// Is `w` (as written) a title ("Senator") or a word of one ("Home",
    /// "Secretary")?
    pub fn is_title_word(&self, w: &str) -> bool {
        self.titles.contains(w) || self.title_words.contains(w)
    }
}

/// A 64-bit FNV-1a hash, the same on every platform: the rules' stamps.
pub fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    let mut h = h;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The short hash of the built-in rule set: every data file it is made of
/// and the engine's version.
pub fn builtin_hash() -> String {
    let mut h = fnv1a(FNV_START, env!("CARGO_PKG_VERSION").as_bytes());
    for src in builtin_sources() {
        h = fnv1a(h, src.as_bytes());
        h = fnv1a(h, &[0]);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_list_is_present() {
        let w = Words::load();
        for (name, n) in w.sizes() {
            assert!(n > 0, "rules/*.txt has no list [{name}] (or it is empty)");
        }
    }

    #[test]
    fn cues_are_found_by_one_test() {
        let lex = Lexicon::build();
        let t = tokenize(
            "Said Ann, according to Bob, so-called",
            &lex.w.abbreviations,
        );
        assert_eq!(lex.cue_at(&t, 0), Some((1, None)));
        assert_eq!(lex.cue_at(&t, 3), Some((5, None)), "according to");
        assert_eq!(lex.cue_at(&t, 9), None, "so-called is not a cue");
    }
}
