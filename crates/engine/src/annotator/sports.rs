//! Sports teams named after places: "Russia beat Saudi Arabia 5-0" names
//! two teams (ORG), "the match in Moscow" a place. In a text that reads as a
//! sports report (several words of [`sport-words`]), a place name becomes a
//! team by its context:
//! - a result after it or before it: "Russia beat", "beat Egypt", "against
//!   Uruguay", "lost to Spain", "a win over Iran";
//! - a team word after it: "Spain coach", "Egypt's goalkeeper"; "Team
//!   Estonia";
//! - a score: "Portugal 3-3 Spain", result lines "Forest 1 Middlesbrough 1",
//!   table rows "Barcelona 3 2 1 0";
//! - a club suffix: "Nottingham Forest", "Leicester City".
//!
//! Then every other mention of a team's name is the team too, unless it is
//! used as a place ("in Russia", "fans from Egypt"). Unknown names in
//! scores and results ("Bury 2 Hull 1") become teams as well, and unknown
//! names that do what players do ("Drogba forced a save") are people. One
//! pass over the entities and one over the tokens: linear.
//!
//! [`sport-words`]: ../../rules/sports.txt

use super::lexicon::{normalize, with_lower, FxMap, FxSet, Lexicon, WordList};
use super::support::ent_covering;
use super::text::{Kind, Text};
use super::{resolve, Cand, Forbid, RuleRef};
use crate::model::Label;
use crate::registry::Rule;
use std::borrow::Cow;

/// A sports report has at least this many sport words …
const MIN_SPORT_WORDS: usize = 4;
/// … and at least one in this many words …
const WORDS_PER_SPORT_WORD: usize = 250;
/// … among its first this many words.
const SPORT_WINDOW: usize = 20_000;
/// A team's name has at most this many tokens.
const MAX_TEAM_TOKENS: usize = 5;

/// Does the text read as a sports report?
pub(crate) fn sporty(t: &Text, lex: &Lexicon) -> bool {
    // Decided on the text's first SPORT_WINDOW words: an article is read
    // whole, a book-length text costs no more than its start.
    let words = t
        .toks
        .iter()
        .filter(|tok| tok.kind == Kind::Word)
        .take(SPORT_WINDOW)
        .count();
    let need = MIN_SPORT_WORDS.max(words.div_ceil(WORDS_PER_SPORT_WORD));
    let mut seen = 0;
    // The list is lowercase: a lowercase word is looked up as written (no
    // case folding for most words), and the scan stops once enough are seen.
    let mut hits = 0;
    for (i, tok) in t.toks.iter().enumerate() {
        if tok.kind != Kind::Word {
            continue;
        }
        seen += 1;
        if seen > SPORT_WINDOW {
            break;
        }
        let sport = if tok.cap() {
            lex.w.sport_words.has_ci(t.s(i))
        } else {
            lex.w.sport_words.has(t.s(i))
        };
        if sport {
            hits += 1;
            if hits >= need {
                return true;
            }
        }
    }
    false
}

/// The context readers of one text.
struct Ctx<'a, 't> {
    t: &'a Text<'t>,
    lex: &'a Lexicon,
    n: usize,
    /// Lowercase word → which context lists hold it: one lookup per
    /// neighbour of a name.
    flags: FxMap<&'static str, u8>,
}

const TEAM_NOUN: u8 = 1;
const RESULT_AFTER: u8 = 2;
const RESULT_BEFORE: u8 = 4;
const RESULT_LINK: u8 = 8;
const RESULT_WORD: u8 = 16;

/// The context lists' flags, by word.
fn context_flags(lex: &Lexicon) -> FxMap<&'static str, u8> {
    let w = &lex.w;
    let mut flags: FxMap<&'static str, u8> = FxMap::default();
    for (list, flag) in [
        (&w.team_nouns, TEAM_NOUN),
        (&w.result_after, RESULT_AFTER),
        (&w.result_before, RESULT_BEFORE),
        (&w.result_links, RESULT_LINK),
        (&w.result_words, RESULT_WORD),
    ] {
        for word in list.to_vec() {
            *flags.entry(word).or_insert(0) |= flag;
        }
    }
    flags
}

impl Ctx<'_, '_> {
    fn word(&self, k: usize) -> bool {
        k < self.n && self.t.toks[k].kind == Kind::Word
    }

    /// The context flags of token `k`: a lowercase word as written, a
    /// headline's capitals folded.
    fn flag(&self, k: usize) -> u8 {
        if !self.word(k) {
            return 0;
        }
        let tok = self.t.toks[k];
        if !tok.cap() {
            self.flags.get(self.t.s(k)).copied().unwrap_or(0)
        } else if tok.all_caps() {
            with_lower(self.t.s(k), |l| self.flags.get(l).copied().unwrap_or(0))
        } else {
            0
        }
    }

    /// A word in lowercase (or a headline's capitals) in `list`, any case.
    fn lower_in<L: WordList + ?Sized>(&self, k: usize, list: &L) -> bool {
        if !self.word(k) {
            return false;
        }
        let tok = self.t.toks[k];
        // The lists are lowercase: a lowercase word as written, a
        // headline's capitals folded.
        if !tok.cap() {
            list.has(self.t.s(k))
        } else {
            tok.all_caps() && list.has_ci(self.t.s(k))
        }
    }

    /// A small number in digits (a score or a table cell): at most three
    /// digits, not a percentage.
    fn small_num(&self, k: usize) -> bool {
        k < self.n
            && self.t.toks[k].kind == Kind::Num
            && self.t.s(k).len() <= 3
            && self.t.s(k).bytes().all(|b| b.is_ascii_digit())
            && !(self.t.is(k + 1, "%") && self.t.toks[k + 1].glued())
    }

    /// A score at `k` ("3-1", "2–2"): one past its end.
    fn score_at(&self, k: usize) -> Option<usize> {
        let t = self.t;
        (self.small_num(k)
            && t.is_any(k + 1, &["-", "–"][..])
            && t.toks[k + 1].glued()
            && self.small_num(k + 2)
            && t.toks[k + 2].glued())
        .then_some(k + 3)
    }

    /// The capitalised run starting at `s` (not across a paragraph):
    /// one past its end.
    fn cap_run(&self, s: usize) -> usize {
        let mut e = s;
        while e < self.n
            && e - s < MAX_TEAM_TOKENS
            && self.word(e)
            && self.t.toks[e].cap()
            && (e == s || !self.t.toks[e].para_start())
        {
            e += 1;
        }
        e
    }

    /// How strongly the context makes the name at `s..e` a team.
    fn team_context(&self, s: usize, e: usize) -> Evidence {
        let (t, w) = (self.t, &self.lex.w);
        let (after, before) = (self.flag(e), if s > 0 { self.flag(s - 1) } else { 0 });
        // "Spain coach", "Egypt's goalkeeper", "Team Estonia"
        let noun = after & TEAM_NOUN != 0
            || (t.is_any(e, &["'", "’"][..])
                && t.is(e + 1, "s")
                && self.flag(e + 2) & TEAM_NOUN != 0)
            || s > 0 && t.is_any(s - 1, &w.team_before);
        // "Portugal 3-3 Spain", "Spain 3-3 Portugal"
        let score = self.score_at(e).is_some()
            || s >= 3 && self.score_at(s - 3) == Some(s) && !t.toks[s].glued();
        // "Forest 1 Middlesbrough 1", a table row "Barcelona 3 2 1 0 5 2 7"
        let line = self.result_line(s, e);
        if noun || score || line {
            return Evidence::Strong;
        }
        // "Russia beat …", "… beat Egypt", "lost to Spain": players beat
        // players too, so a result alone is weak, unless a score follows.
        let result = after & RESULT_AFTER != 0
            || before & RESULT_BEFORE != 0
            || before & RESULT_LINK != 0 && s > 1 && self.flag(s - 2) & RESULT_WORD != 0;
        if !result {
            Evidence::None
        } else if (e..(e + SCORE_WITHIN).min(self.n))
            .take_while(|&k| k == e || !self.t.toks[k].para_start())
            .any(|k| self.score_at(k).is_some())
        {
            Evidence::Strong
        } else {
            Evidence::Weak
        }
    }

    /// A result line or a table row: "Forest 1 Middlesbrough 1", "Bury 2
    /// Hull 1", "Barcelona 3 2 1 0 5 2 7".
    fn result_line(&self, s: usize, e: usize) -> bool {
        let t = self.t;
        self.small_num(e)
            && self.score_at(e).is_none()
            && ((self.word(e + 1) && t.toks[e + 1].cap() && {
                let f = self.cap_run(e + 1);
                f > e + 1 && self.small_num(f)
            }) || (s >= 2 && self.small_num(s - 1) && self.word(s - 2) && t.toks[s - 2].cap())
                || (t.toks[s].para_start() && self.small_num(e + 1) && self.small_num(e + 2)))
    }

    /// Club suffixes right after `e`, not taken ("Nottingham Forest"): one
    /// past the last; `e` when there is none, or when another capitalised
    /// word follows ("Leicester City Council").
    fn club_end(&self, e: usize, taken: &[bool]) -> usize {
        let mut f = e;
        while f < self.n
            && f - e < 2
            && !taken[f]
            && self.t.toks[f].cap()
            && self.t.is_any(f, &self.lex.w.club_suffixes)
        {
            f += 1;
        }
        if f > e && self.followed_by_name(f) {
            return e;
        }
        f
    }

    /// A plural name right after a place, not taken, ending the name
    /// ("Canberra Capitals", "Toronto Raptors"): one past it; else `e`.
    fn nickname_end(&self, e: usize, taken: &[bool]) -> usize {
        let plural = e < self.n && !taken[e] && !self.t.toks[e].para_start() && self.plural_name(e);
        if plural && !self.followed_by_name(e + 1) {
            e + 1
        } else {
            e
        }
    }

    /// A capitalised plural word ("Capitals", not "Express" or "ICBMs").
    fn plural_name(&self, k: usize) -> bool {
        let t = self.t;
        self.word(k)
            && t.toks[k].cap()
            && !t.toks[k].all_caps()
            && t.s(k).len() > 3
            && t.s(k).ends_with('s')
            && !t.s(k).ends_with("ss")
    }

    /// Another capitalised word at `f`, in the same paragraph.
    fn followed_by_name(&self, f: usize) -> bool {
        self.word(f) && self.t.toks[f].cap() && !self.t.toks[f].para_start()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    None,
    Weak,
    Strong,
}

/// A result word counts as strong evidence when a score follows within
/// this many tokens ("Russia beat Saudi Arabia 5-0").
const SCORE_WITHIN: usize = 8;

/// The evidence that a name is a team, over all its mentions.
#[derive(Default, Clone, Copy)]
struct Tally {
    strong: u32,
    weak: u32,
}

impl Tally {
    fn add(&mut self, ev: Evidence) {
        match ev {
            Evidence::Strong => self.strong += 1,
            Evidence::Weak => self.weak += 1,
            Evidence::None => {}
        }
    }

    /// One strong context or two results make a team.
    fn team(self) -> bool {
        self.strong >= 1 || self.weak >= 2
    }
}

/// The evidence per name (only names with some), and the first tokens of
/// those names: most capitalised words are ruled out by one lookup of the
/// token, before a name is normalised.
#[derive(Default)]
struct Tallies<'t> {
    map: FxMap<Cow<'t, str>, Tally>,
    firsts: FxSet<&'t str>,
}

impl<'t> Tallies<'t> {
    fn note(&mut self, t: &Text<'t>, s: usize, e: usize, ev: Evidence) {
        if ev == Evidence::None {
            return;
        }
        self.firsts.insert(t.s(s));
        self.map
            .entry(normalize(t.span(s, e - 1)))
            .or_default()
            .add(ev);
    }

    fn team(&self, t: &Text<'t>, s: usize, e: usize) -> bool {
        self.firsts.contains(t.s(s))
            && self
                .map
                .get(normalize(t.span(s, e - 1)).as_ref())
                .is_some_and(|x| x.team())
    }
}

/// A name that may be a team: tokens `s..e`, and the entity it is (a
/// place) when a rule took it.
struct Mention {
    s: usize,
    e: usize,
    ent: Option<usize>,
    /// The mention's own context.
    ev: Evidence,
}

/// Relabels places used as sports teams, adds teams no list knows
/// ("Chelsea beats Arsenal") and scores ("3-2", one NUMBER). Entities
/// sorted by start (and still sorted after).
pub(crate) fn teams<'t>(
    t: &Text<'t>,
    lex: &Lexicon,
    ents: &mut Vec<Cand>,
    taken: &mut [bool],
    forbid: &Forbid,
) {
    if !sporty(t, lex) {
        return;
    }
    let c = Ctx {
        t,
        lex,
        n: t.toks.len(),
        flags: context_flags(lex),
    };
    let mut tally = Tallies::default();
    let mut mentions = Vec::new();
    // 1. Places, with a club suffix or nickname taken in ("Nottingham
    // Forest", "Canberra Capitals"). A place directly before a surname or
    // a given name is part of a person's name ("Yamato Fujita").
    for (k, ent) in ents.iter().enumerate() {
        let (s, e) = (ent.s, ent.e);
        if ent.label != Label::Loc || matches!(ent.rule, RuleRef::User(_)) {
            continue;
        }
        let club = c.club_end(e, taken);
        let end = if club > e {
            club
        } else {
            c.nickname_end(e, taken)
        };
        if end == e
            && c.followed_by_name(e)
            && !taken[e]
            && (lex.surnames.contains(t.s(e)) || lex.given.contains(t.s(e)))
        {
            continue;
        }
        // A place beside a result is a team: players are not places.
        let ev = if club > e {
            Evidence::Strong
        } else {
            match c.team_context(s, end) {
                Evidence::None => Evidence::None,
                _ => Evidence::Strong,
            }
        };
        tally.note(t, s, end, ev);
        mentions.push(Mention {
            s,
            e: end,
            ent: Some(k),
            ev,
        });
    }
    // 2. Capitalised names no rule took ("Chelsea", "Bury 2 Hull 1"); a
    // function word ("He beat") never.
    let mut i = 0;
    while i < c.n {
        let e = if taken[i] || !c.word(i) || !t.toks[i].cap() || t.toks[i].all_caps() {
            i
        } else {
            let e = c.cap_run(i);
            (i..e).find(|&k| taken[k]).unwrap_or(e)
        };
        if e == i {
            i += 1;
            continue;
        }
        // "The Capitals led": the article is not part of the name.
        if e > i + 1 && lex.is_stop(t.s(i)) {
            i += 1;
            continue;
        }
        if !(e == i + 1 && lex.is_stop(t.s(i))) {
            let e = c.club_end(e, taken);
            let ev = c.team_context(i, e);
            // A common word alone ("Bury", "Arsenal") needs more: a
            // result line or a second context.
            let common = e == i + 1 && lex.is_common(t.s(i));
            let ev = if common && ev == Evidence::Strong && !c.result_line(i, e) {
                Evidence::Weak
            } else {
                ev
            };
            tally.note(t, i, e, ev);
            mentions.push(Mention {
                s: i,
                e,
                ent: None,
                ev,
            });
        }
        i = e.max(i + 1);
    }
    mentions.sort_by_key(|m| m.s);
    let name = |m: &Mention| normalize(t.span(m.s, m.e - 1));
    let is_team = |tally: &Tallies<'t>, m: &Mention| tally.team(t, m.s, m.e);
    // 3. Opponents and partners: in "Chelsea beats Arsenal", "Argentina and
    // Mexico", "Spain v Portugal", one team makes the other one.
    for w in mentions.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let joined = b.s == a.e + 1
            && (t.is_any(
                a.e,
                &["and", "or", "v", "v.", "vs", "vs.", "versus", "&"][..],
            ) || c.lower_in(a.e, &lex.w.result_after));
        if joined && is_team(&tally, a) != is_team(&tally, b) {
            let other = if is_team(&tally, a) { b } else { a };
            tally.note(t, other.s, other.e, Evidence::Strong);
        }
    }
    // 4. A team's first word alone is the team, and so is its plural
    // nickname ("Canberra", "the Capitals" after "Canberra Capitals").
    let mut heads = Vec::new();
    for m in &mentions {
        if m.e > m.s + 1 && is_team(&tally, m) {
            heads.push(t.s(m.s));
            if c.plural_name(m.e - 1) {
                heads.push(t.s(m.e - 1));
            }
        }
    }
    for h in heads {
        tally.firsts.insert(h);
        tally
            .map
            .entry(Cow::Borrowed(h))
            .or_default()
            .add(Evidence::Strong);
    }
    // A team's name after "in", "from" … is a place again, unless its own
    // context says team ("the defeat of Germany").
    let place_use = |m: &Mention| {
        m.ent.is_some() && m.ev == Evidence::None && m.s > 0 && c.lower_in(m.s - 1, &lex.w.locative)
    };
    let mut found = Vec::new();
    for m in &mentions {
        if !is_team(&tally, m) || place_use(m) {
            continue;
        }
        let team = Cand::new(m.s, m.e, Label::Org, Rule::SportsTeam);
        match m.ent {
            Some(k) => {
                let e = ents[k].e;
                if !forbid.blocks(&team) && !taken[e..m.e].iter().any(|&x| x) {
                    taken[e..m.e].iter_mut().for_each(|x| *x = true);
                    ents[k] = team;
                }
            }
            None => found.push(team),
        }
    }
    // 5. Players: names no rule took that do what players do ("Drogba
    // forced a save", "Yamada hit a triple"), and then every mention of
    // them.
    let mut players: FxSet<Cow<'_, str>> = FxSet::default();
    let mut player_firsts: FxSet<&str> = FxSet::default();
    let plain = |m: &Mention| {
        m.ent.is_none()
            && m.e - m.s <= 3
            && !is_team(&tally, m)
            && (m.s..m.e).all(|k| !lex.is_common(t.s(k)))
    };
    // "Baptista of Arsenal": a name before "of" and a team.
    let of_team = |m: &Mention, next: Option<&Mention>| {
        t.is(m.e, "of") && next.is_some_and(|x| x.s == m.e + 1 && is_team(&tally, x))
    };
    for (k, m) in mentions.iter().enumerate() {
        let does = c.lower_in(m.e, &lex.w.player_verbs)
            || m.s > 0 && c.lower_in(m.s - 1, &lex.w.player_verbs_before)
            || of_team(m, mentions.get(k + 1));
        if does && plain(m) {
            players.insert(name(m));
            player_firsts.insert(t.s(m.s));
        }
    }
    // "Mikel and Toure": a player's partner (or a person's) is a player.
    let person_at =
        |k: usize| ent_covering(ents, k).is_some_and(|p| ents[p].label == Label::Person);
    for w in mentions.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.s == a.e + 1 && t.is(a.e, "and") && plain(a) && plain(b) {
            let (pa, pb) = (players.contains(&name(a)), players.contains(&name(b)));
            if pa != pb {
                let other = if pa { b } else { a };
                players.insert(name(other));
                player_firsts.insert(t.s(other.s));
            }
        }
    }
    for m in &mentions {
        let beside = m.s >= 2 && t.is(m.s - 1, "and") && person_at(m.s - 2)
            || t.is(m.e, "and") && person_at(m.e + 1);
        if beside && plain(m) && !players.contains(&name(m)) {
            players.insert(name(m));
            player_firsts.insert(t.s(m.s));
        }
    }
    if !players.is_empty() {
        for m in &mentions {
            if m.ent.is_none()
                && player_firsts.contains(t.s(m.s))
                && !is_team(&tally, m)
                && players.contains(&name(m))
            {
                found.push(Cand::new(m.s, m.e, Label::Person, Rule::SportsPlayer));
            }
        }
    }
    // 6. Scores.
    let mut k = 0;
    while k < c.n {
        if let Some(e) = c.score_at(k) {
            if !(k > 0 && t.toks[k].glued() && t.is_any(k - 1, &["-", "–"][..])) {
                found.push(Cand::new(k, e, Label::Number, Rule::SportsScore));
            }
            k = e;
        } else {
            k += 1;
        }
    }
    resolve(found, taken, ents, forbid);
}

#[cfg(test)]
mod tests {
    use crate::Annotator;

    /// (text, [(mention, label)]) — the label each mention must get
    /// (`None`: not tagged).
    type Case = (
        &'static str,
        &'static [(&'static str, Option<&'static str>)],
    );
    const CASES: &[Case] = &[
        (
            "Russia beat Saudi Arabia 5-0 in the opening match of the World Cup in Moscow. \
             The striker scored twice before half-time and the coach praised the squad. \
             Saudi Arabia coach Juan Antonio Pizzi said the goals came too easily. \
             Russia play Egypt next, and Egypt's striker is fit; fans in Russia celebrated.",
            &[
                ("Russia", Some("ORG")),
                ("Saudi Arabia", Some("ORG")),
                ("Moscow", Some("LOC")),
                ("Egypt", Some("ORG")),
            ],
        ),
        (
            // Not a sports report: places stay places.
            "Russia beat back the offensive, officials in Moscow said on Tuesday. \
             The sanctions against Russia remain.",
            &[("Russia", Some("LOC")), ("Moscow", Some("LOC"))],
        ),
        (
            "Results of the English league matches on Saturday, after the goal of the season: \
             the striker, the goalkeeper and the coach all scored in the cup tie.\n\n\
             Nottingham Forest 1 Middlesbrough 1\n\nBury 2 Hull 1",
            &[
                ("Nottingham Forest", Some("ORG")),
                ("Middlesbrough", Some("ORG")),
                ("Bury", Some("ORG")),
                ("Hull", Some("ORG")),
            ],
        ),
    ];

    #[test]
    fn teams_by_context() {
        let ann = Annotator::new();
        for (text, want) in CASES {
            let doc = ann.annotate(text);
            for (mention, label) in *want {
                let at = text.find(mention).unwrap();
                let got = doc
                    .entities
                    .iter()
                    .find(|e| e.start == at && &text[e.start..e.end] == *mention)
                    .map(|e| e.label.as_str());
                assert_eq!(got, *label, "{mention} in {text:?}: {:?}", doc.entities);
            }
        }
    }

    #[test]
    fn players_by_what_they_do() {
        let ann = Annotator::new();
        let text = "Chelsea beat Arsenal 2-1 in the cup final. The striker and the goalkeeper \
                    were praised by the coach. Drogba forced a fine save, and later Drogba \
                    scored. Skipper Lampard lifted the trophy. Baptista of Arsenal \
                    argued, and Mikel and Toure were sent off after Mikel fouled him.";
        let doc = ann.annotate(text);
        let got: Vec<(&str, &str)> = doc
            .entities
            .iter()
            .map(|e| (&text[e.start..e.end], e.label.as_str()))
            .collect();
        assert_eq!(
            got.iter().filter(|g| **g == ("Drogba", "PERSON")).count(),
            2,
            "{got:?}"
        );
        assert!(got.contains(&("Lampard", "PERSON")), "{got:?}");
        assert!(got.contains(&("Baptista", "PERSON")), "{got:?}");
        assert!(got.contains(&("Toure", "PERSON")), "{got:?}");
        assert!(got.contains(&("Chelsea", "ORG")), "{got:?}");
    }

    #[test]
    fn a_team_is_a_place_again_after_in() {
        let ann = Annotator::new();
        let text = "Egypt lost to Uruguay 1-0 on Friday. The striker and the goalkeeper \
                    were praised by the coach after the match. Fans in Uruguay celebrated the goal.";
        let doc = ann.annotate(text);
        let label = |from: usize, name: &str| {
            let at = from + text[from..].find(name).unwrap();
            doc.entities
                .iter()
                .find(|e| e.start == at)
                .map(|e| e.label.as_str())
        };
        assert_eq!(label(0, "Egypt"), Some("ORG"));
        assert_eq!(label(0, "Uruguay"), Some("ORG"));
        assert_eq!(label(text.find("Fans").unwrap(), "Uruguay"), Some("LOC"));
    }
}
