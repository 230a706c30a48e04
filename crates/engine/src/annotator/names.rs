//! PERSON, ORG, LOC and NORP: gazetteers, title and given-name patterns,
//! organisation heads, place heads, datelines, acronyms.

use super::lexicon::{normalize, with_lower, FxMap, FxSet, Lexicon};
use super::text::{Kind, Text};
use super::{Cand, RuleRef};
use crate::model::Label;
use crate::registry::Rule;

/// A name found by its shape (a head word, a title, a given name) has at
/// most this many tokens: longer runs of capitalised words are not one
/// name, and every walk over them stays bounded (linear time).
pub const MAX_NAME_TOKENS: usize = 16;

pub struct Ctx<'a, 't> {
    pub t: &'a Text<'t>,
    pub lex: &'a Lexicon,
    /// Per token: inside a headline (title-case line without a full stop).
    pub headline: Vec<bool>,
    /// Per token: can be part of a person's name (see `compute_name_tok`).
    name: Vec<bool>,
}

impl<'a, 't> Ctx<'a, 't> {
    pub fn new(t: &'a Text<'t>, lex: &'a Lexicon) -> Self {
        let headline = headlines(t, lex);
        let mut c = Ctx {
            t,
            lex,
            headline,
            name: Vec::new(),
        };
        // What the word lists say of a capitalised word, asked once per
        // distinct word: an article repeats its names.
        let mut words: FxMap<&str, WordVerdict> = FxMap::default();
        c.name = (0..t.toks.len())
            .map(|i| c.compute_name_tok(i, &mut words))
            .collect();
        c
    }

    /// A token that can be part of a person's name (cached per token).
    #[inline]
    fn name_tok(&self, i: usize) -> bool {
        self.name.get(i).copied().unwrap_or(false)
    }

    fn word(&self, i: usize) -> bool {
        i < self.t.toks.len() && self.t.toks[i].kind == Kind::Word
    }

    fn is_title(&self, i: usize) -> bool {
        self.word(i) && self.lex.titles.contains(self.t.s(i))
    }

    fn is_title_word(&self, i: usize) -> bool {
        self.word(i) && self.lex.is_title_word(self.t.s(i))
    }

    /// What the word lists say of `s` for [`Ctx::compute_name_tok`].
    fn word_verdict(&self, s: &str) -> WordVerdict {
        let w = &self.lex.w;
        let never = self.lex.is_title_word(s)
            || self.lex.org_heads.contains(s)
            || w.place_heads_after.contains(s)
            || self.lex.is_stop(s)
            // Month and weekday names, but for the months that are also
            // names ("May", "March") and the abbreviations.
            || w.weekdays.contains(s)
            || !s.ends_with('.') && w.months.contains(s) && !w.months_also_words.contains(s)
            || self
                .lex
                .phrases
                .get(s)
                .is_some_and(|e| e.label == Label::Norp || e.label == Label::Org);
        WordVerdict {
            never,
            common_not_given: self.lex.is_common(s) && !self.lex.given.contains(s),
        }
    }

    /// A token that can be part of a person's name.
    fn compute_name_tok<'s>(&self, i: usize, words: &mut FxMap<&'s str, WordVerdict>) -> bool
    where
        't: 's,
    {
        let t = self.t;
        if i >= t.toks.len() {
            return false;
        }
        let tok = t.toks[i];
        if tok.kind != Kind::Word || !tok.cap() {
            return false;
        }
        let s = t.s(i);
        if tok.abbrev() {
            // Initials "D.", "K.C.", not "U.S." or "Gen."
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            return s.ends_with('.')
                && letters <= 2
                && s.chars().all(|c| c == '.' || c.is_uppercase())
                && !self.lex.phrases.contains_key(s);
        }
        if tok.all_caps() && s.len() > 2 || s.chars().count() < 2 {
            return false; // acronyms; single letters without a period ("D-R.I.")
        }
        let v = *words.entry(s).or_insert_with(|| self.word_verdict(s));
        !v.never && !((tok.sent_start() || self.headline[i]) && v.common_not_given)
    }
}

/// What the word lists say of one capitalised word, for the name test.
#[derive(Clone, Copy)]
struct WordVerdict {
    /// A title, organisation or place head, function word, month or
    /// weekday, group or organisation: never part of a person's name.
    never: bool,
    /// A common word that is not a given name: a name only inside a sentence.
    common_not_given: bool,
}

/// Marks tokens of title-case lines: a line without sentence punctuation
/// whose words are mostly capitalised.
fn headlines(t: &Text, lex: &Lexicon) -> Vec<bool> {
    let n = t.toks.len();
    let mut out = vec![false; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && !t.toks[j].para_start() {
            j += 1;
        }
        if j - i > 20 {
            // Too long for a headline: nothing to count.
            i = j;
            continue;
        }
        let (mut words, mut caps, mut stop_punct) = (0, 0, false);
        for k in i..j {
            let tok = t.toks[k];
            if tok.kind == Kind::Word && t.s(k).len() > 3 && !lex.stop.contains(t.s(k)) {
                words += 1;
                if tok.cap() {
                    caps += 1;
                }
            }
            if k + 1 == j && t.is_any(k, &[".", "!", "?", "”", "\"", ":"]) {
                stop_punct = true;
            }
        }
        if words >= 2 && caps * 10 >= words * 9 && !stop_punct && j - i <= 20 {
            out[i..j].iter_mut().for_each(|x| *x = true);
        }
        i = j;
    }
    out
}

/// Gazetteer matches, longest first at each position.
pub fn gazetteer(c: &Ctx, out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    let mut i = 0;
    while i < n {
        let tok = t.toks[i];
        if tok.kind != Kind::Word {
            i += 1;
            continue;
        }
        // A word token holds no whitespace and no ’: normalising it would
        // change nothing.
        let Some(&lens) = c.lex.first.get(t.s(i)) else {
            i += 1;
            continue;
        };
        let mut hit = None;
        // Longest first, only the lengths some phrase has: a phrase's
        // tokens are the text's tokens over the same characters (the
        // tokenizer looks at no character before a token, and a span that
        // ends on a token's end ends its last token there as well).
        let max = (u16::BITS - lens.leading_zeros()) as usize;
        let mut m = max.min(n - i);
        while m >= 1 {
            let j = i + m - 1;
            if lens & (1 << (m - 1)) == 0 {
                m -= 1;
                continue;
            }
            if m > 1 && (t.toks[i + 1..=j].iter().any(|x| x.para_start())) {
                m -= 1;
                continue;
            }
            let key = normalize(t.span(i, j));
            if let Some(e) = c.lex.phrases.get(key.as_ref()) {
                // A whole-word match: not glued to a letter on either side.
                let glued_after =
                    j + 1 < n && t.toks[j + 1].glued() && t.toks[j + 1].kind == Kind::Word;
                if !glued_after {
                    hit = Some((j + 1, *e));
                    break;
                }
            }
            m -= 1;
        }
        if let Some((e, entry)) = hit {
            // Sentence-initial common words ("Police", "Reading") only count
            // when more than one word matched.
            let s = t.s(i);
            let weak_initial = e == i + 1
                && (tok.sent_start() || c.headline[i])
                && !tok.all_caps()
                && c.lex.is_common(s)
                && entry.label != Label::Norp;
            let lower_common = e == i + 1 && !tok.cap();
            // "Treasury Secretary", "State Department Spokesperson": a
            // department word inside a job title is not tagged (an acronym
            // is: "FCC Commissioner").
            let job_title = entry.label == Label::Org
                && !tok.all_caps()
                && e < n
                && t.toks[e].cap()
                && c.lex.titles.contains(t.s(e))
                && !c.lex.org_heads.contains(t.s(e))
                // "World Food Program Spokeswoman": a long name of its own
                // stays; "State Department", "Treasury" are department words.
                && (e - i <= 2 || (i..e).any(|k| c.lex.w.government_bodies.contains_ci(t.s(k))));
            if !weak_initial && !lower_common && !job_title {
                // "ISIS-Khorasan", "ISIS-K": an organisation's name extended by a hyphen.
                let extended = entry.label == Label::Org
                    && t.is(e, "-")
                    && e + 1 < n
                    && t.toks[e].glued()
                    && t.toks[e + 1].glued()
                    && t.toks[e + 1].kind == Kind::Word
                    && t.toks[e + 1].cap();
                if extended {
                    out.push(Cand::new(i, e + 2, Label::Org, Rule::OrgExtension));
                } else {
                    out.push(Cand::new(i, e, entry.label, entry.rule));
                }
            }
            i = e;
        } else {
            i += 1;
        }
    }
}

/// "MADRID —", "WASHINGTON (Reuters) —": an all-caps place at the start of
/// a paragraph.
pub fn datelines(c: &Ctx, out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    for i in 0..n {
        if !t.toks[i].para_start()
            || t.toks[i].kind != Kind::Word
            || !(t.toks[i].all_caps() || t.toks[i].abbrev())
        {
            continue;
        }
        let mut j = i;
        while j < n
            && t.toks[j].kind == Kind::Word
            && (t.toks[j].all_caps() || t.toks[j].abbrev())
            && j - i < 4
        {
            j += 1;
        }
        if !(t.is_any(j, &["—", "–", "-", "(", ","]) || t.is(j, "-") && t.is(j + 1, "-")) {
            continue;
        }
        let title: String = titlecase(t.span(i, j - 1));
        let entry = c.lex.phrases.get(title.as_str());
        let label = match entry {
            Some(e) if e.label == Label::Org => Label::Org,
            Some(e) if e.label == Label::Loc => Label::Loc,
            Some(_) => continue,
            None if t.is_any(j, &["—", "–"]) || t.is(j, "-") && t.is(j + 1, "-") => Label::Loc,
            None => continue,
        };
        out.push(Cand::new(i, j, label, Rule::Dateline));
    }
}

fn titlecase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for ch in s.chars() {
        if start {
            out.push(ch);
        } else {
            out.extend(ch.to_lowercase());
        }
        start = !ch.is_alphabetic();
    }
    out
}

/// Organisation names by head word: "Syrian Democratic Forces", "Ministry of
/// Defence", "Global Coalition to Defeat ISIS", "Terrorist Travel Working
/// Group", and place names by head: "Hyde Park", "Mount Everest".
pub fn headed(c: &Ctx, gaz_ends: &[bool], out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    let mut i = 0;
    while i < n {
        // A run of capitalised words joined by connectors or hyphens.
        if !run_tok(c, i) {
            i += 1;
            continue;
        }
        let s = i;
        let mut j = i + 1;
        loop {
            if j < n && t.toks[j].para_start() {
                break;
            }
            if run_tok(c, j)
                || (t.toks.get(j).is_some_and(|x| x.kind == Kind::Num)
                    && t.toks[j].glued()
                    && j > s)
            {
                j += 1;
            } else if j + 1 < n && run_tok(c, j + 1) && !t.toks[j + 1].para_start() && {
                // "ISIS-K", "Ministry of Defence": a hyphen or a lowercase connector.
                let hyphen = t.is(j, "-") && t.toks[j].glued() && t.toks[j + 1].glued();
                hyphen || c.word(j) && !t.toks[j].cap() && t.is_any(j, &c.lex.w.connectors)
            } {
                j += 2;
            } else if j + 2 < n
                && t.is_any(j, &["of", "for"])
                && t.is(j + 1, "the")
                && run_tok(c, j + 2)
                && !t.toks[j + 2].para_start()
            {
                // "Foundation for the Visual Arts", "Museum of the Air Force"
                j += 3;
            } else {
                break;
            }
        }
        // Leading function words and titles stay out.
        let mut a = s;
        while a < j && (c.lex.is_stop(t.s(a)) || t.toks[a].kind != Kind::Word) {
            a += 1;
        }
        org_in_run(c, a, j, gaz_ends, out);
        // "Federación Nacional de Cafeteros de Colombia", "Movimento 5
        // Stelle": a foreign head opens the name, which runs to the end of
        // the run (trailing connectors out).
        if let Some(h) = (a..j).find(|&k| t.is_any(k, &c.lex.w.org_heads_first)) {
            let mut e = j.min(h + MAX_NAME_TOKENS);
            while e > h + 1 && (t.is_any(e - 1, &c.lex.w.connectors) || t.is(e - 1, "-")) {
                e -= 1;
            }
            if e > h + 1 {
                out.push(Cand::new(h, e, Label::Org, Rule::OrgHead));
            }
        }
        // "Avon and Somerset police": the run and a lowercase force word.
        if a < j
            && j < n
            && t.toks[j].kind == Kind::Word
            && !t.toks[j].cap()
            && !t.toks[j].para_start()
            && c.lex.w.place_forces.contains(t.s(j))
            && !(t.toks[a].sent_start()
                && c.lex.is_common(t.s(a))
                && !c.lex.phrases.contains_key(t.s(a)))
            && (a..j).all(|x| !c.is_title(x) && !super::numeric::is_month_or_weekday(c.lex, t.s(x)))
        {
            out.push(Cand::new(a, j + 1, Label::Org, Rule::OrgPlaceForce));
        }
        i = j.max(i + 1);
    }
}

/// After the "and" at `and`, up to the run's end `j`, an organisation of its
/// own: a head with at least two capitalised words of its own before it
/// ("Colorado State University", "National Security Agency").
fn second_org_after(c: &Ctx, and: usize, j: usize) -> bool {
    let t = c.t;
    (and + 3..j.min(and + 1 + MAX_NAME_TOKENS))
        .any(|h| c.lex.org_heads.contains(t.s(h)) && (and + 1..h).all(|x| run_tok(c, x)))
}

fn run_tok(c: &Ctx, i: usize) -> bool {
    let t = c.t;
    i < t.toks.len() && t.toks[i].kind == Kind::Word && t.toks[i].cap()
}

/// Which tokens of a run `a..j` are titles, looked up once each: the walk
/// back from every head asks about the same tokens again ("Bay Bay Bay …"
/// would cost a lookup per token and step).
struct RunTitles {
    a: usize,
    /// Per token from `a`: 0 not asked yet, 1 not a title, 2 a title.
    known: Vec<u8>,
}

impl RunTitles {
    fn is_title(&mut self, c: &Ctx, x: usize) -> bool {
        let Some(k) = x.checked_sub(self.a) else {
            return c.lex.titles.contains(c.t.s(x));
        };
        if k >= self.known.len() {
            self.known.resize(k + 1, 0);
        }
        if self.known[k] == 0 {
            self.known[k] = 1 + c.lex.titles.contains(c.t.s(x)) as u8;
        }
        self.known[k] == 2
    }
}

fn org_in_run(c: &Ctx, a: usize, j: usize, gaz_ends: &[bool], out: &mut Vec<Cand>) {
    let t = c.t;
    if a >= j {
        return;
    }
    let mut titles = RunTitles {
        a,
        known: Vec::new(),
    };
    // Find head words.
    let mut k = a;
    while k < j {
        let s = t.s(k);
        let org_head = c.lex.org_heads.contains(s);
        let loc_head = c.lex.w.place_heads_after.contains(s);
        // "Press Secretary", "Police Chief": a head inside a job title.
        let in_job_title = k + 1 < j && titles.is_title(c, k + 1);
        if !(org_head || loc_head) || in_job_title {
            k += 1;
            continue;
        }
        // Modifiers before the head: capitalised words back to `a`, but not
        // through a title word ("Defense Secretary"), nor from a sentence
        // start common word.
        let mut st = k;
        loop {
            if k + 1 - st >= MAX_NAME_TOKENS {
                break; // a name has at most MAX_NAME_TOKENS tokens
            }
            if st > a
                && t.toks[st - 1].kind == Kind::Word
                && t.toks[st - 1].cap()
                && !titles.is_title(c, st - 1)
            {
                st -= 1;
            } else if st > a + 1
                && t.is(st - 1, "-")
                && t.toks[st - 1].glued()
                && t.toks[st].glued()
                && t.toks[st - 2].cap()
                && t.toks[st - 2].kind == Kind::Word
            {
                st -= 2; // "Hi-Tech Crime Unit", "ISIS-K Diplomatic Grouping"
            } else if st > a + 1
                && st < k
                && t.is_any(st - 1, &["and", "&"])
                && t.toks[st - 2].cap()
                && t.toks[st - 2].kind == Kind::Word
                && !t.toks[st - 2].sent_start()
                && !t.toks[st - 2].all_caps()
                && !gaz_ends[st - 2]
                && !c.lex.org_heads.contains(t.s(st - 2))
                && !(st > a + 2 && t.is_any(st - 3, &["of", "for"]))
                && !c
                    .lex
                    .phrases
                    .get(t.s(st - 2))
                    .is_some_and(|x| matches!(x.label, Label::Loc | Label::Norp))
            {
                // "Independent Electoral and Boundaries Commission", not
                // "… Foundation and US National Park Service" (two)
                st -= 2;
            } else {
                break;
            }
        }
        while st < k
            && st > 0
            && (t.toks[st].sent_start() || c.headline[st])
            && c.lex.is_common(t.s(st))
            && !c.lex.first.contains_key(t.s(st))
            && !c.lex.title_words.contains(t.s(st))
        {
            st += 1;
        }
        // The word that may continue the name after its head ("of", "to",
        // "Against"); without it the name ends at the head, and the walk
        // below is skipped.
        let continuer = if org_head {
            t.is_any(k + 1, &c.lex.w.continuers)
                || c.headline.get(k + 1).is_some_and(|&h| h)
                    && c.lex.w.continuers.contains_ci(t.s(k + 1))
        } else {
            // "the Korengal Valley of Afghanistan": a known country or
            // region after "of" is where the place is, not its name.
            t.is(k + 1, "of")
                && !c
                    .lex
                    .phrases
                    .get(t.s(k + 2))
                    .is_some_and(|x| matches!(x.rule, Rule::GazCountry | Rule::GazRegion))
        };
        // Continuation: "of Defence", "to Defeat ISIS" — to the end of the
        // run, stopping after a known name, or before a title.
        let mut e = k + 1;
        // A university's campus is part of its name ("University of Texas
        // Arlington"), and so is a hyphenated word ("Council on
        // American-Islamic Relations"): the walk goes on past known names.
        let campus = org_head && c.lex.w.campus_heads.contains(s);
        let mut campus_left = usize::from(campus);
        let hyphenated = |e: usize| {
            t.is(e, "-") && t.toks[e].glued() || e >= 2 && t.is(e - 2, "-") && t.toks[e - 1].glued()
        };
        let mut stop_at_known = |e: usize| {
            if e <= k + 1 || !gaz_ends[e - 1] || hyphenated(e) {
                return false;
            }
            // One campus name after the known one: "Texas Arlington".
            if campus_left > 0 && run_tok(c, e) && !t.is_any(e, &c.lex.w.connectors) {
                campus_left -= 1;
                return false;
            }
            true
        };
        while continuer && e < j && e - st < MAX_NAME_TOKENS && !stop_at_known(e) {
            if t.toks[e].cap() && titles.is_title(c, e)
                || super::numeric::is_month_or_weekday(c.lex, t.s(e))
            {
                break;
            }
            // A person's name after the organisation's ("… Relations Alia
            // Salem said"): a given name before another capitalised word.
            if e > k + 1
                && c.lex.given.contains(t.s(e))
                && e + 1 < j
                && run_tok(c, e + 1)
                && !t.is_any(e - 1, &c.lex.w.connectors)
            {
                break;
            }
            if c.lex.org_heads.contains(t.s(e))
                && e > k + 1
                && !t.is_any(e - 1, &c.lex.w.connectors)
            {
                // Another head: "Department of Defense Office" — stop before.
                break;
            }
            if e > k + 1 && t.is_any(e, &["and", "&"]) && second_org_after(c, e, j) {
                // "Institute of Technology and Colorado State University": two.
                break;
            }
            e += 1;
        }
        // Trailing connector words stay out.
        while e > k + 1 && (t.is_any(e - 1, &c.lex.w.connectors) || t.is(e - 1, "-")) {
            e -= 1;
        }
        let mut continued = e > k + 1 && continuer;
        if !continued {
            e = k + 1;
        }
        // "University of North Carolina at Greensboro": the campus after "at".
        if continued && campus && t.is(e, "at") && run_tok(c, e + 1) && !t.toks[e + 1].para_start()
        {
            let mut f = e + 1;
            while f - e <= 3 && run_tok(c, f) && !t.toks[f].para_start() {
                f += 1;
            }
            e = f;
            continued = true;
        }
        let ntok = e - st;
        // "coach Bruce Arena", "said Bruce Arena": a given name and a place
        // head, with a title or a verb of saying beside them, is a person.
        let person_like = !org_head
            && ntok == 2
            && st + 1 == k
            && c.lex.given.contains(t.s(st))
            && (st > 0 && (titles.is_title(c, st - 1) || c.lex.is_cue(t, st - 1))
                || c.lex.is_cue(t, e));
        if person_like {
            out.push(Cand::new(st, e, Label::Person, Rule::GivenNamePlaceWord));
        } else if ntok >= 2 && (st != k || continued) {
            let label = if org_head { Label::Org } else { Label::Loc };
            let rule = if org_head {
                Rule::OrgHead
            } else {
                Rule::PlaceHead
            };
            out.push(Cand::new(st, e, label, rule));
        }
        k = e.max(k + 1);
    }
    // "Mount Everest", "Lake Chad", "Port Sudan"
    for k in a..j.saturating_sub(1) {
        if c.lex.w.place_heads_before.contains(t.s(k))
            && t.toks[k + 1].cap()
            && t.toks[k + 1].kind == Kind::Word
        {
            out.push(Cand::new(k, k + 2, Label::Loc, Rule::PlaceHead));
        }
    }
}

/// People: a title before a name run, a given name starting a run, a
/// well-known surname.
pub fn people(c: &Ctx, out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    let mut i = 0;
    while i < n {
        let initial_first =
            t.toks[i].abbrev() && c.name_tok(i) && c.name_tok(i + 1) && !t.toks[i + 1].abbrev();
        if !c.name_tok(i) || t.toks[i].abbrev() && !initial_first {
            i += 1;
            continue;
        }
        // Extend: name tokens, particles (al-, bin, de), hyphen/apostrophe glue.
        let s = i;
        let mut e = i + 1;
        loop {
            if e >= n || t.toks[e].para_start() {
                break;
            }
            if c.name_tok(e) && !t.toks[e].sent_start() {
                e += 1;
            } else if o_apostrophe(c, e) {
                // "Emmett O'Brien"
                e += 3;
            } else if e > s
                && e + 2 < n
                && c.word(e)
                && t.toks[e].cap()
                && !t.toks[e].sent_start()
                && t.is(e + 1, "-")
                && t.toks[e + 1].glued()
                && t.toks[e + 2].glued()
                && c.name_tok(e + 2)
                && !c.lex.is_common(t.s(e + 2))
                && !c.is_title_word(e)
            {
                // "Verity Long-Droppert": a double surname whose first part
                // is a common word.
                e += 3;
            } else if (t.is(e, "-") || t.is(e, "’") || t.is(e, "'"))
                && t.toks[e].glued()
                && e + 1 < n
                && t.toks[e + 1].glued()
                && t.toks[e + 1].kind == Kind::Word
                && (t.toks[e + 1].cap() || t.is_any(e + 1, &["al", "el"]))
                && !(t.is_any(e, &["’", "'"]) && t.is(e + 1, "s"))
            {
                e += 2;
            } else if t.is_any(e, &c.lex.w.particles)
                && !t.toks[e].cap()
                && e + 1 < n
                && (c.name_tok(e + 1) || t.is(e + 1, "-"))
                && !t.toks[e + 1].para_start()
            {
                e += 1;
            } else {
                break;
            }
        }
        if e - s > MAX_NAME_TOKENS {
            // Not one person's name: a run of capitalised words.
            i = e;
            continue;
        }
        // Trailing initials or particles stay out.
        while e > s + 1
            && (t.toks[e - 1].abbrev() || t.is_any(e - 1, &c.lex.w.particles) || t.is(e - 1, "-"))
        {
            e -= 1;
        }
        // Generational suffixes belong to the name: "Lloyd J. Austin III".
        if e > s + 1 && t.is_any(e, &c.lex.w.name_suffixes) && !t.toks[e].para_start() {
            e += 1;
        }
        let first = if initial_first { t.s(s + 1) } else { t.s(s) };
        let title_before = s > 0 && c.is_title(s - 1) && !t.toks[s].para_start();
        // "James To of …", "councillor Wilson Or was": a given name (or a
        // name after a title) and a capitalised function word.
        let mut function_word = false;
        if e == s + 1
            && !initial_first
            && (c.lex.given.contains(first) || title_before)
            && !c.headline[s]
            && function_word_surname(c, e)
        {
            e += 1;
            function_word = true;
        }
        let ntok = e - s;
        let words = (s..e)
            .filter(|&k| t.toks[k].kind == Kind::Word && !t.toks[k].abbrev())
            .count();
        let mut rule = None;
        // "Minister Delegate of Foreign Affairs, Nasser Bourita": after a
        // comma, the run must look like a name, not "…, Democracy, and …".
        let looks_like_name = c.lex.given.contains(first) || !c.lex.is_common(first);
        let title_before = title_before
            || s > 1 && t.is(s - 1, ",") && looks_like_name && title_phrase_before(c, s - 1)
            // "their nine-month-old child, Gloria"
            || s > 1
                && t.is(s - 1, ",")
                && c.lex.given.contains(first)
                && t.lower_word(s - 2)
                && t.is_any(s - 2, &c.lex.w.appositive_nouns);
        if title_before {
            rule = Some(Rule::TitleName);
        } else if function_word {
            rule = Some(Rule::GuessGivenNameFunctionWord);
        }
        if rule.is_none() && c.lex.given.contains(first) && words >= 2 {
            rule = Some(Rule::GivenName);
        }
        if rule.is_none()
            && words >= 2
            && c.lex.surnames.contains(t.s(e - 1))
            && (s..e).all(|k| !c.lex.phrases.contains_key(t.s(k)))
            && !c.headline[s]
        {
            rule = Some(Rule::Surname);
        }
        if rule.is_none() && ntok == 1 && c.lex.people_surnames.contains(first) {
            rule = Some(Rule::GazPersonSurname);
        }
        if let Some(rule) = rule {
            out.push(Cand::new(s, e, Label::Person, rule));
        }
        i = e;
    }
}

/// "O'Brien", "D'Angelo" at `k`: one capital letter, an apostrophe and a
/// capitalised word, all glued.
fn o_apostrophe(c: &Ctx, k: usize) -> bool {
    let t = c.t;
    k + 2 < t.toks.len()
        && t.toks[k].kind == Kind::Word
        && t.toks[k].cap()
        && t.s(k).len() == 1
        && !t.toks[k].sent_start()
        && t.is_any(k + 1, &["'", "’"])
        && t.toks[k + 1].glued()
        && t.toks[k + 2].glued()
        && c.name_tok(k + 2)
}

/// "…, Minister of Foreign Affairs, Nasser Bourita": is there a title in the
/// few words before this comma?
fn title_phrase_before(c: &Ctx, comma: usize) -> bool {
    let t = c.t;
    let mut k = comma;
    let mut steps = 0;
    while k > 0 && steps < 10 {
        k -= 1;
        steps += 1;
        if t.toks[k].kind != Kind::Word || t.toks[k].sent_start() && !c.is_title(k) {
            return c.is_title(k);
        }
        if c.is_title(k) && t.toks[k].cap() {
            return true;
        }
        if !(t.toks[k].cap() || t.is_any(k, &c.lex.w.connectors)) {
            return false;
        }
    }
    false
}

/// "Syrian Democratic Forces (SDF)", "Islamic State (IS, formerly ISIS)":
/// an acronym in brackets after a name takes the name's label.
pub fn acronym_definitions(t: &Text, ents: &[Cand], out: &mut Vec<Cand>) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for e in ents {
        if !matches!(e.label, Label::Org | Label::Loc) || e.e + 1 >= t.toks.len() {
            continue;
        }
        if t.is(e.e, "(") && t.toks[e.e + 1].all_caps() && t.toks[e.e + 1].kind == Kind::Word {
            let k = e.e + 1;
            if t.is_any(k + 1, &[")", ",", ";"]) {
                out.push(Cand::new(k, k + 1, e.label, Rule::AcronymDefinition));
                pairs.push((t.s(k).to_string(), t.span(e.s, e.e - 1).to_string()));
            }
        }
    }
    pairs
}

/// Weak guesses for what is left: an unknown all-caps acronym is an ORG, an
/// unknown capitalised name after "in"/"near" a place, "X province" a place,
/// an unknown two- or three-word capitalised name a person.
pub fn guesses(c: &Ctx, covered: &[bool], out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    // Acronyms the text defines as no name ("iodine deficiency disorders
    // (IDD)", "the Boycott, Divestment, Sanctions movement (BDS)"): not
    // guessed anywhere in the text, before the definition or after it.
    let mut not_names: FxSet<&str> = FxSet::default();
    for open in t.punct_tokens(b'(') {
        let i = open + 1;
        if i + 1 < n
            && t.toks[i].all_caps()
            && t.toks[i].kind == Kind::Word
            && t.is_any(i + 1, &[")", ",", ";"][..])
            && defined_as_words(c, covered, i)
        {
            not_names.insert(t.s(i));
        }
    }
    let mut i = 0;
    while i < n {
        if let Some(e) = numbered_street(c, covered, i) {
            out.push(Cand::new(i, e, Label::Loc, Rule::PlaceRoad));
            i = e;
            continue;
        }
        if covered[i] || t.toks[i].kind != Kind::Word || !t.toks[i].cap() {
            i += 1;
            continue;
        }
        let tok = t.toks[i];
        let s = t.s(i);
        // "the Army", "our Navy", "the Coast Guard": a country's armed
        // service named alone (not inside a longer name, which a rule
        // before took).
        if let Some(e) = armed_service_at(c, covered, i) {
            out.push(Cand::new(i, e, Label::Org, Rule::OrgArmedService));
            i = e;
            continue;
        }
        // Roads: "on the A11", "the M25 motorway", "Route 66".
        if let Some(e) = road_at(c, i) {
            out.push(Cand::new(i, e, Label::Loc, Rule::PlaceRoad));
            i = e;
            continue;
        }
        // Acronyms.
        if tok.all_caps()
            && !tok.abbrev()
            && s.len() <= 6
            && !c.lex.w.not_acronyms.contains(s)
            && !c.headline[i]
            && !all_caps_para(t, i)
        {
            // "the ICI system": an acronym before a word for a thing.
            let thing = t.lower_word(i + 1) && t.is_any(i + 1, &c.lex.w.acronym_thing_nouns);
            if not_names.contains(s) || thing {
                i += 1;
                continue;
            }
            if roman_numeral(s) {
                i += 1;
                continue;
            }
            // Not a common word in capitals ("UNLESS"), not a code ("STS-135").
            let code = i + 1 < n
                && t.toks[i + 1].glued()
                && (t.is(i + 1, "-") || t.toks[i + 1].kind == Kind::Num);
            let glued_next = i + 1 < n && t.toks[i + 1].glued() && t.toks[i + 1].kind == Kind::Word;
            // Not a product with a number ("IE6"), not a handle ("@POTUS").
            let product = s.bytes().any(|b| b.is_ascii_digit());
            let handle = i > 0 && tok.glued() && t.is(i - 1, "@");
            if !glued_next
                && !code
                && !product
                && !handle
                && s.chars().count() >= 3
                && !c.lex.is_common(s)
            {
                out.push(Cand::new(i, i + 1, Label::Org, Rule::GuessAcronym));
            }
            i += 1;
            continue;
        }
        // A run of uncovered name-like words (incl. "al-Tabqa").
        let mut e = i;
        // "Abdelbaset Ali al-Megrahi": a lowercase particle glued by a
        // hyphen to a name goes on with the run.
        let particle_name = |e: usize| {
            e > i
                && e + 2 < n
                && !covered[e]
                && t.is_any(e, &c.lex.w.article_prefixes)
                && !t.toks[e].cap()
                && t.is(e + 1, "-")
                && t.toks[e + 1].glued()
                && t.toks[e + 2].glued()
                && !covered[e + 2]
                && c.name_tok(e + 2)
        };
        while e < n
            && !covered[e]
            && (c.name_tok(e)
                || (e > i
                    && t.is(e, "-")
                    && t.toks[e].glued()
                    && e + 1 < n
                    && t.toks[e + 1].glued()
                    && c.name_tok(e + 1))
                || particle_name(e))
        {
            e += if t.is(e, "-") {
                2
            } else if particle_name(e) {
                3
            } else {
                1
            };
        }
        let mut s0 = i;
        // "al-Tabqa": a lowercase particle glued to the name.
        if s0 >= 2
            && t.is(s0 - 1, "-")
            && t.toks[s0].glued()
            && t.toks[s0 - 1].glued()
            && t.is_any(s0 - 2, &c.lex.w.article_prefixes)
            && !covered[s0 - 2]
        {
            s0 -= 2;
        }
        if e == i {
            i += 1;
            continue;
        }
        // Words of the name, a glued particle ("al-") not counted.
        let ntok = (i..e)
            .filter(|&k| t.toks[k].kind == Kind::Word && t.toks[k].cap())
            .count();
        let prev = if s0 > 0 { Some(s0 - 1) } else { None };
        let place_noun_of = |of: usize| {
            t.is(of, "of") && of > 0 && t.is_any(of - 1, &c.lex.w.place_nouns_before_of)
        };
        // "the islands of Leyte and Samar": the second after "and" too.
        let second_of_plural = |p: usize| {
            t.is_any(p, &["and", "or"][..])
                && (1..=2).any(|w| {
                    p >= w + 2
                        && place_noun_of(p - w - 1)
                        && t.s(p - w - 2).ends_with('s')
                        && (p - w..p).all(|k| t.toks[k].cap() && t.toks[k].kind == Kind::Word)
                })
        };
        let after_loc_noun = prev.is_some_and(|p| place_noun_of(p) || second_of_plural(p));
        let before_loc_noun = t.is_any(e, &c.lex.w.place_nouns_after) && !t.toks[e].cap();
        let after_prep =
            prev.is_some_and(|p| t.is_any(p, &c.lex.w.place_prepositions) && !t.toks[p].cap());
        // "Evanston, Illinois", "Kanata, Ontario": a place before its state
        // or country.
        let before_region = t.is(e, ",") && {
            let region = |a: usize, b: usize| {
                b < n
                    && c.lex
                        .phrases
                        .get(normalize(t.span(a, b)).as_ref())
                        .is_some_and(|x| {
                            x.label == Label::Loc
                                && matches!(x.rule, Rule::GazRegion | Rule::GazCountry)
                        })
            };
            region(e + 1, e + 1) || region(e + 1, e + 2)
        };
        if after_loc_noun || before_loc_noun {
            out.push(Cand::new(s0, e, Label::Loc, Rule::PlaceNoun));
        } else if before_region && ntok <= 3 && !c.headline[i] {
            out.push(Cand::new(s0, e, Label::Loc, Rule::PlaceCommaRegion));
        } else if c.headline[i] || (tok.sent_start() && ntok == 1) {
            // no guess
        } else if (2..=3).contains(&ntok)
            && prev.is_some_and(|p| {
                t.is_any(p, &c.lex.w.place_prepositions_strict) && !t.toks[p].cap()
            })
            && (i..e).all(|k| {
                !c.lex.given.contains(t.s(k))
                    && !c.is_title_word(k)
                    && !c.lex.w.event_heads.contains(t.s(k))
                    && !t.is_any(k, &c.lex.w.not_place_words)
            })
            && !t.is_any(e, &["'", "’"][..])
            && !c.lex.is_cue(t, e)
        {
            // "displaced people in Goz Beida": a name no list knows, after
            // a preposition of place, is a place.
            out.push(Cand::new(
                s0,
                e,
                Label::Loc,
                Rule::GuessPlaceAfterPreposition,
            ));
        } else if (2..=3).contains(&ntok)
            && (i..e)
                .filter(|&k| t.toks[k].kind == Kind::Word && t.toks[k].cap())
                .all(|k| !c.lex.is_common(t.s(k)) || c.lex.surnames.contains(t.s(k)))
        {
            out.push(Cand::new(s0, e, Label::Person, Rule::GuessName));
        } else if ntok == 1
            && s0 == i
            && c.lex.given.contains(s)
            && !tok.sent_start()
            && !c.lex.first.contains_key(s)
            // "a blue Marilyn", "a Picasso": a thing named after someone.
            && !(i >= 1 && t.is_any(i - 1, &["a", "an"][..])
                || i >= 2 && t.lower_word(i - 1) && t.is_any(i - 2, &["a", "an"][..]))
        {
            if e < n && !covered[e] && function_word_surname(c, e) {
                out.push(Cand::new(
                    i,
                    e + 1,
                    Label::Person,
                    Rule::GuessGivenNameFunctionWord,
                ));
                i = e + 1;
                continue;
            }
            out.push(Cand::new(i, e, Label::Person, Rule::GuessGivenNameAlone));
        } else if ntok == 1
            && s0 == i
            && !tok.sent_start()
            && !c.lex.is_common(s)
            && !c.lex.first.contains_key(s)
            && {
                // "said Mauer", "Mauer said": an unknown name beside a verb of saying.
                let cue = |k: usize| c.lex.is_cue(t, k);
                // After the cue only when the name ends the clause ("said Mauer,").
                (i > 0 && cue(i - 1) && (e >= n || t.toks[e].kind == Kind::Punct)) || cue(e)
            }
        {
            out.push(Cand::new(i, e, Label::Person, Rule::GuessNameBesideCue));
        } else if ntok == 1
            && after_prep
            && (s0 < i
                || !c.lex.surnames.contains(s) && !c.lex.given.contains(s) && !c.lex.is_common(s))
        {
            out.push(Cand::new(
                s0,
                e,
                Label::Loc,
                Rule::GuessPlaceAfterPreposition,
            ));
        }
        i = e.max(i + 1);
    }
}

/// "James To of the Democratic Party", "Wilson Or was elected": after a
/// given name, inside a sentence, a capitalised word that is otherwise
/// lowercase (a function or common word; no title, organisation or place
/// head, weekday or month) and that ends the run of capitalised words is
/// the surname.
fn function_word_surname(c: &Ctx, e: usize) -> bool {
    let t = c.t;
    let n = t.toks.len();
    if e >= n || !c.word(e) || t.toks[e].para_start() {
        return false;
    }
    let tok = t.toks[e];
    let s = t.s(e);
    let w = &c.lex.w;
    tok.cap()
        && !tok.all_caps()
        && !tok.sent_start()
        && !c.headline[e]
        && s.chars().count() >= 2
        && c.lex.is_common(s)
        && !c.is_title_word(e)
        && !c.lex.org_heads.contains(s)
        && !w.place_heads_after.contains(s)
        && !w.weekdays.contains(s)
        && !w.months.contains(s)
        && !(e + 1 < n && t.toks[e + 1].kind == Kind::Word && t.toks[e + 1].cap())
}

/// A road by its number at token `i`: one past it. A British road ("A11",
/// "M25", "B1234"; not an Airbus "A380") after "on/along/near … the" or
/// before a road word; a named road with its number ("Route 66").
fn road_at(c: &Ctx, i: usize) -> Option<usize> {
    let t = c.t;
    let n = t.toks.len();
    let s = t.s(i);
    let b = s.as_bytes();
    let numbered = b.len() >= 2
        && b.len() <= 5
        && matches!(b[0], b'A' | b'M' | b'B')
        && b[1..].iter().all(u8::is_ascii_digit)
        && !(b[0] == b'A' && b.len() == 4 && b[1] == b'3');
    if numbered && !(i + 1 < n && t.toks[i + 1].glued() && t.toks[i + 1].kind == Kind::Word) {
        let after_the =
            i >= 2 && t.is_ci(i - 1, "the") && t.is_any(i - 2, &c.lex.w.place_prepositions)
                || i >= 2
                    && t.is_ci(i - 1, "the")
                    && t.is_any(
                        i - 2,
                        &["on", "along", "off", "onto", "down", "up", "of", "closed"][..],
                    );
        let road_word = i + 1 < n && t.lower_word(i + 1) && t.is_any(i + 1, &c.lex.w.road_words);
        if after_the || road_word {
            return Some(i + 1);
        }
    }
    // "Route 66", "Interstate 95", "State Route 1"
    let named = |k: usize| t.is_any(k, &c.lex.w.road_names);
    if named(i) && i + 1 < n && t.toks[i + 1].kind == Kind::Num && !t.toks[i + 1].glued() {
        return Some(i + 2);
    }
    None
}

/// "38th Street", "7th Avenue" at `i` (the ordinal as one token or as a
/// number and a glued suffix): one past the street word.
fn numbered_street(c: &Ctx, covered: &[bool], i: usize) -> Option<usize> {
    let t = c.t;
    let n = t.toks.len();
    if covered[i] || !t.s(i).as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let ordinal = |s: &str| {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && digits <= 3 && matches!(&s[digits..], "st" | "nd" | "rd" | "th")
    };
    let word = if ordinal(t.s(i)) {
        i + 1
    } else if i + 1 < n
        && t.toks[i + 1].glued()
        && t.is_any(i + 1, &["st", "nd", "rd", "th"])
        && t.s(i).bytes().all(|b| b.is_ascii_digit())
    {
        i + 2
    } else {
        return None;
    };
    (word < n && !covered[word] && t.is_any(word, &c.lex.w.street_words)).then_some(word + 1)
}

/// "iodine deficiency disorders (IDD)": an acronym in brackets after
/// lowercase words whose initials spell it (function words may be skipped)
/// names what those words name, which is no entity.
fn defined_as_words(c: &Ctx, covered: &[bool], i: usize) -> bool {
    let t = c.t;
    if i < 2 || !t.is(i - 1, "(") || covered[i - 2] || t.toks[i - 2].kind != Kind::Word {
        return false;
    }
    // "the Boycott, Divestment, and Sanctions movement (BDS)": a word for a
    // thing after the initials; the name is that thing's, capitalised or
    // not, and commas may list its words. "iodine deficiency disorders
    // (IDD)": the thing's word is one of the initials.
    let thing = t.lower_word(i - 2) && t.is_any(i - 2, &c.lex.w.acronym_thing_nouns);
    initials_before(c, covered, i, false) || thing && initials_before(c, covered, i, true)
}

/// The acronym at `i` spells the initials of the words before its bracket
/// (last word first), skipping a thing's word right before the bracket
/// when `after_thing`.
fn initials_before(c: &Ctx, covered: &[bool], i: usize, after_thing: bool) -> bool {
    let t = c.t;
    let acr: Vec<u8> = t.s(i).bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut want = acr.iter().rev().peekable();
    let mut k = if after_thing { i - 2 } else { i - 1 };
    let mut steps = 0;
    while want.peek().is_some() && k > 0 && steps < 2 * acr.len() + 3 {
        k -= 1;
        steps += 1;
        if after_thing && t.is(k, ",") {
            continue;
        }
        // Capitalised words that no rule took are a name no list knows
        // ("United Auto Workers (UAW)"): only lowercase words count.
        if covered[k] || t.toks[k].kind != Kind::Word || t.toks[k].cap() && !after_thing {
            return false;
        }
        let first = t.s(k).as_bytes()[0].to_ascii_lowercase();
        if Some(&&first) == want.peek() {
            want.next();
        } else if !matches!(t.s(k), "of" | "and" | "the" | "for" | "on" | "in" | "to") {
            return false;
        }
    }
    want.peek().is_none()
}

/// A Roman numeral in canonical form ("XVII", "III"): a number, not an
/// acronym.
fn roman_numeral(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    // Each decimal place: (ten, five, one) of that place.
    let eat = |i: &mut usize, one: u8, five: u8, ten: u8| {
        let rest = &b[*i..];
        if rest.starts_with(&[one, ten]) || rest.starts_with(&[one, five]) {
            *i += 2;
            return;
        }
        if rest.first() == Some(&five) {
            *i += 1;
        }
        let mut n = 0;
        while n < 3 && b.get(*i) == Some(&one) {
            *i += 1;
            n += 1;
        }
    };
    let mut m = 0;
    while m < 3 && b.get(i) == Some(&b'M') {
        i += 1;
        m += 1;
    }
    eat(&mut i, b'C', b'D', b'M');
    eat(&mut i, b'X', b'L', b'C');
    eat(&mut i, b'I', b'V', b'X');
    !b.is_empty() && i == b.len()
}

fn all_caps_para(t: &Text, i: usize) -> bool {
    // Walk back to the paragraph start and check a few tokens.
    let mut k = i;
    let floor = i.saturating_sub(60);
    while k > floor && !t.toks[k].para_start() {
        k -= 1;
    }
    let words: Vec<_> = (k..(k + 12).min(t.toks.len()))
        .filter(|&x| t.toks[x].kind == Kind::Word && t.s(x).len() > 3)
        .collect();
    words.len() >= 3 && words.iter().all(|&x| t.toks[x].all_caps())
}

/// Coordinated place names share their head: "West and Central Africa",
/// "North and South Korea" are one LOC; and "the State of Texas" keeps its
/// "State of".
pub fn coordinated_places(c: &Ctx, ents: &mut [Cand], taken: &mut [bool]) {
    let t = c.t;
    for e in ents.iter_mut() {
        if e.label != Label::Loc || e.s < 2 {
            continue;
        }
        let (a, b) = (e.s - 2, e.s - 1);
        if t.is_any(e.s, &c.lex.w.directions)
            && t.is(b, "and")
            && t.is_any(a, &c.lex.w.directions)
            && !taken[a]
            && !taken[b]
        {
            e.s = a;
            e.rule = RuleRef::Builtin(Rule::CoordinatedPlace);
            taken[a] = true;
            taken[b] = true;
        } else if t.is(b, "of") && t.is(a, "State") && !taken[a] && !taken[b] && e.e - e.s == 1 {
            e.s = a;
            e.rule = RuleRef::Builtin(Rule::StateOf);
            taken[a] = true;
            taken[b] = true;
        }
    }
}

/// A name found by its context ("the retailer X", "X spokesperson") has at
/// most this many tokens.
const MAX_ORG_CONTEXT_TOKENS: usize = 6;

/// A capitalised token that can be part of an organisation's name found by
/// its context: not a title, a function word, a month or a weekday.
fn org_name_tok(c: &Ctx, i: usize) -> bool {
    run_tok(c, i) && {
        let s = c.t.s(i);
        !(c.is_title_word(i) || c.lex.is_stop(s) || super::numeric::is_month_or_weekday(c.lex, s))
    }
}

/// A web domain after a name: ".com", ".co.uk" starting at token `i` (the
/// dot), glued; one past its end.
fn domain_end(c: &Ctx, i: usize) -> Option<usize> {
    let t = c.t;
    let n = t.toks.len();
    let mut k = i;
    let mut end = None;
    // At most two parts: ".co" ".uk".
    for _ in 0..2 {
        if !(k + 1 < n
            && t.is(k, ".")
            && t.toks[k].glued()
            && t.toks[k + 1].glued()
            && t.toks[k + 1].kind == Kind::Word
            && !t.toks[k + 1].cap()
            && t.s(k + 1).len() <= 4)
        {
            break;
        }
        if t.is_any(k + 1, &c.lex.w.domain_suffixes) {
            end = Some(k + 2);
        }
        k += 2;
    }
    let e = end?;
    let glued_after = e < n && t.toks[e].glued() && t.toks[e].kind != Kind::Punct;
    (!glued_after).then_some(e)
}

/// The capitalised name starting at token `s`: one past its end (`s` when
/// there is none). Hyphens and "&" join words ("Hi-Tech", "Texas A&M"); a
/// web domain ends it ("Secunia.com").
fn org_run_forward(c: &Ctx, s: usize) -> usize {
    let t = c.t;
    let n = t.toks.len();
    let mut e = s;
    while e < n && e - s < MAX_ORG_CONTEXT_TOKENS {
        if e > s && (t.toks[e].para_start() || t.toks[e].sent_start()) {
            break;
        }
        if org_name_tok(c, e) {
            e += 1;
            if let Some(d) = domain_end(c, e) {
                return d;
            }
        } else if e > s
            && e + 1 < n
            && (t.is(e, "-") && t.toks[e].glued() && t.toks[e + 1].glued() || t.is(e, "&"))
            && org_name_tok(c, e + 1)
        {
            e += 2;
        } else {
            break;
        }
    }
    e.min(s + MAX_ORG_CONTEXT_TOKENS)
}

/// The capitalised name ending just before token `e`: its first token (`e`
/// when there is none), within the sentence; a sentence-initial common word
/// stays out ("Yesterday Apple shares …").
fn org_run_back(c: &Ctx, e: usize) -> usize {
    let t = c.t;
    let mut s = e;
    while s > 0 && e - s < MAX_ORG_CONTEXT_TOKENS {
        if s < e && (t.toks[s].para_start() || t.toks[s].sent_start()) {
            break;
        }
        let k = s - 1;
        if org_name_tok(c, k) {
            s = k;
        } else if s < e
            && k > 0
            && (t.is(k, "-") && t.toks[k].glued() && t.toks[s].glued() || t.is(k, "&"))
            && org_name_tok(c, k - 1)
            && !t.toks[k].sent_start()
        {
            s = k - 1;
        } else if s < e
            && k > 1
            && !t.toks[s].glued()
            && t.is_any(k, &c.lex.w.glued_particles)
            && t.toks[k].glued()
            && t.is(k - 1, "-")
            && t.toks[k - 1].glued()
            && org_name_tok(c, k - 2)
        {
            // "Etemad-e Melli"
            s = k - 2;
        } else {
            break;
        }
    }
    while s < e
        && (t.toks[s].sent_start() || c.headline[s] || t.toks[s].kind != Kind::Word)
        && (t.toks[s].kind != Kind::Word
            || c.lex.is_common(t.s(s)) && !c.lex.given.contains(t.s(s)))
    {
        s += 1;
    }
    s
}

/// A name found by context is not one generic word ("a Government
/// spokesman", "the Police union").
fn org_run_ok(c: &Ctx, s: usize, e: usize) -> bool {
    e > s
        && !(e - s == 1
            && (c.lex.w.org_generic.contains(c.t.s(s)) || c.lex.org_heads.contains(c.t.s(s))))
}

/// Organisations that no list knows, by their context:
/// - after a word for a kind of organisation: "the retailer X", "the rock
///   band X", "chains X and Y" (every name of a coordinated list);
/// - before a word only organisations have: "X spokesperson", "X shares",
///   "X's chief executive", "the X union";
/// - after "shares of", "a stake in", and a role in one: "chief executive
///   of X", "analyst at X";
/// - with a web domain: "Gawker.com", "Example.co.uk".
pub fn org_context(c: &Ctx, out: &mut Vec<Cand>) {
    ampersand_firms(c, out);
    use super::lexicon::{
        ORG_CUE_AFTER, ORG_NOUN_BEFORE, ORG_ROLE, ORG_ROLE_LINK, ORG_STAKE, ORG_STAKE_LINK,
    };
    let t = c.t;
    let n = t.toks.len();
    let w = &c.lex.w;
    // The context-list flags of token `k` (one lookup).
    let flags = |k: usize| -> u8 {
        if k >= n || t.toks[k].kind != Kind::Word {
            return 0;
        }
        with_lower(t.s(k), |l| c.lex.org_words.get(l).copied().unwrap_or(0))
    };
    for i in 0..n {
        let tok = t.toks[i];
        if tok.kind != Kind::Word {
            continue;
        }
        // "Gawker.com"
        if tok.cap() && !(i > 0 && tok.glued() && t.is(i - 1, ".")) {
            if let Some(e) = domain_end(c, i + 1) {
                out.push(Cand::new(i, e, Label::Org, Rule::OrgDomain));
                continue;
            }
        }
        // Every cue touches a capitalised word: before it ("the retailer
        // X", "shares of X") or after it ("X shares", "X's chief"); most
        // tokens are ruled out before any lookup.
        let cap_after = i + 1 < n && t.toks[i + 1].cap();
        let cap_before =
            i > 0 && (t.toks[i - 1].cap() || t.is(i - 1, "s") && t.toks[i - 1].glued());
        if !(cap_after || cap_before) {
            continue;
        }
        // "Labour's Shadow Home Secretary", "Acme's President": a name no
        // list knows (nor a given name first) before a possessive and a
        // title is the organisation the title is held in.
        if tok.cap()
            && i >= 3
            && c.is_title(i)
            && t.is(i - 1, "s")
            && t.toks[i - 1].glued()
            && t.is_any(i - 2, &["'", "’"])
            && t.toks[i - 2].glued()
        {
            let e = i - 2;
            let s = org_run_back(c, e);
            if org_run_ok(c, s, e)
                && !c.lex.given.contains(t.s(s))
                && !c
                    .lex
                    .phrases
                    .contains_key(normalize(t.span(s, e - 1)).as_ref())
                && !c.lex.people_surnames.contains(t.s(e - 1))
            {
                out.push(Cand::new(s, e, Label::Org, Rule::OrgCueAfter));
            }
            continue;
        }
        let f = flags(i);
        if f == 0 {
            continue;
        }
        if !tok.cap()
            && f & ORG_NOUN_BEFORE != 0
            && !(i > 0 && t.is(i - 1, "-"))
            && org_name_tok(c, i + 1)
        {
            // "the retailer Woolworths", "chains Coles and Woolworths"
            let mut s = i + 1;
            for _ in 0..4 {
                let e = org_run_forward(c, s);
                if !org_run_ok(c, s, e) {
                    break;
                }
                out.push(Cand::new(s, e, Label::Org, Rule::OrgNounBefore));
                // Another name in a list sharing the cue.
                if t.is(e, ",") && t.is(e + 1, "and") {
                    s = e + 2;
                } else if t.is_any(e, &[",", "and", "or"]) {
                    s = e + 1;
                } else {
                    break;
                }
            }
            continue;
        }
        // "shares of Apple", "a stake in Aer Lingus"; "chief executive of
        // Pixar", "analyst at Miller Tabak": a cue word, a link, a name.
        let linked = [
            (ORG_STAKE, ORG_STAKE_LINK, Rule::OrgSharesOf),
            (ORG_ROLE, ORG_ROLE_LINK, Rule::OrgRoleOf),
        ]
        .into_iter()
        .find(|&(cue, link, _)| {
            !tok.cap() && f & link != 0 && i > 0 && !t.toks[i - 1].cap() && flags(i - 1) & cue != 0
        });
        if let Some((_, _, rule)) = linked {
            let e = org_run_forward(c, i + 1);
            if org_run_ok(c, i + 1, e) {
                out.push(Cand::new(i + 1, e, Label::Org, rule));
            }
            continue;
        }
        // "Aer Lingus shares", "Ford's chief executive", "CAW union": the
        // cue in lowercase, or a title ("Chief", "CEO").
        let cue = f & ORG_CUE_AFTER != 0 && (!tok.cap() || c.is_title_word(i) || tok.all_caps());
        if !cue || i == 0 {
            continue;
        }
        // "Smith shares the view": a verb, not a company's shares.
        if matches!(t.s(i), "shares" | "stock") && t.is_any(i + 1, &w.org_cue_object_guard) {
            continue;
        }
        let mut e = i;
        if e >= 2 && t.is(e - 1, "s") && t.is_any(e - 2, &["'", "’"]) && t.toks[e - 1].glued() {
            e -= 2;
        }
        let s = org_run_back(c, e);
        if org_run_ok(c, s, e) {
            out.push(Cand::new(s, e, Label::Org, Rule::OrgCueAfter));
        }
    }
}

/// "Jewish Voice for Peace", "American Muslims for Palestine", "National
/// Students for Justice in Palestine": inside a sentence, capitalised words
/// (two or more, or one common word: "Physicians"), "for", and capitalised
/// words of a cause (joined by "in" or "of") make one organisation.
/// Not after a title ("Minister for Health", "Commissioner for Refugees").
pub fn orgs_for_cause(c: &Ctx, out: &mut Vec<Cand>) {
    let t = c.t;
    let n = t.toks.len();
    let cap = |k: usize| {
        k < n
            && t.toks[k].kind == Kind::Word
            && t.toks[k].cap()
            && !c.headline[k]
            && !c.lex.w.months.contains(t.s(k))
            && !c.lex.w.weekdays.contains(t.s(k))
    };
    for &i in &t.lower_before_cap {
        let i = i as usize;
        if i == 0 || !t.is(i, "for") || !cap(i - 1) || !cap(i + 1) {
            continue;
        }
        // The name before "for", back to the sentence start at most.
        let mut s = i;
        while s > 0 && i - s < 4 && cap(s - 1) {
            s -= 1;
            if t.toks[s].sent_start() || t.toks[s].para_start() {
                break;
            }
        }
        let words = i - s;
        // The group: an organisation head ("Campaign"), a plural
        // ("Students", "Physicians") or a word for a group ("Voice").
        let last = t.s(i - 1);
        let group = c.lex.org_heads.contains(last)
            || c.lex.w.cause_group_words.contains(last)
            || last.len() > 3 && last.ends_with('s') && !last.ends_with("ss");
        if !group
            || c.lex.given.contains(t.s(s)) && words >= 2
            || c.is_title_word(i - 1)
            || (s..i).any(|k| c.is_title(k))
            || words == 1 && (t.toks[s].sent_start() || !c.lex.is_common(t.s(s)))
            || t.toks[s].sent_start() && c.lex.is_common(t.s(s)) && words < 3
        {
            continue;
        }
        // The cause after it.
        let mut e = i + 1;
        while e < n && e - i <= 6 {
            let word = cap(e) && !t.toks[e].sent_start();
            let joiner = t.is_any(e, &["in", "of"]) && cap(e + 1) && e > i + 1;
            if !(word || joiner) {
                break;
            }
            e += 1;
        }
        while e > i + 1 && !cap(e - 1) {
            e -= 1;
        }
        // "working for Amnesty International": the cause is not an
        // organisation already.
        let known_org = c
            .lex
            .phrases
            .get(normalize(t.span(i + 1, e - 1)).as_ref())
            .is_some_and(|x| x.label == Label::Org);
        if e > i + 1 && !known_org {
            out.push(Cand::new(s, e, Label::Org, Rule::OrgForCause));
        }
    }
}

/// "William Grant & Sons USA", "Smith & Co.": capitalised words (at most
/// three), a spaced "&", a firm word, and at most two more capitalised
/// words ("USA", "Ltd") are one organisation.
fn ampersand_firms(c: &Ctx, out: &mut Vec<Cand>) {
    const LEFT_MAX: usize = 3;
    const TAIL_MAX: usize = 2;
    let t = c.t;
    let n = t.toks.len();
    let cap = |k: usize| k < n && t.toks[k].kind == Kind::Word && t.toks[k].cap();
    for i in t.punct_tokens(b'&') {
        if i == 0 || i + 1 >= n || t.toks[i].glued() || t.toks[i + 1].glued() {
            continue;
        }
        if !(cap(i + 1) && t.is_any(i + 1, &c.lex.w.ampersand_org_words)) {
            continue;
        }
        let mut s = i;
        while s > 0
            && i - s < LEFT_MAX
            && cap(s - 1)
            && !t.toks[s].sent_start()
            && !c.is_title(s - 1)
        {
            s -= 1;
        }
        if s == i || t.toks[i].para_start() {
            continue;
        }
        let mut e = i + 2;
        while e < n
            && e - (i + 2) < TAIL_MAX
            && cap(e)
            && !t.toks[e].para_start()
            && !t.toks[e].sent_start()
        {
            e += 1;
        }
        out.push(Cand::new(s, e, Label::Org, Rule::OrgAmpersand));
    }
}

/// A country's armed service named alone at token `i` ("Army", "Air
/// Force"; rules/names.txt [armed-services]): one past it. Not in a
/// headline, not before another capitalised word ("Army Corps").
fn armed_service_at(c: &Ctx, covered: &[bool], i: usize) -> Option<usize> {
    let t = c.t;
    let n = t.toks.len();
    if c.headline[i] {
        return None;
    }
    let e = if t.is_any(i, &c.lex.w.armed_services) {
        i + 1
    } else if i + 1 < n && !covered[i + 1] && c.lex.w.armed_services.contains(t.span(i, i + 1)) {
        i + 2
    } else {
        return None;
    };
    let next_cap =
        e < n && t.toks[e].kind == Kind::Word && t.toks[e].cap() && !t.toks[e].para_start();
    (!next_cap).then_some(e)
}
