//! DATE and NUMBER patterns over tokens.

use super::lexicon::{with_lower, Lexicon};
use super::text::{Kind, Text};
use super::Cand;
use crate::model::Label;

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
];
/// Month abbreviations written without their period ("Feb 15").
const SHORT_MONTHS: &[&str] = &[
    "Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];
const UNITS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "weekend",
    "fortnight",
    "quarter",
    "semester",
    "term",
];
const DURATION_UNITS: &[&str] = &[
    "days",
    "weeks",
    "months",
    "years",
    "decades",
    "centuries",
    "day",
    "week",
    "month",
    "year",
    "decade",
];
const RELATIVE: &[&str] = &[
    "last",
    "past",
    "next",
    "coming",
    "previous",
    "following",
    "current",
    "first",
    "final",
    "same",
];
const DECADE_WORDS: &[&str] = &[
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];
const EDGE: &[&str] = &["early", "late", "mid", "earlier", "later"];
const PERIOD_OF: &[&str] = &["end", "beginning", "start", "middle", "turn", "close"];
const MAY_BEFORE: &[&str] = &[
    "in", "early", "late", "mid", "since", "until", "till", "by", "last", "next", "this", "of",
    "on", "from", "through", "before", "after", "during", "end", "between", "and", "to",
];

const SMALL: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];
const SCALES: &[&str] = &[
    "hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "m", "tn", "k",
];
const PLURAL_COUNTS: &[&str] = &[
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "tens",
    "scores",
];
const CURRENCY_SIGNS: &[&str] = &["$", "£", "€", "¥", "₹", "₽", "₩", "₦"];
const CURRENCY_WORDS: &[&str] = &[
    "dollars", "dollar", "euros", "euro", "pounds", "pound", "sterling", "yen", "yuan", "renminbi",
    "rupees", "rupee", "roubles", "rubles", "rouble", "ruble", "francs", "franc", "pesos", "peso",
    "won", "naira", "rand", "shekels", "dinars", "riyals", "lira", "liras", "reais", "krona",
    "kronor", "kroner", "cents",
];
const ONE_NOT_BEFORE: &[&str] = &[
    "of", "another", "and", "who", "that", "which", "thing", "way", "side", "hand", "time",
    "point", "more", "less", "such", "must", "can", "could", "would", "should", "may", "might",
    "will", "is", "was", "has", "had", "day", "to", "in", "at", "on", "by", "for", "with", "as",
    "from", "said", "says", "does", "did", "'s", "’s",
];
const ONE_NOT_AFTER: &[&str] = &[
    "no", "the", "any", "every", "each", "this", "that", "which", "some", "someone", "anyone", "a",
    "only",
];

fn lower_in(t: &Text, i: usize, set: &[&str]) -> bool {
    i < t.toks.len() && t.toks[i].kind == Kind::Word && {
        let s = t.s(i);
        set.iter().any(|w| w.eq_ignore_ascii_case(s))
    }
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

fn is_decade(t: &Text, i: usize) -> bool {
    if i >= t.toks.len() || t.toks[i].kind != Kind::Num {
        return false;
    }
    let s = t.s(i);
    s.len() == 5 && s.ends_with("0s") && s[..4].bytes().all(|b| b.is_ascii_digit())
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

fn is_month(t: &Text, i: usize) -> bool {
    if i >= t.toks.len() {
        return false;
    }
    if !MONTHS.contains(&t.s(i)) {
        // "Feb 15": an abbreviation without its period, only before a day.
        return SHORT_MONTHS.contains(&t.s(i)) && is_day_number(t, i + 1);
    }
    if t.s(i) == "May" || t.s(i) == "March" {
        // Modal "May" and the verb "March" at a sentence start: a month only
        // with a day or year beside it or a date word before it.
        let before = i > 0 && lower_in(t, i - 1, MAY_BEFORE);
        let after = is_day_number(t, i + 1) || is_year(t, i + 1);
        return before || after;
    }
    true
}

/// A cardinal in words or digits at `i`: returns one past its last token.
fn cardinal(t: &Text, i: usize) -> Option<usize> {
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
            if !(suffix.is_empty() || SCALES.contains(&suffix.to_ascii_lowercase().as_str())) {
                return None; // 1st, 3D, 4G, 5pm
            }
            j = i + 1;
        }
        Kind::Word if lower_in(t, i, SMALL) => {
            j = i + 1;
            // twenty-five
            if t.is(j, "-")
                && t.toks[j].glued
                && j + 1 < n
                && t.toks[j + 1].glued
                && lower_in(t, j + 1, SMALL)
            {
                j += 2;
            }
        }
        Kind::Word
            if lower_in(
                t,
                i,
                &["dozen", "hundred", "thousand", "million", "billion"],
            ) && i > 0
                && lower_in(t, i - 1, &["a"]) =>
        {
            // "a dozen", "a million": the count without the article.
            j = i + 1;
        }
        _ => return None,
    }
    while j < n && lower_in(t, j, SCALES) && !t.toks[j].glued {
        j += 1;
    }
    // "1.5 million", "two and a half million" are rare enough to skip.
    Some(j)
}

/// Can a DATE or NUMBER start at token `i`? A cheap test that skips most
/// tokens before the patterns run.
fn may_start(t: &Text, i: usize) -> bool {
    let tok = t.toks[i];
    match tok.kind {
        Kind::Num => true,
        Kind::Punct => CURRENCY_SIGNS.contains(&t.s(i)),
        Kind::Word => {
            let s = t.s(i);
            if tok.cap {
                // Months, weekdays, "US$", capitalised starters ("The last…").
                return tok.all_caps && s.len() <= 3
                    || MONTHS.contains(&s)
                    || SHORT_MONTHS.contains(&s)
                    || WEEKDAYS.contains(&s)
                    || with_lower(s, starter);
            }
            starter(s)
        }
    }
}

/// "the"/"a" start a DATE or NUMBER only before a few words ("the end of",
/// "the last year", "a year ago", "a dozen"): a quick test that skips the
/// patterns for the many other articles.
fn articles_without_date_word(t: &Text, i: usize) -> bool {
    let s = t.s(i);
    if !matches!(s, "the" | "The" | "a" | "A") {
        return false;
    }
    match t.toks.get(i + 1) {
        Some(next) if next.kind == Kind::Num => false,
        Some(next) if next.kind == Kind::Word => !with_lower(t.s(i + 1), |w| {
            starter(w)
                || PERIOD_OF.contains(&w)
                || RELATIVE.contains(&w)
                || DECADE_WORDS.contains(&w)
                || UNITS.contains(&w)
                || matches!(
                    w,
                    "few" | "several" | "dozen" | "hundred" | "thousand" | "million" | "billion"
                )
        }),
        _ => true,
    }
}

fn starter(s: &str) -> bool {
    matches!(
        s,
        "the"
            | "a"
            | "early"
            | "late"
            | "mid"
            | "earlier"
            | "later"
            | "last"
            | "past"
            | "next"
            | "coming"
            | "previous"
            | "following"
            | "current"
            | "this"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "dozens"
            | "hundreds"
            | "thousands"
            | "millions"
            | "billions"
            | "tens"
            | "scores"
    )
}

pub fn find(t: &Text, lex: &Lexicon, out: &mut Vec<Cand>) {
    let n = t.toks.len();
    let mut i = 0;
    while i < n {
        if !may_start(t, i) || articles_without_date_word(t, i) || part_of_a_name(t, lex, i) {
            i += 1;
            continue;
        }
        if let Some((s, e, label, rule)) = date_at(t, i).or_else(|| number_at(t, i)) {
            out.push(Cand::new(s, e, label, rule, 90));
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
}

type Hit = (usize, usize, Label, &'static str);

/// A month or weekday name as written ("May", "Sept.", "Tuesday").
pub fn is_month_or_weekday(s: &str) -> bool {
    MONTHS.contains(&s) || SHORT_MONTHS.contains(&s) || WEEKDAYS.contains(&s)
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
    if lower_in(t, i - 1, &["every", "each"]) {
        return true;
    }
    let (prev, tok) = (t.toks[i - 1], t.toks[i]);
    if tok.kind != Kind::Num
        || tok.glued
        || prev.kind != Kind::Word
        || !prev.cap
        || prev.all_caps
        || prev.sent_start
    {
        return false;
    }
    let p = t.s(i - 1);
    !(is_month_or_weekday(p) || lex.first.contains_key(p) || lex.titles.contains(p))
}

fn date_at(t: &Text, i: usize) -> Option<Hit> {
    let n = t.toks.len();
    let tok = t.toks[i];
    if tok.kind == Kind::Punct {
        return None;
    }
    // Optional lead: "the end of", "early", "late", "mid-".
    let mut s = i;
    let mut k = i;
    let mut lead = false;
    if lower_in(t, k, &["the"]) && lower_in(t, k + 1, PERIOD_OF) && lower_in(t, k + 2, &["of"]) {
        k += 3;
        lead = true;
    } else if lower_in(t, k, EDGE) {
        if t.is(k + 1, "-") && t.toks[k + 1].glued {
            k += 2;
        } else {
            k += 1;
        }
        lead = true;
    }
    // Month-based dates.
    if is_month(t, k) {
        let mut e = k + 1;
        if is_day_number(t, e) {
            e += 1;
            // "March 4-7", "4–7 March"
            if t.is_any(e, &["-", "–"])
                && t.toks[e].glued
                && is_day_number(t, e + 1)
                && t.toks[e + 1].glued
            {
                e += 2;
            }
            if t.is(e, ",") && is_year(t, e + 1) {
                e += 2;
            } else if is_year(t, e) {
                e += 1;
            }
        } else if is_year(t, e) {
            e += 1;
        }
        return Some((s, e, Label::Date, "pattern:date-month"));
    }
    // Day Month [Year]
    if is_day_number(t, k) && is_month(t, k + 1) {
        let mut e = k + 2;
        if is_year(t, e) {
            e += 1;
        }
        return Some((s, e, Label::Date, "pattern:date-day-month"));
    }
    // Weekday [, Month Day] [morning]
    if k < n && WEEKDAYS.contains(&t.s(k)) {
        let mut e = k + 1;
        if t.is(e, ",") && is_month(t, e + 1) && is_day_number(t, e + 2) {
            e += 3;
            if t.is(e, ",") && is_year(t, e + 1) {
                e += 2;
            }
        }
        if lower_in(t, e, DAY_PARTS) && !t.toks[e].glued {
            e += 1;
        }
        return Some((s, e, Label::Date, "pattern:date-weekday"));
    }
    // Years and decades, possibly with a lead.
    if (is_year(t, k) || is_decade(t, k))
        && !followed_by_unit_or_scale(t, k + 1)
        && !(k > 0 && t.is(k - 1, "-") && t.toks[k - 1].glued)
    {
        if k > 0 && t.is(k - 1, "$") {
            return None;
        }
        if !lead && k > 0 && lower_in(t, k - 1, &["the"]) && is_decade(t, k) {
            s = k - 1;
        }
        return Some((s, k + 1, Label::Date, "pattern:date-year"));
    }
    if lead {
        // "earlier today", "the end of the year", "late last year"
        if lower_in(t, k, &["today"]) {
            return Some((s, k + 1, Label::Date, "pattern:date-deictic"));
        }
        if lower_in(t, k, &["the", "this", "next", "last"])
            && lower_in(t, k + 1, UNITS)
            && i + 1 < k
        {
            return Some((s, k + 2, Label::Date, "pattern:date-relative"));
        }
        if lower_in(t, k, &["the"]) && lower_in(t, k + 1, DECADE_WORDS) {
            return Some((s, k + 2, Label::Date, "pattern:date-decade"));
        }
        if lower_in(t, k, &["last", "next", "this"]) && lower_in(t, k + 1, UNITS) {
            return Some((s, k + 2, Label::Date, "pattern:date-relative"));
        }
        if lower_in(t, k, SEASONS) && (is_year(t, k + 1)) {
            return Some((s, k + 2, Label::Date, "pattern:date-season"));
        }
        return None;
    }
    // [earlier|later] today / yesterday / tomorrow
    let d = if lower_in(t, i, &["earlier", "later"]) && lower_in(t, i + 1, &["today"]) {
        i + 1
    } else {
        i
    };
    if lower_in(t, d, &["today", "yesterday", "tomorrow"]) && !t.toks[d].cap
        || t.is_any(d, &["Yesterday", "Tomorrow", "Today"])
    {
        let mut e = d + 1;
        if lower_in(t, e, DAY_PARTS) && !t.toks[e].glued {
            e += 1;
        }
        return Some((i, e, Label::Date, "pattern:date-deictic"));
    }
    // [the] last/past/next [N] units; this/last/next unit; earlier this year
    let mut k = i;
    let with_the = lower_in(t, k, &["the"]);
    if with_the {
        k += 1;
    }
    if lower_in(t, k, &["earlier", "later"])
        && lower_in(t, k + 1, &["this", "last", "next"])
        && lower_in(t, k + 2, UNITS)
        && !with_the
    {
        return Some((i, k + 3, Label::Date, "pattern:date-relative"));
    }
    if with_the && lower_in(t, k, DECADE_WORDS) {
        return Some((i, k + 1, Label::Date, "pattern:date-decade")); // "the sixties"
    }
    if lower_in(t, k, &["this", "last"])
        && lower_in(t, k + 1, &["past", "coming"])
        && lower_in(t, k + 2, UNITS)
    {
        return Some((i, k + 3, Label::Date, "pattern:date-relative"));
    }
    if lower_in(t, k, RELATIVE) || (!with_the && lower_in(t, k, &["this"])) {
        let mut e = k + 1;
        if let Some(c) = cardinal(t, e) {
            if lower_in(t, c, DURATION_UNITS) {
                e = c;
            }
        } else if lower_in(t, e, &["few", "several"]) && lower_in(t, e + 1, DURATION_UNITS) {
            e += 1;
        }
        if lower_in(t, e, UNITS) {
            // "the first year" is a DATE only with last/past/next: skip ordinals.
            if lower_in(t, k, &["first", "final", "same"]) && !with_the {
                return None;
            }
            if lower_in(t, k, &["first", "final", "same"]) {
                return None;
            }
            return Some((i, e + 1, Label::Date, "pattern:date-relative"));
        }
        if lower_in(t, e, SEASONS) && !with_the {
            return Some((i, e + 1, Label::Date, "pattern:date-season"));
        }
        return None;
    }
    if with_the {
        // "the seven days", "the 25 years"
        if let Some(c) = cardinal(t, k) {
            if lower_in(t, c, DURATION_UNITS)
                && t.toks[k].kind != Kind::Punct
                && !(c > k && t.is(c - 1, "-"))
            {
                return Some((i, c + 1, Label::Date, "pattern:date-duration"));
            }
        }
        return None;
    }
    // N units [ago|earlier|later]: "25 years", "two days ago".
    if let Some(c) = cardinal(t, i) {
        // A day or more: "48 hours" is a DATE, "two hours" is not.
        let day_of_hours = lower_in(t, c, &["hours"])
            && c == i + 1
            && t.s(i).parse::<u32>().is_ok_and(|h| h >= 24);
        if (lower_in(t, c, DURATION_UNITS) || day_of_hours)
            && !(c + 1 < n && t.is(c + 1, "-") && t.toks[c + 1].glued)
            && !(t.is(c, "-"))
        {
            if c < n && t.toks[c].glued {
                return None; // 5years? odd; skip
            }
            // A number glued by a hyphen to its unit is a modifier ("two-year").
            if c > i && t.is(c - 1, "-") {
                return None;
            }
            let mut e = c + 1;
            if lower_in(t, e, &["ago", "earlier", "later", "old"]) {
                if lower_in(t, e, &["old"]) {
                    return None; // "five years old" is an age
                }
                e += 1;
            }
            if i > 0
                && (lower_in(t, i - 1, &["one", "every", "each", "per", "aged"])
                    || t.is(i - 1, "-")
                    || t.is(i - 1, "–"))
            {
                return None; // frequencies and ages are not dates
            }
            if i > 1 && lower_in(t, i - 2, &["age"]) && lower_in(t, i - 1, &["of"]) {
                return None;
            }
            return Some((i, e, Label::Date, "pattern:date-duration"));
        }
    }
    if lower_in(t, i, &["a"])
        && lower_in(t, i + 1, &["day", "week", "month", "year", "decade"])
        && lower_in(t, i + 2, &["ago", "earlier"])
    {
        return Some((i, i + 3, Label::Date, "pattern:date-duration"));
    }
    None
}

fn followed_by_unit_or_scale(t: &Text, j: usize) -> bool {
    lower_in(t, j, SCALES)
        || lower_in(t, j, CURRENCY_WORDS)
        || t.is(j, "%")
        || lower_in(
            t,
            j,
            &[
                "percent",
                "people",
                "troops",
                "soldiers",
                "votes",
                "km",
                "kilometres",
                "kilometers",
                "miles",
                "metres",
                "meters",
                "tons",
                "tonnes",
            ],
        )
}

fn number_at(t: &Text, i: usize) -> Option<Hit> {
    let n = t.toks.len();
    let s = i;
    let mut k = i;
    // Currency sign before: $5, US$5, A$3.
    let mut money = false;
    if t.is_any(k, CURRENCY_SIGNS) {
        money = true;
        k += 1;
        if k >= n || !t.toks[k].glued {
            return None;
        }
    } else if t.toks[k].kind == Kind::Word
        && t.toks[k].all_caps
        && t.s(k).len() <= 3
        && t.is_any(k + 1, CURRENCY_SIGNS)
        && t.toks[k + 1].glued
        && k + 2 < n
        && t.toks[k + 2].kind == Kind::Num
    {
        money = true;
        k += 2;
    }
    let plural = !money && lower_in(t, k, PLURAL_COUNTS);
    let e = if plural {
        // "dozens", "thousands", "tens of thousands", "hundreds of millions"
        let mut e = k + 1;
        if lower_in(t, e, &["of"]) && lower_in(t, e + 1, &["thousands", "millions", "billions"]) {
            e += 2;
        }
        if lower_in(t, k, &["tens", "scores"]) && e == k + 1 {
            return None;
        }
        e
    } else {
        cardinal(t, k)?
    };
    let first = t.toks[k];
    // Hyphenated modifiers: "three-stage", "19-year-old"; and "COVID-19".
    if t.is(e, "-")
        && t.toks[e].glued
        && e + 1 < n
        && t.toks[e + 1].glued
        && t.toks[e + 1].kind != Kind::Num
        && !lower_in(t, e + 1, SMALL)
    {
        return None;
    }
    if k > 0 && t.is(k - 1, "-") && first.glued && !money {
        return None;
    }
    if k > 0 && t.toks[k - 1].kind == Kind::Word && first.glued && !money {
        return None;
    }
    // Ranges: "8–10".
    let mut e = e;
    if t.is(e, "–")
        && e + 1 < n
        && t.toks[e].glued
        && t.toks[e + 1].glued
        && t.toks[e + 1].kind == Kind::Num
    {
        e += 2;
    }
    // Clock times and scores: 8:30, 3-1.
    if t.is(e, ":") && t.toks[e].glued && e + 1 < n && t.toks[e + 1].kind == Kind::Num {
        return None;
    }
    if k > 0 && t.is(k - 1, ":") && first.glued {
        return None;
    }
    if lower_in(t, e, &["a.m.", "p.m.", "am", "pm", "GMT", "UTC"]) || t.is_any(e, &["a.m.", "p.m."])
    {
        return None;
    }
    if t.is(e, "-") && t.toks[e].glued && e + 1 < n && t.toks[e + 1].kind == Kind::Num {
        return None;
    }
    // "one": not "one of", not a pronoun.
    if lower_in(t, k, &["one"])
        && e == k + 1
        && (t.toks[k].cap
            || !t.lower_word(e)
            || lower_in(t, e, ONE_NOT_BEFORE)
            || (k > 0 && lower_in(t, k - 1, ONE_NOT_AFTER)))
    {
        return None;
    }
    let mut rule = if first.kind == Kind::Num {
        "pattern:number-digits"
    } else {
        "pattern:number-words"
    };
    // The unit that belongs to the number: "12%", "12 percent", "12 per
    // cent", "5 million dollars", "300 USD".
    let percent = if t.is(e, "%") && t.toks[e].glued || lower_in(t, e, &["percent"]) {
        1
    } else if lower_in(t, e, &["per"]) && lower_in(t, e + 1, &["cent"]) {
        2
    } else {
        0
    };
    if percent > 0 {
        e += percent;
        rule = "pattern:percent";
    } else if lower_in(t, e, CURRENCY_WORDS) && !plural || t.is_any(e, &["USD", "EUR", "GBP"]) {
        e += 1;
        rule = "pattern:money";
    }
    if money {
        rule = "pattern:money";
    }
    Some((s, e, Label::Number, rule))
}
