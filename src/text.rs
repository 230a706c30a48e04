//! Pure text helpers: word edges, paragraphs, whole-word search, slugs and
//! the segmentation of a paragraph into highlighted pieces. No web-sys here,
//! so everything is unit-tested natively.
//!
//! All offsets are UTF-8 byte offsets into the document text, on `char`
//! boundaries.

use pressmark_engine::{Entity, Label, Quote, Source};

/// A "word" character for snapping: letters, digits, and the combining marks
/// and joiners that belong to the letter before them.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32,
            0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
            | 0x200C | 0x200D | 0xFE00..=0xFE0F)
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// Rounds a byte offset down to a char boundary, clamped to the text.
pub fn floor_boundary(text: &str, mut pos: usize) -> usize {
    pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Expands a selection to whole words (a partially selected word is taken
/// whole) and trims surrounding whitespace. `None` when nothing but
/// whitespace is left.
pub fn snap_to_words(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut s, mut e) = trim_span(text, start, end)?;
    while let Some(c) = char_before(text, s) {
        if is_word_char(c) && char_at(text, s).is_some_and(is_word_char) {
            s -= c.len_utf8();
        } else {
            break;
        }
    }
    while let Some(c) = char_at(text, e) {
        if is_word_char(c) && char_before(text, e).is_some_and(is_word_char) {
            e += c.len_utf8();
        } else {
            break;
        }
    }
    Some((s, e))
}

/// Trims whitespace from both ends of a span. `None` if it becomes empty.
pub fn trim_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut s = floor_boundary(text, start.min(end));
    let mut e = floor_boundary(text, end.max(start));
    while let Some(c) = char_at(text, s).filter(|c| c.is_whitespace()) {
        if s >= e {
            break;
        }
        s += c.len_utf8();
    }
    while let Some(c) = char_before(text, e).filter(|c| c.is_whitespace()) {
        if e <= s {
            break;
        }
        e -= c.len_utf8();
    }
    (s < e).then_some((s, e))
}

/// The end of the next word after `pos` (skipping spaces and punctuation, but
/// never crossing a line break). `pos` itself when there is none.
pub fn next_word_end(text: &str, pos: usize) -> usize {
    let mut p = pos;
    while let Some(c) = char_at(text, p) {
        if is_word_char(c) || c == '\n' {
            break;
        }
        p += c.len_utf8();
    }
    if !char_at(text, p).is_some_and(is_word_char) {
        return pos;
    }
    while let Some(c) = char_at(text, p).filter(|c| is_word_char(*c)) {
        p += c.len_utf8();
    }
    p
}

/// The start of the previous word before `pos` (never crossing a line
/// break). `pos` itself when there is none.
pub fn prev_word_start(text: &str, pos: usize) -> usize {
    let mut p = pos;
    while let Some(c) = char_before(text, p) {
        if is_word_char(c) || c == '\n' {
            break;
        }
        p -= c.len_utf8();
    }
    if !char_before(text, p).is_some_and(is_word_char) {
        return pos;
    }
    while let Some(c) = char_before(text, p).filter(|c| is_word_char(*c)) {
        p -= c.len_utf8();
    }
    p
}

/// The next char boundary after `pos` (not crossing a line break).
pub fn next_char(text: &str, pos: usize) -> usize {
    match char_at(text, pos) {
        Some(c) if c != '\n' => pos + c.len_utf8(),
        _ => pos,
    }
}

/// The previous char boundary before `pos` (not crossing a line break).
pub fn prev_char(text: &str, pos: usize) -> usize {
    match char_before(text, pos) {
        Some(c) if c != '\n' => pos - c.len_utf8(),
        _ => pos,
    }
}

/// Narrowing the end of `start..end` by a word: the end of the word before the
/// last one. `None` when the span is a single word.
pub fn narrow_end_word(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut p = end;
    // back over trailing non-word characters, then the last word
    while let Some(c) = char_before(text, p).filter(|c| !is_word_char(*c)) {
        if p <= start {
            break;
        }
        p -= c.len_utf8();
    }
    while let Some(c) = char_before(text, p).filter(|c| is_word_char(*c)) {
        if p <= start {
            break;
        }
        p -= c.len_utf8();
    }
    // back over the separator to the end of the previous word
    while let Some(c) = char_before(text, p).filter(|c| !is_word_char(*c)) {
        if p <= start {
            break;
        }
        p -= c.len_utf8();
    }
    (p > start).then_some(p)
}

/// Narrowing the start of `start..end` by a word: the start of the second
/// word. `None` when the span is a single word.
pub fn narrow_start_word(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut p = start;
    while let Some(c) = char_at(text, p).filter(|c| !is_word_char(*c)) {
        if p >= end {
            break;
        }
        p += c.len_utf8();
    }
    while let Some(c) = char_at(text, p).filter(|c| is_word_char(*c)) {
        if p >= end {
            break;
        }
        p += c.len_utf8();
    }
    while let Some(c) = char_at(text, p).filter(|c| !is_word_char(*c)) {
        if p >= end {
            break;
        }
        p += c.len_utf8();
    }
    (p < end).then_some(p)
}

/// Every whole-word occurrence of `needle` in `text` (the characters around
/// it are not word characters).
pub fn find_whole_word(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let first_word = needle.chars().next().is_some_and(is_word_char);
    let last_word = needle.chars().next_back().is_some_and(is_word_char);
    text.match_indices(needle)
        .map(|(s, m)| (s, s + m.len()))
        .filter(|&(s, e)| {
            let glued_before = first_word && char_before(text, s).is_some_and(is_word_char);
            let glued_after = last_word && char_at(text, e).is_some_and(is_word_char);
            !glued_before && !glued_after
        })
        .collect()
}

/// Longest query the find bar searches for (bytes).
pub const FIND_MAX: usize = 200;

/// The query's bytes, when there is something to search for: not empty,
/// at most [`FIND_MAX`] bytes and no longer than the text.
fn searchable<'q>(text: &str, query: &'q str) -> Option<&'q [u8]> {
    let q = query.as_bytes();
    (!q.is_empty() && q.len() <= FIND_MAX && q.len() <= text.len()).then_some(q)
}

/// Whether `needle` (ASCII letters in any case) occurs at `at`.
fn matches_at(hay: &[u8], at: usize, needle: &[u8]) -> bool {
    hay.get(at..at + needle.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
}

/// The next occurrence of `query` in `text` (ASCII letters matched in any
/// case, everything else exactly), searching forwards from `from` (or
/// backwards from before `from` when `back`), wrapping around the ends:
/// its byte span. `None` for an empty or too long query, or no match.
/// Linear in the text for a given query.
pub fn find_next(text: &str, query: &str, from: usize, back: bool) -> Option<(usize, usize)> {
    let q = searchable(text, query)?;
    let hay = text.as_bytes();
    let last = hay.len() - q.len();
    let from = from.min(hay.len());
    let hit = |at: usize| text.is_char_boundary(at) && matches_at(hay, at, q);
    let found = if back {
        (0..from.min(last + 1))
            .rev()
            .find(|&at| hit(at))
            .or_else(|| (from.min(last + 1)..=last).rev().find(|&at| hit(at)))
    } else {
        (from..=last)
            .find(|&at| hit(at))
            .or_else(|| (0..from.min(last + 1)).find(|&at| hit(at)))
    };
    found.map(|at| (at, at + q.len()))
}

/// How many times `query` occurs in `text` (as [`find_next`] matches them,
/// overlapping ones too), up to `cap`, and how many of them start before
/// `before`.
pub fn count_matches(text: &str, query: &str, before: usize, cap: usize) -> (usize, usize) {
    let Some(q) = searchable(text, query) else {
        return (0, 0);
    };
    let hay = text.as_bytes();
    let (mut n, mut earlier) = (0, 0);
    for at in 0..=hay.len() - q.len() {
        if text.is_char_boundary(at) && matches_at(hay, at, q) {
            n += 1;
            if at < before {
                earlier += 1;
            }
            if n >= cap {
                break;
            }
        }
    }
    (n, earlier)
}

/// Paragraphs: maximal runs of non-blank lines. Each is a byte range that
/// excludes the line breaks around it; single line breaks stay inside.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let line_end = line_start + body.len();
        if body.trim().is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
        } else {
            cur = Some(match cur {
                Some((s, _)) => (s, line_end),
                None => (line_start, line_end),
            });
        }
        line_start += line.len();
    }
    if let Some(p) = cur {
        out.push(p);
    }
    out
}

/// Normalises pasted text: CRLF and CR become LF; a byte-order mark goes.
pub fn normalise(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// A file name for an article: its first line, lower-cased, ASCII letters and
/// digits joined by hyphens, at most 60 characters, `.json`.
pub fn slug_file_name(text: &str) -> String {
    format!("{}.json", slug_stem(text))
}

/// The name of an article's files without an ending (see
/// [`slug_file_name`]): `article` when its first line has no letter or digit.
pub fn slug_stem(text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut slug = String::new();
    for c in first.chars() {
        let c = fold_ascii(c);
        if c.is_ascii_alphanumeric() {
            if slug.len() >= 60 {
                break;
            }
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug.to_string()
    }
}

fn fold_ascii(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => c,
    }
}

/// A short tag for a label, shown next to each highlight.
pub fn short_label(l: Label) -> &'static str {
    match l {
        Label::Person => "PER",
        Label::Org => "ORG",
        Label::Loc => "LOC",
        Label::Norp => "NORP",
        Label::Date => "DATE",
        Label::Number => "NUM",
    }
}

/// One piece of a paragraph as rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Plain text `start..end`.
    Text(usize, usize),
    /// (Part of) an entity: the clipped span, the entity's id, label, source
    /// and rule.
    Entity {
        start: usize,
        end: usize,
        id: u32,
        label: Label,
        source: Source,
        rule: String,
    },
}

/// A run of pieces, inside a quote or not.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Plain(Piece),
    Quote {
        id: u32,
        start: usize,
        end: usize,
        /// The speaker's name; `Some("")` when the quote has none. Only the
        /// last piece of a quote (the one holding its end) carries it.
        speaker: Option<String>,
        source: Source,
        rule: String,
        pieces: Vec<Piece>,
    },
}

fn pieces(start: usize, end: usize, entities: &[&Entity], hidden: &[Label]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut at = start;
    for e in entities {
        if hidden.contains(&e.label) {
            continue;
        }
        let s = e.start.max(start).max(at);
        let t = e.end.min(end);
        if s >= t {
            continue;
        }
        if s > at {
            out.push(Piece::Text(at, s));
        }
        out.push(Piece::Entity {
            start: s,
            end: t,
            id: e.id,
            label: e.label,
            source: e.source,
            rule: e.rule.to_string(),
        });
        at = t;
    }
    if at < end {
        out.push(Piece::Text(at, end));
    }
    out
}

/// Splits the paragraph `start..end` at every entity and quote boundary.
/// `entities` and `quotes` are the (sorted) annotations overlapping it.
pub fn segment(
    start: usize,
    end: usize,
    entities: &[&Entity],
    quotes: &[&Quote],
    hidden: &[Label],
) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut at = start;
    for q in quotes {
        let s = q.start.max(start).max(at);
        let t = q.end.min(end);
        if s >= t {
            continue;
        }
        if s > at {
            out.extend(pieces(at, s, entities, hidden).into_iter().map(Seg::Plain));
        }
        let holds_end = q.end <= end;
        out.push(Seg::Quote {
            id: q.id,
            start: s,
            end: t,
            speaker: holds_end.then(|| {
                q.speaker
                    .as_ref()
                    .map(|sp| sp.name.clone())
                    .unwrap_or_default()
            }),
            source: q.source,
            rule: q.rule.to_string(),
            pieces: pieces(s, t, entities, hidden),
        });
        at = t;
    }
    if at < end {
        out.extend(
            pieces(at, end, entities, hidden)
                .into_iter()
                .map(Seg::Plain),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping() {
        let t = "Rex Tillerson said, “Peskov’s aide”.";
        let b = |s: &str| t.find(s).unwrap();
        assert_eq!(snap_to_words(t, 1, 6), Some((0, 13)));
        assert_eq!(snap_to_words(t, 3, 5), Some((4, 13)));
        assert_eq!(snap_to_words(t, 13, 14), None);
        let p = b("Peskov");
        assert_eq!(
            &t[snap_to_words(t, p + 1, p + 3).map(|(s, e)| s..e).unwrap()],
            "Peskov"
        );
        assert_eq!(trim_span(t, 3, 4), None);
    }

    #[test]
    fn word_steps() {
        let t = "U.S. Secretary of State Rex Tillerson.\nNext";
        let rex = t.find("Rex").unwrap();
        let till = t.find("Tillerson").unwrap();
        assert_eq!(next_word_end(t, rex + 3), till + 9);
        assert_eq!(
            next_word_end(t, till + 9),
            till + 9,
            "does not cross the line break"
        );
        assert_eq!(prev_word_start(t, rex), t.find("State").unwrap());
        assert_eq!(narrow_end_word(t, rex, till + 9), Some(rex + 3));
        assert_eq!(narrow_end_word(t, rex, rex + 3), None);
        assert_eq!(narrow_start_word(t, rex, till + 9), Some(till));
        assert_eq!(narrow_start_word(t, till, till + 9), None);
        assert_eq!(next_char(t, rex), rex + 1);
        assert_eq!(prev_char("é", 2), 0);
        assert_eq!(next_char(t, till + 10), till + 10, "line break");
    }

    #[test]
    fn combining_marks_are_word_chars() {
        let t = "Zoe\u{301} Ñandú 👋 ok";
        assert_eq!(snap_to_words(t, 0, 1), Some((0, "Zoe\u{301}".len())));
    }

    #[test]
    fn whole_words() {
        let t = "Syria, Syrian; in Syria. ISIS’ Syria";
        assert_eq!(find_whole_word(t, "Syria").len(), 3);
        assert_eq!(find_whole_word(t, "").len(), 0);
    }

    #[test]
    fn paragraph_split() {
        let t = "Title\n\nOne\ntwo\n\n \n\nThree\n";
        let p = paragraphs(t);
        let s: Vec<_> = p.iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(s, ["Title", "One\ntwo", "Three"]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n\n").is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug_file_name("Global Coalition Against ISIS Discusses Plan for Future\n\nbody"),
            "global-coalition-against-isis-discusses-plan-for-future.json"
        );
        assert_eq!(slug_file_name("  \n“Zoë’s” café!"), "zoe-s-cafe.json");
        assert_eq!(slug_file_name("👋"), "article.json");
        assert!(slug_file_name(&"word ".repeat(50)).len() <= 66);
    }

    #[test]
    fn segments() {
        use pressmark_engine::Speaker;
        let text = "“Go,” said Ann Lee in Paris.";
        let b = |s: &str| text.find(s).unwrap();
        let ann = Entity {
            id: 1,
            start: b("Ann"),
            end: b(" in"),
            label: Label::Person,
            source: Source::Rule,
            rule: "r".into(),
        };
        let paris = Entity {
            id: 2,
            start: b("Paris"),
            end: b("."),
            label: Label::Loc,
            source: Source::User,
            rule: "user".into(),
        };
        let q = Quote {
            id: 3,
            start: 0,
            end: b(" said"),
            speaker: Some(Speaker {
                name: "Ann Lee".into(),
                span: None,
            }),
            cue: None,
            candidates: vec![],
            source: Source::Rule,
            rule: "q".into(),
        };
        let segs = segment(0, text.len(), &[&ann, &paris], &[&q], &[]);
        assert_eq!(segs.len(), 6);
        assert!(matches!(&segs[0], Seg::Quote { speaker: Some(s), .. } if s == "Ann Lee"));
        assert!(matches!(segs[2], Seg::Plain(Piece::Entity { id: 1, .. })));
        let hidden = segment(0, text.len(), &[&ann, &paris], &[&q], &[Label::Person]);
        assert!(!hidden
            .iter()
            .any(|s| matches!(s, Seg::Plain(Piece::Entity { id: 1, .. }))));
        // a paragraph that holds only the start of a quote shows no speaker tag
        let part = segment(0, 2, &[], &[&q], &[]);
        assert!(matches!(&part[0], Seg::Quote { speaker: None, .. }));
    }
}

/// The span among `spans` closest to `start..end` (spans inside it last).
pub fn nearest(
    spans: impl IntoIterator<Item = (usize, usize)>,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    spans.into_iter().min_by_key(|&(s, e)| {
        if e <= start {
            start - e
        } else if s >= end {
            s - end
        } else {
            usize::MAX / 2
        }
    })
}

#[cfg(test)]
mod nearest_tests {
    use super::{count_matches, find_next, FIND_MAX};

    #[test]
    fn nearest_prefers_outside_and_close() {
        assert_eq!(
            super::nearest([(0, 3), (50, 53), (12, 15)], 10, 40),
            Some((0, 3))
        );
        assert_eq!(super::nearest([(12, 15), (50, 53)], 10, 40), Some((50, 53)));
        assert_eq!(super::nearest([(0, 3), (45, 48)], 10, 40), Some((45, 48)));
        assert_eq!(super::nearest([], 10, 40), None);
    }

    #[test]
    fn find_next_wraps_and_ignores_ascii_case() {
        let t = "Paris, then PARIS — and Zoë in paris 👍🏽.";
        let a = t.find("Paris").unwrap();
        let b = t.find("PARIS").unwrap();
        let c = t.find("paris").unwrap();
        assert_eq!(find_next(t, "paris", 0, false), Some((a, a + 5)));
        assert_eq!(find_next(t, "paris", a + 1, false), Some((b, b + 5)));
        assert_eq!(
            find_next(t, "paris", c + 1, false),
            Some((a, a + 5)),
            "wraps"
        );
        assert_eq!(
            find_next(t, "paris", a, true),
            Some((c, c + 5)),
            "back, wraps"
        );
        assert_eq!(find_next(t, "paris", c, true), Some((b, b + 5)));
        assert_eq!(
            find_next(t, "zoë", 0, false),
            Some((t.find("Zoë").unwrap(), t.find("Zoë").unwrap() + 4))
        );
        assert_eq!(
            find_next(t, "ZOË", 0, false),
            None,
            "only ASCII letters fold"
        );
        assert_eq!(
            find_next(t, "👍🏽", 0, false).map(|(s, _)| &t[s..s + 4]),
            Some("👍")
        );
        assert_eq!(find_next(t, "", 0, false), None);
        assert_eq!(find_next(t, "Rome", 0, false), None);
        assert_eq!(find_next(t, "paris", usize::MAX, false), Some((a, a + 5)));
        assert_eq!(find_next("", "x", 0, true), None);
        assert_eq!(find_next(t, &"x".repeat(FIND_MAX + 1), 0, false), None);
        assert_eq!(count_matches(t, "PaRiS", b, 100), (3, 1));
        assert_eq!(count_matches(t, "paris", 0, 2), (2, 0));
        assert_eq!(count_matches("aaa", "aa", 99, 100), (2, 2));
    }
}
