//! Direct quotes and their speakers.

use super::lexicon::Lexicon;
use super::text::{Kind, Text};
use super::Cand;
use crate::model::Label;
use crate::registry::Rule;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    /// “ ” and straight "
    Double,
    /// « »
    Guillemet,
    /// „ “
    Low,
    /// ‘ ’
    Single,
}

/// A paired stretch between quotation marks (token indices of the marks).
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub open: usize,
    pub close: usize,
}

fn mark(s: &str) -> Option<char> {
    let c = s.chars().next()?;
    matches!(c, '“' | '”' | '"' | '«' | '»' | '„' | '‘' | '’').then_some(c)
}

/// Pairs quotation marks, paragraph by paragraph. An unclosed mark never
/// swallows the rest of the article: at a paragraph break it is dropped
/// unless the next paragraph reopens with a mark of the same style.
pub fn pair(t: &Text) -> Vec<Span> {
    let n = t.toks.len();
    let mut out = Vec::new();
    let mut open: Option<(usize, Style)> = None;
    for i in 0..n {
        let tok = t.toks[i];
        if tok.para_start() {
            if let Some((_, style)) = open {
                let reopens = mark(t.s(i)).is_some_and(|c| {
                    matches!(
                        (style, c),
                        (Style::Double, '“' | '"')
                            | (Style::Guillemet, '«')
                            | (Style::Low, '„')
                            | (Style::Single, '‘')
                    )
                });
                let prev_close_punct =
                    i > 0 && t.is_any(i - 1, &[".", ",", "!", "?", "…", ";", ":"]);
                if reopens && prev_close_punct {
                    continue; // the quote goes on in this paragraph
                }
                if let Some(span) = left_open(t, open, i) {
                    out.push(span);
                }
                open = None;
            }
        }
        if tok.kind != Kind::Punct {
            continue;
        }
        let Some(c) = mark(t.s(i)) else { continue };
        let next_glued = i + 1 < n
            && t.toks[i + 1].glued()
            && !t.toks[i + 1].para_start()
            && t.toks[i + 1].kind != Kind::Punct
            || i + 1 < n
                && t.toks[i + 1].glued()
                && t.toks[i + 1].kind == Kind::Punct
                && mark(t.s(i + 1)).is_none()
                && !t.is_any(i + 1, &[",", ".", ";", ":", "!", "?", ")"])
            || i + 2 < n && t.toks[i + 1].glued() && t.is(i + 1, ".") && t.is(i + 2, "."); // “...plied
        let prev_glued = tok.glued() && !tok.para_start() && i > 0;
        let can_open = !prev_glued || (i > 0 && t.is_any(i - 1, &["(", "[", "—", "–", "-"]));
        let can_close = prev_glued;
        match open {
            None => {
                let style = match c {
                    '“' | '"' if next_glued && can_open => Some(Style::Double),
                    '”' if next_glued && !prev_glued => Some(Style::Double), // mis-typed opener
                    '«' => Some(Style::Guillemet),
                    '»' if next_glued && !prev_glued => Some(Style::Guillemet),
                    '„' => Some(Style::Low),
                    '‘' if next_glued && can_open => Some(Style::Single),
                    _ => None,
                };
                if let Some(style) = style {
                    open = Some((i, style));
                }
            }
            Some((o, style)) => {
                let closes = match (style, c) {
                    (Style::Double, '”' | '"') => can_close || i == o + 1,
                    (Style::Double, '“') => can_close && !next_glued,
                    (Style::Guillemet, '»') => true,
                    (Style::Low, '“' | '”') => can_close,
                    (Style::Single, '’') => {
                        // Not an apostrophe: not between letters, and not a
                        // plural possessive ("ISIS’ ability") unless
                        // punctuation follows.
                        let letter_after = next_glued && t.toks[i + 1].kind == Kind::Word;
                        let after_s =
                            i > 0 && t.toks[i - 1].kind == Kind::Word && t.s(i - 1).ends_with('s');
                        let punct_after = i + 1 >= n
                            || !t.toks[i + 1].glued()
                            || t.is_any(i + 1, &[",", ".", ";", ":", "!", "?", ")"]);
                        can_close
                            && !letter_after
                            && (!after_s
                                || t.is_any(i.saturating_sub(1), &[",", ".", "!", "?"])
                                || (punct_after && i + 1 < n && t.toks[i + 1].glued()))
                    }
                    _ => false,
                };
                if closes {
                    if i > o + 1 {
                        out.push(Span { open: o, close: i });
                    }
                    open = None;
                } else if style == Style::Double
                    && matches!(c, '“' | '"')
                    && next_glued
                    && !prev_glued
                {
                    // A new opening before the old one closed: the old one
                    // was left open (kept when it is speech); start again
                    // here.
                    if let Some(span) = left_open(t, open, i) {
                        out.push(span);
                    }
                    open = Some((i, Style::Double));
                }
            }
        }
    }
    if let Some(span) = left_open(t, open, n) {
        out.push(span);
    }
    out
}

/// A quote the article opens and never closes before the paragraph ends
/// (or the next quote opens) at `end` (exclusive): the rest, when it is speech (at
/// least `LEFT_OPEN_MIN_WORDS` words, ending a sentence) — the span closes
/// on the paragraph's last token, not on a mark.
fn left_open(t: &Text, open: Option<(usize, Style)>, end: usize) -> Option<Span> {
    const LEFT_OPEN_MIN_WORDS: usize = 6;
    let (o, style) = open?;
    if style != Style::Double || end < o + 2 {
        return None;
    }
    let last = end - 1;
    let words = (o + 1..last)
        .filter(|&k| t.toks[k].kind != Kind::Punct)
        .count();
    // No other mark inside: a stray mark, not a quote left open.
    let clean = !(o + 1..end).any(|k| mark(t.s(k)).is_some_and(|c| c != '’'));
    (clean && words >= LEFT_OPEN_MIN_WORDS && t.is_any(last, &[".", "!", "?"][..])).then_some(
        Span {
            open: o,
            close: last,
        },
    )
}

/// The quote's attribution, as found in the text.
#[derive(Clone, Debug)]
pub struct Attribution {
    /// Token range of the cue.
    pub cue: Option<(usize, usize)>,
    /// First token of the speaker mention (an entity).
    pub speaker_tok: Option<usize>,
    /// The pronoun is "they" or "it": resolve to an organisation.
    pub pronoun_plural: bool,
    /// Where the pronoun is: it refers to a name before it.
    pub pronoun_tok: usize,
    /// A name run (token range) to add as a PERSON: an unknown name in
    /// speaker position.
    pub new_name: Option<(usize, usize)>,
    pub rule: Rule,
    /// The user rule whose cue attributed the quote, if a user rule did.
    pub cue_rule: Option<u32>,
    /// Continues the previous quote's speaker.
    pub continuation: bool,
    /// Attributed by a pronoun, resolved to the nearest person before.
    pub pronoun: bool,
    /// The speaker's name misspells the surname of the person named in full
    /// at this token: that person speaks.
    pub alias: Option<usize>,
    /// The subject is a common noun ("the widow said", "one poster
    /// writing"): no name nearby stands in for it.
    pub role: bool,
}

impl Default for Attribution {
    fn default() -> Self {
        Attribution {
            cue: None,
            speaker_tok: None,
            pronoun_plural: false,
            pronoun_tok: 0,
            new_name: None,
            rule: Rule::QuoteCueAfter,
            cue_rule: None,
            continuation: false,
            pronoun: false,
            alias: None,
            role: false,
        }
    }
}

impl Attribution {
    /// The speaker is the pronoun at token `j` ("he said"), resolved later.
    fn set_pronoun(&mut self, t: &Text, lex: &Lexicon, j: usize) {
        self.pronoun = true;
        self.pronoun_tok = j;
        self.pronoun_plural = t.is_any(j, &lex.w.plural_pronouns);
        self.rule = Rule::QuotePronoun;
    }
}

/// Finds the entity index covering token `k`.
fn ent_at(ents: &[Cand], k: usize) -> Option<usize> {
    let idx = ents.partition_point(|e| e.e <= k);
    (idx < ents.len() && ents[idx].s <= k).then_some(idx)
}

/// "the company said" (the cue at `k`): the nearest organisation named
/// before `before`, outside quotes, at most LOOKBACK names back.
pub(super) fn role_noun_org(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    quote_mask: &[bool],
    k: usize,
    before: usize,
) -> Option<usize> {
    if k < 2 || !t.is_ci(k - 2, "the") || t.toks[k - 1].kind != Kind::Word {
        return None;
    }
    let role = t.s(k - 1);
    let named = lex.w.org_role_nouns.contains_ci(role);
    if !named && !lex.w.company_role_nouns.contains_ci(role) {
        return None;
    }
    // Of that kind: "the ministry" a name with "Ministry"; "the company" a
    // name with none of those words.
    let government = lex.w.government_role_nouns.contains_ci(role);
    let kind = |e: &Cand| {
        if named {
            (e.s..e.e).any(|x| {
                t.s(x).eq_ignore_ascii_case(role)
                    || government && lex.w.government_bodies.contains_ci(t.s(x))
            })
        } else {
            !(e.s..e.e).any(|x| lex.w.org_role_nouns.contains_ci(t.s(x)))
        }
    };
    let idx = ents.partition_point(|e| e.e <= before);
    (idx.saturating_sub(super::LOOKBACK)..idx)
        .rev()
        .find(|&i| ents[i].label == Label::Org && !quote_mask[ents[i].s] && kind(&ents[i]))
}

/// "The report says, “…”" (the cue at `k`): whoever the article said
/// issued that text before, at most `DOCUMENT_LOOKBACK` tokens back: "a
/// report from the World Bank", "the World Bank's new report", "the council
/// passed a resolution". Not a text in a quote. The entity's index.
fn document_issuer(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    quote_mask: &[bool],
    k: usize,
) -> Option<usize> {
    const DOCUMENT_LOOKBACK: usize = 400;
    const WORDS_BETWEEN: usize = 3;
    // "The report says", "The new report says", "the resolution read".
    let noun = k.checked_sub(1)?;
    if !lex.w.document_nouns.contains_ci(t.s(noun)) || t.toks[noun].kind != Kind::Word {
        return None;
    }
    let det = (noun.saturating_sub(WORDS_BETWEEN)..noun)
        .rev()
        .find(|&j| t.is_ci(j, "the") || t.is_ci(j, "this") || t.is_ci(j, "its"))?;
    if (det + 1..noun).any(|j| t.toks[j].kind != Kind::Word || t.toks[j].cap() && j > det + 1) {
        return None;
    }
    let word = t.s(noun);
    let issuer = |e: &Cand| matches!(e.label, Label::Org | Label::Person) && !quote_mask[e.s];
    let from = det.saturating_sub(DOCUMENT_LOOKBACK);
    for m in (from..det).rev() {
        if quote_mask[m] || !t.s(m).eq_ignore_ascii_case(word) {
            continue;
        }
        // "a report from/by/of [the] X"
        let mut a = m + 1;
        if t.is_any(a, &["from", "by", "of"][..]) {
            a += 1;
            if t.is_ci(a, "the") {
                a += 1;
            }
            if let Some(ei) = ent_at(ents, a).filter(|&ei| ents[ei].s == a && issuer(&ents[ei])) {
                return Some(ei);
            }
        }
        // "X's [new] report", "X released a [new] report": the nearest
        // entity a few words before, in the same sentence.
        let st = t.sentence_start(m);
        let mut j = m;
        let mut words = 0;
        while j > st && words <= WORDS_BETWEEN + 1 {
            j -= 1;
            if let Some(ei) = ent_at(ents, j) {
                let e = &ents[ei];
                let owner = possessive(t, e);
                let verb = (e.e..m).any(|v| t.is_any(v, &lex.w.document_issuing_verbs));
                if issuer(e) && (owner || verb) {
                    return Some(ei);
                }
                break;
            }
            if t.toks[j].kind == Kind::Word {
                words += 1;
            }
        }
    }
    None
}

/// "“…”, Water said", "DesRoiser said, “…”": an unknown capitalised word
/// right before the cue at `k` (not before `lo`) that misspells the surname
/// of a person named in full before it: (its token, that person's first
/// token).
fn misspelt_before_cue(t: &Text, ents: &[Cand], k: usize, lo: usize) -> Option<(usize, usize)> {
    let j = k.checked_sub(1).filter(|&j| j >= lo)?;
    let tok = &t.toks[j];
    if tok.kind != Kind::Word || !tok.cap() || tok.all_caps() || ent_at(ents, j).is_some() {
        return None;
    }
    super::support::misspelt_person(t, ents, j).map(|ei| (j, ents[ei].s))
}

/// The subject of the cue at `k` is a common noun after a determiner ("the
/// widow said", "one poster writing"; not before `lo`): the noun's token and
/// whether the determiner is definite.
fn noun_subject(t: &Text, lex: &Lexicon, k: usize, lo: usize) -> Option<(usize, bool)> {
    let noun = k.checked_sub(1).filter(|&j| j > lo)?;
    let tok = &t.toks[noun];
    if tok.kind != Kind::Word
        || tok.cap()
        || t.is_any(noun, &lex.w.pronouns)
        || lex.w.document_nouns.contains_ci(t.s(noun))
    {
        return None;
    }
    let det = noun - 1;
    if lex.w.role_definite.contains_ci(t.s(det)) {
        Some((noun, true))
    } else if lex.w.role_indefinite.contains_ci(t.s(det)) {
        Some((noun, false))
    } else {
        None
    }
}

/// "the widow said" (the role noun at `role`): the person the article
/// introduced in that role before `before`, nearest first: "manager X",
/// "Club Manager X" (the role among the three words before the name) or
/// "X, the club's manager," (the role before the next comma or sentence
/// end, at most eight words on; not the role noun itself: "After meeting
/// X, the widow said"). At most LOOKBACK names back.
fn role_noun_person(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    quote_mask: &[bool],
    role: usize,
    before: usize,
) -> Option<usize> {
    let word = t.s(role);
    if !lex.w.person_role_nouns.contains_ci(word) {
        return None;
    }
    let n = t.toks.len();
    let idx = ents.partition_point(|e| e.e <= before);
    (idx.saturating_sub(super::LOOKBACK)..idx).rev().find(|&i| {
        let e = &ents[i];
        if e.label != Label::Person || quote_mask[e.s] {
            return false;
        }
        let st = t.sentence_start(e.s);
        let before_name = (e.s.saturating_sub(3).max(st)..e.s)
            .rev()
            .take_while(|&j| ent_at(ents, j).is_none())
            .any(|j| j != role && t.s(j).eq_ignore_ascii_case(word));
        let apposition = t.is(e.e, ",")
            && (e.e + 1..(e.e + 9).min(n))
                .take_while(|&j| {
                    !t.toks[j].sent_start() && !t.is_any(j, &[",", ".", ";", "(", ")"])
                })
                .any(|j| j != role && t.s(j).eq_ignore_ascii_case(word));
        before_name || apposition
    })
}

/// "President X and Vice President Y said": the first of two people joined
/// by "and" (titles between) speaks for both; else `ei` itself.
fn first_of_pair(t: &Text, lex: &Lexicon, ents: &[Cand], ei: usize) -> usize {
    let mut j = ents[ei].s;
    while j > 0 && lex.is_title_word(t.s(j - 1)) {
        j -= 1;
    }
    if j == 0 || !t.is(j - 1, "and") || ei == 0 {
        return ei;
    }
    let prev = &ents[ei - 1];
    if prev.label == Label::Person && prev.e + 1 == j && ents[ei].label == Label::Person {
        ei - 1
    } else {
        ei
    }
}

fn speakerish(e: &Cand) -> bool {
    matches!(e.label, Label::Person | Label::Org)
}

/// Is the entity the object of a preposition ("strategist for Miller
/// Tabak"), so not the subject of a verb of saying?
fn object_of_preposition(t: &Text, lex: &Lexicon, e: &Cand) -> bool {
    e.s > 0 && t.is_any(e.s - 1, &lex.w.not_subject_after)
}

/// The coordinator before the cue at `k`, past linking adverbs ("and later
/// added"): its token.
fn coordinated_cue(t: &Text, lex: &Lexicon, k: usize) -> Option<usize> {
    let mut j = k;
    while j > 0 && j + 2 >= k && t.is_any(j - 1, &lex.w.linking_adverbs) {
        j -= 1;
    }
    (j > 0 && t.is_any(j - 1, &lex.w.coordinators)).then(|| j - 1)
}

/// Is the entity followed by a possessive ("Al Jazeera’s Patty Culhane")?
fn possessive(t: &Text, e: &Cand) -> bool {
    t.is_any(e.e, &["’", "'"])
        && (t.is(e.e + 1, "s") || !t.toks.get(e.e + 1).is_some_and(|x| x.glued()))
}

pub fn attribute(
    t: &Text,
    lex: &Lexicon,
    spans: &[Span],
    ents: &[Cand],
    quote_mask: &[bool],
) -> Vec<Option<Attribution>> {
    let n = t.toks.len();
    let mut out: Vec<Option<Attribution>> = Vec::with_capacity(spans.len());
    for (qi, q) in spans.iter().enumerate() {
        let prev_close = if qi > 0 {
            Some(spans[qi - 1].close)
        } else {
            None
        };
        let next_open = spans.get(qi + 1).map(|s| s.open).unwrap_or(n);
        // After the quote: up to the end of the sentence (or the next quote).
        let mut after_end = q.close + 1;
        while after_end < n && after_end < next_open && after_end < q.close + 30 {
            if t.toks[after_end].para_start() || t.toks[after_end].sent_start() {
                break;
            }
            after_end += 1;
        }
        // Before the quote: from the sentence start (not before the previous quote).
        let mut before_start = q.open;
        while before_start > 0
            && !t.toks[before_start].sent_start()
            && !t.toks[before_start].para_start()
            && q.open - before_start < 40
            && prev_close.is_none_or(|p| before_start - 1 > p)
        {
            before_start -= 1;
        }
        let mut found: Option<Attribution> = None;
        // 1. Cue after the quote: “…,” said X / “…,” X said / according to X.
        let mut k = q.close + 1;
        while k < after_end {
            if let Some((ce, cue_rule)) = lex.cue_at(t, k) {
                // "the text “…”, states: “…”": a cue before a colon and the
                // next quote introduces that quote, not this one.
                if t.is(ce, ":") && ce + 1 == next_open {
                    break;
                }
                // "“…”, and said it was …": the verb shares the subject of
                // the sentence before the quote; look there (step 2).
                if t.is_any(k - 1, &lex.w.coordinators)
                    && !(q.close + 1..k).any(|j| ent_at(ents, j).is_some())
                {
                    break;
                }
                let mut a = Attribution {
                    cue: Some((k, ce)),
                    cue_rule,
                    rule: Rule::QuoteCueAfter,
                    ..Default::default()
                };
                // Subject between the quote and the cue: the nearest entity or pronoun.
                let mut subj: Option<usize> = None;
                for j in (q.close + 1..k).rev() {
                    if let Some(ei) = ent_at(ents, j) {
                        if speakerish(&ents[ei])
                            && !possessive(t, &ents[ei])
                            && !object_of_preposition(t, lex, &ents[ei])
                        {
                            if ents[ei].label == Label::Person {
                                subj = Some(first_of_pair(t, lex, ents, ei));
                                break;
                            }
                            subj = subj.or(Some(ei));
                        }
                    }
                    if t.is_any(j, &lex.w.pronouns) {
                        a.set_pronoun(t, lex, j);
                        break;
                    }
                }
                let is_according =
                    t.is_ci(k, "according") || t.is_ci(k, "in") && t.is_ci(k + 1, "the");
                // "“…,” the widow said": the role's person, else no one.
                let role = (subj.is_none() && !a.pronoun && !is_according)
                    .then(|| noun_subject(t, lex, k, q.close + 1))
                    .flatten();
                if let Some((noun, definite)) = role {
                    a.role = true;
                    subj = definite
                        .then(|| role_noun_person(t, lex, ents, quote_mask, noun, q.open))
                        .flatten();
                    if subj.is_some() {
                        a.rule = Rule::QuoteRolePerson;
                    }
                } else if (subj.is_none() && !a.pronoun || is_according)
                    && !(t.lower_word(k) && t.is_any(k, &lex.w.addressee_cues))
                {
                    a.pronoun = false;
                    // Object after the cue: the first person, else the first
                    // organisation, else an unknown name right after the cue.
                    let mut best: Option<usize> = None;
                    // An unknown name right after the cue ("said Smith") is
                    // the speaker, before any organisation further on; after
                    // "according to", only when nothing known follows.
                    let unknown = unknown_name_after(t, lex, ents, ce, after_end);
                    if !is_according {
                        a.new_name = unknown;
                    }
                    let mut j = if a.new_name.is_some() { after_end } else { ce };
                    while j < after_end {
                        // "said he." — not "said it was".
                        let clause_ends = j + 1 >= n
                            || t.toks[j + 1].kind == Kind::Punct
                            || t.toks[j + 1].sent_start();
                        if t.is_any(j, &lex.w.pronouns) && j == ce && clause_ends {
                            a.set_pronoun(t, lex, j);
                            break;
                        }
                        if let Some(ei) = ent_at(ents, j) {
                            let e = &ents[ei];
                            // "adding to CNN", "speaking to the BBC": the one
                            // spoken to.
                            if !is_according && e.s > 0 && t.is(e.s - 1, "to") {
                                j = e.e;
                                continue;
                            }
                            if e.label == Label::Person {
                                best = Some(ei);
                                break;
                            }
                            if e.label == Label::Org && best.is_none() && !possessive(t, e) {
                                best = Some(ei);
                            }
                            j = e.e;
                            continue;
                        }
                        j += 1;
                    }
                    if best.is_none() && !a.pronoun {
                        a.new_name = unknown;
                    }
                    subj = best;
                    if is_according {
                        a.rule = Rule::QuoteAccordingTo;
                    } else if subj.is_some() || a.new_name.is_some() {
                        a.rule = Rule::QuoteCueBeforeSpeaker;
                    }
                } else if subj.is_some() {
                    a.rule = Rule::QuoteSpeakerBeforeCue;
                }
                if subj.is_none() && !a.pronoun && a.new_name.is_none() {
                    // "“…,” Smith said": an unknown name right before the cue.
                    if let Some(s) = unknown_name_ending(t, lex, k, q.close + 1, |_| true) {
                        a.new_name = Some((s, k));
                        a.rule = Rule::QuoteSpeakerBeforeCue;
                    }
                }
                if subj.is_none() && !a.pronoun && a.new_name.is_none() && !a.role {
                    if let Some((j, full)) = misspelt_before_cue(t, ents, k, q.close + 1) {
                        a.new_name = Some((j, j + 1));
                        a.alias = Some(full);
                        a.rule = Rule::QuoteMisspeltSpeaker;
                    }
                }
                if subj.is_none() && !a.pronoun && a.new_name.is_none() {
                    subj = role_noun_org(t, lex, ents, quote_mask, k, q.open);
                    if subj.is_some() {
                        a.rule = Rule::QuoteRoleNoun;
                    }
                }
                // "“…,” the report says": whoever issued the report.
                if subj.is_none() && !a.pronoun && a.new_name.is_none() && k > q.close + 2 {
                    subj = document_issuer(t, lex, ents, quote_mask, k);
                    if subj.is_some() {
                        a.rule = Rule::QuoteDocumentIssuer;
                    }
                }
                // "X thought of him as “…”, adding to CNN": a participle
                // after a comma takes the sentence's subject.
                if subj.is_none()
                    && !a.pronoun
                    && a.new_name.is_none()
                    && !a.role
                    && t.is(k - 1, ",")
                    && t.is_any(k, &lex.w.participle_cues)
                {
                    subj = super::support::sentence_subject(t, lex, ents, quote_mask, q.open);
                    if subj.is_some() {
                        a.rule = Rule::QuoteSentenceSubject;
                    }
                }
                a.speaker_tok = subj.map(|ei| ents[ei].s);
                found = Some(a);
                break;
            }
            k += 1;
        }
        // 2. Cue before the quote: X said: “…” / According to X, “…”.
        if found.as_ref().is_none_or(|a| {
            a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none() && !a.role
        }) {
            let mut k = q.open;
            while k > before_start {
                k -= 1;
                if quote_mask[k] {
                    continue;
                }
                let Some((ce, cue_rule)) = lex.cue_at(t, k) else {
                    continue;
                };
                if ce > q.open {
                    continue;
                }
                let mut a = Attribution {
                    cue: Some((k, ce)),
                    cue_rule,
                    rule: Rule::QuoteCueBefore,
                    ..Default::default()
                };
                if t.is_ci(k, "according") || t.is_ci(k, "in") && t.is_ci(k + 1, "the") {
                    a.rule = Rule::QuoteAccordingTo;
                    for j in ce..q.open {
                        if let Some(ei) = ent_at(ents, j) {
                            if speakerish(&ents[ei]) {
                                a.speaker_tok = Some(ents[ei].s);
                                break;
                            }
                        }
                    }
                } else if let Some((noun, definite)) = noun_subject(t, lex, k, before_start) {
                    // "The widow said: “…”", "one poster writing “…”": the
                    // role's person or organisation, else no one.
                    a.role = true;
                    let person = definite
                        .then(|| role_noun_person(t, lex, ents, quote_mask, noun, k))
                        .flatten();
                    if let Some(ei) = person {
                        a.speaker_tok = Some(ents[ei].s);
                        a.rule = Rule::QuoteRolePerson;
                    } else if let Some(ei) = role_noun_org(t, lex, ents, quote_mask, k, k) {
                        a.speaker_tok = Some(ents[ei].s);
                        a.rule = Rule::QuoteRoleNoun;
                    }
                } else if let Some(ei) = coordinated_cue(t, lex, k)
                    .filter(|&c| c > before_start && !quote_mask[c])
                    .and_then(|_| super::support::sentence_subject(t, lex, ents, quote_mask, k))
                {
                    // "Netanyahu congratulated Netta and said, “…”": the
                    // coordinated verb shares the sentence's subject.
                    a.speaker_tok = Some(ents[ei].s);
                } else {
                    // The subject: nearest person before the cue, else the
                    // nearest organisation, else a possessor ("Cornyn's
                    // statement added").
                    let mut possessor = None;
                    for j in (before_start..k).rev() {
                        if quote_mask[j] {
                            break;
                        }
                        if let Some(ei) = ent_at(ents, j) {
                            if object_of_preposition(t, lex, &ents[ei]) {
                                continue;
                            }
                            if speakerish(&ents[ei]) && !possessive(t, &ents[ei]) {
                                if ents[ei].label == Label::Person {
                                    a.speaker_tok = Some(ents[first_of_pair(t, lex, ents, ei)].s);
                                    break;
                                }
                                a.speaker_tok = a.speaker_tok.or(Some(ents[ei].s));
                            } else if speakerish(&ents[ei]) {
                                possessor = possessor.or(Some(ents[ei].s));
                            }
                        }
                        if t.is_any(j, &lex.w.pronouns) {
                            a.set_pronoun(t, lex, j);
                            break;
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun {
                        a.speaker_tok = possessor;
                    }
                    // "Jobs … dismissed the claims, saying “…”": a
                    // participle after a comma takes the sentence's subject.
                    if a.speaker_tok.is_none()
                        && !a.pronoun
                        && k > 1
                        && (t.is(k - 1, ",") || quote_mask[k - 1] && t.is(k - 2, ","))
                        && t.is_any(k, &lex.w.participle_cues)
                    {
                        if let Some(ei) =
                            super::support::sentence_subject(t, lex, ents, quote_mask, k)
                        {
                            a.speaker_tok = Some(ents[ei].s);
                            a.rule = Rule::QuoteSentenceSubject;
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun {
                        if let Some((j, full)) = misspelt_before_cue(t, ents, k, before_start) {
                            a.new_name = Some((j, j + 1));
                            a.alias = Some(full);
                            a.rule = Rule::QuoteMisspeltSpeaker;
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none() {
                        if let Some(ei) = role_noun_org(t, lex, ents, quote_mask, k, k) {
                            a.speaker_tok = Some(ents[ei].s);
                            a.rule = Rule::QuoteRoleNoun;
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none() {
                        // "Dodds of Time Magazine points out, “…”": an
                        // unknown name before "of" and the organisation.
                        if let Some(ei) = ent_at(ents, k.saturating_sub(1))
                            .filter(|&ei| ents[ei].e == k && ents[ei].label == Label::Org)
                        {
                            let of = ents[ei].s.saturating_sub(1);
                            let unknown = |j: usize| ent_at(ents, j).is_none();
                            if let Some(s) = t
                                .is(of, "of")
                                .then(|| unknown_name_ending(t, lex, of, before_start, unknown))
                                .flatten()
                            {
                                a.new_name = Some((s, of));
                                a.rule = Rule::QuoteSpeakerBeforeCue;
                            }
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none() {
                        if let Some(ei) = document_issuer(t, lex, ents, quote_mask, k) {
                            a.speaker_tok = Some(ents[ei].s);
                            a.rule = Rule::QuoteDocumentIssuer;
                        }
                    }
                    if a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none() {
                        // "told Reuters: “…”": the person told is not the speaker; look after the cue.
                        for j in ce..q.open {
                            if let Some(ei) = ent_at(ents, j) {
                                // "said al-Megrahi's “pain …”": whose pain, not who said.
                                if ents[ei].label == Label::Person && !possessive(t, &ents[ei]) {
                                    a.speaker_tok = Some(ents[ei].s);
                                    break;
                                }
                            }
                        }
                    }
                }
                found = Some(a);
                break;
            }
        }
        let words = (q.open + 1..q.close)
            .filter(|&k| t.toks[k].kind != Kind::Punct)
            .count();
        let inner_end_punct =
            q.close > 0 && t.is_any(q.close - 1, &[".", ",", "!", "?", "…", ";", ":"]);
        // A fragment in the same sentence as the previous, attributed quote
        // shares its cue and speaker: said Beijing “firmly opposes” the
        // sanctions and would “take necessary measures”.
        let same_sentence_as_prev = qi > 0
            && !(spans[qi - 1].close + 1..=q.open)
                .any(|k| t.toks[k].sent_start() || t.toks[k].para_start());
        // "Cooper said … “for months”, and said it was “…”": a cue right
        // after the previous quote of the sentence (or after "and") with no
        // subject of its own shares that quote's speaker.
        if let (Some(a), Some(Some(prev))) = (&mut found, out.last()) {
            let unattributed = a.speaker_tok.is_none() && !a.pronoun && a.new_name.is_none();
            let prev_has = prev.speaker_tok.is_some() || prev.pronoun || prev.new_name.is_some();
            let linked = a.cue.is_some_and(|(cs, _)| {
                cs < q.open
                    && same_sentence_as_prev
                    && (spans[qi - 1].close + 1..cs).all(|j| {
                        t.toks[j].kind == Kind::Punct
                            || t.is_any(j, &lex.w.coordinators)
                            || t.is_any(j, &lex.w.linking_adverbs)
                    })
            });
            if unattributed && prev_has && linked {
                a.speaker_tok = prev.speaker_tok;
                a.pronoun = prev.pronoun;
                a.pronoun_tok = prev.pronoun_tok;
                a.pronoun_plural = prev.pronoun_plural;
                a.new_name = None;
                a.rule = Rule::QuoteSameSentence;
            }
        }
        let shared = match (&found, out.last()) {
            (None, Some(Some(prev))) if same_sentence_as_prev && prev.cue.is_some() => {
                Some(Attribution {
                    rule: Rule::QuoteSameSentence,
                    continuation: false,
                    ..prev.clone()
                })
            }
            _ => None,
        };
        // A term or a title, not speech: a short stretch right after
        // "called", "dubbed", "the words", "known as" ("a print called
        // “Cowboys and Indians”"), unless a speaker precedes ("which Trump
        // called “fake news”"); and a short fragment whose cue is far away.
        let b = q.open;
        let naming = b > 0 && t.is_any(b - 1, &lex.w.naming_verbs)
            || b > 1 && t.is(b - 2, "known") && t.is(b - 1, "as")
            || b > 1 && t.is(b - 2, "the") && t.is_any(b - 1, &lex.w.naming_nouns);
        let speaker_before_naming = b > 1
            && (ent_at(ents, b - 2).is_some_and(|ei| speakerish(&ents[ei]))
                || t.is_any(b - 2, &lex.w.pronouns));
        let far_cue = |a: &Attribution| {
            a.cue.is_some_and(|(cs, ce)| {
                if cs > q.close {
                    cs - q.close > 12
                } else {
                    q.open - ce > 12
                }
            })
        };
        // A name, not speech: a short title-case stretch right after "the",
        // "an", "on", "in" (the “Lion” release, an “Antennagate,”, says on
        // “The Internet Explorer 6 Countdown”).
        let title_case = words > 0
            && (q.open + 1..q.close).all(|k| {
                let tok = &t.toks[k];
                match tok.kind {
                    Kind::Word => tok.cap(),
                    Kind::Punct => !t.is_any(k, &[".", "!", "?", "…"]),
                    _ => true,
                }
            });
        let named = words <= 5 && title_case && b > 0 && t.is_any(b - 1, &lex.w.term_before);
        let term = words <= 5 && naming && !speaker_before_naming
            || named
            || words <= 3 && found.as_ref().is_some_and(far_cue);
        if term {
            out.push(None);
            continue;
        }
        match found.or(shared) {
            Some(a) => out.push(Some(a)),
            None => {
                // No cue: a continuation when it reads like speech, else a
                // scare quote or a title.
                let sentence_like = words >= 4 && inner_end_punct || words >= 10;
                if sentence_like {
                    out.push(Some(Attribution {
                        rule: Rule::QuoteContinuation,
                        continuation: true,
                        ..Default::default()
                    }));
                } else {
                    out.push(None);
                }
            }
        }
    }
    out
}

/// An unknown capitalised name after a cue, past any titles ("said Deputy
/// Mayor Jane Roe"): its token range.
fn unknown_name_after(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    from: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let mut j = from;
    while j < end && lex.is_title_word(t.s(j)) {
        j += 1;
    }
    let name = |k: usize| k < end && quote_speaker_name(t, lex, k) && ent_at(ents, k).is_none();
    if !name(j) {
        return None;
    }
    let mut e = j + 1;
    while name(e) {
        e += 1;
    }
    Some((j, e))
}

/// A capitalised word that can be (part of) an unknown speaker's name.
/// The run of unknown capitalised names that ends right before `end`
/// (each token passing `also`), starting no earlier than `lo`: its first
/// token ("“…,” Smith said", "Dodds of Time Magazine points out").
fn unknown_name_ending(
    t: &Text,
    lex: &Lexicon,
    end: usize,
    lo: usize,
    also: impl Fn(usize) -> bool,
) -> Option<usize> {
    let name = |j: usize| quote_speaker_name(t, lex, j) && also(j);
    if end == 0 || end - 1 < lo || !name(end - 1) {
        return None;
    }
    let mut s = end - 1;
    while s > lo && name(s - 1) {
        s -= 1;
    }
    Some(s)
}

fn quote_speaker_name(t: &Text, lex: &Lexicon, i: usize) -> bool {
    i < t.toks.len()
        && t.toks[i].kind == Kind::Word
        && t.toks[i].cap()
        && !t.toks[i].all_caps()
        && !lex.is_common(t.s(i))
        && !lex.is_title_word(t.s(i))
}

/// "… the organization said that the authorities were hiding information.
/// “It is shocking …”": a quote with no cue of its own right after a
/// sentence of the same paragraph in which "the organisation" (a role noun)
/// reports speech: that organisation. At most 60 tokens back.
pub fn reported_by_role(
    t: &Text,
    lex: &Lexicon,
    ents: &[Cand],
    quote_mask: &[bool],
    open: usize,
) -> Option<usize> {
    if !t.toks[open].sent_start() || t.toks[open].para_start() {
        return None;
    }
    let st = t.sentence_start(open.saturating_sub(1));
    let lo = st.max(open.saturating_sub(60));
    (lo..open)
        .find(|&k| !quote_mask[k] && lex.is_cue(t, k))
        .and_then(|k| role_noun_org(t, lex, ents, quote_mask, k, k))
}
