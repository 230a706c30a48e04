//! User rules compiled for matching ([`crate::rules`] parses them): phrase
//! tables for `LABEL phrase` and `never …`, regexes for `pattern`. They run
//! before the built-in rules and win over them: `never` phrases block their
//! tokens, `never LABEL` spans are forbidden to every rule, and user tags
//! are resolved first.

use super::lexicon::{normalize, with_lower, FxMap, FxSet, Lexicon};
use super::text::{tokenize, Kind, Text};
use super::{resolve, Cand, Forbid};
use crate::model::Label;
use crate::rules::{
    compile_pattern, RuleKind, RuleSet, RulesError, MAX_PHRASE_TOKENS, PATTERN_SIZE_LIMIT,
};
use std::borrow::Cow;

/// Phrases keyed by their normalised text (lowercased when `fold`), with
/// the most tokens any phrase starting with a given first token has.
pub struct PhraseTable<V> {
    map: FxMap<Box<str>, V>,
    first: FxMap<Box<str>, u8>,
    fold: bool,
}

impl<V> PhraseTable<V> {
    pub fn new(fold: bool) -> Self {
        PhraseTable {
            map: FxMap::default(),
            first: FxMap::default(),
            fold,
        }
    }

    fn key<'s>(&self, s: &'s str) -> Cow<'s, str> {
        let n = normalize(s);
        if self.fold && n.chars().any(|c| c.is_uppercase()) {
            Cow::Owned(n.to_lowercase())
        } else {
            n
        }
    }

    /// The slot for `phrase` (tokenized as the text will be), created by
    /// `init` when new. `None` for a phrase of no or too many tokens.
    pub fn slot(
        &mut self,
        phrase: &str,
        abbrevs: &[&str],
        init: impl FnOnce() -> V,
    ) -> Option<&mut V> {
        let t = tokenize(phrase, abbrevs);
        let n = t.toks.len();
        if n == 0 || n > MAX_PHRASE_TOKENS {
            return None;
        }
        let first = self.key(t.s(0)).into_owned().into_boxed_str();
        let m = self.first.entry(first).or_insert(0);
        *m = (*m).max(n as u8);
        let key = self.key(phrase).into_owned().into_boxed_str();
        Some(self.map.entry(key).or_insert_with(init))
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The first tokens of its phrases, lowercased (for a shared quick test).
    fn first_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.first.keys().map(|k| k.to_lowercase())
    }

    /// Calls `f(end, value)` for every phrase that matches whole tokens
    /// from token `i`, longest first.
    pub fn each_at(&self, t: &Text, i: usize, mut f: impl FnMut(usize, &V)) {
        let n = t.toks.len();
        if i >= n || self.first.is_empty() {
            return;
        }
        let Some(&max) = self.first.get(self.key(t.s(i)).as_ref()) else {
            return;
        };
        let word = |k: usize| matches!(t.toks[k].kind, Kind::Word | Kind::Num);
        if i > 0 && t.toks[i].glued() && word(i - 1) && word(i) {
            return; // inside a word
        }
        for m in (1..=(max as usize).min(n - i)).rev() {
            let j = i + m - 1;
            if t.toks[i + 1..=j].iter().any(|x| x.para_start()) {
                continue;
            }
            if let Some(v) = self.map.get(self.key(t.span(i, j)).as_ref()) {
                let glued_after = j + 1 < n && t.toks[j + 1].glued() && word(j + 1) && word(j);
                if !glued_after {
                    f(j + 1, v);
                }
            }
        }
    }
}

/// A `never` rule: the label it withholds (`None`: every label) and its index.
type NeverRule = (Option<Label>, u32);

/// Every user rule of an annotator, ready to match.
#[derive(Default)]
pub struct UserRules {
    /// Rule index → its id, `user:SET:LINE`.
    pub ids: Vec<Box<str>>,
    tags: Vec<PhraseTable<(Label, u32)>>,
    never: Vec<PhraseTable<Vec<NeverRule>>>,
    patterns: Vec<(regex::Regex, Label, u32)>,
    /// All patterns in one automaton: one pass finds which ones match at all.
    pattern_set: Option<regex::RegexSet>,
    /// Lowercased first tokens of every phrase: one lookup per token
    /// decides whether any phrase table needs asking.
    first_keys: FxSet<Box<str>>,
}

impl UserRules {
    /// Compiles `sets` into matchers, and adds their cues and titles to
    /// `lex`. Any error leaves nothing half-applied: the caller drops `lex`.
    pub fn build(sets: &[RuleSet], lex: &mut Lexicon) -> Result<UserRules, RulesError> {
        let mut u = UserRules {
            tags: vec![PhraseTable::new(false), PhraseTable::new(true)],
            never: vec![PhraseTable::new(false), PhraseTable::new(true)],
            ..UserRules::default()
        };
        let abbrevs = lex.w.abbreviations.to_vec();
        for set in sets {
            for r in set.rules() {
                let idx = u.ids.len() as u32;
                u.ids
                    .push(format!("user:{}:{}", set.name(), r.line).into_boxed_str());
                let table = usize::from(r.any_case);
                match &r.kind {
                    RuleKind::Tag { label, phrase } => {
                        // A later line for the same phrase wins.
                        if let Some(v) = u.tags[table].slot(phrase, &abbrevs, || (*label, idx)) {
                            *v = (*label, idx);
                        }
                    }
                    RuleKind::Never { label, phrase } => {
                        if let Some(v) = u.never[table].slot(phrase, &abbrevs, Vec::new) {
                            v.push((*label, idx));
                        }
                    }
                    RuleKind::Cue(c) => {
                        let c = if r.any_case {
                            c.to_lowercase()
                        } else {
                            c.clone()
                        };
                        lex.add_cue(&c, Some(idx));
                    }
                    RuleKind::Title(w) => {
                        lex.add_title(w);
                        if r.any_case {
                            let mut cap = String::new();
                            let mut chars = w.chars();
                            if let Some(f) = chars.next() {
                                cap.extend(f.to_uppercase());
                                cap.push_str(&chars.as_str().to_lowercase());
                            }
                            lex.add_title(&cap);
                            lex.add_title(&w.to_uppercase());
                        }
                    }
                    RuleKind::Pattern { label, regex } => {
                        let re = compile_pattern(regex, r.any_case).map_err(|kind| RulesError {
                            file: set.name().to_string(),
                            line: r.line,
                            kind,
                        })?;
                        u.patterns.push((re, *label, idx));
                    }
                }
            }
        }
        let keys: Vec<String> = u
            .tags
            .iter()
            .flat_map(|t| t.first_keys())
            .chain(u.never.iter().flat_map(|t| t.first_keys()))
            .collect();
        u.first_keys = keys.into_iter().map(String::into_boxed_str).collect();
        if u.patterns.len() > 1 {
            let wrapped = sets
                .iter()
                .flat_map(|s| s.rules())
                .filter_map(|r| match &r.kind {
                    RuleKind::Pattern { regex, .. } if r.any_case => Some(format!("(?i:{regex})")),
                    RuleKind::Pattern { regex, .. } => Some(format!("(?:{regex})")),
                    _ => None,
                });
            // Too large an automaton only loses the shortcut, never a match.
            u.pattern_set = regex::RegexSetBuilder::new(wrapped)
                .size_limit(PATTERN_SIZE_LIMIT * 8)
                .build()
                .ok();
        }
        Ok(u)
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Applies the user rules to one text before the built-in ones:
    /// `never` phrases mark their tokens `taken`, user tags and patterns
    /// are resolved into `ents`; returns the spans no rule may give a label.
    pub fn apply(&self, t: &Text, taken: &mut [bool], ents: &mut Vec<Cand>) -> Forbid {
        let mut forbid = Forbid::default();
        if self.is_empty() {
            return forbid;
        }
        let n = t.toks.len();
        let mut spans: FxSet<(u32, u32, Label)> = FxSet::default();
        let candidates_at: Vec<usize> = if self.first_keys.is_empty() {
            Vec::new()
        } else {
            (0..n)
                .filter(|&i| with_lower(&normalize(t.s(i)), |l| self.first_keys.contains(l)))
                .collect()
        };
        if self.never.iter().any(|x| !x.is_empty()) {
            for &i in &candidates_at {
                for table in &self.never {
                    table.each_at(t, i, |e, v| {
                        for (label, _) in v {
                            match label {
                                None => taken[i..e].iter_mut().for_each(|x| *x = true),
                                Some(l) => {
                                    spans.insert((i as u32, e as u32, *l));
                                }
                            }
                        }
                    });
                }
            }
        }
        forbid.spans = spans;
        let mut cands = Vec::new();
        if self.tags.iter().any(|x| !x.is_empty()) {
            for &i in &candidates_at {
                for table in &self.tags {
                    table.each_at(t, i, |e, &(label, idx)| {
                        cands.push(Cand::user(i, e, label, idx));
                    });
                }
            }
        }
        if !self.patterns.is_empty() {
            // Token index by start and end byte, for whole-token matches.
            let starts: Vec<u32> = t.toks.iter().map(|x| x.start).collect();
            let matching = self.pattern_set.as_ref().map(|set| set.matches(t.src));
            for (k, (re, label, idx)) in self.patterns.iter().enumerate() {
                if matching.as_ref().is_some_and(|m| !m.matched(k)) {
                    continue;
                }
                for m in re.find_iter(t.src) {
                    let s = starts.partition_point(|&b| (b as usize) < m.start());
                    if s >= n || t.toks[s].start as usize != m.start() {
                        continue;
                    }
                    let e = starts.partition_point(|&b| (b as usize) < m.end());
                    if e <= s || t.toks[e - 1].end as usize != m.end() {
                        continue;
                    }
                    let word = |k: usize| matches!(t.toks[k].kind, Kind::Word | Kind::Num);
                    let inside_before = s > 0 && t.toks[s].glued() && word(s - 1) && word(s);
                    let inside_after = e < n && t.toks[e].glued() && word(e) && word(e - 1);
                    if inside_before || inside_after || e - s > MAX_PHRASE_TOKENS {
                        continue;
                    }
                    cands.push(Cand::user(s, e, *label, *idx));
                }
            }
        }
        resolve(cands, taken, ents, &forbid);
        forbid
    }
}
