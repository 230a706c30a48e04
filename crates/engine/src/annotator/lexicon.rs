//! The embedded rule set: gazetteers (generated, `data/`) and hand-written
//! rule lists (`rules/`), loaded once into hash tables.

use super::text::tokenize;
use crate::model::Label;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's hasher): fast for the short keys used here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
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
    pub rule: &'static str,
}

/// Gazetteer files: (contents, label, rule id). Earlier files win when a name
/// is in several.
const GAZETTEERS: &[(&str, Label, &str)] = &[
    (
        include_str!("../../data/media.txt"),
        Label::Org,
        "gazetteer:media",
    ),
    (
        include_str!("../../data/orgs_international.txt"),
        Label::Org,
        "gazetteer:international-org",
    ),
    (
        include_str!("../../data/orgs_government.txt"),
        Label::Org,
        "gazetteer:government-body",
    ),
    (
        include_str!("../../data/armed_groups.txt"),
        Label::Org,
        "gazetteer:armed-group",
    ),
    (
        include_str!("../../data/companies.txt"),
        Label::Org,
        "gazetteer:company",
    ),
    (
        include_str!("../../data/countries.txt"),
        Label::Loc,
        "gazetteer:country",
    ),
    (
        include_str!("../../data/regions.txt"),
        Label::Loc,
        "gazetteer:region",
    ),
    (
        include_str!("../../data/cities.txt"),
        Label::Loc,
        "gazetteer:city",
    ),
    (
        include_str!("../../data/demonyms.txt"),
        Label::Norp,
        "gazetteer:demonym",
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

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
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

pub struct Lexicon {
    /// Gazetteer phrases (normalised) → meaning.
    pub phrases: FxMap<Box<str>, Entry>,
    /// First token of a phrase → the most tokens any phrase starting with it has.
    pub first: FxMap<Box<str>, u8>,
    /// Surnames of well-known people, recognised alone.
    pub people_surnames: FxSet<Box<str>>,
    pub given: FxSet<Box<str>>,
    pub surnames: FxSet<Box<str>>,
    /// Titles (as written and lowercased).
    pub titles: FxSet<Box<str>>,
    pub title_words: FxSet<Box<str>>,
    pub org_heads: FxSet<Box<str>>,
    /// Single-word cues.
    pub cues: FxSet<Box<str>>,
    /// Multi-word cues, as token sequences.
    pub cue_phrases: Vec<Vec<&'static str>>,
    /// Lowercase common words (stopwords plus the generated list).
    pub common: FxSet<Box<str>>,
    pub stop: FxSet<Box<str>>,
}

impl Lexicon {
    pub fn build() -> Lexicon {
        let mut phrases: FxMap<Box<str>, Entry> = FxMap::default();
        let mut first: FxMap<Box<str>, u8> = FxMap::default();
        let mut add_phrase = |name: &str, e: Entry, phrases: &mut FxMap<Box<str>, Entry>| {
            let t = tokenize(name);
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
            let m = first.entry(f.as_ref().into()).or_insert(0);
            *m = (*m).max(n as u8);
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
                        rule: "gazetteer:person",
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
        let mut cues = FxSet::default();
        let mut cue_phrases = Vec::new();
        for c in lines(CUES) {
            if c.contains(' ') {
                cue_phrases.push(c.split(' ').collect());
            } else {
                cues.insert(Box::from(c));
            }
        }
        let stop = set(STOPWORDS);
        let mut common = set(COMMON_WORDS);
        common.extend(stop.iter().cloned());
        Lexicon {
            phrases,
            first,
            people_surnames,
            given: set(GIVEN_NAMES),
            surnames: set(SURNAMES),
            titles,
            title_words: set(TITLE_WORDS),
            org_heads: set(ORG_HEADS),
            cues,
            cue_phrases,
            common,
            stop,
        }
    }

    /// Is `w` (as written) a common lowercase word?
    pub fn is_common(&self, w: &str) -> bool {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.common.contains(w);
        }
        with_lower(w, |l| self.common.contains(l))
    }

    pub fn is_stop(&self, w: &str) -> bool {
        with_lower(w, |l| self.stop.contains(l))
    }
}
