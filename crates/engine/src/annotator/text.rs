//! Tokens, sentences and paragraphs: one linear pass over the text.
//!
//! Tokens carry byte spans. Words are runs of letters, digits and combining
//! marks; apostrophes, hyphens and other punctuation are tokens of their own,
//! with `glued` telling whether whitespace separated a token from the one
//! before. Dotted abbreviations (`U.S.`, `D.`, `Gen.`) are single tokens.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Starts with a letter (may contain digits: `G20`, `ISIS`).
    Word,
    /// Starts with a digit: `2017`, `1,000`, `3.5`.
    Num,
    /// Any other single character (`“`, `’`, `-`, `,`, `$`, …).
    Punct,
}

/// One token: its byte span, its kind and six flags in one byte, 10 bytes
/// in all (a 5 MB article has a million tokens): packed to 2-byte
/// alignment, which fields read by value (never by reference) allow.
#[derive(Clone, Copy, Debug)]
#[repr(C, packed(2))]
pub struct Tok {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    flags: u8,
}

const GLUED: u8 = 1;
const PARA_START: u8 = 2;
const SENT_START: u8 = 4;
const CAP: u8 = 8;
const ALL_CAPS: u8 = 16;
const ABBREV: u8 = 32;

impl Tok {
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Its length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// No whitespace between this token and the previous one.
    #[inline]
    pub fn glued(&self) -> bool {
        self.flags & GLUED != 0
    }

    /// First token after a paragraph break (a newline) or at the start.
    #[inline]
    pub fn para_start(&self) -> bool {
        self.flags & PARA_START != 0
    }

    /// First token of a sentence.
    #[inline]
    pub fn sent_start(&self) -> bool {
        self.flags & SENT_START != 0
    }

    /// First character is uppercase.
    #[inline]
    pub fn cap(&self) -> bool {
        self.flags & CAP != 0
    }

    /// Every letter is uppercase and there are at least two letters.
    #[inline]
    pub fn all_caps(&self) -> bool {
        self.flags & ALL_CAPS != 0
    }

    /// A dotted abbreviation or initial (`U.S.`, `D.`, `Jr.`).
    #[inline]
    pub fn abbrev(&self) -> bool {
        self.flags & ABBREV != 0
    }
}

use super::lexicon::WordList;

pub struct Text<'t> {
    pub src: &'t str,
    pub toks: Vec<Tok>,
    /// Indices of the tokens that start a paragraph, ascending.
    pub para_starts: Vec<usize>,
    /// Indices of the lowercase words right before a capitalised word,
    /// ascending ("from [Brandon]", "departments of [Labor]", "Voice for
    /// [Peace]"): the passes that start at such a word walk this list, not
    /// every token.
    pub lower_before_cap: Vec<u32>,
}

impl<'t> Text<'t> {
    #[inline]
    pub fn s(&self, i: usize) -> &'t str {
        &self.src[self.toks[i].range()]
    }

    /// The byte range of tokens `i..j` (`j` exclusive, `j > i`).
    #[inline]
    pub fn byte_span(&self, i: usize, j: usize) -> (usize, usize) {
        (self.toks[i].start as usize, self.toks[j - 1].end as usize)
    }

    /// The text from the start of token `i` to the end of token `j` (inclusive).
    #[inline]
    pub fn span(&self, i: usize, j: usize) -> &'t str {
        &self.src[self.toks[i].start as usize..self.toks[j].end as usize]
    }

    /// The tokens that are the one-byte punctuation `mark` ("&", "("), in
    /// order: found by scanning the text's bytes for it, not the tokens
    /// (a pass that starts only at such a mark costs no walk over every
    /// token).
    pub fn punct_tokens(&self, mark: u8) -> impl Iterator<Item = usize> + '_ {
        let bytes = self.src.as_bytes();
        let mut from_tok = 0usize;
        bytes
            .iter()
            .enumerate()
            .filter(move |&(_, &b)| b == mark)
            .filter_map(move |(pos, _)| {
                let k =
                    from_tok + self.toks[from_tok..].partition_point(|t| (t.start as usize) < pos);
                from_tok = k;
                (k < self.toks.len() && self.toks[k].start as usize == pos).then_some(k)
            })
    }

    /// Token `i` is `s`. The token's length is compared first, from the
    /// token alone: most tokens fail there without their text being read.
    #[inline]
    pub fn is(&self, i: usize, s: &str) -> bool {
        match self.toks.get(i) {
            Some(tok) => {
                tok.len() == s.len() && self.src.as_bytes().get(tok.range()) == Some(s.as_bytes())
            }
            None => false,
        }
    }

    #[inline]
    pub fn is_any<L: WordList + ?Sized>(&self, i: usize, set: &L) -> bool {
        match self.toks.get(i) {
            Some(tok) => set.may_have_len(tok.len()) && set.has(self.s(i)),
            None => false,
        }
    }

    /// True when token `i` is a lowercase word.
    #[inline]
    pub fn lower_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Word && !self.toks[i].cap()
    }

    /// Lowercase form of token `i` equals `s` (ASCII case-insensitive).
    #[inline]
    pub fn is_ci(&self, i: usize, s: &str) -> bool {
        match self.toks.get(i) {
            Some(tok) => {
                tok.len() == s.len()
                    && self
                        .src
                        .as_bytes()
                        .get(tok.range())
                        .is_some_and(|b| b.eq_ignore_ascii_case(s.as_bytes()))
            }
            None => false,
        }
    }

    /// Index of the first token of the sentence containing `i`.
    pub fn sentence_start(&self, i: usize) -> usize {
        let mut k = i.min(self.toks.len().saturating_sub(1));
        let floor = i.saturating_sub(400);
        while k > floor && !self.toks[k].sent_start() {
            k -= 1;
        }
        k
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (general category M) in the common blocks; enough to keep
/// `e\u{301}` inside a word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200D | 0xFE0F)
}

/// Splits `src` into tokens. `abbrevs` are the words whose trailing period
/// belongs to them (`rules/tokens.txt`).
pub fn tokenize<'t, L: WordList + ?Sized>(src: &'t str, abbrevs: &L) -> Text<'t> {
    let mut toks: Vec<Tok> = Vec::with_capacity(src.len() / 5 + 8);
    let bytes = src.as_bytes();
    let mut i = 0usize;
    let mut glued = false;
    let mut para_start = true;
    let mut sent_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        // Whitespace (ASCII fast path, then Unicode).
        if b == b'\n' {
            para_start = true;
            sent_start = true;
            glued = false;
            i += 1;
            continue;
        }
        if b == b' ' || b == b'\t' || b == b'\r' {
            glued = false;
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            match src[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        if c.is_whitespace() {
            if c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
                para_start = true;
                sent_start = true;
            }
            glued = false;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            let digit = c.is_ascii_digit();
            let mut j = i;
            // A word: letters/digits/marks. A number: digits with inner , or .
            loop {
                while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                // The end, or ASCII punctuation or space other than , and .
                // (the common case): no character to decode.
                if bytes
                    .get(j)
                    .is_none_or(|&x| x < 0x80 && x != b',' && x != b'.')
                {
                    break;
                }
                match src[j..].chars().next() {
                    Some(ch)
                        if ch.is_ascii()
                            && !ch.is_ascii_alphanumeric()
                            && ch != ','
                            && ch != '.' =>
                    {
                        break
                    }
                    Some(ch) if is_word_char(ch) => j += ch.len_utf8(),
                    Some(ch @ (',' | '.')) if digit => {
                        let next = bytes.get(j + 1).copied().unwrap_or(0);
                        let prev_digit = j > start && bytes[j - 1].is_ascii_digit();
                        if next.is_ascii_digit()
                            && prev_digit
                            && (ch == '.'
                                || src[start..j]
                                    .chars()
                                    .all(|x| x.is_ascii_digit() || x == ','))
                        {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            kind = if digit { Kind::Num } else { Kind::Word };
            i = j;
        } else {
            kind = Kind::Punct;
            i += c.len_utf8();
        }
        let mut abbrev = false;
        if kind == Kind::Word && bytes.get(i) == Some(&b'.') {
            let w = &src[start..i];
            let single = w.chars().count() == 1 && w.chars().all(|ch| ch.is_alphabetic());
            if single {
                // U.S. / U.K. / D. / e.g.: letter-dot runs.
                let mut j = i + 1;
                loop {
                    let mut it = src[j..].chars();
                    match (it.next(), it.next()) {
                        (Some(l), Some('.')) if l.is_alphabetic() => j += l.len_utf8() + 1,
                        _ => break,
                    }
                }
                let letters = src[start..j].chars().filter(|c| c.is_alphabetic()).count();
                // A lone capital initial ("D.") or a dotted acronym ("U.S.").
                if letters > 1 || w.chars().all(char::is_uppercase) {
                    i = j;
                    abbrev = true;
                }
            } else if abbrevs.has(w) {
                i += 1;
                abbrev = true;
            }
        }
        let text = &src[start..i];
        // One pass over the bytes: ASCII?, letters, any lowercase.
        let (mut ascii, mut ascii_letters, mut lower) = (true, 0usize, false);
        for &x in text.as_bytes() {
            ascii &= x < 0x80;
            ascii_letters += x.is_ascii_alphabetic() as usize;
            lower |= x.is_ascii_lowercase();
        }
        let (cap, all_caps, letters) = if ascii {
            (
                text.as_bytes()[0].is_ascii_uppercase(),
                !lower,
                ascii_letters,
            )
        } else {
            let mut letters = 0;
            let mut all_caps = true;
            for ch in text.chars() {
                if ch.is_alphabetic() {
                    letters += 1;
                    if !ch.is_uppercase() {
                        all_caps = false;
                    }
                }
            }
            (
                text.chars().next().is_some_and(char::is_uppercase),
                all_caps,
                letters,
            )
        };
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        toks.push(Tok {
            start: start as u32,
            end: i as u32,
            kind,
            flags: flag(glued, GLUED)
                | flag(para_start, PARA_START)
                | flag(sent_start, SENT_START)
                | flag(cap, CAP)
                | flag(all_caps && letters >= 2, ALL_CAPS)
                | flag(abbrev, ABBREV),
        });
        para_start = false;
        sent_start = false;
        glued = true;
        // Sentence ends: . ! ? (possibly followed by closing quotes/brackets)
        // then whitespace and an uppercase letter, digit or opening quote.
        if kind == Kind::Punct && matches!(c, '.' | '!' | '?' | '…')
            || abbrev && text.len() > 2 && ends_sentence_after_abbrev(src, i)
        {
            let mut j = i;
            while let Some(ch) = src[j..].chars().next() {
                if matches!(ch, '”' | '"' | '’' | '\'' | ')' | '»' | '“') && j == i {
                    break; // closing marks are tokens; the next token decides
                }
                if ch.is_whitespace() {
                    j += ch.len_utf8();
                    continue;
                }
                if ch.is_uppercase()
                    || ch.is_ascii_digit()
                    || matches!(ch, '“' | '"' | '‘' | '«' | '„' | '(' | '—' | '–')
                {
                    sent_start = true;
                }
                break;
            }
        }
        // A closing quote right after sentence punctuation ends the sentence
        // when the next word is capitalised: `… defeat.” During …`.
        if kind == Kind::Punct && matches!(c, '”' | '"' | '’' | '»' | ')') && toks.len() >= 2 {
            let prev = &src[toks[toks.len() - 2].range()];
            if matches!(prev, "." | "!" | "?") {
                let rest = src[i..].trim_start_matches([' ', '\t']);
                if rest.len() < src.len() - i
                    && rest
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_uppercase() || matches!(ch, '“' | '"'))
                {
                    sent_start = true;
                }
            }
        }
    }
    let para_starts = (0..toks.len()).filter(|&i| toks[i].para_start()).collect();
    let lower_before_cap = toks
        .windows(2)
        .enumerate()
        .filter(|(_, w)| {
            w[0].kind == Kind::Word && !w[0].cap() && w[1].kind == Kind::Word && w[1].cap()
        })
        .map(|(i, _)| i as u32)
        .collect();
    Text {
        src,
        toks,
        para_starts,
        lower_before_cap,
    }
}

/// "U.S." at the end of a sentence: only when followed by whitespace and a
/// word that starts a sentence on its own (a capital after a blank line).
fn ends_sentence_after_abbrev(src: &str, i: usize) -> bool {
    let rest = &src[i..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    trimmed.starts_with('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbrevs() -> Vec<&'static str> {
        super::super::lexicon::Lexicon::build()
            .w
            .abbreviations
            .to_vec()
    }

    fn words(s: &str) -> Vec<&str> {
        let t = tokenize(s, &abbrevs());
        (0..t.toks.len()).map(|i| t.s(i)).collect()
    }

    #[test]
    fn splits_possessives_hyphens_abbreviations() {
        assert_eq!(
            words("Russia’s U.S.-led Gregory D. LoGerfo"),
            ["Russia", "’", "s", "U.S.", "-", "led", "Gregory", "D.", "LoGerfo"]
        );
        assert_eq!(
            words("$5.5 million, 1,000 and 12%."),
            ["$", "5.5", "million", ",", "1,000", "and", "12", "%", "."]
        );
        let w = words("e\u{301}clair 👍 שלום");
        assert_eq!(w, ["e\u{301}clair", "👍", "שלום"]);
    }

    #[test]
    fn sentences() {
        let t = tokenize(
            "He left. She said “Go.” Then Mr. Smith came.\nNew para",
            &abbrevs(),
        );
        let starts: Vec<&str> = (0..t.toks.len())
            .filter(|&i| t.toks[i].sent_start())
            .map(|i| t.s(i))
            .collect();
        assert_eq!(starts, ["He", "She", "Then", "New"]);
    }
}
