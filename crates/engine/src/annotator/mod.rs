//! The annotator: built once from the embedded rule set, then immutable.
//!
//! Pipeline for one text (every stage linear in the number of tokens):
//! 1. [`text::tokenize`]: tokens with sentence and paragraph starts;
//! 2. candidates: [`numeric`] (DATE, NUMBER), [`names`] (gazetteers,
//!    datelines, organisation/place heads, people by title or given name);
//! 3. resolution: longest candidate first, then priority; no overlaps;
//! 4. acronym definitions, then weak guesses for what is left;
//! 5. [`quotes`]: pairing marks, cues and speakers (which may add a PERSON);
//! 6. document consistency: a name keeps one label and every later mention
//!    of it (or of a person's surname) gets it too;
//! 7. speakers resolved to the fullest name the article uses.

pub(crate) mod lexicon;
mod names;
mod numeric;
mod quotes;
mod text;
mod user;

use crate::model::{Cue, Document, Entity, Label, Quote, RulesStamp, Source, Speaker};
use crate::registry::{Family, Rule};
use crate::rules::{RuleSet, RulesError};
use lexicon::{normalize, FxSet, Lexicon};
use std::borrow::Cow;

mod sports;
mod support;
use support::{candidates, consistency, ent_covering, para_index, Fullest};

/// Which rule made a candidate: a built-in one, or the user rule with this
/// index (into the annotator's `user:SET:LINE` ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleRef {
    Builtin(Rule),
    User(u32),
}

impl RuleRef {
    fn family(self) -> Option<Family> {
        match self {
            RuleRef::Builtin(r) => Some(r.family()),
            RuleRef::User(_) => None,
        }
    }

    /// A weak guess, which stronger evidence relabels.
    pub fn is_guess(self) -> bool {
        self.family() == Some(Family::Guess)
    }

    /// Found in a built-in list.
    pub fn is_gazetteer(self) -> bool {
        self.family() == Some(Family::Gazetteer)
    }
}

/// How many names back a pronoun or a paragraph's subject is looked for:
/// every backward search is bounded, so annotating stays linear.
pub(crate) const LOOKBACK: usize = 200;

/// How many of the last people named a he/she is tested against.
const PRONOUN_PERSONS: usize = 12;

/// Priority of user rules: above every built-in rule.
const USER_PRIORITY: u8 = u8::MAX;

/// A candidate entity over tokens `s..e`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    pub s: usize,
    pub e: usize,
    pub label: Label,
    pub rule: RuleRef,
    pub prio: u8,
}

impl Cand {
    /// A candidate of a built-in rule, with the registry's priority.
    pub fn new(s: usize, e: usize, label: Label, rule: Rule) -> Cand {
        Cand {
            s,
            e,
            label,
            rule: RuleRef::Builtin(rule),
            prio: rule.priority(),
        }
    }

    /// A candidate of user rule `idx`.
    pub fn user(s: usize, e: usize, label: Label, idx: u32) -> Cand {
        Cand {
            s,
            e,
            label,
            rule: RuleRef::User(idx),
            prio: USER_PRIORITY,
        }
    }
}

/// Token spans that may not get a label (`never LABEL phrase` rules).
#[derive(Default)]
pub(crate) struct Forbid {
    spans: FxSet<(u32, u32, Label)>,
}

impl Forbid {
    #[inline]
    fn blocks(&self, c: &Cand) -> bool {
        !self.spans.is_empty() && self.spans.contains(&(c.s as u32, c.e as u32, c.label))
    }
}

/// Tokens in a phrase, as the annotator splits text (for the rule parser's
/// length limit).
pub(crate) fn count_tokens(s: &str) -> usize {
    text::tokenize(s, &[]).toks.len()
}

/// A token of the annotator's tokenizer, for formats that need tokens
/// (CoNLL, spaCy): its byte span and whether it starts a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub sent_start: bool,
}

/// Tokenizes `s` as the annotator does.
pub(crate) fn tokens(s: &str) -> Vec<Token> {
    let abbrevs = lexicon::builtin_abbreviations();
    text::tokenize(s, &abbrevs)
        .toks
        .iter()
        .map(|t| Token {
            start: t.start as usize,
            end: t.end as usize,
            sent_start: t.sent_start() || t.para_start(),
        })
        .collect()
}

/// Built once from the embedded rule set ([`Annotator::new`]) or a builder
/// with user rules ([`Annotator::builder`]); then immutable:
/// [`Annotator::annotate`] is cheap and may be called from many threads.
pub struct Annotator {
    lex: Lexicon,
    user: user::UserRules,
    stamp: RulesStamp,
}

/// Builds an [`Annotator`] with user rules, in the style of
/// `regex::RegexBuilder`:
///
/// ```
/// use pressmark_engine::{Annotator, RuleSet};
/// let rules = RuleSet::parse("beat.rules", "ORG Acme Widgets\ncue harrumphed").unwrap();
/// let ann = Annotator::builder().user_rules(&rules).build().unwrap();
/// let doc = ann.annotate("“No,” harrumphed Jo Bloggs of Acme Widgets.");
/// assert_eq!(doc.entities.last().unwrap().rule, "user:beat.rules:1");
/// ```
#[derive(Clone, Debug, Default)]
pub struct AnnotatorBuilder {
    sets: Vec<RuleSet>,
}

impl AnnotatorBuilder {
    /// Adds a set of user rules; later sets win over earlier ones for the
    /// same phrase.
    pub fn user_rules(mut self, rules: &RuleSet) -> Self {
        self.sets.push(rules.clone());
        self
    }

    /// Compiles the built-in rules and the user rules. Fails, naming the
    /// set and line, when a pattern does not compile; nothing is half-applied.
    pub fn build(self) -> Result<Annotator, RulesError> {
        let mut lex = Lexicon::build();
        let user = user::UserRules::build(&self.sets, &mut lex)?;
        Ok(Annotator::assemble(lex, user, &self.sets))
    }
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new()
    }
}

/// Picks non-overlapping candidates: longest first, then highest priority,
/// then leftmost. `taken` marks tokens already covered; `forbid` spans are
/// never taken.
fn resolve(mut cands: Vec<Cand>, taken: &mut [bool], out: &mut Vec<Cand>, forbid: &Forbid) {
    cands.sort_by(|a, b| {
        (b.e - b.s)
            .cmp(&(a.e - a.s))
            .then(b.prio.cmp(&a.prio))
            .then(a.s.cmp(&b.s))
    });
    for c in cands {
        if c.s >= c.e
            || c.e > taken.len()
            || taken[c.s..c.e].iter().any(|&x| x)
            || forbid.blocks(&c)
        {
            continue;
        }
        taken[c.s..c.e].iter_mut().for_each(|x| *x = true);
        out.push(c);
    }
    out.sort_by_key(|c| c.s);
}

/// "from Leeds, Bradford and York": a one-word name guessed to be a person,
/// joined by a comma or "and" to a place on either side, is a place.
/// Entities sorted by start.
fn places_in_lists(t: &text::Text, ents: &mut [Cand], forbid: &Forbid) {
    let joined = |a: &Cand, b: &Cand| {
        a.label == Label::Loc
            && (b.s == a.e + 1 && t.is_any(a.e, &[",", "and", "or"])
                || b.s == a.e + 2 && t.is(a.e, ",") && t.is_any(a.e + 1, &["and", "or"]))
    };
    let joined_after = |a: &Cand, b: &Cand| {
        b.label == Label::Loc
            && (b.s == a.e + 1 && t.is_any(a.e, &[",", "and", "or"])
                || b.s == a.e + 2 && t.is(a.e, ",") && t.is_any(a.e + 1, &["and", "or"]))
    };
    for i in 0..ents.len() {
        let c = &ents[i];
        if c.label != Label::Person || !c.rule.is_guess() || c.e != c.s + 1 {
            continue;
        }
        let before = i > 0 && joined(&ents[i - 1], c);
        let after = i + 1 < ents.len() && joined_after(c, &ents[i + 1]);
        if before || after {
            let place = Cand::new(c.s, c.e, Label::Loc, Rule::GuessPlaceInList);
            if !forbid.blocks(&place) {
                ents[i] = place;
            }
        }
    }
}

/// The longest index at token `i` ("Dow Jones Industrial Average", "S&P
/// 500", "the Nasdaq fell"): one past it.
fn market_index_at(t: &text::Text, lex: &Lexicon, i: usize) -> Option<usize> {
    const INDEX_MAX_TOKENS: usize = 6;
    let n = t.toks.len();
    if !t.is_any(i, &lex.w.market_index_first_words) {
        return None;
    }
    let long = (2..=INDEX_MAX_TOKENS.min(n - i)).rev().find(|&m| {
        lex.w
            .market_indices
            .contains(&normalize(t.span(i, i + m - 1)))
    });
    if let Some(m) = long {
        return Some(i + m);
    }
    if lex.w.market_indices.contains(t.s(i)) {
        return Some(i + 1);
    }
    let short = t.is_any(i, &lex.w.market_index_words)
        && (t.lower_word(i + 1) && t.is_any(i + 1, &lex.w.market_moves));
    short.then_some(i + 1)
}

/// Names of laws, treaties and agreements are not tagged, nor the names
/// inside them ("Clayton Act", "Budapest Convention", "Good Friday
/// Agreement"): a built-in entity ending in a law head or right before one
/// is dropped, its tokens left to no one. Stock market indices neither
/// ("the Standard & Poor's 500 index"): their tokens are taken by no
/// entity.
fn inside_laws(t: &text::Text, lex: &Lexicon, ents: &mut Vec<Cand>, taken: &mut [bool]) {
    let n = t.toks.len();
    // Stock market indices: their tokens are no one's.
    let mut index = vec![false; 0];
    let mut i = 0;
    while i < n {
        let first_ok = t.toks[i].kind == text::Kind::Word && t.toks[i].cap();
        match first_ok.then(|| market_index_at(t, lex, i)).flatten() {
            Some(e) => {
                if index.is_empty() {
                    index = vec![false; n];
                }
                index[i..e].iter_mut().for_each(|x| *x = true);
                i = e;
            }
            None => i += 1,
        }
    }
    let law = |k: usize| k < n && t.toks[k].cap() && t.is_any(k, &lex.w.law_heads);
    ents.retain(|c| {
        let builtin = !matches!(c.rule, RuleRef::User(_));
        let in_law = matches!(
            c.label,
            Label::Person | Label::Org | Label::Loc | Label::Norp
        ) && (c.e - c.s > 1 && law(c.e - 1) || law(c.e) && !t.toks[c.e].para_start());
        let in_index = !index.is_empty() && (c.s..c.e).any(|k| index[k]);
        if builtin && (in_law || in_index) {
            taken[c.s..c.e].iter_mut().for_each(|x| *x = false);
            return false;
        }
        true
    });
    // Later passes (consistency) leave an index's tokens alone.
    if !index.is_empty() {
        for (k, x) in index.iter().enumerate() {
            if *x {
                taken[k] = true;
            }
        }
    }
}

/// Organisations sharing a head or a noun: "the departments of Labor and
/// Commerce" ([Labor], [Commerce]), "the Senate and House committees"
/// ([House] like [Senate]). Names no rule took, one or two capitalised
/// words each.
fn coordinated_orgs(t: &text::Text, lex: &Lexicon, ents: &[Cand], taken: &[bool]) -> Vec<Cand> {
    let n = t.toks.len();
    let name_end = |k: usize| {
        let mut e = k;
        while e < n
            && e - k < 2
            && !taken[e]
            && t.toks[e].kind == text::Kind::Word
            && t.toks[e].cap()
            && !lex.is_stop(t.s(e))
        {
            e += 1;
        }
        (e > k).then_some(e)
    };
    let mut out = Vec::new();
    for &of in &t.lower_before_cap {
        // "departments of Labor and Commerce"
        let of = of as usize;
        if of == 0 || of + 3 >= n {
            continue;
        }
        let i = of - 1;
        if t.is(i + 1, "of") && t.lower_word(i) && t.is_any(i, &lex.w.plural_org_heads) {
            if let Some(a) = name_end(i + 2) {
                if t.is(a, "and") {
                    if let Some(b) = name_end(a + 1) {
                        out.push(Cand::new(i + 2, a, Label::Org, Rule::OrgCoordinated));
                        out.push(Cand::new(a + 1, b, Label::Org, Rule::OrgCoordinated));
                    }
                }
            }
        }
    }
    // "the Senate and House committees"
    for x in ents {
        if x.label != Label::Org || !t.is(x.e, "and") {
            continue;
        }
        if let Some(b) = name_end(x.e + 1) {
            if t.lower_word(b) && t.is_any(b, &lex.w.shared_org_nouns) {
                out.push(Cand::new(x.e + 1, b, Label::Org, Rule::OrgCoordinated));
            }
        }
    }
    out
}

/// "Residents from Brandon, Mildenhall and Lakenheath": after a place
/// preposition, a list of three or more one-word names closed by "and"/"or",
/// none of them a person by strong evidence, is a list of places; names no
/// rule took and guessed people in it become places. Entities sorted by
/// start (and still sorted after).
fn places_after_prepositions(
    t: &text::Text,
    lex: &Lexicon,
    ents: &mut Vec<Cand>,
    taken: &mut [bool],
    forbid: &Forbid,
) {
    const LIST_MAX: usize = 12;
    let n = t.toks.len();
    let mut add = Vec::new();
    let mut relabel = Vec::new();
    // One past the last list taken: lists do not overlap.
    let mut next = 0;
    for &p in &t.lower_before_cap {
        let i = p as usize;
        if i < next || !t.is_any(i, &lex.w.place_prepositions) {
            continue;
        }
        // (token, entity) of each item.
        let mut items: Vec<(usize, Option<usize>)> = Vec::new();
        let mut k = i + 1;
        let mut closed = false;
        while items.len() < LIST_MAX && k < n {
            let word = t.toks[k].kind == text::Kind::Word
                && t.toks[k].cap()
                && !t.toks[k].all_caps()
                && !lex.is_stop(t.s(k))
                && !(k + 1 < n && t.toks[k + 1].kind == text::Kind::Word && t.toks[k + 1].cap());
            if !word {
                break;
            }
            let ent = if taken[k] {
                match ent_covering(ents, k) {
                    Some(p)
                        if ents[p].s == k
                            && ents[p].e == k + 1
                            && (ents[p].label == Label::Loc
                                || ents[p].label == Label::Person && ents[p].rule.is_guess()) =>
                    {
                        Some(p)
                    }
                    _ => break,
                }
            } else {
                None
            };
            items.push((k, ent));
            if closed {
                break;
            }
            if t.is(k + 1, ",") && t.is_any(k + 2, &["and", "or"][..]) {
                k += 3;
                closed = true;
            } else if t.is_any(k + 1, &["and", "or"][..]) {
                k += 2;
                closed = true;
            } else if t.is(k + 1, ",") {
                k += 2;
            } else {
                break;
            }
        }
        let complete =
            closed && items.len() >= 3 && items.last().is_some_and(|&(last, _)| last + 1 >= k);
        if complete {
            for &(k, ent) in &items {
                match ent {
                    None => add.push(Cand::new(
                        k,
                        k + 1,
                        Label::Loc,
                        Rule::GuessPlacesAfterPreposition,
                    )),
                    Some(p) if ents[p].label == Label::Person => relabel.push(p),
                    Some(_) => {}
                }
            }
        }
        next = k.max(i + 1);
    }
    for p in relabel {
        let place = Cand::new(
            ents[p].s,
            ents[p].e,
            Label::Loc,
            Rule::GuessPlacesAfterPreposition,
        );
        if !forbid.blocks(&place) {
            ents[p] = place;
        }
    }
    resolve(add, taken, ents, forbid);
}

/// A list of people has people in it: after a person, names no rule took,
/// joined by commas and ending "and X" ("sons Clarence, Edward, Ted, and
/// Kecalf"), are people. At most `LIST_MAX` names a list.
fn people_in_lists(t: &text::Text, lex: &Lexicon, ents: &[Cand], taken: &[bool]) -> Vec<Cand> {
    const LIST_MAX: usize = 12;
    let n = t.toks.len();
    // An uncovered name of one to three capitalised words at `k`: its end.
    let name_at = |k: usize| {
        let mut e = k;
        while e < n
            && e - k < 3
            && !taken[e]
            && t.toks[e].kind == text::Kind::Word
            && t.toks[e].cap()
            && !t.toks[e].all_caps()
            && (e == k || !t.toks[e].para_start())
            && (!lex.is_common(t.s(e)) || lex.given.contains(t.s(e)))
            && !lex.titles.contains(t.s(e))
        {
            e += 1;
        }
        (e > k).then_some(e)
    };
    let mut out = Vec::new();
    for p in ents {
        if p.label != Label::Person {
            continue;
        }
        let mut items = Vec::new();
        let mut k = p.e;
        let mut closed = false;
        while items.len() < LIST_MAX && t.is(k, ",") {
            let and = t.is(k + 1, "and");
            let s = if and { k + 2 } else { k + 1 };
            let Some(e) = name_at(s) else { break };
            items.push((s, e));
            k = e;
            if and {
                closed = true;
                break;
            }
        }
        if !closed && t.is(k, "and") {
            if let Some(e) = name_at(k + 1) {
                items.push((k + 1, e));
                closed = true;
                k = e;
            }
        }
        // The list ends there: not "…, Edward and Ted Smith's".
        let ends = k >= n || t.toks[k].kind == text::Kind::Punct;
        if closed && ends {
            out.extend(
                items
                    .into_iter()
                    .map(|(s, e)| Cand::new(s, e, Label::Person, Rule::GuessPersonInList)),
            );
        }
    }
    out
}

/// A syllable of a hyphenated given name: a short word ("yan" of "Lee
/// Cheuk-yan", "un" of "Kim Jong-un").
const SYLLABLE_MAX: usize = 6;

/// "Lee Cheuk-yan", "Kim Jong-un", "Leung Kwok-hung": people's names go on
/// over a given name written "Xxx-yyy" (Chinese and Korean names). The
/// syllable after the hyphen is short, lowercase and glued; glued to the
/// name's last word it is not an English word ("Trump-backed", "Saudi-led"
/// stay out). Entities sorted by start.
fn hyphenated_given_names(t: &text::Text, lex: &Lexicon, ents: &mut [Cand], taken: &mut [bool]) {
    let n = t.toks.len();
    let word = |i: usize| i < n && t.toks[i].kind == text::Kind::Word && !taken[i];
    // "-yan" at `k`: the hyphen and a syllable, glued, ending the word.
    let tail = |k: usize, english_ok: bool| {
        k + 1 < n
            && t.is(k, "-")
            && t.toks[k].glued()
            && !taken[k]
            && word(k + 1)
            && t.toks[k + 1].glued()
            && !t.toks[k + 1].cap()
            && t.s(k + 1).len() <= SYLLABLE_MAX
            && (english_ok || !lex.is_common(t.s(k + 1)))
            && !(k + 2 < n && t.toks[k + 2].glued() && t.toks[k + 2].kind != text::Kind::Punct)
            && !(k + 3 < n && t.is(k + 2, "-") && t.toks[k + 2].glued())
    };
    let mut grow = Vec::new();
    for (k, c) in ents.iter().enumerate() {
        if c.label != Label::Person || matches!(c.rule, RuleRef::User(_)) {
            continue;
        }
        let e = c.e;
        let new_e = if c.e - c.s >= 2 && tail(e, false) {
            // "Lee Cheuk" + "-yan"
            Some(e + 2)
        } else if word(e)
            && !t.toks[e].glued()
            && t.toks[e].cap()
            && !t.toks[e].all_caps()
            && t.s(e).len() <= SYLLABLE_MAX
            && tail(e + 1, true)
        {
            // "Leung" + " Che-cheung", "Wong" + " Kwok-kin" (a given name
            // of this shape after a name is never "X Trump-backed")
            Some(e + 3)
        } else {
            None
        };
        if let Some(new_e) = new_e {
            grow.push((k, new_e));
        }
    }
    for (k, new_e) in grow {
        taken[ents[k].e..new_e].iter_mut().for_each(|x| *x = true);
        ents[k].e = new_e;
    }
}

/// Puts `merged` in place of entity `i` and takes its tokens, unless a
/// user's rule forbids it: whether it did.
fn merge_at(
    ents: &mut [Cand],
    i: usize,
    merged: Cand,
    taken: &mut [bool],
    forbid: &Forbid,
) -> bool {
    if forbid.blocks(&merged) {
        return false;
    }
    taken[merged.s..merged.e].iter_mut().for_each(|x| *x = true);
    ents[i] = merged;
    true
}

/// Entity `i` and the next one become one span from `start` to the next
/// one's end (by `merge_at`); the next is emptied, for the caller's final
/// `retain` to drop. Whether it merged.
fn merge_with_next(
    ents: &mut [Cand],
    i: usize,
    start: usize,
    label: Label,
    rule: Rule,
    taken: &mut [bool],
    forbid: &Forbid,
) -> bool {
    let merged = Cand::new(start, ents[i + 1].e, label, rule);
    let ok = merge_at(ents, i, merged, taken, forbid);
    if ok {
        ents[i + 1].e = ents[i + 1].s;
    }
    ok
}

/// Fractions in words ("two fifths") and ranges written as one amount: "20 to 25 percent", "two to three years",
/// "aged 8–10 years" (a bare number, a link word, then a NUMBER or a
/// duration), "2000-2050" (a year, a hyphen, a year); and a country's code
/// before a dollar amount ("US $29") is part of it. Entities sorted by
/// start.
fn ranges(
    t: &text::Text,
    lex: &Lexicon,
    ents: &mut Vec<Cand>,
    taken: &mut [bool],
    forbid: &Forbid,
) {
    let n = t.toks.len();
    let bare = |c: &Cand| {
        c.e == c.s + 1
            && matches!(
                c.rule,
                RuleRef::Builtin(Rule::NumberDigits) | RuleRef::Builtin(Rule::NumberWords)
            )
    };
    let two_digits = |k: usize, max: u32| {
        k < n
            && t.toks[k].kind == text::Kind::Num
            && t.s(k).len() == 2
            && t.s(k).parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
    };
    let glued_hyphen =
        |k: usize| k + 1 < n && t.is(k, "-") && t.toks[k].glued() && t.toks[k + 1].glued();
    let mut i = 0;
    while i < ents.len() {
        let a = ents[i];
        // "2002-12-11": a date written year, month, day.
        if a.rule == RuleRef::Builtin(Rule::DateYear)
            && a.e + 3 < n
            && glued_hyphen(a.e)
            && two_digits(a.e + 1, 12)
            && glued_hyphen(a.e + 2)
            && two_digits(a.e + 3, 31)
            && !(a.e..a.e + 4).any(|k| taken[k])
            && !(a.e + 4 < n
                && t.toks[a.e + 4].glued()
                && t.toks[a.e + 4].kind != text::Kind::Punct)
            && merge_at(
                ents,
                i,
                Cand::new(a.s, a.e + 4, Label::Date, Rule::DateNumeric),
                taken,
                forbid,
            )
        {
            i += 1;
            continue;
        }
        // "2000-2050", "1955–2011", "1999 – 2000"
        let spaced_years = t.is(a.e, "–")
            && a.e + 1 < n
            && !t.toks[a.e].glued()
            && !t.toks[a.e + 1].glued()
            && t.s(a.e + 1).len() == 4
            && ents.get(i + 1).is_some_and(|b| {
                b.s == a.e + 1 && b.e == a.e + 2 && b.rule == RuleRef::Builtin(Rule::DateYear)
            });
        if a.rule == RuleRef::Builtin(Rule::DateYear)
            && spaced_years
            && merge_with_next(ents, i, a.s, Label::Date, Rule::Range, taken, forbid)
        {
            i += 2;
            continue;
        }
        if a.rule == RuleRef::Builtin(Rule::DateYear)
            && a.e + 1 < n
            && t.is_any(a.e, &["-", "–"][..])
            && t.toks[a.e].glued()
            && t.toks[a.e + 1].glued()
            && t.toks[a.e + 1].kind == text::Kind::Num
            && matches!(t.s(a.e + 1).len(), 2 | 4)
            && !taken[a.e]
            && !taken[a.e + 1]
        {
            merge_at(
                ents,
                i,
                Cand::new(a.s, a.e + 2, Label::Date, Rule::Range),
                taken,
                forbid,
            );
        }
        // "the next 30 hours": a duration counted from now.
        if a.rule == RuleRef::Builtin(Rule::DateDuration)
            && a.s >= 2
            && !t.is_ci(a.s, "the")
            && t.is_ci(a.s - 2, "the")
            && t.lower_word(a.s - 1)
            && t.is_any(a.s - 1, &lex.w.relative)
            && !t.is_any(a.s - 1, &lex.w.ordinal_relative)
            && !taken[a.s - 2]
            && !taken[a.s - 1]
        {
            merge_at(
                ents,
                i,
                Cand::new(a.s - 2, a.e, Label::Date, Rule::DateDuration),
                taken,
                forbid,
            );
        }
        // "the two previous years": a count before a period counted from now.
        if bare(&a)
            && a.s >= 1
            && t.is_ci(a.s - 1, "the")
            && !taken[a.s - 1]
            && ents.get(i + 1).is_some_and(|b| {
                b.s == a.e
                    && b.rule == RuleRef::Builtin(Rule::DateRelative)
                    && t.lower_word(b.s)
                    && t.is_any(b.s, &lex.w.relative)
                    && t.is_any(b.e - 1, &lex.w.duration_units)
            })
            && merge_with_next(
                ents,
                i,
                a.s - 1,
                Label::Date,
                Rule::DateRelative,
                taken,
                forbid,
            )
        {
            i += 2;
            continue;
        }
        // "millions of dollars": a plural scale of a currency.
        if a.rule == RuleRef::Builtin(Rule::NumberWords)
            && a.e + 1 < n
            && t.is_any(a.e - 1, &lex.w.plural_scales)
            && t.is(a.e, "of")
            && t.lower_word(a.e + 1)
            && t.is_any(a.e + 1, &lex.w.currency_words)
            && !taken[a.e]
            && !taken[a.e + 1]
        {
            merge_at(
                ents,
                i,
                Cand::new(a.s, a.e + 2, Label::Number, Rule::Money),
                taken,
                forbid,
            );
        }
        // "the next year and a half": a period and a half.
        let and_a_half = |taken: &[bool], k: usize| {
            k + 2 < n
                && t.is(k, "and")
                && t.is(k + 1, "a")
                && t.is(k + 2, "half")
                && !(k..k + 3).any(|x| taken[x])
        };
        if a.label == Label::Date
            && a.e > a.s
            && t.is_any(a.e - 1, &lex.w.duration_units)
            && and_a_half(taken, a.e)
        {
            taken[a.e..a.e + 3].iter_mut().for_each(|x| *x = true);
            ents[i].e += 3;
        }
        // "(the) three and a half years": a count, a half and a unit.
        if bare(&a)
            && and_a_half(taken, a.e)
            && t.lower_word(a.e + 3)
            && t.is_any(a.e + 3, &lex.w.duration_units)
            && !taken[a.e + 3]
        {
            let from = if a.s > 0 && t.is_ci(a.s - 1, "the") && !taken[a.s - 1] {
                a.s - 1
            } else {
                a.s
            };
            if merge_at(
                ents,
                i,
                Cand::new(from, a.e + 4, Label::Date, Rule::DateDuration),
                taken,
                forbid,
            ) {
                i += 1;
                continue;
            }
        }
        // "May of last year": a month of a year counted from now.
        if a.rule == RuleRef::Builtin(Rule::DateRelative)
            && a.s >= 2
            && t.is(a.s - 1, "of")
            && t.toks[a.s - 2].cap()
            && lex.w.months.contains(t.s(a.s - 2))
            && t.is_any(a.e - 1, &["year"][..])
            && !taken[a.s - 1]
        {
            let month = a.s - 2;
            let prev_is_month = i > 0 && ents[i - 1].s == month && ents[i - 1].e == month + 1;
            if !taken[month] || prev_is_month {
                let month_of = Cand::new(month, a.e, Label::Date, Rule::DateMonth);
                let merged = merge_at(ents, i, month_of, taken, forbid);
                if merged && prev_is_month {
                    ents[i - 1].e = ents[i - 1].s; // dropped below
                }
            }
        }
        // "many years ago": a period before now.
        if a.label == Label::Date
            && t.lower_word(a.e)
            && t.is(a.e, "ago")
            && !taken[a.e]
            && t.is_any(a.e - 1, &lex.w.duration_units)
        {
            taken[a.e] = true;
            ents[i].e += 1;
        }
        // "Eastern Chad", "New Madrid": a capitalised direction before a
        // known country or region, "New" before a known city.
        if a.e == a.s + 1 && a.s > 0 && !taken[a.s - 1] && t.toks[a.s - 1].cap() {
            let direction = matches!(
                a.rule,
                RuleRef::Builtin(Rule::GazCountry) | RuleRef::Builtin(Rule::GazRegion)
            ) && t.is_any(a.s - 1, &lex.w.directions);
            let new_city = a.rule == RuleRef::Builtin(Rule::GazCity) && t.is(a.s - 1, "New");
            if direction || new_city {
                merge_at(
                    ents,
                    i,
                    Cand::new(a.s - 1, a.e, Label::Loc, Rule::PlaceHead),
                    taken,
                    forbid,
                );
            }
        }
        // "the fifth of May", "the 5th of May": a day of a month.
        if a.rule == RuleRef::Builtin(Rule::DateMonth) && a.s >= 3 && t.is(a.s - 1, "of") {
            let d = a.s - 2;
            let ordinal = t.lower_word(d) && t.is_any(d, &lex.w.day_ordinals)
                || t.toks[d].kind == text::Kind::Num && {
                    let w = t.s(d);
                    w.len() <= 4
                        && ["st", "nd", "rd", "th"].iter().any(|x| w.ends_with(x))
                        && w.as_bytes()[0].is_ascii_digit()
                };
            if ordinal && t.is_ci(d - 1, "the") && !(d - 1..a.s).any(|k| taken[k]) {
                merge_at(
                    ents,
                    i,
                    Cand::new(d - 1, a.e, Label::Date, Rule::DateMonth),
                    taken,
                    forbid,
                );
            }
        }
        // "last August", "next March": a month counted from now.
        if a.rule == RuleRef::Builtin(Rule::DateMonth)
            && a.s > 0
            && t.lower_word(a.s - 1)
            && t.is_any(a.s - 1, &["last", "next", "this"][..])
            && !taken[a.s - 1]
        {
            merge_at(
                ents,
                i,
                Cand::new(a.s - 1, a.e, Label::Date, Rule::DateMonth),
                taken,
                forbid,
            );
        }
        // "two fifths", "one third": a fraction in words is one NUMBER.
        if a.rule == RuleRef::Builtin(Rule::NumberWords)
            && a.e < n
            && !taken[a.e]
            && t.lower_word(a.e)
            && t.is_any(a.e, &lex.w.fraction_words)
        {
            taken[a.e] = true;
            ents[i].e += 1;
        }
        // "US $29": the code, then the amount.
        if a.e == a.s + 1
            && a.label == Label::Loc
            && t.is_any(a.s, &lex.w.currency_country_prefixes)
            && ents.get(i + 1).is_some_and(|b| {
                b.s == a.e && b.rule == RuleRef::Builtin(Rule::Money) && t.is(b.s, "$")
            })
            && merge_with_next(ents, i, a.s, Label::Number, Rule::Money, taken, forbid)
        {
            i += 2;
            continue;
        }
        // "20 to 25 percent", "two to three years"
        if let Some(b) = ents.get(i + 1).copied() {
            let a = ents[i];
            let linked = b.s == a.e + 1 && t.is_any(a.e, &lex.w.range_links) && !taken[a.e];
            let b_counts = b.label == Label::Number
                || b.rule == RuleRef::Builtin(Rule::DateDuration) && !t.is_ci(b.s, "the");
            if bare(&a) && linked && b_counts && !bare(&b) {
                // "the next 12 to 18 months": a period counted from now.
                let from = if b.label == Label::Date
                    && a.s >= 2
                    && t.is_ci(a.s - 2, "the")
                    && t.lower_word(a.s - 1)
                    && t.is_any(a.s - 1, &lex.w.relative)
                    && !taken[a.s - 2]
                    && !taken[a.s - 1]
                {
                    a.s - 2
                } else {
                    a.s
                };
                if merge_with_next(ents, i, from, b.label, Rule::Range, taken, forbid) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    ents.retain(|c| c.s < c.e);
}

/// Facilities that are also institutions ("Kennedy Space Center", "Museum
/// of Flight"), found by their head word: a place when used as one ("at
/// the …", "from the …"), else an organisation ("the Museum of Flight
/// put …", "given to the Adler Planetarium").
fn facility_use(t: &text::Text, lex: &Lexicon, ents: &mut [Cand], forbid: &Forbid) {
    for c in ents.iter_mut() {
        let headed = matches!(
            c.rule,
            RuleRef::Builtin(Rule::OrgHead) | RuleRef::Builtin(Rule::PlaceHead)
        );
        if !headed || !(c.s..c.e).any(|k| t.is_any(k, &lex.w.facility_heads)) {
            continue;
        }
        let mut p = c.s;
        if p > 0 && t.is_ci(p - 1, "the") {
            p -= 1;
        }
        let place = p > 0 && t.lower_word(p - 1) && t.is_any(p - 1, &lex.w.facility_place_words);
        let label = if place { Label::Loc } else { Label::Org };
        let relabelled = Cand::new(c.s, c.e, label, Rule::FacilityUse);
        if label != c.label && !forbid.blocks(&relabelled) {
            *c = relabelled;
        }
    }
}

/// "iPhone 4", "Windows 7", "Airbus A330 200": a bare number right after a
/// capitalised or camel-case word that no entity covers (not a function
/// word such as "Over", nor after a comma; "Washington 28" stays) is part
/// of a product's or a thing's name, not a NUMBER. Entities sorted by start.
fn product_numbers(t: &text::Text, lex: &Lexicon, ents: &mut Vec<Cand>, taken: &mut [bool]) {
    // "a Boeing 777", "Airbus A380", "Malaysia Airlines Flight 17": a
    // company's name before a model number or a flight names the product or
    // the flight, and neither is tagged.
    let n = t.toks.len();
    let model = |k: usize| {
        k < n
            && !t.toks[k].glued()
            && (t.toks[k].kind == text::Kind::Num && t.s(k).bytes().all(|b| b.is_ascii_digit())
                || t.toks[k].kind == text::Kind::Word
                    && t.toks[k].cap()
                    && t.s(k).len() <= 6
                    && t.s(k).bytes().any(|b| b.is_ascii_digit()))
    };
    let flight = |k: usize| t.is(k, "Flight") && k + 1 < n && t.toks[k + 1].kind == text::Kind::Num;
    let mut drop_from = vec![];
    for c in ents.iter() {
        if c.rule == RuleRef::Builtin(Rule::GazCompany) && (model(c.e) || flight(c.e)) {
            drop_from.push((c.s, c.e));
        }
    }
    if !drop_from.is_empty() {
        ents.retain(|c| {
            let product = drop_from.binary_search(&(c.s, c.e)).is_ok();
            if product {
                taken[c.s..c.e].iter_mut().for_each(|x| *x = false);
            }
            !product
        });
    }
    ents.retain(|c| {
        if c.rule != RuleRef::Builtin(Rule::NumberDigits) || c.e != c.s + 1 || c.s == 0 {
            return true;
        }
        let (p, num) = (c.s - 1, t.s(c.s));
        let name = t.toks[p].kind == text::Kind::Word
            && (!taken[p] || drop_from.iter().any(|&(_, e)| e == c.s))
            && t.s(p).chars().any(char::is_uppercase)
            && !t.toks[p].abbrev()
            && !lex.is_stop(t.s(p))
            && !numeric::is_month_or_weekday(lex, t.s(p));
        let bare = num.len() <= 4 && num.bytes().all(|b| b.is_ascii_digit());
        let product = name && bare && !t.toks[c.s].glued();
        if product {
            taken[c.s] = false;
        }
        !product
    });
}

/// "British Red Cross", "US Congress": a known organisation directly after
/// a country or nationality (one token) is one organisation, as "[U.S.
/// State Department]" is; "Environment Canada", "Statistics Canada": a
/// word of `org-words-before-country` directly before a country's name
/// makes the pair an organisation. Entities sorted by start.
fn place_with_org(
    t: &text::Text,
    lex: &Lexicon,
    ents: &mut Vec<Cand>,
    taken: &mut [bool],
    forbid: &Forbid,
) {
    let place = |c: &Cand| {
        c.e == c.s + 1
            && matches!(
                c.rule,
                RuleRef::Builtin(Rule::GazCountry) | RuleRef::Builtin(Rule::GazDemonym)
            )
    };
    for ent in ents.iter_mut() {
        let a = *ent;
        if a.rule != RuleRef::Builtin(Rule::GazCountry) || a.s == 0 {
            continue;
        }
        // "Environment Canada": the word before, capitalised, not taken.
        let w = a.s - 1;
        if !taken[w]
            && t.toks[w].kind == text::Kind::Word
            && !t.toks[a.s].glued()
            && t.is_any(w, &lex.w.org_words_before_country)
        {
            // "Food Standards Australia": capitalised words before it too.
            let mut s = w;
            while s > 0
                && w - s < 2
                && !taken[s - 1]
                && t.toks[s - 1].kind == text::Kind::Word
                && t.toks[s - 1].cap()
                && !t.toks[s].sent_start()
                && !lex.is_stop(t.s(s - 1))
            {
                s -= 1;
            }
            let merged = Cand::new(s, a.e, Label::Org, Rule::PlaceOrg);
            if !forbid.blocks(&merged) {
                taken[s..=w].iter_mut().for_each(|x| *x = true);
                *ent = merged;
            }
        }
    }
    merge_pairs(ents, forbid, Rule::PlaceOrg, |a, b| {
        place(a)
            && b.label == Label::Org
            && (b.rule.is_gazetteer() || b.rule == RuleRef::Builtin(Rule::OrgHead))
            && b.s == a.e
            && !t.toks[b.s].glued()
            && !t.toks[b.s].para_start()
    });
}

/// Merges each pair of neighbouring entities `pair` accepts into one
/// organisation made by `rule` (unless a `never` rule forbids the merged
/// span). Entities sorted by start (and still sorted after).
fn merge_pairs(
    ents: &mut Vec<Cand>,
    forbid: &Forbid,
    rule: Rule,
    pair: impl Fn(&Cand, &Cand) -> bool,
) {
    let mut i = 0;
    while i + 1 < ents.len() {
        if pair(&ents[i], &ents[i + 1]) {
            let merged = Cand::new(ents[i].s, ents[i + 1].e, Label::Org, rule);
            if !forbid.blocks(&merged) {
                ents[i] = merged;
                ents[i + 1].e = ents[i + 1].s; // dropped below
                i += 1;
            }
        }
        i += 1;
    }
    ents.retain(|c| c.s < c.e);
}

/// Languages are not tagged: a nationality word from the list before a
/// language word ("English-language", "Greek speakers") or after "in",
/// "speaks", "into" with no noun after it ("a broadcaster in Greek,",
/// "speaks English and French") names a language, not a group. Entities
/// sorted by start.
fn languages(t: &text::Text, lex: &Lexicon, ents: &mut Vec<Cand>, taken: &mut [bool]) {
    let n = t.toks.len();
    let demonym = |c: &Cand| c.rule == RuleRef::Builtin(Rule::GazDemonym) && c.e == c.s + 1;
    // No noun after it: punctuation, the end, or a function word.
    let bare = |k: usize| {
        k >= n
            || t.toks[k].kind == text::Kind::Punct && !t.is(k, "-")
            || t.toks[k].para_start()
            || t.lower_word(k) && lex.is_stop(t.s(k))
    };
    let mut drop = vec![false; ents.len()];
    for i in 0..ents.len() {
        let c = ents[i];
        if !demonym(&c) {
            continue;
        }
        let after = c.e < n
            && (t.lower_word(c.e) && t.is_any(c.e, &lex.w.language_after)
                || t.is(c.e, "-")
                    && t.toks[c.e].glued()
                    && c.e + 1 < n
                    && t.toks[c.e + 1].glued()
                    && t.is_any(c.e + 1, &lex.w.language_after));
        let before = c.s > 0
            && t.lower_word(c.s - 1)
            && t.is_any(c.s - 1, &lex.w.language_before)
            && (bare(c.e)
                || (t.is_any(c.e, &["and", "or"][..])
                    && ents
                        .get(i + 1)
                        .is_some_and(|d| demonym(d) && d.s == c.e + 1 && bare(d.e))));
        // "English and French" after a language word: the second too.
        let second = i > 0
            && drop[i - 1]
            && ents[i - 1].e + 1 == c.s
            && t.is_any(c.s - 1, &["and", "or"][..])
            && bare(c.e);
        if after || before || second {
            drop[i] = true;
        }
    }
    let mut k = 0;
    ents.retain(|c| {
        let keep = !drop[k];
        k += 1;
        if !keep {
            taken[c.s..c.e].iter_mut().for_each(|x| *x = false);
        }
        keep
    });
}

/// "Ford Australia", "Toyota Motor Europe": an organisation directly
/// followed by a known country or region (one word, same sentence) is one
/// organisation, its branch there. Entities sorted by start.
fn org_with_place(t: &text::Text, ents: &mut Vec<Cand>, forbid: &Forbid) {
    merge_pairs(ents, forbid, Rule::OrgPlace, |a, b| {
        let place = matches!(
            b.rule,
            RuleRef::Builtin(Rule::GazCountry) | RuleRef::Builtin(Rule::GazRegion)
        );
        a.label == Label::Org
            && !matches!(a.rule, RuleRef::User(_))
            && place
            && b.s == a.e
            && b.e == b.s + 1
            && !t.toks[b.s].sent_start()
            && !t.toks[b.s].para_start()
            && !t.toks[b.s].glued()
    });
}

impl Annotator {
    /// Builds the annotator from the embedded rule set.
    pub fn new() -> Annotator {
        Annotator::assemble(Lexicon::build(), user::UserRules::default(), &[])
    }

    /// The annotator of built-in rules `lex` and user rules `user` compiled
    /// from `sets`, stamped with both rule sets' hashes.
    fn assemble(lex: Lexicon, user: user::UserRules, sets: &[RuleSet]) -> Annotator {
        Annotator {
            lex,
            user,
            stamp: RulesStamp {
                builtin: lexicon::builtin_hash(),
                user: crate::rules::user_hash(sets),
            },
        }
    }

    /// A builder for an annotator with user rules.
    pub fn builder() -> AnnotatorBuilder {
        AnnotatorBuilder::default()
    }

    /// Which rules this annotator runs (also written into every document).
    pub fn stamp(&self) -> &RulesStamp {
        &self.stamp
    }

    fn rule_id(&self, r: RuleRef) -> Cow<'static, str> {
        match r {
            RuleRef::Builtin(r) => Cow::Borrowed(r.id()),
            RuleRef::User(i) => Cow::Owned(
                self.user
                    .ids
                    .get(i as usize)
                    .map_or("user:?", |s| s)
                    .to_string(),
            ),
        }
    }

    /// Annotates `text`. Never panics; time linear in the text.
    pub fn annotate(&self, text: &str) -> Document {
        // The spans first: the tokens and the per-token tables are freed
        // before the text is copied into the document, which keeps the
        // peak memory of a large article down.
        let (entities, quotes) = self.spans(text);
        Document {
            text: text.to_string(),
            entities,
            quotes,
            rules: Some(self.stamp.clone()),
        }
    }

    /// The pipeline: entities and quotes of `text`, sorted, with their ids.
    fn spans(&self, text: &str) -> (Vec<Entity>, Vec<Quote>) {
        let lex = &self.lex;
        let t = text::tokenize(text, &lex.w.abbreviations);
        let n = t.toks.len();
        let ctx = names::Ctx::new(&t, lex);

        // 1. User rules first: they win over every built-in one.
        let mut taken = vec![false; n];
        let mut ents = Vec::new();
        let forbid = self.user.apply(&t, &mut taken, &mut ents);

        // 2–3. Strong candidates, resolved.
        let mut cands = Vec::new();
        numeric::find(&t, lex, &mut cands);
        names::gazetteer(&ctx, &mut cands);
        names::datelines(&ctx, &mut cands);
        let mut gaz_ends = vec![false; n + 1];
        for c in &cands {
            if c.rule.is_gazetteer() {
                gaz_ends[c.e - 1] = true;
            }
        }
        names::headed(&ctx, &gaz_ends, &mut cands);
        drop(gaz_ends);
        names::people(&ctx, &mut cands);
        names::org_context(&ctx, &mut cands);
        names::orgs_for_cause(&ctx, &mut cands);
        resolve(cands, &mut taken, &mut ents, &forbid);
        names::coordinated_places(&ctx, &mut ents, &mut taken);

        // 4. Acronym definitions override; then weak guesses.
        let mut extra = Vec::new();
        let acronyms = names::acronym_definitions(&t, &ents, &mut extra);
        resolve(extra, &mut taken, &mut ents, &forbid);
        let mut guesses = Vec::new();
        names::guesses(&ctx, &taken, &mut guesses);
        // The per-token tables of the name rules are not needed any more:
        // freed before the document-level passes, which peak in memory.
        drop(ctx);
        resolve(guesses, &mut taken, &mut ents, &forbid);
        places_in_lists(&t, &mut ents, &forbid);
        places_after_prepositions(&t, lex, &mut ents, &mut taken, &forbid);
        inside_laws(&t, lex, &mut ents, &mut taken);
        let orgs = coordinated_orgs(&t, lex, &ents, &taken);
        resolve(orgs, &mut taken, &mut ents, &forbid);
        let listed = people_in_lists(&t, lex, &ents, &taken);
        resolve(listed, &mut taken, &mut ents, &forbid);

        // 5. Quotes (may name an unknown speaker); consistency first so
        // that a surname alone is already a person.
        consistency(&t, lex, &mut ents, &mut taken, &acronyms, &forbid);
        let spans = quotes::pair(&t);
        let mut in_quote = vec![false; n];
        for q in &spans {
            in_quote[q.open..=q.close]
                .iter_mut()
                .for_each(|x| *x = true);
        }
        let atts = quotes::attribute(&t, lex, &spans, &ents, &in_quote);
        let mut new_names = Vec::new();
        for a in atts.iter().flatten() {
            if let Some((s, e)) = a.new_name {
                new_names.push(Cand::new(s, e, Label::Person, Rule::QuoteSpeakerName));
            }
        }
        resolve(new_names, &mut taken, &mut ents, &forbid);

        // 6. Consistency; a relabelled name still obeys `never LABEL`.
        consistency(&t, lex, &mut ents, &mut taken, &acronyms, &forbid);
        ents.retain(|c| !forbid.blocks(c));
        hyphenated_given_names(&t, lex, &mut ents, &mut taken);
        place_with_org(&t, lex, &mut ents, &mut taken, &forbid);
        product_numbers(&t, lex, &mut ents, &mut taken);
        facility_use(&t, lex, &mut ents, &forbid);
        ranges(&t, lex, &mut ents, &mut taken, &forbid);
        org_with_place(&t, &mut ents, &forbid);
        languages(&t, lex, &mut ents, &mut taken);
        sports::teams(&t, lex, &mut ents, &mut taken, &forbid);

        // 7. Quotes with resolved speakers.
        // Borrowed from the text but where normalising changed them.
        let ent_names: Vec<Cow<'_, str>> = ents
            .iter()
            .map(|e| normalize(t.span(e.s, e.e - 1)))
            .collect();
        let fullest = Fullest::new(lex, &ents, &ent_names, &acronyms);
        // The speaker named by entity `ei`: its fullest name and its span.
        let speaker_of = |ei: usize| Speaker {
            name: fullest.get(&ents, ei),
            span: Some(t.byte_span(ents[ei].s, ents[ei].e)),
        };
        let mut doc_quotes = Vec::new();
        // The previous quote's speaker (if any) and paragraph.
        let mut prev_speaker: Option<(Option<Speaker>, usize)> = None;
        // Per person, the gender titles say: built at the first pronoun.
        let mut genders = None;
        for (q, a) in spans.iter().zip(atts.iter()) {
            let Some(a) = a else { continue };
            let find_ent = |tok: usize| ent_covering(&ents, tok);
            let mut speaker: Option<Speaker> = None;
            let mut rule = a.rule;
            let mut mention_idx = a.speaker_tok.and_then(find_ent);
            if mention_idx.is_none() {
                if let Some((s, _)) = a.new_name {
                    mention_idx = find_ent(s);
                }
            }
            if a.pronoun && mention_idx.is_none() {
                // The nearest name before the pronoun (outside quotes): a
                // person for he/she, an organisation for they/it. With no
                // person in this or the previous two paragraphs, an
                // organisation there speaks ("police … commented. “…,” she
                // said").
                let before = ents.partition_point(|e| e.e <= a.pronoun_tok.min(q.open).max(1));
                // Bounded: the nearest of the last LOOKBACK names.
                let last = |label: Label| {
                    let from = before.saturating_sub(LOOKBACK);
                    ents[from..before]
                        .iter()
                        .rposition(|e| !in_quote[e.s] && e.label == label)
                        .map(|k| from + k)
                };
                let near = |ei: &usize| para_index(&t, ents[*ei].s) + 2 >= para_index(&t, q.open);
                let pronoun_gender = lex.pronoun_gender(t.s(a.pronoun_tok));
                // A person's gender is what a title on any of the person's
                // mentions says ("Ms Bauchtman … Bauchtman"), else what the
                // given name says ("Martin Luther"): one table per document.
                let genders = genders
                    .get_or_insert_with(|| support::person_genders(&t, lex, &ents, &fullest));
                let agrees = |ei: usize| {
                    pronoun_gender.is_none_or(|g| {
                        genders
                            .get(fullest.get_str(&ents, ei))
                            .copied()
                            .flatten()
                            .is_none_or(|p| p == g)
                    })
                };
                let from = before.saturating_sub(LOOKBACK);
                // The person the pronoun stands for, with or without
                // agreement in gender.
                let person = || {
                    // The last PRONOUN_PERSONS people named (outside quotes):
                    // the gender test is asked of a few, not of every name
                    // in the look-back.
                    let recent = || {
                        (from..before)
                            .rev()
                            .filter(|&k| ents[k].label == Label::Person && !in_quote[ents[k].s])
                            .take(PRONOUN_PERSONS)
                    };
                    let ok = |k: usize| agrees(k);
                    // he/she prefers the nearest person who is a sentence's
                    // subject (its first name) over one named in passing.
                    let subject = recent().filter(|&k| ok(k)).take(6).find(|&k| {
                        let e = &ents[k];
                        let st = t.sentence_start(e.s);
                        ents[..k].iter().rev().take_while(|p| p.s >= st).all(|p| {
                            !matches!(p.label, Label::Person | Label::Org)
                                || support::affiliation_of(p, e)
                        })
                    });
                    subject.or_else(|| recent().find(|&k| ok(k))).filter(near)
                };
                mention_idx = if a.pronoun_plural {
                    last(Label::Org)
                } else {
                    // "she" never stands for a man whose title says so.
                    person().or_else(|| last(Label::Org).filter(near))
                };
            }
            // "Ms Bauchtman said" after "Lydia Buchtmann": a one-word name
            // by a verb of saying that misspells the surname of a person
            // named in full before is that person.
            let alias = a.alias.and_then(find_ent).or_else(|| {
                let ei = mention_idx?;
                let e = &ents[ei];
                let lone = e.label == Label::Person
                    && e.e - e.s == 1
                    && a.cue.is_some()
                    && !a.pronoun
                    && !fullest.get_str(&ents, ei).contains(' ');
                lone.then(|| support::misspelt_person(&t, &ents, e.s))
                    .flatten()
            });
            if let (Some(full), Some(ei)) = (alias, mention_idx) {
                speaker = Some(Speaker {
                    name: fullest.get(&ents, full),
                    span: Some(t.byte_span(ents[ei].s, ents[ei].e)),
                });
                rule = Rule::QuoteMisspeltSpeaker;
            } else if let Some(ei) = mention_idx {
                speaker = Some(speaker_of(ei));
            } else if a.continuation {
                // A quote with no speaker of its own: the person the
                // paragraph is about, unless a quote in this paragraph
                // already had a speaker; else the previous quote's speaker.
                let para_now = para_index(&t, q.open);
                let same_para = prev_speaker.as_ref().is_some_and(|(_, p)| *p == para_now);
                // "Steve Jobs extended an invitation to the label, “…”":
                // the quote's own sentence has a subject before it.
                let own = (!t.toks[q.open].sent_start() && !t.toks[q.open].para_start())
                    .then(|| support::sentence_subject(&t, lex, &ents, &in_quote, q.open))
                    .flatten();
                let subject = if let Some(ei) = own {
                    rule = Rule::QuoteSentenceSubject;
                    Some(ei)
                } else if same_para {
                    None
                } else {
                    support::paragraph_subject(&t, lex, &ents, &in_quote, q.open)
                };
                // A paragraph that is only the quote, after a paragraph
                // about someone with no quote of its own ("Captain X is
                // with … ⏎ “…”"): that paragraph's subject.
                let whole_para = t.toks[q.open].para_start()
                    && t.toks.get(q.close + 1).is_none_or(|x| x.para_start());
                let prev_para = (subject.is_none() && whole_para && q.open > 0)
                    .then(|| {
                        let from = t.para_starts[para_index(&t, q.open - 1) - 1];
                        (!(from..q.open).any(|k| in_quote[k]))
                            .then(|| {
                                support::paragraph_subject(&t, lex, &ents, &in_quote, q.open - 1)
                            })
                            .flatten()
                    })
                    .flatten()
                    .filter(|&ei| ents[ei].label == Label::Person);
                if let Some(ei) = subject {
                    speaker = Some(speaker_of(ei));
                    if own.is_none() {
                        rule = Rule::QuoteParagraphSubject;
                    }
                } else if let Some(ei) = prev_para {
                    speaker = Some(speaker_of(ei));
                    rule = Rule::QuotePreviousParagraphSubject;
                } else if let Some(ei) = quotes::reported_by_role(&t, lex, &ents, &in_quote, q.open)
                {
                    speaker = Some(speaker_of(ei));
                    rule = Rule::QuoteRoleNoun;
                } else if let Some((s, para)) = &prev_speaker {
                    if para_now <= para + 2 {
                        speaker = s.clone();
                    }
                }
            }
            prev_speaker = Some((speaker.clone(), para_index(&t, q.close)));
            let cue = a.cue.map(|(s, e)| {
                let (start, end) = t.byte_span(s, e);
                Cue { start, end }
            });
            let candidates = candidates(&t, &ents, &fullest, q, speaker.as_ref(), &in_quote);
            let (start, end) = t.byte_span(q.open, q.close + 1);
            doc_quotes.push(Quote {
                id: 0,
                start,
                end,
                speaker,
                cue,
                candidates,
                source: Source::Rule,
                rule: match a.cue_rule {
                    Some(u) => self.rule_id(RuleRef::User(u)),
                    None => Cow::Borrowed(rule.id()),
                },
            });
        }
        // Only the tokens and the entities are needed from here: the rest is
        // freed before the entities are written out (the peak in memory).
        drop(fullest);
        drop(ent_names);
        drop((taken, in_quote, spans, atts, acronyms));

        let mut id = 0;
        let entities = ents
            .iter()
            .map(|c| {
                id += 1;
                let (start, end) = t.byte_span(c.s, c.e);
                Entity {
                    id,
                    start,
                    end,
                    label: c.label,
                    source: Source::Rule,
                    rule: self.rule_id(c.rule),
                }
            })
            .collect();
        for q in doc_quotes.iter_mut() {
            id += 1;
            q.id = id;
        }
        (entities, doc_quotes)
    }

    /// Re-runs the rules over `previous.text`, keeping every user or imported
    /// annotation (`source: user` or `import`) and dropping rule annotations
    /// that overlap one, or
    /// that the user deleted (`suppressed`: byte spans with the label the
    /// user removed).
    pub fn reannotate(
        &self,
        previous: &Document,
        suppressed: &[(usize, usize, Label)],
    ) -> Document {
        let mut doc = self.annotate(&previous.text);
        let user_e: Vec<_> = previous
            .entities
            .iter()
            .filter(|e| e.source != Source::Rule)
            .cloned()
            .collect();
        let user_q: Vec<_> = previous
            .quotes
            .iter()
            .filter(|q| q.source != Source::Rule)
            .cloned()
            .collect();
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        doc.entities.retain(|e| {
            !user_e
                .iter()
                .any(|u| overlaps((e.start, e.end), (u.start, u.end)))
                && !suppressed
                    .iter()
                    .any(|&(s, t, l)| s == e.start && t == e.end && l == e.label)
        });
        doc.quotes.retain(|q| {
            !user_q
                .iter()
                .any(|u| overlaps((q.start, q.end), (u.start, u.end)))
        });
        let mut next = previous.next_id().max(doc.next_id());
        for e in doc.entities.iter_mut() {
            e.id = next;
            next += 1;
        }
        for q in doc.quotes.iter_mut() {
            q.id = next;
            next += 1;
        }
        doc.entities.extend(user_e);
        doc.quotes.extend(user_q);
        doc.sort();
        doc
    }
}
