//! The annotator: built once from the embedded rule set, then immutable.

use crate::model::{Document, Label, Source};

/// Built once from the embedded rule set ([`Annotator::new`]); then
/// [`Annotator::annotate`] is cheap and may be called from many threads.
pub struct Annotator {
    _private: (),
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new()
    }
}

impl Annotator {
    /// Builds the annotator from the embedded rule set.
    pub fn new() -> Annotator {
        Annotator { _private: () }
    }

    /// Annotates `text`. Never panics; time linear in the text.
    pub fn annotate(&self, text: &str) -> Document {
        Document { text: text.to_string(), entities: Vec::new(), quotes: Vec::new() }
    }

    /// Re-runs the rules over `previous.text`, keeping every user annotation
    /// (`source: user`) and dropping rule annotations that overlap one, or
    /// that the user deleted (`suppressed`: byte spans with the label the
    /// user removed).
    pub fn reannotate(&self, previous: &Document, suppressed: &[(usize, usize, Label)]) -> Document {
        let mut doc = self.annotate(&previous.text);
        let user_e: Vec<_> = previous.entities.iter().filter(|e| e.source == Source::User).cloned().collect();
        let user_q: Vec<_> = previous.quotes.iter().filter(|q| q.source == Source::User).cloned().collect();
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        doc.entities.retain(|e| {
            !user_e.iter().any(|u| overlaps((e.start, e.end), (u.start, u.end)))
                && !suppressed.iter().any(|&(s, t, l)| s == e.start && t == e.end && l == e.label)
        });
        doc.quotes.retain(|q| !user_q.iter().any(|u| overlaps((q.start, q.end), (u.start, u.end))));
        let mut next = previous.next_id().max(doc.next_id());
        for e in doc.entities.iter_mut() {
            e.id = next;
            next += 1;
        }
        for q in doc.quotes.iter_mut() {
            q.id = next;
            next += 1;
        }
        doc.entities.extend(user_e);
        doc.quotes.extend(user_q);
        doc.sort();
        doc
    }
}
