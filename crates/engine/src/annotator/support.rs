//! Document-level passes: label consistency, fullest speaker names and
//! candidate speakers.

use super::lexicon::{normalize, FxMap, FxSet, Gender, Lexicon};
use super::quotes::Span;
use super::text::{Kind, Text};
use super::{resolve, Cand, Forbid, RuleRef};
use crate::model::{Candidate, Label, Speaker};
use crate::registry::Rule;
use std::borrow::Cow;
use std::cell::Cell;

/// Index of the entity covering token `tok` (entities sorted by `s`).
pub fn ent_covering(ents: &[Cand], tok: usize) -> Option<usize> {
    let i = ents.partition_point(|e| e.e <= tok);
    (i < ents.len() && ents[i].s <= tok).then_some(i)
}

/// Index of the paragraph containing token `tok`.
pub fn para_index(t: &Text, tok: usize) -> usize {
    t.para_starts.partition_point(|&p| p <= tok)
}

/// One label per name, and every mention of a known name gets it:
/// - a name found by a strong rule labels its other, unlabelled mentions;
/// - a person's surname (or given name + surname) alone is that person;
/// - a weak guess that disagrees with a strong label for the same name is
///   relabelled.
pub fn consistency(
    t: &Text,
    lex: &Lexicon,
    ents: &mut Vec<Cand>,
    taken: &mut [bool],
    acronyms: &[(String, String)],
    forbid: &Forbid,
) {
    let n = t.toks.len();
    // name -> (label, found by a strong rule); keys borrow from the text.
    let mut known: FxMap<Cow<'_, str>, (Label, bool)> = FxMap::default();
    // The first token of every span a name was taken from → its lengths in
    // tokens (bit `n - 1` for `n`, 32 and longer as 32): a mention of a
    // name has its tokens (the same text but for whitespace and ’, which
    // the tokenizer splits the same), so only those lengths are tried.
    let mut lens: FxMap<&str, u32> = FxMap::default();
    fn add_len<'s>(lens: &mut FxMap<&'s str, u32>, first: &'s str, n: usize) {
        *lens.entry(first).or_insert(0) |= 1 << (n.clamp(1, 32) - 1);
    }
    let mut max_tokens = 1usize;
    let mut guessed_pairs: Vec<(&str, &str)> = Vec::new();
    for e in ents.iter() {
        let strong = !e.rule.is_guess();
        let name = normalize(t.span(e.s, e.e - 1));
        if matches!(e.label, Label::Date | Label::Number) {
            continue;
        }
        add_len(&mut lens, t.s(e.s), e.e - e.s);
        // Guessed people count when the guess is a full name, not one word.
        if strong || e.label == Label::Person && e.e - e.s > 1 {
            let entry = known.entry(name).or_insert((e.label, strong));
            if strong && !entry.1 {
                *entry = (e.label, strong);
            }
            max_tokens = max_tokens.max(e.e - e.s);
        }
        // Guessed names of three words or more are full names of people
        // ("Jusman Syafii Djamal"); two capitalised words may be a brand
        // ("Mozilla Firefox", "Warhol Polaroid").
        let guessed_full = !strong && t.span(e.s, e.e - 1).split(' ').count() >= 3;
        // A guessed two-word person ("Adly Mansour"): the last word standing
        // alone is that person, below.
        if e.label == Label::Person
            && !strong
            && e.e == e.s + 2
            && t.toks[e.s + 1].kind == Kind::Word
            && !t.toks[e.s + 1].abbrev()
        {
            guessed_pairs.push((t.s(e.s), t.s(e.s + 1)));
        }
        if e.label == Label::Person && (strong || guessed_full) {
            // Surname alone (also of a guessed full name: "Jusman Syafii
            // Djamal … Djamal told reporters").
            let words: Vec<usize> = (e.s..e.e)
                .filter(|&k| t.toks[k].kind == Kind::Word && !t.toks[k].abbrev())
                .collect();
            if words.len() >= 2 {
                let last = words[words.len() - 1];
                // "bin Laden", "al-Assad": take the capitalised tail.
                let mut from = last;
                while from > e.s && (t.toks[from].glued() && t.is(from - 1, "-")) {
                    from -= 2.min(from - e.s);
                }
                // "De Blaes", "Van Persie": a particle opens the surname.
                if from > e.s + 1 && lex.w.particles.contains_ci(t.s(from - 1)) {
                    from -= 1;
                }
                add_len(&mut lens, t.s(from), e.e - from);
                let surname = normalize(t.span(from, e.e - 1));
                // Even a common word ("Price", "Rice") once the article
                // has named the person; see the sentence-start check below.
                known.entry(surname).or_insert((Label::Person, strong));
                // Given name alone ("Daniel Montalvo … Daniel was picked
                // up"): a known given name that is not a common word.
                let first = t.s(words[0]);
                if strong
                    && words[0] == e.s
                    && lex.given.contains(first)
                    && !lex.is_common(first)
                    && !known.contains_key(first)
                {
                    add_len(&mut lens, first, 1);
                    known.insert(Cow::Borrowed(first), (Label::Person, false));
                }
            }
        }
    }
    for (acr, _) in acronyms {
        add_len(&mut lens, acr, 1);
        known
            .entry(Cow::Borrowed(acr.as_str()))
            .or_insert((Label::Org, true));
    }
    // Not when the guess opens with a known person's surname ("Warhol
    // Polaroid": the second word is a thing of Warhol's).
    let speaking_surnames: FxSet<&str> = guessed_pairs
        .iter()
        .filter(|(first, _)| !matches!(known.get(*first), Some(&(Label::Person, true))))
        .map(|&(_, last)| last)
        .collect();
    // A one-word place or group that is also the surname of a person the
    // article has named in full is that person ("Lloyd Austin … Austin
    // said"), unless it reads as a place ("in Austin", "Austin, Texas").
    for e in ents.iter_mut() {
        if e.e - e.s != 1 || e.label == Label::Person || !e.rule.is_gazetteer() {
            continue;
        }
        let name = t.s(e.s);
        let is_surname = matches!(known.get(name), Some(&(Label::Person, true)))
            || speaking_surnames.contains(name);
        let place_context = e.s > 0 && t.is_any(e.s - 1, &lex.w.place_context)
            || t.is(e.e, ",") && e.e + 1 < n && t.toks[e.e + 1].cap();
        if is_surname && !place_context {
            e.label = Label::Person;
            e.rule = RuleRef::Builtin(Rule::ConsistencyPerson);
        } else if e.rule == RuleRef::Builtin(Rule::GazCity)
            && e.s > 0
            && t.toks[e.s - 1].cap()
            && lex.titles.contains(t.s(e.s - 1))
            && !t.is(e.e, ",")
        {
            // "Gen. Austin", "Mr. Jackson": a city's name after a title is
            // a person's.
            e.label = Label::Person;
            e.rule = RuleRef::Builtin(Rule::TitleName);
        }
    }
    // Relabel weak guesses that disagree with a strong label; a guessed
    // name that starts with a known person's surname is that person and a
    // word after it ("Warhol Polaroid exhibits").
    for e in ents.iter_mut() {
        if e.rule == RuleRef::Builtin(Rule::GuessName)
            && e.e - e.s > 1
            && matches!(known.get(t.s(e.s)), Some(&(Label::Person, true)))
        {
            taken[e.s + 1..e.e].iter_mut().for_each(|x| *x = false);
            e.e = e.s + 1;
            e.rule = RuleRef::Builtin(Rule::ConsistencyPerson);
            continue;
        }
        if e.rule.is_guess() {
            let name = normalize(t.span(e.s, e.e - 1));
            if let Some(&(label, true)) = known.get(name.as_ref()) {
                if label != e.label {
                    e.label = label;
                    e.rule = RuleRef::Builtin(Rule::ConsistencySameName);
                }
            }
        }
    }
    // Label unlabelled mentions.
    let firsts: FxSet<&str> = known
        .keys()
        .map(|k| k.split([' ', '-', '\'']).next().unwrap_or(k.as_ref()))
        .chain(speaking_surnames.iter().copied())
        .collect();
    let n = t.toks.len();
    let mut add = Vec::new();
    let mut i = 0;
    while i < n {
        // "al-Megrahi": a surname may open with a lowercase particle (most
        // lowercase words are ruled out by the hyphen test, before a lookup).
        let particle =
            || t.is(i + 1, "-") && t.toks[i + 1].glued() && t.is_any(i, &lex.w.article_prefixes);
        if taken[i]
            || t.toks[i].kind != Kind::Word
            || !(t.toks[i].cap() || particle())
            || !firsts.contains(t.s(i))
        {
            i += 1;
            continue;
        }
        // A common word opening a sentence ("Price rises …") is a name on
        // its own only when a cue or a verb of saying follows ("Price
        // said"), or a past tense ("Jobs attributed …"); a longer name
        // starting with it always ("De Blaes hit a double").
        let past =
            |j: usize| j < n && t.lower_word(j) && t.s(j).len() > 4 && t.s(j).ends_with("ed");
        let alone_ok = !(t.toks[i].sent_start()
            && lex.is_common(t.s(i))
            && !(i + 1..(i + 3).min(n)).any(|j| lex.is_cue(t, j))
            && !(past(i + 1) && matches!(known.get(t.s(i)), Some(&(Label::Person, true)))));
        let mut hit = None;
        let lens = lens.get(t.s(i)).copied().unwrap_or(0);
        let shortest = if alone_ok { 1 } else { 2 };
        for m in (shortest..=max_tokens.min(n - i)).rev() {
            let j = i + m - 1;
            if lens & (1 << (m.min(32) - 1)) == 0 {
                continue;
            }
            if taken[i..=j].iter().any(|&x| x) || (i + 1..=j).any(|k| t.toks[k].para_start()) {
                continue;
            }
            let key = normalize(t.span(i, j));
            if let Some(&(label, strong)) = known.get(key.as_ref()) {
                let glued_after =
                    j + 1 < n && t.toks[j + 1].glued() && t.toks[j + 1].kind == Kind::Word;
                if !glued_after && (strong || label == Label::Person) {
                    hit = Some((j + 1, label));
                    break;
                }
            }
        }
        // "Adly Mansour … Mansour said": a guessed two-word person's last
        // word, standing alone (no capitalised word or glued token beside
        // it, no article before it), is that person.
        let alone = |j: usize| {
            j >= n
                || !(t.toks[j].glued() && t.toks[j].kind != Kind::Punct
                    || t.toks[j].cap() && t.toks[j].kind == Kind::Word)
        };
        let free_before = i == 0
            || !(t.toks[i].glued()
                || t.toks[i - 1].cap()
                    && t.toks[i - 1].kind == Kind::Word
                    && !t.toks[i].sent_start()
                || t.is_any(i - 1, &lex.w.role_definite)
                || t.is_any(i - 1, &lex.w.role_indefinite));
        if hit.is_none()
            && !taken[i]
            && speaking_surnames.contains(t.s(i))
            && alone(i + 1)
            && free_before
        {
            hit = Some((i + 1, Label::Person));
        }
        if let Some((e, label)) = hit {
            let rule = if label == Label::Person {
                Rule::ConsistencyPerson
            } else {
                Rule::ConsistencySameName
            };
            add.push(Cand::new(i, e, label, rule));
            i = e;
        } else {
            i += 1;
        }
    }
    resolve(add, taken, ents, forbid);
}

/// The fullest name the article uses for an entity: for a person, the
/// longest PERSON mention with the same last word that contains all its
/// words; for an acronym, its expansion (defined in the text, else the one
/// organisation whose initials spell it, as `sources::clusters` matches
/// them); for an organisation, the longest organisation ending with its
/// words ("Home Office" → "United Kingdom Home Office"). Built once per
/// document.
pub struct Fullest<'a> {
    names: &'a [Cow<'a, str>],
    longest_by_last: FxMap<&'a str, &'a str>,
    longest_by_first: FxMap<&'a str, &'a str>,
    acronyms: &'a [(String, String)],
    org_by_last: FxMap<&'a str, &'a str>,
    /// Initials → the organisation they spell (`None` when two do).
    org_by_initials: FxMap<String, Option<&'a str>>,
    /// Per entity, its fullest name once asked: every quote ranks the
    /// names around it, so in a run of quotes each name is asked for by
    /// many of them.
    memo: Vec<Cell<Option<&'a str>>>,
}

/// Initials of a name of two words or more, skipping "of", "the", "and"…
/// (`rules/sources.txt`, `[acronym-skip]`); none when a kept word is not
/// capitalised.
fn org_initials(lex: &Lexicon, name: &str) -> Option<String> {
    let mut out = String::new();
    let mut words = 0;
    for w in name_words(name) {
        words += 1;
        let w = w.trim_matches('.');
        if lex.w.acronym_skip.contains_ci(w) {
            continue;
        }
        let c = w.chars().next()?;
        if !c.is_uppercase() {
            return None;
        }
        out.extend(c.to_uppercase());
    }
    (words >= 2 && out.chars().count() >= 2).then_some(out)
}

/// An all-capitals word of 2–8 letters ("UAW", "U.N."): maybe an acronym.
fn acronym_like(s: &str) -> bool {
    let letters = s.chars().filter(|c| *c != '.');
    let count = letters.clone().count();
    (2..=8).contains(&count) && letters.clone().all(|c| c.is_uppercase() || c == '&')
}

fn name_words(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', '-']).filter(|w| !w.is_empty())
}

impl<'a> Fullest<'a> {
    pub fn new(
        lex: &Lexicon,
        ents: &[Cand],
        names: &'a [Cow<'a, str>],
        acronyms: &'a [(String, String)],
    ) -> Self {
        let mut longest_by_last: FxMap<&'a str, &'a str> = FxMap::default();
        let mut longest_by_first: FxMap<&'a str, &'a str> = FxMap::default();
        let mut org_by_last: FxMap<&'a str, &'a str> = FxMap::default();
        let mut org_by_initials: FxMap<String, Option<&'a str>> = FxMap::default();
        for (e, name) in ents.iter().zip(names) {
            if e.label == Label::Org {
                if let Some(last) = name_words(name).last() {
                    let slot = org_by_last.entry(last).or_insert(name.as_ref());
                    if name.len() > slot.len() {
                        *slot = name.as_ref();
                    }
                }
                if let Some(ini) = org_initials(lex, name) {
                    let slot = org_by_initials.entry(ini).or_insert(Some(name.as_ref()));
                    if slot.is_some_and(|s| s != name) {
                        *slot = None;
                    }
                }
            }
            if e.label != Label::Person {
                continue;
            }
            if let Some(last) = name_words(name).last() {
                let slot = longest_by_last.entry(last).or_insert(name.as_ref());
                if name.len() > slot.len() {
                    *slot = name.as_ref();
                }
            }
            if let Some(first) = name_words(name).next() {
                let slot = longest_by_first.entry(first).or_insert(name.as_ref());
                if name.len() > slot.len() {
                    *slot = name.as_ref();
                }
            }
        }
        Fullest {
            names,
            longest_by_last,
            longest_by_first,
            acronyms,
            org_by_last,
            org_by_initials,
            memo: vec![Cell::new(None); names.len()],
        }
    }

    pub fn get(&self, ents: &[Cand], ei: usize) -> String {
        self.get_str(ents, ei).to_string()
    }

    /// [`Fullest::get`] without a copy: the ranking of candidates asks for
    /// many names it then drops as duplicates.
    pub fn get_str(&self, ents: &[Cand], ei: usize) -> &'a str {
        if let Some(name) = self.memo.get(ei).and_then(Cell::get) {
            return name;
        }
        let name = self.find(ents, ei);
        if let Some(m) = self.memo.get(ei) {
            m.set(Some(name));
        }
        name
    }

    fn find(&self, ents: &[Cand], ei: usize) -> &'a str {
        let own: &'a str = &self.names[ei];
        match ents[ei].label {
            Label::Org => {
                if let Some((_, long)) = self.acronyms.iter().find(|(a, _)| a == own) {
                    return long;
                }
                if acronym_like(own) {
                    let key: String = own.chars().filter(|c| *c != '.' && *c != '&').collect();
                    if let Some(Some(long)) = self.org_by_initials.get(&key) {
                        return long;
                    }
                }
                // "Home Office" → "United Kingdom Home Office".
                if let Some(&long) = name_words(own).last().and_then(|l| self.org_by_last.get(l)) {
                    if long.len() > own.len()
                        && long.ends_with(own)
                        && long[..long.len() - own.len()].ends_with(' ')
                    {
                        return long;
                    }
                }
            }
            Label::Person => {
                let by_last = name_words(own)
                    .last()
                    .and_then(|l| self.longest_by_last.get(l));
                // A lone given name ("Thomas") is the person whose name starts with it.
                let single = name_words(own).count() == 1;
                let by_first = if single {
                    name_words(own)
                        .next()
                        .and_then(|f| self.longest_by_first.get(f))
                } else {
                    None
                };
                for &long in by_last.into_iter().chain(by_first) {
                    // Two words or more, holding every word of `own`.
                    if name_words(long).nth(1).is_some()
                        && name_words(own).all(|w| name_words(long).any(|l| l == w))
                    {
                        return long;
                    }
                }
            }
            _ => {}
        }
        own
    }
}

/// Ranked candidate speakers for a quote: the chosen speaker, then the
/// people and organisations named near it, nearest first.
pub fn candidates(
    t: &Text,
    ents: &[Cand],
    fullest: &Fullest,
    q: &Span,
    chosen: Option<&Speaker>,
    in_quote: &[bool],
) -> Vec<Candidate> {
    // Entities within ~120 tokens either side, outside quotes.
    let lo = q.open.saturating_sub(120);
    let hi = (q.close + 60).min(t.toks.len());
    let first = ents.partition_point(|e| e.e <= lo);
    let mut scored: Vec<(f32, usize)> = Vec::new();
    for (k, e) in ents.iter().enumerate().skip(first) {
        if e.s >= hi {
            break;
        }
        if !matches!(e.label, Label::Person | Label::Org) || in_quote[e.s] {
            continue;
        }
        let dist = if e.e <= q.open {
            q.open - e.e
        } else {
            e.s.saturating_sub(q.close)
        };
        let base = if e.label == Label::Person { 0.6 } else { 0.45 };
        scored.push((
            ((base / (1.0 + dist as f32 / 25.0)) * 1000.0).round() / 1000.0,
            k,
        ));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // At most 5, the chosen speaker included: one allocation (none for a
    // quote with no one around).
    let mut out: Vec<Candidate> =
        Vec::with_capacity((usize::from(chosen.is_some()) + scored.len()).min(5));
    if let Some(s) = chosen {
        out.push(Candidate {
            name: s.name.clone(),
            span: s.span,
            score: 0.9,
        });
    }
    for (score, k) in scored {
        if out.len() >= 5 {
            break;
        }
        let name = fullest.get_str(ents, k);
        if out.iter().any(|c| c.name == name) {
            continue;
        }
        out.push(Candidate {
            name: name.to_string(),
            span: Some(t.byte_span(ents[k].s, ents[k].e)),
            score,
        });
    }
    out
}

/// The gender a title right before person `ei`'s mention says ("Ms
/// Bauchtman", "Mr Howard"). Census given-name data is not used here: on
/// the held-out articles it misled one pronoun.
pub fn person_gender(t: &Text, lex: &Lexicon, ents: &[Cand], ei: usize) -> Option<Gender> {
    let e = &ents[ei];
    (e.s > 0).then(|| lex.title_gender(t.s(e.s - 1))).flatten()
}

/// Per person (by fullest name), the gender the titles of its mentions say
/// ("Ms Bauchtman … Bauchtman said"), `None` when two disagree; with no
/// title, the gender of the fullest name's given name (`data/given_gender.txt`,
/// looked up once per name); absent when neither says. Linear in the
/// entities.
pub fn person_genders<'a>(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    fullest: &Fullest<'a>,
) -> FxMap<&'a str, Option<Gender>> {
    let mut out: FxMap<&'a str, Option<Gender>> = FxMap::default();
    for ei in 0..ents.len() {
        if ents[ei].label != Label::Person {
            continue;
        }
        if let Some(g) = person_gender(t, lex, ents, ei) {
            let slot = out.entry(fullest.get_str(ents, ei)).or_insert(Some(g));
            if *slot != Some(g) {
                *slot = None;
            }
        }
    }
    let mut asked: FxSet<&'a str> = FxSet::default();
    for ei in 0..ents.len() {
        if ents[ei].label != Label::Person {
            continue;
        }
        let full = fullest.get_str(ents, ei);
        if out.contains_key(full) || !asked.insert(full) {
            continue;
        }
        let given = full
            .split_once(' ')
            .and_then(|(first, _)| crate::sources::given_gender(first));
        if let Some(g) = given {
            out.insert(
                full,
                Some(match g {
                    crate::sources::Gender::Man => Gender::Man,
                    crate::sources::Gender::Woman => Gender::Woman,
                }),
            );
        }
    }
    out
}

/// Organisation `org` only names the employer of person `p` right after
/// it: "Ford spokesman John Smith", "Aer Lingus Chief Executive Dermot
/// Mannion" (at most a few words between them).
pub fn affiliation_of(org: &Cand, p: &Cand) -> bool {
    org.label == Label::Org && p.label == Label::Person && org.e <= p.s && p.s - org.e <= 4
}

/// The person a paragraph is about, before token `before`: the last person
/// followed by a cue ("Wilkins also said …"), else the last person who
/// opens a sentence's cast of names ("U.S. Senator John Cornyn, …, issued a
/// statement"). Mentions inside quotes do not count.
pub fn paragraph_subject(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    in_quote: &[bool],
    before: usize,
) -> Option<usize> {
    let para = para_index(t, before);
    let start = if para == 0 {
        0
    } else {
        t.para_starts[para - 1]
    };
    let first = ents.partition_point(|e| e.e <= start);
    // Bounded: at most the last LOOKBACK names before `before`.
    let end = ents.partition_point(|e| e.e <= before);
    let first = first.max(end.saturating_sub(super::LOOKBACK));
    let (mut with_cue, mut opener) = (None, None);
    let mut sentence = usize::MAX;
    let mut actors = 0usize;
    for (k, e) in ents.iter().enumerate().skip(first) {
        if e.e > before {
            break;
        }
        let st = t.sentence_start(e.s);
        if st != sentence {
            sentence = st;
            actors = 0;
        }
        if in_quote[e.s] || !matches!(e.label, Label::Person | Label::Org) {
            continue;
        }
        if e.label == Label::Person {
            // "Ford spokesman John Smith": the organisation names his
            // employer; he still opens the sentence.
            let employer_only = actors == 1 && k > 0 && affiliation_of(&ents[k - 1], e);
            let cue_follows = (e.e..(e.e + 3).min(t.toks.len())).any(|j| lex.is_cue(t, j));
            if cue_follows {
                with_cue = Some(k);
            }
            if actors == 0 || employer_only {
                opener = Some(k);
            }
        }
        actors += 1;
    }
    with_cue.or(opener)
}

/// The subject of the sentence that holds token `to`: its first person or
/// organisation before `to` (outside quotes, not the object of a
/// preposition such as "for" or "of"); "Ford spokesman John Smith" gives
/// the person; none when a pronoun comes first. Bounded by the sentence (at most 400 tokens).
pub fn sentence_subject(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    in_quote: &[bool],
    to: usize,
) -> Option<usize> {
    let st = t.sentence_start(to);
    let first = ents.partition_point(|e| e.e <= st);
    let end = ents.partition_point(|e| e.e <= to);
    let k = (first..end).find(|&k| {
        let e = &ents[k];
        let object = e.s > 0 && t.is_any(e.s - 1, &lex.w.not_subject_after);
        let possessor = t.is_any(e.e, &["’", "'"]) && t.is(e.e + 1, "s");
        matches!(e.label, Label::Person | Label::Org) && !in_quote[e.s] && !object && !possessor
    })?;
    // "He characterized the conflict between X and Y as “…”": the subject
    // is a pronoun, not a name.
    if (st..ents[k].s).any(|j| !in_quote[j] && t.is_any(j, &lex.w.pronouns)) {
        return None;
    }
    match ents.get(k + 1) {
        Some(p) if p.e <= to && !in_quote[p.s] && affiliation_of(&ents[k], p) => Some(k + 1),
        _ => Some(k),
    }
}

/// Edit distance with transpositions (optimal string alignment) between
/// two short words, case-insensitive; `None` past 32 characters (names are
/// short: the cost stays constant per mention).
fn edit_distance(a: &str, b: &str) -> Option<usize> {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    if a.len() > 32 || b.len() > 32 {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, x) in d.iter_mut().take(w).enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    Some(d[a.len() * w + b.len()])
}

/// Is `word` a misspelling of the surname `surname` ("Bauchtman" for
/// "Buchtmann", "DesRoiser" for "DesRosier", "Water" for "Waters")? Strict:
/// both of five letters or more, the same first letter, one edit apart (two
/// when both have eight letters or more), and not the same word.
pub fn misspelt(word: &str, surname: &str) -> bool {
    let (lw, ls) = (word.chars().count(), surname.chars().count());
    let first = |s: &str| s.chars().next().map(|c| c.to_lowercase().next());
    if lw.min(ls) < 5 || first(word) != first(surname) || word.eq_ignore_ascii_case(surname) {
        return false;
    }
    let max = if lw.min(ls) >= 8 { 2 } else { 1 };
    edit_distance(word, surname).is_some_and(|d| (1..=max).contains(&d))
}

/// The person named in full before token `i` (at most LOOKBACK names back)
/// whose surname the word at `i` misspells ("Ms Bauchtman said" after
/// "Lydia Buchtmann"): that mention's entity. None when two people's
/// surnames fit, or when the word is itself some person's name.
pub fn misspelt_person(t: &Text, ents: &[Cand], i: usize) -> Option<usize> {
    let word = t.s(i);
    let end = ents.partition_point(|e| e.s < i);
    let from = end.saturating_sub(super::LOOKBACK);
    let mut found: Option<(usize, &str)> = None;
    for k in (from..end).rev() {
        let e = &ents[k];
        if e.label != Label::Person || e.e - e.s < 2 {
            continue;
        }
        let last = e.e - 1;
        if t.toks[last].kind != Kind::Word {
            continue;
        }
        let surname = t.s(last);
        if surname == word {
            return None;
        }
        if misspelt(word, surname) {
            match found {
                Some((_, s)) if s != surname => return None,
                Some(_) => {}
                None => found = Some((k, surname)),
            }
        }
    }
    found.map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::misspelt;

    #[test]
    fn misspelt_surnames() {
        // (word, surname, a misspelling?)
        let cases = [
            ("Bauchtman", "Buchtmann", true),
            ("DesRoiser", "DesRosier", true),
            ("Water", "Waters", true),
            ("Smyth", "Smith", true),
            ("Bachman", "Buchtmann", false),
            ("MacFarlane", "MacDonald", false),
            ("Jones", "Jones", false),
            ("Lee", "Lea", false),
            ("Waters", "Maters", false),
            ("Johnson", "Jonsson", false),
        ];
        for (word, surname, want) in cases {
            assert_eq!(misspelt(word, surname), want, "{word} / {surname}");
        }
    }
}
