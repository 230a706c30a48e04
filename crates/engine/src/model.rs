//! The annotation model: what the engine produces and the app edits.
//!
//! Offsets here are **UTF-8 byte offsets** into [`Document::text`], always on
//! `char` boundaries, half-open. The JSON contract ([`crate::format`]) speaks
//! Unicode code points; conversion happens only at that edge.

use std::borrow::Cow;
use std::fmt;

/// The six entity labels of the guidelines, in their canonical order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Person,
    Org,
    Loc,
    Norp,
    Date,
    Number,
}

impl Label {
    /// All labels, in the order the app shows them (and number keys 1–6).
    pub const ALL: [Label; 6] = [
        Label::Person,
        Label::Org,
        Label::Loc,
        Label::Norp,
        Label::Date,
        Label::Number,
    ];

    /// The label as written in the JSON and the guidelines (`"PERSON"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Norp => "NORP",
            Label::Date => "DATE",
            Label::Number => "NUMBER",
        }
    }

    /// Parses a label name as written in the JSON.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// A short human description, for legends and tooltips.
    pub fn describe(self) -> &'static str {
        match self {
            Label::Person => "person",
            Label::Org => "organisation",
            Label::Loc => "place",
            Label::Norp => "nationality, religious or political group",
            Label::Date => "date or duration",
            Label::Number => "number, money or percentage",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who made an annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The embedded rule set; `rule` names the rule.
    Rule,
    /// A person correcting the rules; survives re-running them.
    User,
    /// Read from another tool's file (`rule` says which format); survives
    /// re-running the rules like a correction.
    Import,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rule => "rule",
            Source::User => "user",
            Source::Import => "import",
        }
    }
}

/// A rule or user identifier such as `gazetteer:country` or `user`.
pub type RuleId = Cow<'static, str>;

/// A named-entity span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Unique within its document; stable across edits.
    pub id: u32,
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub source: Source,
    /// Provenance: the rule that made it (`user` for user edits).
    pub rule: RuleId,
}

/// A mention of a quote's speaker: the name as resolved (fullest form the
/// article uses) and, when it exists, the span of the mention that attributes
/// the quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    /// Byte span of the attributing mention in the text; `None` for a name a
    /// user typed that does not occur at a known place.
    pub span: Option<(usize, usize)>,
}

/// A ranked alternative speaker, offered by the app.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub span: Option<(usize, usize)>,
    /// Higher is likelier; in `0.0..=1.0`.
    pub score: f32,
}

/// The verb or phrase that attributes a quote (`said`, `according to`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
}

/// A direct quote, including its opening and closing marks.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub id: u32,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<Speaker>,
    pub cue: Option<Cue>,
    /// Ranked candidate speakers, best first (may include the chosen one).
    pub candidates: Vec<Candidate>,
    pub source: Source,
    pub rule: RuleId,
}

/// Which rules annotated a document: short hashes of the built-in rule set
/// and of the user rules (`None`: none), so two runs can be shown to agree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesStamp {
    pub builtin: String,
    pub user: Option<String>,
}

/// An annotated article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub text: String,
    /// Sorted by `start`, non-overlapping.
    pub entities: Vec<Entity>,
    /// Sorted by `start`, non-overlapping.
    pub quotes: Vec<Quote>,
    /// The rules that made the rule annotations (`None` for a document
    /// read from a file that does not say).
    pub rules: Option<RulesStamp>,
}

impl Document {
    /// The text of a byte span; empty if the span is out of range or not on
    /// character boundaries (never panics).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The next free id for a new entity or quote.
    pub fn next_id(&self) -> u32 {
        let e = self.entities.iter().map(|e| e.id).max().unwrap_or(0);
        let q = self.quotes.iter().map(|q| q.id).max().unwrap_or(0);
        e.max(q) + 1
    }

    /// Restores the invariants: entities and quotes sorted by position.
    pub fn sort(&mut self) {
        self.entities.sort_by_key(|e| (e.start, e.end));
        self.quotes.sort_by_key(|q| (q.start, q.end));
    }
}
