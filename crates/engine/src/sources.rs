//! Who is quoted, and how much; which mentions name the same entity.
//!
//! Pure functions of a [`Document`], so they describe the document as the
//! user corrected it, not only as the rules made it:
//!
//! - [`clusters`] groups entity mentions by the entity they name: "Jones"
//!   after "Maria Jones" (the nearest full name with that surname when two
//!   people share it), an acronym and its expansion ("WHO" / "World Health
//!   Organization" when the article defines it or its initials spell it),
//!   "Acme" and "Acme Inc". Every other mention groups by its text.
//! - [`sources`] counts, per speaker (resolved through the clusters to the
//!   fullest name), the quotes, the words quoted and their share of all
//!   quoted words, with the speaker's kind and, for people, a gender
//!   **estimate** (the article's own pronouns and titles first, then
//!   census given-name statistics), or the user's own choice.
//!
//! Both are linear in the document: every lookup is hashed, every scan of
//! the text is bounded.

use crate::annotator::lexicon::FxMap as HashMap;
use crate::model::{Document, Label};
use std::borrow::Cow;

const RULES: &str = include_str!("../rules/sources.txt");
const GIVEN_GENDER: &str = include_str!("../data/given_gender.txt");

/// How far past a mention the first pronoun is looked for (bytes).
const PRONOUN_WINDOW: usize = 240;
/// At most this many mentions of a person vote on the gender estimate.
const MAX_VOTES: usize = 16;
/// At most this many full names are weighed for one short name.
const MAX_CANDIDATES: usize = 32;

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The word lists of `rules/sources.txt`, read in one pass.
struct Lists {
    he: Vec<&'static str>,
    she: Vec<&'static str>,
    man_titles: Vec<&'static str>,
    woman_titles: Vec<&'static str>,
    org_suffixes: Vec<&'static str>,
    acronym_skip: Vec<&'static str>,
}

impl Lists {
    fn load() -> Lists {
        let mut l = Lists {
            he: Vec::new(),
            she: Vec::new(),
            man_titles: Vec::new(),
            woman_titles: Vec::new(),
            org_suffixes: Vec::new(),
            acronym_skip: Vec::new(),
        };
        let mut into: Option<&mut Vec<&'static str>> = None;
        for line in lines(RULES) {
            if let Some(h) = line.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                into = match h {
                    "he" => Some(&mut l.he),
                    "she" => Some(&mut l.she),
                    "man-titles" => Some(&mut l.man_titles),
                    "woman-titles" => Some(&mut l.woman_titles),
                    "org-suffixes" => Some(&mut l.org_suffixes),
                    "acronym-skip" => Some(&mut l.acronym_skip),
                    _ => None,
                };
            } else if let Some(v) = into.as_mut() {
                v.push(line);
            }
        }
        l
    }
}

/// A person's gender as the Sources view estimates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    Woman,
    Man,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Woman => "woman",
            Gender::Man => "man",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        match s {
            "woman" => Some(Gender::Woman),
            "man" => Some(Gender::Man),
            _ => None,
        }
    }
}

/// What a gender estimate rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The user said so.
    User,
    /// The pronouns and titles the article uses next to the person's name.
    Pronouns,
    /// Census statistics of the given name (weakest).
    GivenName,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::User => "user",
            Basis::Pronouns => "pronouns",
            Basis::GivenName => "given name",
        }
    }
}

/// A gender estimate and its basis; never a fact about a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenderEstimate {
    pub gender: Gender,
    pub basis: Basis,
}

/// The mentions of one entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The fullest name the article uses (its text as written there).
    pub name: String,
    pub label: Label,
    /// Entity ids, in text order.
    pub mentions: Vec<u32>,
}

/// Every entity of a document in exactly one cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clusters {
    /// In order of first mention.
    pub list: Vec<Cluster>,
    /// For `doc.entities[i]`, the index of its cluster in `list`.
    pub of_entity: Vec<usize>,
}

impl Clusters {
    /// The cluster of the entity with id `id`.
    pub fn of_id(&self, doc: &Document, id: u32) -> Option<&Cluster> {
        let i = doc.entities.iter().position(|e| e.id == id)?;
        self.list.get(*self.of_entity.get(i)?)
    }
}

/// Text as a key: whitespace runs as one space, curly apostrophes straight.
fn key(s: &str) -> Cow<'_, str> {
    let plain = !s.contains('\u{2019}')
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains(|c: char| c.is_whitespace() && c != ' ')
        && !s.contains("  ");
    if plain {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().map(|c| if c == '\u{2019}' { '\'' } else { c }));
    }
    Cow::Owned(out)
}

fn name_words(s: &str) -> Vec<&str> {
    s.split([' ', '-']).filter(|w| !w.is_empty()).collect()
}

fn looks_like_acronym(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| *c != '.').collect();
    (2..=8).contains(&letters.len())
        && letters.iter().filter(|c| c.is_uppercase()).count() >= 2
        && letters
            .iter()
            .all(|c| c.is_uppercase() || c.is_lowercase() && letters.len() > 2 || *c == '&')
}

/// Initials of a multi-word name, upper-cased, skipping `skip` words.
fn initials(name: &str, skip: &[&str]) -> Option<String> {
    let words: Vec<&str> = name.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return None;
    }
    let mut out = String::new();
    for w in words {
        if skip.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            continue;
        }
        let c = w.chars().next()?;
        if !c.is_uppercase() {
            return None;
        }
        out.extend(c.to_uppercase());
    }
    (out.chars().count() >= 2).then_some(out)
}

fn acronym_key(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '.' && *c != '&')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Groups the document's entities by the entity they name.
pub fn clusters(doc: &Document) -> Clusters {
    let n = doc.entities.len();
    let keys: Vec<Cow<'_, str>> = doc
        .entities
        .iter()
        .map(|e| key(doc.slice(e.start, e.end)))
        .collect();
    // canonical[i]: the entity index whose text names i's cluster.
    let mut canonical: Vec<usize> = (0..n).collect();
    // First mention of each (label, key).
    let mut first: HashMap<(Label, &str), usize> = HashMap::default();
    for (i, e) in doc.entities.iter().enumerate() {
        first.entry((e.label, keys[i].as_ref())).or_insert(i);
    }

    // People: full names (two words or more) indexed by last and first word,
    // each with the positions it occurs at.
    let mut full_pos: HashMap<&str, Vec<usize>> = HashMap::default();
    let mut by_last: HashMap<&str, Vec<&str>> = HashMap::default();
    let mut by_first: HashMap<&str, Vec<&str>> = HashMap::default();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.label != Label::Person {
            continue;
        }
        let k = keys[i].as_ref();
        let w = name_words(k);
        if w.len() < 2 {
            continue;
        }
        let pos = full_pos.entry(k).or_default();
        if pos.is_empty() {
            for (map, word) in [(&mut by_last, w[w.len() - 1]), (&mut by_first, w[0])] {
                let list = map.entry(word).or_default();
                if list.len() < MAX_CANDIDATES {
                    list.push(k);
                }
            }
        }
        pos.push(i);
    }
    let contains_all = |long: &str, short: &[&str]| {
        let lw = name_words(long);
        short.iter().all(|w| lw.contains(w))
    };
    // The maximal full names a person mention can stand for (cached by key).
    let mut targets: HashMap<&str, Vec<&str>> = HashMap::default();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.label != Label::Person {
            continue;
        }
        let k = keys[i].as_ref();
        let w = name_words(k);
        let Some(&last) = w.last() else { continue };
        let maximal = targets.entry(k).or_insert_with(|| {
            let mut cands: Vec<&str> = by_last
                .get(last)
                .into_iter()
                .flatten()
                .copied()
                .filter(|f| contains_all(f, &w))
                .collect();
            if w.len() == 1 {
                for &f in by_first.get(last).into_iter().flatten() {
                    if !cands.contains(&f) {
                        cands.push(f);
                    }
                }
            }
            let all = cands.clone();
            cands.retain(|c| {
                let cw = name_words(c);
                !all.iter()
                    .any(|o| o != c && o.len() > c.len() && contains_all(o, &cw))
            });
            cands
        });
        let target = match maximal.len() {
            0 => continue,
            1 => maximal[0],
            // Two people share the name: the one named last before this
            // mention, else the first named after it.
            _ => {
                let mut best: Option<(usize, &str)> = None;
                let mut after: Option<(usize, &str)> = None;
                for &c in maximal.iter() {
                    let pos = &full_pos[c];
                    let before = pos.partition_point(|&p| p <= i);
                    if before > 0 {
                        let p = pos[before - 1];
                        if best.is_none_or(|(b, _)| p > b) {
                            best = Some((p, c));
                        }
                    } else if let Some(&p) = pos.first() {
                        if after.is_none_or(|(a, _)| p < a) {
                            after = Some((p, c));
                        }
                    }
                }
                match best.or(after) {
                    Some((_, c)) => c,
                    None => continue,
                }
            }
        };
        if let Some(&t) = first.get(&(Label::Person, target)) {
            canonical[i] = t;
        }
    }

    // Organisations and places: acronyms defined in the text ("World Health
    // Organization (WHO)", "WHO (World Health Organization)") or spelled by
    // a name's initials, and names with a company suffix.
    let lists = Lists::load();
    let (skip, suffixes) = (&lists.acronym_skip, &lists.org_suffixes);
    let mut defined: HashMap<(Label, String), usize> = HashMap::default();
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (&doc.entities[i], &doc.entities[i + 1]);
        if a.label != b.label || !matches!(a.label, Label::Org | Label::Loc) {
            continue;
        }
        let between = doc.slice(a.end, b.start).trim();
        let closes = doc.text.get(b.end..).is_some_and(|r| r.starts_with(')'));
        if between != "(" || !closes {
            continue;
        }
        let (short, long) = if looks_like_acronym(&keys[i + 1]) {
            (i + 1, i)
        } else if looks_like_acronym(&keys[i]) {
            (i, i + 1)
        } else {
            continue;
        };
        defined
            .entry((a.label, acronym_key(&keys[short])))
            .or_insert(long);
    }
    let mut by_initials: HashMap<(Label, String), Option<usize>> = HashMap::default();
    let mut by_text: HashMap<(Label, &str), usize> = HashMap::default();
    for (i, e) in doc.entities.iter().enumerate() {
        if !matches!(e.label, Label::Org | Label::Loc) || first[&(e.label, keys[i].as_ref())] != i {
            continue;
        }
        by_text.insert((e.label, keys[i].as_ref()), i);
        if let Some(ini) = initials(&keys[i], skip) {
            by_initials
                .entry((e.label, ini))
                .and_modify(|v| *v = None)
                .or_insert(Some(i));
        }
    }
    let mut long = String::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if !matches!(e.label, Label::Org | Label::Loc) {
            continue;
        }
        let k = keys[i].as_ref();
        if looks_like_acronym(k) {
            let ak = (e.label, acronym_key(k));
            let long = defined
                .get(&ak)
                .copied()
                .or_else(|| by_initials.get(&ak).copied().flatten());
            if let Some(l) = long {
                canonical[i] = first[&(e.label, keys[l].as_ref())];
                continue;
            }
        }
        if e.label == Label::Org {
            // "Acme" → "Acme Inc" / "Acme Group" when the article has both.
            let mut with_suffix = None;
            for s in suffixes {
                // "{k} {s}", in one buffer for all of them.
                long.clear();
                long.push_str(k);
                long.push(' ');
                long.push_str(s);
                if let Some(&l) = by_text.get(&(Label::Org, long.as_str())) {
                    with_suffix = Some(l);
                    break;
                }
            }
            if let Some(l) = with_suffix {
                canonical[i] = l;
            }
        }
    }

    // Every mention to the first mention of its canonical text, then
    // clusters in order of first mention.
    let mut out = Clusters {
        list: Vec::new(),
        of_entity: vec![0; n],
    };
    let mut index: HashMap<(Label, &str), usize> = HashMap::default();
    for (i, e) in doc.entities.iter().enumerate() {
        let c = canonical[i];
        let ck = (e.label, keys[c].as_ref());
        let at = *index.entry(ck).or_insert_with(|| {
            out.list.push(Cluster {
                name: keys[c].to_string(),
                label: e.label,
                mentions: Vec::new(),
            });
            out.list.len() - 1
        });
        out.list[at].mentions.push(e.id);
        out.of_entity[i] = at;
    }
    out
}

/// What kind of voice a Sources row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerKind {
    /// A PERSON entity of the article.
    Person,
    /// An ORG (or a place or group speaking as an institution: "Russia said").
    Organisation,
    /// A speaker named in words that are no entity of the article ("a
    /// witness", typed by the user).
    Unnamed,
    /// Quotes with no speaker.
    Unattributed,
}

impl SpeakerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Person => "person",
            SpeakerKind::Organisation => "organisation",
            SpeakerKind::Unnamed => "unnamed",
            SpeakerKind::Unattributed => "unattributed",
        }
    }
}

/// A speaker's name to its cluster: by cluster name, and by any mention's
/// text that names one cluster only.
type Names<'a> = (
    HashMap<Cow<'a, str>, usize>,
    HashMap<Cow<'a, str>, Option<usize>>,
);

fn names_of<'a, 'b>(
    slot: &'b mut Option<Names<'a>>,
    doc: &'a Document,
    clusters: &'a Clusters,
) -> &'b Names<'a> {
    slot.get_or_insert_with(|| {
        let mut by_name = HashMap::default();
        for (ci, c) in clusters.list.iter().enumerate() {
            by_name.insert(key(&c.name), ci);
        }
        let mut by_mention: HashMap<Cow<'a, str>, Option<usize>> = HashMap::default();
        for (i, e) in doc.entities.iter().enumerate() {
            let ci = clusters.of_entity.get(i).copied();
            by_mention
                .entry(key(doc.slice(e.start, e.end)))
                .and_modify(|v| {
                    if *v != ci {
                        *v = None
                    }
                })
                .or_insert(ci);
        }
        (by_name, by_mention)
    })
}

/// One speaker's share of the article's quotes.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRow {
    /// The speaker's fullest name; `None` for the unattributed row.
    pub speaker: Option<String>,
    pub kind: SpeakerKind,
    /// Quote ids, in text order.
    pub quotes: Vec<u32>,
    /// Words inside this speaker's quotes.
    pub words: usize,
    /// `words` over all quoted words (0 when nothing is quoted).
    pub share: f64,
    /// For people only; `None` when nothing suggests one.
    pub gender: Option<GenderEstimate>,
}

/// The article in one line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub quotes: usize,
    /// Named speakers (rows other than the unattributed one).
    pub speakers: usize,
    pub words: usize,
    /// The speaker with the largest share of quoted words, and that share.
    pub top_speaker: Option<String>,
    pub top_share: f64,
    /// Share of quoted words with no speaker.
    pub unattributed_share: f64,
}

/// The Sources table of a document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sources {
    /// Most quoted words first (then most quotes, then name); the
    /// unattributed row, if any, last.
    pub rows: Vec<SourceRow>,
    pub summary: Summary,
}

/// Words in a quote: whitespace-separated pieces with a letter or digit.
pub fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The Sources table, with the user's gender choices (`genders`, by
/// speaker name) taking precedence over the estimates.
pub fn sources(doc: &Document, clusters: &Clusters, genders: &[(String, Gender)]) -> Sources {
    // Names a speaker may be given, to their cluster: cluster names first,
    // then any mention's text that names one cluster only. Built on the
    // first speaker whose mention does not say (most have one).
    let mut names: Option<Names<'_>> = None;
    let speaking = |l: Label| matches!(l, Label::Person | Label::Org | Label::Loc | Label::Norp);

    // Row key: Some(cluster) or the typed name.
    #[derive(PartialEq, Eq, Hash, Clone)]
    enum Who {
        Cluster(usize),
        Named(String),
        Nobody,
    }
    let mut rows: Vec<(Who, SourceRow)> = Vec::new();
    let mut row_of: HashMap<Who, usize> = HashMap::default();
    let mut total = 0usize;
    for q in &doc.quotes {
        let text = doc.slice(q.start, q.end);
        let words = count_words(text);
        total += words;
        let who = match &q.speaker {
            None => Who::Nobody,
            Some(s) => {
                let by_span = s.span.and_then(|(a, b)| {
                    let i = doc.entities.partition_point(|e| e.end <= a);
                    let e = doc.entities.get(i)?;
                    (e.start < b && speaking(e.label))
                        .then(|| clusters.of_entity.get(i).copied())
                        .flatten()
                });
                let k = key(&s.name);
                let agrees = by_span.is_some_and(|ci| key(&clusters.list[ci].name) == k);
                let by_text = if agrees {
                    by_span
                } else {
                    let (by_name, by_mention) = names_of(&mut names, doc, clusters);
                    by_name
                        .get(&k)
                        .copied()
                        .or_else(|| by_mention.get(&k).copied().flatten())
                        .filter(|&ci| speaking(clusters.list[ci].label))
                };
                // The name the speaker was given wins over the mention's
                // place when they disagree (a user's correction).
                let ci = match (by_span, by_text) {
                    (Some(a), Some(b)) if a != b => Some(b),
                    (a, b) => a.or(b),
                };
                match ci {
                    Some(ci) => Who::Cluster(ci),
                    None if k.is_empty() => Who::Nobody,
                    None => Who::Named(k.into_owned()),
                }
            }
        };
        let at = *row_of.entry(who.clone()).or_insert_with(|| {
            let (speaker, kind) = match &who {
                Who::Cluster(ci) => {
                    let c = &clusters.list[*ci];
                    let kind = if c.label == Label::Person {
                        SpeakerKind::Person
                    } else {
                        SpeakerKind::Organisation
                    };
                    (Some(c.name.clone()), kind)
                }
                Who::Named(n) => (Some(n.clone()), SpeakerKind::Unnamed),
                Who::Nobody => (None, SpeakerKind::Unattributed),
            };
            rows.push((
                who.clone(),
                SourceRow {
                    speaker,
                    kind,
                    quotes: Vec::new(),
                    words: 0,
                    share: 0.0,
                    gender: None,
                },
            ));
            rows.len() - 1
        });
        rows[at].1.quotes.push(q.id);
        rows[at].1.words += words;
    }

    // Built on the first person row (most rows of most articles need none).
    let mut votes: Option<(PronounVotes, HashMap<u32, usize>)> = None;
    for (who, row) in rows.iter_mut() {
        row.share = if total == 0 {
            0.0
        } else {
            row.words as f64 / total as f64
        };
        if row.kind != SpeakerKind::Person {
            continue;
        }
        let name = row.speaker.as_deref().unwrap_or("");
        if let Some((_, g)) = genders.iter().find(|(n, _)| key(n) == name) {
            row.gender = Some(GenderEstimate {
                gender: *g,
                basis: Basis::User,
            });
            continue;
        }
        if let Who::Cluster(ci) = who {
            let (votes, index) = votes.get_or_insert_with(|| {
                let index = doc
                    .entities
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.id, i))
                    .collect();
                (PronounVotes::new(), index)
            });
            if let Some(g) = votes.decide(doc, &clusters.list[*ci], index) {
                row.gender = Some(GenderEstimate {
                    gender: g,
                    basis: Basis::Pronouns,
                });
                continue;
            }
        }
        row.gender = name_words(name)
            .first()
            .and_then(|f| given_gender(f))
            .map(|g| GenderEstimate {
                gender: g,
                basis: Basis::GivenName,
            });
    }

    let mut rows: Vec<SourceRow> = rows.into_iter().map(|(_, r)| r).collect();
    rows.sort_by(|a, b| {
        (a.kind == SpeakerKind::Unattributed)
            .cmp(&(b.kind == SpeakerKind::Unattributed))
            .then(b.words.cmp(&a.words))
            .then(b.quotes.len().cmp(&a.quotes.len()))
            .then(a.speaker.cmp(&b.speaker))
    });
    let named: Vec<&SourceRow> = rows
        .iter()
        .filter(|r| r.kind != SpeakerKind::Unattributed)
        .collect();
    let top = named.first().filter(|r| r.words > 0);
    let summary = Summary {
        quotes: doc.quotes.len(),
        speakers: named.len(),
        words: total,
        top_speaker: top.and_then(|r| r.speaker.clone()),
        top_share: top.map_or(0.0, |r| r.share),
        unattributed_share: rows
            .iter()
            .find(|r| r.kind == SpeakerKind::Unattributed)
            .map_or(0.0, |r| r.share),
    };
    Sources { rows, summary }
}

/// The census estimate for a given name: a binary search over the sorted
/// lines of `data/given_gender.txt` (no table is built, so a document with
/// one speaker costs a dozen comparisons, not 2,800 insertions).
pub fn given_gender(name: &str) -> Option<Gender> {
    let b = GIVEN_GENDER.as_bytes();
    let (mut lo, mut hi) = (0usize, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = b[lo..mid]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| start + i);
        let line = GIVEN_GENDER.get(start..end)?;
        // The '#' header lines sort before every name.
        let (n, g) = line.rsplit_once(' ').unwrap_or((line, ""));
        match n.cmp(name) {
            std::cmp::Ordering::Equal if !line.starts_with('#') => {
                return match g {
                    "F" => Some(Gender::Woman),
                    "M" => Some(Gender::Man),
                    _ => None,
                }
            }
            std::cmp::Ordering::Greater => hi = start,
            _ => lo = end + 1,
        }
    }
    None
}

/// The pronoun and title lists, read once per [`sources`] call.
struct PronounVotes {
    he: Vec<&'static str>,
    she: Vec<&'static str>,
    man_titles: Vec<&'static str>,
    woman_titles: Vec<&'static str>,
}

impl PronounVotes {
    fn new() -> PronounVotes {
        let l = Lists::load();
        PronounVotes {
            he: l.he,
            she: l.she,
            man_titles: l.man_titles,
            woman_titles: l.woman_titles,
        }
    }

    fn is(list: &[&str], w: &str) -> bool {
        list.iter().any(|x| x.eq_ignore_ascii_case(w))
    }

    /// A gender when the article's own words say so: the title right
    /// before each mention, and the first third-person pronoun after it
    /// (within the paragraph, before another person is named, outside
    /// quotes). Two thirds of the votes must agree.
    fn decide(&self, doc: &Document, c: &Cluster, index: &HashMap<u32, usize>) -> Option<Gender> {
        let (mut man, mut woman) = (0u32, 0u32);
        // The first mentions decide (a bounded cost per person).
        for id in c.mentions.iter().take(MAX_VOTES) {
            let Some(&i) = index.get(id) else { continue };
            let e = &doc.entities[i];
            // Title before.
            let before = doc.slice(floor(doc, e.start), e.start);
            if let Some(t) = before.split_whitespace().last() {
                if Self::is(&self.man_titles, t) {
                    man += 1;
                } else if Self::is(&self.woman_titles, t) {
                    woman += 1;
                }
            }
            // First pronoun after, up to the next person or paragraph.
            let mut end = (e.end + PRONOUN_WINDOW).min(doc.text.len());
            while !doc.text.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(next) = doc.entities[i + 1..]
                .iter()
                .take_while(|n| n.start < end)
                .find(|n| n.label == Label::Person)
            {
                end = end.min(next.start.max(e.end));
            }
            let window = doc.slice(e.end, end);
            let window = window.split("\n\n").next().unwrap_or("");
            for (off, w) in words_at(window) {
                if inside_quote(doc, e.end + off) {
                    continue;
                }
                if Self::is(&self.he, w) {
                    man += 1;
                    break;
                }
                if Self::is(&self.she, w) {
                    woman += 1;
                    break;
                }
            }
        }
        let total = man + woman;
        if total == 0 {
            None
        } else if man * 3 >= total * 2 {
            Some(Gender::Man)
        } else if woman * 3 >= total * 2 {
            Some(Gender::Woman)
        } else {
            None
        }
    }
}

/// The start of the 12-byte look-back before `at`, on a char boundary.
fn floor(doc: &Document, at: usize) -> usize {
    let mut s = at.saturating_sub(12);
    while s > 0 && !doc.text.is_char_boundary(s) {
        s -= 1;
    }
    s
}

/// The words (runs of letters and digits) of `s` with their byte offsets.
fn words_at(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    s.char_indices()
        .chain(std::iter::once((s.len(), ' ')))
        .filter_map(move |(i, c)| match (c.is_alphanumeric(), start) {
            (true, None) => {
                start = Some(i);
                None
            }
            (false, Some(st)) => {
                start = None;
                s.get(st..i).map(|w| (st, w))
            }
            _ => None,
        })
}

fn inside_quote(doc: &Document, pos: usize) -> bool {
    let i = doc.quotes.partition_point(|q| q.end <= pos);
    doc.quotes.get(i).is_some_and(|q| q.start <= pos)
}

/// One speaker over many articles.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateRow {
    pub speaker: Option<String>,
    pub kind: SpeakerKind,
    /// Articles quoting this speaker.
    pub articles: usize,
    pub quotes: usize,
    pub words: usize,
    /// `words` over all quoted words of all articles.
    pub share: f64,
    /// The estimate of the first article that gave one on the strongest
    /// basis (user, then pronouns, then given name).
    pub gender: Option<GenderEstimate>,
}

/// Sources tables of many articles added up, speaker by speaker (by
/// name and kind: the same name in two articles is taken as one voice).
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    rows: Vec<AggregateRow>,
    index: HashMap<(Option<String>, &'static str), usize>,
    pub articles: usize,
    pub quotes: usize,
    pub words: usize,
}

fn strength(g: Option<GenderEstimate>) -> u8 {
    match g.map(|g| g.basis) {
        None => 0,
        Some(Basis::GivenName) => 1,
        Some(Basis::Pronouns) => 2,
        Some(Basis::User) => 3,
    }
}

impl Aggregate {
    pub fn new() -> Aggregate {
        Aggregate::default()
    }

    pub fn add(&mut self, s: &Sources) {
        self.articles += 1;
        self.quotes += s.summary.quotes;
        self.words += s.summary.words;
        for r in &s.rows {
            let k = (r.speaker.clone(), r.kind.as_str());
            let at = *self.index.entry(k).or_insert_with(|| {
                self.rows.push(AggregateRow {
                    speaker: r.speaker.clone(),
                    kind: r.kind,
                    articles: 0,
                    quotes: 0,
                    words: 0,
                    share: 0.0,
                    gender: None,
                });
                self.rows.len() - 1
            });
            let row = &mut self.rows[at];
            row.articles += 1;
            row.quotes += r.quotes.len();
            row.words += r.words;
            if strength(r.gender) > strength(row.gender) {
                row.gender = r.gender;
            }
        }
    }

    /// The rows, ordered like [`Sources::rows`], with shares of the whole.
    pub fn rows(&self) -> Vec<AggregateRow> {
        let mut rows = self.rows.clone();
        for r in &mut rows {
            r.share = if self.words == 0 {
                0.0
            } else {
                r.words as f64 / self.words as f64
            };
        }
        rows.sort_by(|a, b| {
            (a.kind == SpeakerKind::Unattributed)
                .cmp(&(b.kind == SpeakerKind::Unattributed))
                .then(b.words.cmp(&a.words))
                .then(b.quotes.cmp(&a.quotes))
                .then(a.speaker.cmp(&b.speaker))
        });
        rows
    }
}
