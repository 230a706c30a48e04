//! User rule files (`.rules`): what a user knows about their beat, as plain
//! text the CLI, the app and the Python package all read.
//!
//! ```text
//! # One rule a line; '#' starts a comment line; blank lines are ignored.
//! ORG Acme Widgets              always tag this phrase with this label
//! PERSON Tong Wei-li
//! LOC/i upper mawby             /i: match in any case
//! never Saturday Night Live     no entity in or over this phrase
//! never PERSON Jordan           never give this phrase this label
//! cue harrumphed                an extra verb or phrase of saying
//! cue in a post on
//! title Archdeacon              an extra title, kept outside names
//! pattern ORG /[A-Z][a-z]+\.co\.uk/    a regular expression (linear time)
//! pattern NUMBER /\d+ quid/i           trailing i: any case
//! ```
//!
//! Labels are `PERSON`, `ORG`, `LOC`, `NORP`, `DATE` and `NUMBER`. Phrases
//! match whole words (token boundaries) and are case-sensitive unless the
//! directive carries `/i`; whitespace inside a phrase matches any run of
//! whitespace. A pattern match counts only when it starts and ends on word
//! boundaries. User rules win over the built-in ones, and every annotation
//! they make carries `rule: "user:SET:LINE"`.
//!
//! Parsing is all or nothing: the first bad line is a [`RulesError`] that
//! names `SET:LINE` and says what is wrong, and no rule of the file is used.

use crate::annotator::lexicon::{fnv1a, FNV_START};
use crate::model::Label;
use std::fmt;

/// At most this many words (tokens) in a user phrase.
pub const MAX_PHRASE_TOKENS: usize = 32;

/// The compiled size limit of one pattern (bytes of automaton).
pub(crate) const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// What one rule does.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RuleKind {
    /// `LABEL phrase`: always tag the phrase with the label.
    Tag { label: Label, phrase: String },
    /// `never phrase` (no label: nothing in or over it is tagged) or
    /// `never LABEL phrase` (it never gets that label).
    Never {
        label: Option<Label>,
        phrase: String,
    },
    /// `cue phrase`: an extra verb or phrase of saying.
    Cue(String),
    /// `title word`: an extra title or honorific.
    Title(String),
    /// `pattern LABEL /regex/`: every match on word boundaries gets the label.
    Pattern { label: Label, regex: String },
}

/// One line of a rule file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserRule {
    /// 1-based line in its file (the rule id says `user:SET:LINE`).
    pub line: usize,
    pub kind: RuleKind,
    /// Match in any case (`/i`).
    pub any_case: bool,
}

/// Why a rule file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesErrorKind {
    /// A byte sequence that is not UTF-8, at this 1-based column (bytes).
    NotUtf8 { column: usize },
    /// The first word is not a directive.
    UnknownDirective(String),
    /// A word in a label's place that is not one of the six labels.
    UnknownLabel(String),
    /// A directive with nothing after it.
    EmptyPhrase,
    /// A phrase of more than [`MAX_PHRASE_TOKENS`] words.
    PhraseTooLong { tokens: usize },
    /// `title` takes one word.
    TitleNotOneWord,
    /// A flag other than `/i`.
    UnknownFlag(String),
    /// `pattern` without `LABEL /regex/`.
    PatternSyntax,
    /// The regular expression does not compile (the regex crate's words).
    BadRegex(String),
    /// The regular expression matches the empty string.
    PatternMatchesEmpty,
}

/// A rule file that could not be used: which file, which line, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    /// The rule set's name: the file's path in the CLI.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    pub kind: RulesErrorKind,
}

impl fmt::Display for RulesErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RulesErrorKind::*;
        match self {
            NotUtf8 { column } => write!(f, "not UTF-8 text (invalid byte at column {column})"),
            UnknownDirective(d) => {
                write!(f, "unknown directive {d:?}; a line starts with a label (PERSON, ORG, LOC, NORP, DATE, NUMBER), never, cue, title or pattern")?;
                if Label::parse(&d.to_uppercase()).is_some() {
                    write!(f, " (labels are written in capitals: {})", d.to_uppercase())?;
                }
                Ok(())
            }
            UnknownLabel(l) => write!(
                f,
                "unknown label {l:?} (expected PERSON, ORG, LOC, NORP, DATE or NUMBER)"
            ),
            EmptyPhrase => f.write_str("the rule has no phrase after its directive"),
            PhraseTooLong { tokens } => write!(
                f,
                "the phrase has {tokens} words; at most {MAX_PHRASE_TOKENS} are allowed"
            ),
            TitleNotOneWord => f.write_str("a title is one word (e.g. `title Archdeacon`)"),
            UnknownFlag(x) => write!(f, "unknown flag {x:?} (the only flag is /i: any case)"),
            PatternSyntax => {
                f.write_str("expected `pattern LABEL /regex/` (optionally `/regex/i`)")
            }
            BadRegex(m) => write!(f, "the regular expression does not compile: {m}"),
            PatternMatchesEmpty => f.write_str("the regular expression matches empty text"),
        }
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.kind)
    }
}

impl std::error::Error for RulesError {}

/// A named list of user rules (one `.rules` file, or the app's rules).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSet {
    name: String,
    rules: Vec<UserRule>,
}

/// Splits `directive[/i]`.
fn directive_flags(word: &str) -> Result<(&str, bool), RulesErrorKind> {
    match word.split_once('/') {
        None => Ok((word, false)),
        Some((d, "i")) => Ok((d, true)),
        Some((_, other)) => Err(RulesErrorKind::UnknownFlag(format!("/{other}"))),
    }
}

/// Collapses runs of whitespace to one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn phrase(rest: &str) -> Result<String, RulesErrorKind> {
    let p = squeeze(rest);
    if p.is_empty() {
        return Err(RulesErrorKind::EmptyPhrase);
    }
    let tokens = crate::annotator::count_tokens(&p);
    if tokens == 0 {
        return Err(RulesErrorKind::EmptyPhrase);
    }
    if tokens > MAX_PHRASE_TOKENS {
        return Err(RulesErrorKind::PhraseTooLong { tokens });
    }
    Ok(p)
}

pub(crate) fn compile_pattern(regex: &str, any_case: bool) -> Result<regex::Regex, RulesErrorKind> {
    let re = regex::RegexBuilder::new(regex)
        .case_insensitive(any_case)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            // The regex crate's message is several lines; keep the last one.
            let msg = e.to_string();
            let last = msg
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ")
                .to_string();
            RulesErrorKind::BadRegex(last)
        })?;
    if re.is_match("") {
        return Err(RulesErrorKind::PatternMatchesEmpty);
    }
    Ok(re)
}

impl UserRule {
    /// Parses one line (without its newline). `Ok(None)` for a blank or
    /// comment line.
    pub fn parse_line(line_no: usize, line: &str) -> Result<Option<UserRule>, RulesErrorKind> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(None);
        }
        let (word, rest) = match line.split_once(char::is_whitespace) {
            Some((w, r)) => (w, r.trim()),
            None => (line, ""),
        };
        let (directive, any_case) = directive_flags(word)?;
        let kind = match directive {
            "never" => {
                let (first, after) = match rest.split_once(char::is_whitespace) {
                    Some((f, a)) => (f, a.trim()),
                    None => (rest, ""),
                };
                match Label::parse(first) {
                    Some(label) if !after.is_empty() => RuleKind::Never {
                        label: Some(label),
                        phrase: phrase(after)?,
                    },
                    _ => RuleKind::Never {
                        label: None,
                        phrase: phrase(rest)?,
                    },
                }
            }
            "cue" => RuleKind::Cue(phrase(rest)?),
            "title" => {
                let p = phrase(rest)?;
                if p.contains(' ') {
                    return Err(RulesErrorKind::TitleNotOneWord);
                }
                RuleKind::Title(p)
            }
            "pattern" => {
                if any_case {
                    return Err(RulesErrorKind::UnknownFlag(
                        "/i after `pattern` (write it after the regex: /regex/i)".into(),
                    ));
                }
                let (label, body) = rest
                    .split_once(char::is_whitespace)
                    .ok_or(RulesErrorKind::PatternSyntax)?;
                let label = Label::parse(label)
                    .ok_or_else(|| RulesErrorKind::UnknownLabel(label.to_string()))?;
                let body = body.trim();
                let inner = body
                    .strip_prefix('/')
                    .ok_or(RulesErrorKind::PatternSyntax)?;
                let (regex, flags) = inner
                    .rsplit_once('/')
                    .ok_or(RulesErrorKind::PatternSyntax)?;
                let any_case = match flags {
                    "" => false,
                    "i" => true,
                    other => return Err(RulesErrorKind::UnknownFlag(other.to_string())),
                };
                if regex.is_empty() {
                    return Err(RulesErrorKind::EmptyPhrase);
                }
                compile_pattern(regex, any_case)?;
                return Ok(Some(UserRule {
                    line: line_no,
                    kind: RuleKind::Pattern {
                        label,
                        regex: regex.to_string(),
                    },
                    any_case,
                }));
            }
            d => match Label::parse(d) {
                Some(label) => RuleKind::Tag {
                    label,
                    phrase: phrase(rest)?,
                },
                None => return Err(RulesErrorKind::UnknownDirective(d.to_string())),
            },
        };
        Ok(Some(UserRule {
            line: line_no,
            kind,
            any_case,
        }))
    }

    /// A rule made in the app ("Always tag ‘X’ as ORG"): checked like a
    /// line of a file.
    pub fn new(kind: RuleKind, any_case: bool) -> Result<UserRule, RulesErrorKind> {
        let r = UserRule {
            line: 0,
            kind,
            any_case,
        };
        // Round-trip through the text form: one set of checks for both.
        let again = UserRule::parse_line(0, &r.to_string())?.ok_or(RulesErrorKind::EmptyPhrase)?;
        if again.kind != r.kind {
            return Err(RulesErrorKind::PatternSyntax);
        }
        Ok(again)
    }

    /// The label this rule gives or withholds, if any.
    pub fn label(&self) -> Option<Label> {
        match &self.kind {
            RuleKind::Tag { label, .. } | RuleKind::Pattern { label, .. } => Some(*label),
            RuleKind::Never { label, .. } => *label,
            RuleKind::Cue(_) | RuleKind::Title(_) => None,
        }
    }

    /// The phrase, word or regex the rule is about.
    pub fn text(&self) -> &str {
        match &self.kind {
            RuleKind::Tag { phrase, .. } | RuleKind::Never { phrase, .. } => phrase,
            RuleKind::Cue(p) | RuleKind::Title(p) => p,
            RuleKind::Pattern { regex, .. } => regex,
        }
    }
}

/// The rule as a line of a `.rules` file (parses back to the same rule).
impl fmt::Display for UserRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = if self.any_case { "/i" } else { "" };
        match &self.kind {
            RuleKind::Tag { label, phrase } => write!(f, "{label}{i} {phrase}"),
            RuleKind::Never {
                label: None,
                phrase,
            } => write!(f, "never{i} {phrase}"),
            RuleKind::Never {
                label: Some(label),
                phrase,
            } => write!(f, "never{i} {label} {phrase}"),
            RuleKind::Cue(p) => write!(f, "cue{i} {p}"),
            RuleKind::Title(p) => write!(f, "title{i} {p}"),
            RuleKind::Pattern { label, regex } => {
                let i = if self.any_case { "i" } else { "" };
                write!(f, "pattern {label} /{regex}/{i}")
            }
        }
    }
}

impl RuleSet {
    /// An empty set called `name` (the name goes into every rule id).
    pub fn new(name: &str) -> RuleSet {
        RuleSet {
            name: name.to_string(),
            rules: Vec::new(),
        }
    }

    /// Parses a rule file's text; `name` is how errors and rule ids refer
    /// to it (the CLI passes the path).
    pub fn parse(name: &str, text: &str) -> Result<RuleSet, RulesError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut set = RuleSet::new(name);
        for (i, line) in text.lines().enumerate() {
            let rule = UserRule::parse_line(i + 1, line).map_err(|kind| RulesError {
                file: name.to_string(),
                line: i + 1,
                kind,
            })?;
            set.rules.extend(rule);
        }
        Ok(set)
    }

    /// Parses a rule file's bytes: bytes that are not UTF-8 are an error
    /// naming their line and column.
    pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<RuleSet, RulesError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => RuleSet::parse(name, text),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                // Lines before the bad one must be valid too: report them first.
                let before = std::str::from_utf8(&bytes[..line_start]).unwrap_or("");
                RuleSet::parse(name, before)?;
                Err(RulesError {
                    file: name.to_string(),
                    line,
                    kind: RulesErrorKind::NotUtf8 {
                        column: e.valid_up_to() - line_start + 1,
                    },
                })
            }
        }
    }

    /// A set from rules made elsewhere (the app), numbered 1, 2, … as
    /// [`RuleSet::to_text`] writes them.
    pub fn from_rules(name: &str, rules: impl IntoIterator<Item = UserRule>) -> RuleSet {
        let mut set = RuleSet::new(name);
        for r in rules {
            set.push(r);
        }
        set
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn rules(&self) -> &[UserRule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Appends a rule as the set's next line.
    pub fn push(&mut self, mut rule: UserRule) {
        rule.line = self.rules.len() + 1;
        self.rules.push(rule);
    }

    /// The set as a `.rules` file, one rule a line (line numbers 1, 2, …
    /// match a set made by [`RuleSet::from_rules`]).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for r in &self.rules {
            out.push_str(&r.to_string());
            out.push('\n');
        }
        out
    }
}

/// The short hash of user rules, over their text (not their names or line
/// numbers), so the same rules give the same hash in the CLI and the app.
/// `None` when there are none.
pub fn user_hash<'a>(sets: impl IntoIterator<Item = &'a RuleSet>) -> Option<String> {
    let mut h = FNV_START;
    let mut any = false;
    for set in sets {
        for r in &set.rules {
            any = true;
            h = fnv1a(h, r.to_string().as_bytes());
            h = fnv1a(h, b"\n");
        }
    }
    any.then(|| format!("{:012x}", h >> 16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use RulesErrorKind::*;

    fn err(text: &str) -> (usize, RulesErrorKind) {
        let e = RuleSet::parse("t.rules", text).unwrap_err();
        (e.line, e.kind)
    }

    #[test]
    fn parses_every_directive() {
        let text = "\u{feff}# my beat\n\nORG Acme  Widgets\nLOC/i upper mawby\nnever Saturday Night Live\nnever PERSON Jordan\ncue harrumphed\ncue in a post on\ntitle Archdeacon\npattern ORG /[A-Z][a-z]+\\.co\\.uk/\npattern NUMBER /\\d+ quid/i\n";
        let set = RuleSet::parse("beat.rules", text).unwrap();
        let lines: Vec<String> = set.rules().iter().map(|r| r.to_string()).collect();
        assert_eq!(
            lines,
            [
                "ORG Acme Widgets",
                "LOC/i upper mawby",
                "never Saturday Night Live",
                "never PERSON Jordan",
                "cue harrumphed",
                "cue in a post on",
                "title Archdeacon",
                "pattern ORG /[A-Z][a-z]+\\.co\\.uk/",
                "pattern NUMBER /\\d+ quid/i",
            ]
        );
        assert_eq!(set.rules()[0].line, 3);
        // The text form parses back to the same rules.
        let again = RuleSet::parse("x", &set.to_text()).unwrap();
        let kinds = |s: &RuleSet| s.rules().iter().map(|r| r.kind.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&again), kinds(&set));
        assert_eq!(user_hash([&again]), user_hash([&set]));
        assert_eq!(user_hash([&RuleSet::new("empty")]), None);
    }

    #[test]
    fn each_bad_line_names_its_line() {
        let cases: &[(&str, usize, RulesErrorKind)] = &[
            ("ORG Acme\nFIRM Acme", 2, UnknownDirective("FIRM".into())),
            ("org Acme", 1, UnknownDirective("org".into())),
            ("ORG", 1, EmptyPhrase),
            ("ORG    ", 1, EmptyPhrase),
            ("never", 1, EmptyPhrase),
            ("cue", 1, EmptyPhrase),
            ("title Deputy Mayor", 1, TitleNotOneWord),
            ("ORG/x Acme", 1, UnknownFlag("/x".into())),
            ("pattern ORG", 1, PatternSyntax),
            ("pattern ORG Acme", 1, PatternSyntax),
            ("pattern FIRM /Acme/", 1, UnknownLabel("FIRM".into())),
            ("pattern ORG /a*/", 1, PatternMatchesEmpty),
            ("pattern ORG /Acme/g", 1, UnknownFlag("g".into())),
        ];
        for (text, line, kind) in cases {
            assert_eq!(err(text), (*line, kind.clone()), "{text:?}");
        }
        let (line, kind) = err("# ok\npattern ORG /(unclosed/");
        assert_eq!(line, 2);
        assert!(matches!(kind, BadRegex(_)), "{kind:?}");
        let long = format!("ORG {}", "word ".repeat(40));
        assert_eq!(err(&long), (1, PhraseTooLong { tokens: 40 }));
        let e = RuleSet::parse("my.rules", "ORG Acme\nPLACE Upper Mawby").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("my.rules:2: unknown directive \"PLACE\""),
            "{e}"
        );
        assert!(err("org Acme").1.to_string().contains("capitals: ORG"));
    }

    #[test]
    fn non_utf8_names_line_and_column() {
        let e = RuleSet::parse_bytes("b.rules", b"ORG Acme\nLOC Caf\xe9 Royal\n").unwrap_err();
        assert_eq!((e.line, e.kind), (2, NotUtf8 { column: 8 }));
        // An earlier bad line is reported first.
        let e = RuleSet::parse_bytes("b.rules", b"FIRM x\nLOC Caf\xe9\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn app_rules_are_checked_like_lines() {
        let ok = UserRule::new(
            RuleKind::Tag {
                label: Label::Org,
                phrase: "Acme 👍🏽 Widgets".into(),
            },
            false,
        )
        .unwrap();
        assert_eq!(ok.to_string(), "ORG Acme 👍🏽 Widgets");
        assert!(UserRule::new(
            RuleKind::Tag {
                label: Label::Org,
                phrase: "  ".into()
            },
            false
        )
        .is_err());
        let set = RuleSet::from_rules("app", [ok.clone(), ok]);
        assert_eq!(set.rules()[1].line, 2);
    }
}
