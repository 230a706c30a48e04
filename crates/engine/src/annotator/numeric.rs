//! DATE and NUMBER patterns over tokens.

use super::lexicon::{normalize, with_lower, Lexicon, WordList};
use super::text::{Kind, Text};
use super::Cand;
use crate::model::Label;
use crate::registry::Rule;

fn lower_in<L: WordList + ?Sized>(t: &Text, i: usize, set: &L) -> bool {
    i < t.toks.len() && t.toks[i].kind == Kind::Word && set.has_ci(t.s(i))
}

fn is_year(t: &Text, i: usize) -> bool {
    if i >= t.toks.len() || t.toks[i].kind != Kind::Num {
        return false;
    }
    let s = t.s(i);
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with("19") || s.starts_with("20") || s.starts_with("18"))
}

/// A four-digit year before 1800 ("1775"), read as one only where a date
/// expects a year.
fn is_old_year(t: &Text, i: usize) -> bool {
    i < t.toks.len()
        && t.toks[i].kind == Kind::Num
        && t.s(i).len() == 4
        && t.s(i)
            .parse::<u32>()
            .is_ok_and(|y| (1000..1800).contains(&y))
}

fn is_decade(t: &Text, i: usize) -> bool {
    if i >= t.toks.len() || t.toks[i].kind != Kind::Num {
        return false;
    }
    let s = t.s(i);
    s.len() == 5 && s.ends_with("0s") && s[..4].bytes().all(|b| b.is_ascii_digit())
}

/// "1980's": a year ending in 0 followed by a glued "'" and "s".
fn is_decade_apostrophe(t: &Text, i: usize) -> bool {
    is_year(t, i)
        && t.s(i).ends_with('0')
        && i + 2 < t.toks.len()
        && t.toks[i + 1].glued()
        && t.toks[i + 2].glued()
        && matches!(t.s(i + 1), "'" | "\u{2019}")
        && t.s(i + 2) == "s"
}

fn is_day_number(t: &Text, i: usize) -> bool {
    if i >= t.toks.len() || t.toks[i].kind != Kind::Num {
        return false;
    }
    let s = t.s(i);
    let digits: &str = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && digits.len() <= 2
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_month(t: &Text, lex: &Lexicon, i: usize) -> bool {
    if i >= t.toks.len() {
        return false;
    }
    if !lex.w.months.contains(t.s(i)) {
        // "Feb 15": an abbreviation without its period, only before a day.
        return lex.w.short_months.contains(t.s(i)) && is_day_number(t, i + 1);
    }
    if lex.w.months_also_words.contains(t.s(i)) {
        // Modal "May" and the verb "March" at a sentence start: a month only
        // with a day or year beside it or a date word before it.
        let before = i > 0 && lower_in(t, i - 1, &lex.w.month_word_before);
        let after = is_day_number(t, i + 1) || is_year(t, i + 1);
        return before || after;
    }
    true
}

/// A cardinal in words or digits at `i`: returns one past its last token.
fn cardinal(t: &Text, lex: &Lexicon, i: usize) -> Option<usize> {
    let n = t.toks.len();
    if i >= n {
        return None;
    }
    let tok = t.toks[i];
    let mut j;
    match tok.kind {
        Kind::Num => {
            let s = t.s(i);
            let digits = s.trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &s[digits.len()..];
            if !(suffix.is_empty() || lex.w.scales.contains_ci(suffix)) {
                return None; // 1st, 3D, 4G, 5pm
            }
            j = i + 1;
        }
        Kind::Word if lower_in(t, i, &lex.w.small) => {
            j = i + 1;
            // twenty-five
            if t.is(j, "-")
                && t.toks[j].glued()
                && j + 1 < n
                && t.toks[j + 1].glued()
                && lower_in(t, j + 1, &lex.w.small)
            {
                j += 2;
            }
        }
        Kind::Word
            if lower_in(t, i, &lex.w.counted_after_a) && i > 0 && lower_in(t, i - 1, &["a"]) =>
        {
            // "a dozen", "a million": the count without the article.
            j = i + 1;
        }
        _ => return None,
    }
    let words = tok.kind == Kind::Word;
    // "thirty eight": tens, a space and a unit.
    if words && tens_then_unit(t, lex, j - 1, j) {
        j += 1;
    }
    // "two dozen"
    if words && lower_in(t, j, &["dozen"]) && !t.toks[j].glued() {
        j += 1;
    }
    loop {
        let before = j;
        while j < n && lower_in(t, j, &lex.w.scales) && !t.toks[j].glued() {
            j += 1;
        }
        // "two hundred thirty eight", "one thousand and five": in words, a
        // scale goes on with a smaller count.
        if !words || j == before {
            break;
        }
        let mut k = j;
        if lower_in(t, k, &["and"]) {
            k += 1;
        }
        if !lower_in(t, k, &lex.w.small) || t.toks[k].glued() {
            break;
        }
        k += 1;
        if t.is(k, "-")
            && t.toks[k].glued()
            && lower_in(t, k + 1, &lex.w.small)
            && t.toks[k + 1].glued()
        {
            k += 2;
        } else if tens_then_unit(t, lex, k - 1, k) {
            k += 1;
        }
        j = k;
    }
    // "1.5 million", "two and a half million" are rare enough to skip.
    Some(j)
}

/// "thirty eight": a tens word at `a` ("twenty" … "ninety") and a unit
/// word at `b` ("one" … "nine") after a space.
fn tens_then_unit(t: &Text, lex: &Lexicon, a: usize, b: usize) -> bool {
    b < t.toks.len()
        && t.toks[a].kind == Kind::Word
        && t.s(a).len() > 4
        && t.s(a).as_bytes()[t.s(a).len() - 2..].eq_ignore_ascii_case(b"ty")
        && lower_in(t, a, &lex.w.small)
        && !t.toks[b].glued()
        && lower_in(t, b, &lex.w.digit_words)
}

/// Can a DATE or NUMBER start at token `i`? A cheap test that skips most
/// tokens before the patterns run.
fn may_start(t: &Text, lex: &Lexicon, i: usize) -> bool {
    let tok = t.toks[i];
    match tok.kind {
        Kind::Num => true,
        Kind::Punct => lex.w.currency_signs.contains(t.s(i)),
        Kind::Word => {
            let s = t.s(i);
            if tok.cap() {
                // Months, weekdays, "US$", capitalised starters ("The last…").
                return tok.all_caps() && s.len() <= 3
                    || lex.w.holiday_first_words.contains(s)
                    || lex.w.months.contains(s)
                    || lex.w.short_months.contains(s)
                    || lex.w.weekdays.contains(s)
                    || lex.w.starters.contains_ci(s);
            }
            // A gated starter ("that", "some") only before a unit: asked
            // of starters only, so that other words cost one lookup.
            lex.w.starters.contains(s)
                && (!lex.w.gated_starters.contains(s)
                    || lower_in(t, i + 1, &lex.w.units)
                    || lower_in(t, i + 1, &["of", "couple"]))
        }
    }
}

/// "the"/"a" start a DATE or NUMBER only before a few words ("the end of",
/// "the last year", "a year ago", "a dozen"): a quick test that skips the
/// patterns for the many other articles.
fn articles_without_date_word(t: &Text, lex: &Lexicon, i: usize) -> bool {
    let s = t.s(i);
    if !matches!(s, "the" | "The" | "a" | "A") {
        return false;
    }
    match t.toks.get(i + 1) {
        Some(next) if next.kind == Kind::Num => false,
        Some(next) if next.kind == Kind::Word => !with_lower(t.s(i + 1), |w| {
            lex.w.starters.contains(w)
                || lex.w.period_of.contains(w)
                || lex.w.relative.contains(w)
                || lex.w.decade_words.contains(w)
                || lex.w.units.contains(w)
                || lex.w.after_article.contains(w)
        }),
        _ => true,
    }
}

pub fn find(t: &Text, lex: &Lexicon, out: &mut Vec<Cand>) {
    let n = t.toks.len();
    let mut i = 0;
    while i < n {
        if !may_start(t, lex, i)
            || articles_without_date_word(t, lex, i)
            || part_of_a_name(t, lex, i)
        {
            i += 1;
            continue;
        }
        if let Some((s, e, label, rule)) = date_at(t, lex, i).or_else(|| number_at(t, lex, i)) {
            out.push(Cand::new(s, e, label, rule));
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
}

type Hit = (usize, usize, Label, Rule);

/// A month or weekday name as written ("May", "Sept.", "Tuesday").
pub fn is_month_or_weekday(lex: &Lexicon, s: &str) -> bool {
    lex.w.months.contains(s) || lex.w.short_months.contains(s) || lex.w.weekdays.contains(s)
}

/// A number that is part of a name is neither NUMBER nor DATE: "Studio 54",
/// "Vostok 1", "Terrorism Act 2000", "Boeing 747". It follows a capitalised
/// word that is not a known place, group or organisation ("Washington 28"
/// stays a number), nor a month or weekday; and numbers after "every"
/// ("every ten years") are frequencies.
fn part_of_a_name(t: &Text, lex: &Lexicon, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    if lower_in(t, i - 1, &lex.w.frequency) {
        return true;
    }
    // "the 2014 Winter Olympics"
    if is_year(t, i) && event_name_after(t, lex, i + 1) {
        return true;
    }
    let (prev, tok) = (t.toks[i - 1], t.toks[i]);
    // "World War Two", "Working Group Two": a capitalised number word
    // after a capitalised word is part of a name.
    if tok.kind == Kind::Word
        && tok.cap()
        && !tok.sent_start()
        && !tok.all_caps()
        && prev.kind == Kind::Word
        && prev.cap()
        && !prev.all_caps()
        && lex.w.small.contains_ci(t.s(i))
    {
        let p = t.s(i - 1);
        return !(is_month_or_weekday(lex, p)
            || lex.titles.contains(p)
            || lex.phrases.contains_key(p));
    }
    if tok.kind != Kind::Num
        || tok.glued()
        || prev.kind != Kind::Word
        || !prev.cap()
        || prev.all_caps()
        || prev.sent_start()
    {
        return false;
    }
    let p = t.s(i - 1);
    !(is_month_or_weekday(lex, p) || lex.first.contains_key(p) || lex.titles.contains(p))
}

/// A date written with slashes at token `i`: one past it. "7/7/2005",
/// "9/11", "26/11", "7/7" (day and month, the same or the second above ten);
/// not a fraction ("3/4") nor a round-the-clock figure ("24/7").
fn slash_date(t: &Text, i: usize) -> Option<usize> {
    let n = t.toks.len();
    let num = |k: usize| -> Option<u32> {
        (k < n && t.toks[k].kind == Kind::Num && t.s(k).len() <= 4)
            .then(|| t.s(k).parse().ok())
            .flatten()
    };
    let joined = |k: usize| k + 1 < n && t.is(k, "/") && t.toks[k].glued() && t.toks[k + 1].glued();
    let a = num(i)?;
    if !joined(i + 1) {
        return None;
    }
    let b = num(i + 2)?;
    if i > 0 && t.toks[i].glued() && t.toks[i - 1].kind != Kind::Punct {
        return None;
    }
    // "7/7/2005", "12/25/2019"
    if joined(i + 3) {
        let y = num(i + 4)?;
        let ok = (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12);
        return (ok && (y < 100 || (1800..=2200).contains(&y))).then_some(i + 5);
    }
    let day_month = (1..=31).contains(&a) && (1..=12).contains(&b)
        || (1..=12).contains(&a) && (1..=31).contains(&b);
    (day_month && (a == b || b > 10) && t.s(i).len() <= 2 && t.s(i + 2).len() <= 2).then_some(i + 3)
}

/// The longest holiday in tokens ("New Year ' s Eve").
const HOLIDAY_MAX_TOKENS: usize = 6;

fn date_at(t: &Text, lex: &Lexicon, i: usize) -> Option<Hit> {
    let n = t.toks.len();
    let tok = t.toks[i];
    if tok.kind == Kind::Punct {
        return None;
    }
    // "7/7", "9/11", "26/11", "7/7/2005": a date written with slashes (not a
    // fraction such as "3/4", nor "24/7").
    if let Some(e) = slash_date(t, i) {
        return Some((i, e, Label::Date, Rule::DateNumeric));
    }
    // "Christmas Day", "New Year's Eve", "Ramadan": the longest holiday, not
    // part of a longer name.
    if tok.cap() && lex.w.holiday_first_words.contains(t.s(i)) {
        let longest = (1..=HOLIDAY_MAX_TOKENS.min(n - i)).rev().find(|&m| {
            let j = i + m - 1;
            t.toks[j].kind == Kind::Word
                && !(j + 1 < n && t.toks[j + 1].glued() && t.toks[j + 1].kind == Kind::Word)
                && lex.w.holidays.contains(&normalize(t.span(i, j)))
        });
        // Not inside a longer name: "Good Friday Agreement", "Easter Island".
        let in_name =
            |m: usize| i + m < n && t.toks[i + m].kind == Kind::Word && t.toks[i + m].cap();
        if let Some(m) = longest.filter(|&m| !in_name(m)) {
            return Some((i, i + m, Label::Date, Rule::DateHoliday));
        }
    }
    // Optional lead: "the end of", "early", "late", "mid-".
    let mut s = i;
    let mut k = i;
    let mut lead = false;
    if lower_in(t, k, &["the"])
        && lower_in(t, k + 1, &lex.w.period_of)
        && lower_in(t, k + 2, &["of"])
    {
        k += 3;
        lead = true;
    } else if lower_in(t, k, &["the"])
        && lower_in(t, k + 1, &lex.w.edge)
        && (is_decade(t, k + 2) || is_decade_apostrophe(t, k + 2))
    {
        // "the late 1980s", "the early 1990's"
        k += 2;
        lead = true;
    } else if lower_in(t, k, &lex.w.edge) {
        if t.is(k + 1, "-") && t.toks[k + 1].glued() {
            k += 2;
        } else {
            k += 1;
        }
        lead = true;
    }
    // Month-based dates.
    if is_month(t, lex, k) {
        let mut e = k + 1;
        if is_day_number(t, e) {
            e += 1;
            // "March 4-7", "4–7 March"
            if t.is_any(e, &["-", "–"])
                && t.toks[e].glued()
                && is_day_number(t, e + 1)
                && t.toks[e + 1].glued()
            {
                e += 2;
            }
            // "June 3 and 4": two days of one month
            if t.is(e, "and")
                && is_day_number(t, e + 1)
                && !followed_by_unit_or_scale(t, lex, e + 2)
            {
                e += 2;
            }
            // "June 14, 1775": after a day and a comma, any four-digit year.
            if t.is(e, ",") && (is_year(t, e + 1) || is_old_year(t, e + 1)) {
                e += 2;
            } else if is_year(t, e) {
                e += 1;
            }
        } else if is_year(t, e) {
            e += 1;
        } else if t.is(e, "of")
            && lower_in(t, e + 1, &["last", "this", "next"])
            && lower_in(t, e + 2, &["year"])
        {
            // "May of last year"
            e += 3;
        } else if lower_in(t, e, &["last", "this", "next"]) && lower_in(t, e + 1, &["year"]) {
            // "June last year"
            e += 2;
        }
        return Some((s, e, Label::Date, Rule::DateMonth));
    }
    // Day Month [Year]
    if is_day_number(t, k) && is_month(t, lex, k + 1) {
        let mut e = k + 2;
        if is_year(t, e) {
            e += 1;
        }
        return Some((s, e, Label::Date, Rule::DateDayMonth));
    }
    // Weekday [, Month Day] [morning]
    if k < n && lex.w.weekdays.contains(t.s(k)) {
        let mut e = k + 1;
        if t.is(e, ",") && is_month(t, lex, e + 1) && is_day_number(t, e + 2) {
            e += 3;
            if t.is(e, ",") && is_year(t, e + 1) {
                e += 2;
            }
        }
        if lower_in(t, e, &lex.w.day_parts) && !t.toks[e].glued() {
            e += 1;
        }
        return Some((s, e, Label::Date, Rule::DateWeekday));
    }
    // "the late 1980's": a decade written with an apostrophe after a lead.
    if lead && is_decade_apostrophe(t, k) {
        return Some((s, k + 3, Label::Date, Rule::DateYear));
    }
    // Years and decades, possibly with a lead.
    if (is_year(t, k) || is_decade(t, k))
        && !followed_by_unit_or_scale(t, lex, k + 1)
        && !(k > 0 && t.is(k - 1, "-") && t.toks[k - 1].glued() && !lead)
    {
        if k > 0 && t.is(k - 1, "$") {
            return None;
        }
        // "the 2014 Winter Olympics": the year names the event.
        if is_year(t, k) && event_name_after(t, lex, k + 1) {
            return None;
        }
        if !lead && k > 0 && lower_in(t, k - 1, &["the"]) && is_decade(t, k) {
            s = k - 1;
        }
        return Some((s, k + 1, Label::Date, Rule::DateYear));
    }
    if lead {
        // "earlier today", "the end of the year", "late last year"
        if lower_in(t, k, &["today"]) {
            return Some((s, k + 1, Label::Date, Rule::DateDeictic));
        }
        if lower_in(t, k, &["the", "this", "next", "last"])
            && lower_in(t, k + 1, &lex.w.units)
            && i + 1 < k
        {
            return Some((s, k + 2, Label::Date, Rule::DateRelative));
        }
        if lower_in(t, k, &["the"]) && lower_in(t, k + 1, &lex.w.decade_words) {
            return Some((s, k + 2, Label::Date, Rule::DateDecade));
        }
        if lower_in(t, k, &["last", "next", "this"]) && lower_in(t, k + 1, &lex.w.units) {
            return Some((s, k + 2, Label::Date, Rule::DateRelative));
        }
        if lower_in(t, k, &lex.w.seasons) && (is_year(t, k + 1)) {
            return Some((s, k + 2, Label::Date, Rule::DateSeason));
        }
        return None;
    }
    // [earlier|later] today / yesterday / tomorrow
    let d = if lower_in(t, i, &["earlier", "later"]) && lower_in(t, i + 1, &["today"]) {
        i + 1
    } else {
        i
    };
    if lower_in(t, d, &lex.w.deictic) && !t.toks[d].cap()
        || t.is_any(d, &["Yesterday", "Tomorrow", "Today"])
    {
        let mut e = d + 1;
        if lower_in(t, e, &lex.w.day_parts) && !t.toks[e].glued() {
            e += 1;
        }
        return Some((i, e, Label::Date, Rule::DateDeictic));
    }
    // [the] last/past/next [N] units; this/last/next unit; earlier this year
    let mut k = i;
    let with_the = lower_in(t, k, &["the"]);
    if with_the {
        k += 1;
    }
    if lower_in(t, k, &["earlier", "later"])
        && lower_in(t, k + 1, &["this", "last", "next"])
        && lower_in(t, k + 2, &lex.w.units)
        && !with_the
    {
        return Some((i, k + 3, Label::Date, Rule::DateRelative));
    }
    if with_the && lower_in(t, k, &lex.w.decade_words) {
        return Some((i, k + 1, Label::Date, Rule::DateDecade)); // "the sixties"
    }
    if lower_in(t, k, &["this", "last"])
        && lower_in(t, k + 1, &["past", "coming"])
        && lower_in(t, k + 2, &lex.w.units)
    {
        return Some((i, k + 3, Label::Date, Rule::DateRelative));
    }
    // "the weekend": the one the story is about.
    if with_the && lower_in(t, k, &["weekend"]) {
        return Some((i, k + 1, Label::Date, Rule::DateRelative));
    }
    // "that year", "that week": the one just named.
    if !with_the
        && lower_in(t, k, &["that"])
        && lower_in(
            t,
            k + 1,
            &["day", "week", "month", "year", "weekend", "season"],
        )
        && !(k + 2 < n && t.toks[k + 2].kind == Kind::Word && t.is_any(k + 2, &lex.w.units))
        && !lower_in(t, k + 2, &["after", "by", "to"])
        && !(k > 0 && lex.is_cue(t, k - 1))
    {
        return Some((i, k + 2, Label::Date, Rule::DateRelative));
    }
    if lower_in(t, k, &lex.w.relative) || (!with_the && lower_in(t, k, &["this"])) {
        let mut e = k + 1;
        // "last Friday", "next Tuesday"
        if !with_the
            && lower_in(t, k, &["last", "next", "this", "past", "coming"])
            && e < n
            && lex.w.weekdays.contains(t.s(e))
        {
            return Some((i, e + 1, Label::Date, Rule::DateWeekday));
        }
        if let Some(c) = cardinal(t, lex, e) {
            if lower_in(t, c, &lex.w.duration_units) {
                e = c;
            }
        } else if let Some(v) = vague_count(t, lex, e) {
            // "the next few weeks", "the next couple of years"
            e = v;
        }
        if lower_in(t, e, &lex.w.units) {
            // "the first year" is a DATE only with last/past/next: skip ordinals.
            if lower_in(t, k, &lex.w.ordinal_relative) {
                return None;
            }
            return Some((i, e + 1, Label::Date, Rule::DateRelative));
        }
        if lower_in(t, e, &lex.w.seasons) && !with_the {
            return Some((i, e + 1, Label::Date, Rule::DateSeason));
        }
        return None;
    }
    if with_the {
        // "the seven days", "the 25 years"
        if let Some(c) = cardinal(t, lex, k) {
            if lower_in(t, c, &lex.w.duration_units)
                && t.toks[k].kind != Kind::Punct
                && !(c > k && t.is(c - 1, "-"))
            {
                return Some((i, c + 1, Label::Date, Rule::DateDuration));
            }
        }
        return None;
    }
    // N units [ago|earlier|later]: "25 years", "two days ago".
    if let Some(c) = cardinal(t, lex, i) {
        // A day or more: "48 hours" is a DATE, "two hours" is not.
        let day_of_hours = lower_in(t, c, &["hours"])
            && c == i + 1
            && t.s(i).parse::<u32>().is_ok_and(|h| h >= 24);
        if (lower_in(t, c, &lex.w.duration_units) || day_of_hours)
            && !(c + 1 < n && t.is(c + 1, "-") && t.toks[c + 1].glued())
            && !(t.is(c, "-"))
        {
            if c < n && t.toks[c].glued() {
                return None; // 5years? odd; skip
            }
            // A number glued by a hyphen to its unit is a modifier ("two-year").
            if c > i && t.is(c - 1, "-") {
                return None;
            }
            let mut e = c + 1;
            if t.is_ci(e, "old") {
                return None; // "five years old" is an age
            }
            if lower_in(t, e, &lex.w.after_duration) {
                e += 1;
            }
            if i > 0
                && (lower_in(t, i - 1, &lex.w.not_date_before_count)
                    || t.is(i - 1, "-")
                    || t.is(i - 1, "–"))
            {
                return None; // frequencies and ages are not dates
            }
            if i > 1 && lower_in(t, i - 2, &["age"]) && lower_in(t, i - 1, &["of"]) {
                return None;
            }
            return Some((i, e, Label::Date, Rule::DateDuration));
        }
    }
    // "several years", "a few months", "a couple of months"
    let vague_from = if lower_in(t, i, &["a"]) { i + 1 } else { i };
    if let Some(v) = vague_count(t, lex, vague_from) {
        let before_ok = !(i > 0 && lower_in(t, i - 1, &lex.w.not_date_before_count));
        if before_ok && !(v + 1 < n && t.is(v + 1, "-")) && !t.is_ci(v + 1, "old") {
            return Some((i, v + 1, Label::Date, Rule::DateDuration));
        }
    }
    if lower_in(t, i, &["a"])
        && lower_in(t, i + 1, &["day", "week", "month", "year", "decade"])
        && lower_in(t, i + 2, &["ago", "earlier"])
    {
        return Some((i, i + 3, Label::Date, Rule::DateDuration));
    }
    None
}

/// "several years", "few weeks", "couple of months": a vague count at `k`
/// (`rules/dates.txt [vague-counts]`, "couple" with its "of") before a
/// duration unit; the unit's index.
fn vague_count(t: &Text, lex: &Lexicon, k: usize) -> Option<usize> {
    if !lower_in(t, k, &lex.w.vague_counts) {
        return None;
    }
    let u = if lower_in(t, k + 1, &["of"]) {
        k + 2
    } else {
        k + 1
    };
    lower_in(t, u, &lex.w.plural_duration_units).then_some(u)
}

fn followed_by_unit_or_scale(t: &Text, lex: &Lexicon, j: usize) -> bool {
    lower_in(t, j, &lex.w.scales)
        || lower_in(t, j, &lex.w.currency_words)
        || t.is(j, "%")
        || lower_in(t, j, &lex.w.measure_words)
}

/// A part of a phone number: a digit group with a leading zero ("020",
/// "0958"), or a digit group next to one ("(020) 7946 0958").
fn phone_part(t: &Text, i: usize) -> bool {
    let zero_led = |j: usize| {
        j < t.toks.len()
            && t.toks[j].kind == Kind::Num
            && t.s(j).len() >= 3
            && t.s(j).starts_with('0')
            && t.s(j).bytes().all(|b| b.is_ascii_digit())
    };
    zero_led(i)
        || (zero_led(i + 1) && !t.toks[i + 1].glued())
        || (i > 0 && t.is(i - 1, ")") && zero_led(i.saturating_sub(2)))
        || (i > 0 && zero_led(i - 1) && !t.toks[i].glued())
        // "01632 960 123": the third group of a number led by a zero.
        || (i > 1
            && t.toks[i - 1].kind == Kind::Num
            && zero_led(i - 2)
            && !t.toks[i].glued()
            && !t.toks[i - 1].glued())
}

fn number_at(t: &Text, lex: &Lexicon, i: usize) -> Option<Hit> {
    let n = t.toks.len();
    let s = i;
    if t.toks[i].kind == Kind::Num && phone_part(t, i) {
        return None;
    }
    // "24/7", "3/4", "50/50": numbers joined by a slash are no count.
    let slashed = |a: usize, b: usize| {
        b < n
            && t.is(a, "/")
            && t.toks[a].glued()
            && t.toks[b].glued()
            && t.toks[b].kind == Kind::Num
    };
    if t.toks[i].kind == Kind::Num && (slashed(i + 1, i + 2) || i >= 2 && slashed(i - 1, i)) {
        return None;
    }
    // "the #2 browser": a rank, not a count.
    if i > 0 && t.toks[i].glued() && t.is(i - 1, "#") {
        return None;
    }
    let mut k = i;
    // Currency sign before: $5, US$5, A$3.
    let mut money = false;
    if t.is_any(k, &lex.w.currency_signs) {
        money = true;
        k += 1;
        if k >= n || !t.toks[k].glued() {
            return None;
        }
    } else if t.toks[k].kind == Kind::Word
        && t.toks[k].all_caps()
        && t.s(k).len() <= 3
        && t.is_any(k + 1, &lex.w.currency_signs)
        && t.toks[k + 1].glued()
        && k + 2 < n
        && t.toks[k + 2].kind == Kind::Num
    {
        money = true;
        k += 2;
    }
    let plural = !money && lower_in(t, k, &lex.w.plural_counts);
    let e = if plural {
        // "dozens", "thousands", "tens of thousands", "hundreds of millions"
        let mut e = k + 1;
        if lower_in(t, e, &["of"]) && lower_in(t, e + 1, &lex.w.plural_scales) {
            e += 2;
        }
        if lower_in(t, k, &lex.w.plural_counts_need_of) && e == k + 1 {
            return None;
        }
        e
    } else {
        cardinal(t, lex, k)?
    };
    let first = t.toks[k];
    // Hyphenated modifiers: "three-stage", "19-year-old"; and "COVID-19".
    if t.is(e, "-")
        && t.toks[e].glued()
        && e + 1 < n
        && t.toks[e + 1].glued()
        && t.toks[e + 1].kind != Kind::Num
        && !lower_in(t, e + 1, &lex.w.small)
    {
        return None;
    }
    if k > 0 && t.is(k - 1, "-") && first.glued() && !money {
        return None;
    }
    if k > 0 && t.toks[k - 1].kind == Kind::Word && first.glued() && !money {
        return None;
    }
    // Ranges: "8–10".
    let mut e = e;
    if t.is(e, "–")
        && e + 1 < n
        && t.toks[e].glued()
        && t.toks[e + 1].glued()
        && t.toks[e + 1].kind == Kind::Num
    {
        e += 2;
    }
    // Clock times and scores: 8:30, 3-1.
    if t.is(e, ":") && t.toks[e].glued() && e + 1 < n && t.toks[e + 1].kind == Kind::Num {
        return None;
    }
    if k > 0 && t.is(k - 1, ":") && first.glued() {
        return None;
    }
    if lower_in(t, e, &lex.w.clock_words) {
        return None;
    }
    if t.is(e, "-") && t.toks[e].glued() && e + 1 < n && t.toks[e + 1].kind == Kind::Num {
        return None;
    }
    // "one": not "one of", not a pronoun.
    if lower_in(t, k, &["one"])
        && e == k + 1
        && (t.toks[k].cap()
            || !t.lower_word(e)
            || lower_in(t, e, &lex.w.one_not_before)
            || (k > 0 && lower_in(t, k - 1, &lex.w.one_not_after)))
    {
        return None;
    }
    let mut rule = if first.kind == Kind::Num {
        Rule::NumberDigits
    } else {
        Rule::NumberWords
    };
    // The unit that belongs to the number: "12%", "12 percent", "12 per
    // cent", "5 million dollars", "300 USD".
    let percent = if t.is(e, "%") && t.toks[e].glued() || lower_in(t, e, &["percent"]) {
        1
    } else if lower_in(t, e, &["per"]) && lower_in(t, e + 1, &["cent"]) {
        2
    } else {
        0
    };
    if percent > 0 {
        e += percent;
        rule = Rule::Percent;
    } else if lower_in(t, e, &lex.w.currency_words) && !plural || t.is_any(e, &lex.w.currency_codes)
    {
        e += 1;
        rule = Rule::Money;
    }
    if money {
        rule = Rule::Money;
    }
    Some((s, e, Label::Number, rule))
}

/// Capitalised words from `k` (at most four) ending in an event head
/// ("Winter Olympics", "FIFA World Cup").
fn event_name_after(t: &Text, lex: &Lexicon, k: usize) -> bool {
    let n = t.toks.len();
    let mut j = k;
    while j < n
        && j < k + 4
        && t.toks[j].kind == Kind::Word
        && t.toks[j].cap()
        && !t.toks[j].sent_start()
    {
        if lex.w.event_heads.contains(t.s(j)) {
            return true;
        }
        j += 1;
    }
    false
}
