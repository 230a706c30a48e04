//! Pressmark's annotation engine: named entities (PERSON, ORG, LOC, NORP,
//! DATE, NUMBER), direct quotes and their speakers in English news, by an
//! embedded rule set. Pure Rust: no I/O, no globals, never panics on any
//! input, linear time in the text.
//!
//! ```
//! let annotator = pressmark_engine::Annotator::new();
//! let doc = annotator.annotate("“We will win,” said Marco Rubio in Washington on Tuesday.");
//! assert!(doc.entities.iter().any(|e| doc.slice(e.start, e.end) == "Marco Rubio"));
//! assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().name, "Marco Rubio");
//! let json = pressmark_engine::format::to_json(&doc); // code-point offsets
//! # let _ = json;
//! ```

pub mod format;
pub mod model;
pub mod offsets;
pub mod registry;
pub mod rules;
pub mod sources;

mod annotator;

pub use annotator::{Annotator, AnnotatorBuilder};
pub use model::{
    Candidate, Cue, Document, Entity, Label, Quote, RuleId, RulesStamp, Source, Speaker,
};
pub use offsets::OffsetMap;
pub use registry::{explain, Rule};
pub use rules::{RuleKind, RuleSet, RulesError, RulesErrorKind, UserRule};
