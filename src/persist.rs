//! Saving the work in progress (document + undo/redo history) as strings for
//! localStorage, and restoring it. Plain Rust, tested natively.
//!
//! The document is stored with [`format::to_json`], exactly as downloaded;
//! the history beside it in a compact form of its own (byte offsets into the
//! same text, guarded by the text's length and hash). A step that changed
//! the user's rules keeps those rules as lines of a `.rules` file.
//!
//! The user's rules themselves are saved apart from the document (they
//! outlive it): as the text of a `.rules` file, see [`crate::user_rules`].

use crate::state::{AppState, Edit, Item, Target};
use crate::user_rules::RulesChange;
use pressmark_engine::{
    format, Candidate, Cue, Entity, Label, Quote, RulesStamp, Source, Speaker, UserRule,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::rc::Rc;

const VERSION: u32 = 1;

type Span = (usize, usize);

#[derive(Serialize, Deserialize)]
struct SavedHistory {
    v: u32,
    text_len: usize,
    text_hash: u64,
    undo: Vec<SavedEdit>,
    redo: Vec<SavedEdit>,
    suppressed: Vec<(usize, usize, String)>,
    dropped_quotes: Vec<Span>,
    dirty: bool,
    #[serde(default)]
    hidden: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct SavedEdit {
    what: String,
    removed: Vec<SavedItem>,
    added: Vec<SavedItem>,
    #[serde(default)]
    suppressed: Vec<(usize, usize, String)>,
    #[serde(default)]
    dropped_quotes: Vec<Span>,
    #[serde(default)]
    after: Option<(char, u32)>,
    #[serde(default)]
    before: Option<(char, u32)>,
    /// Rules taken out and put in: (position, the rule as a line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rules: Option<SavedRulesChange>,
    /// The document's rules stamp before and after: (builtin, user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stamp: Option<(Option<SavedStamp>, Option<SavedStamp>)>,
}

#[derive(Serialize, Deserialize)]
struct SavedRulesChange {
    removed: Vec<(usize, String)>,
    added: Vec<(usize, String)>,
}

type SavedStamp = (String, Option<String>);

#[derive(Serialize, Deserialize)]
struct SavedItem {
    /// `e` for an entity, `q` for a quote.
    k: char,
    id: u32,
    s: usize,
    e: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    /// Not made by the rules (a correction, or read from a file). Kept
    /// `true` for an import too, so that a save is read the same way by a
    /// version without `import`.
    user: bool,
    /// Read from another tool's file (`Source::Import`); absent in older saves.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    import: bool,
    rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    speaker: Option<(String, Option<Span>)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cue: Option<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cands: Vec<(String, Option<Span>, f32)>,
}

/// FNV-1a, to tell that a saved history belongs to the saved text.
pub fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

fn source(user: bool, import: bool) -> Source {
    match (user, import) {
        (_, true) => Source::Import,
        (true, false) => Source::User,
        (false, false) => Source::Rule,
    }
}

fn item_out(i: &Item) -> SavedItem {
    match i {
        Item::Entity(e) => SavedItem {
            k: 'e',
            id: e.id,
            s: e.start,
            e: e.end,
            label: Some(e.label.as_str().to_string()),
            user: e.source != Source::Rule,
            import: e.source == Source::Import,
            rule: e.rule.to_string(),
            speaker: None,
            cue: None,
            cands: Vec::new(),
        },
        Item::Quote(q) => SavedItem {
            k: 'q',
            id: q.id,
            s: q.start,
            e: q.end,
            label: None,
            user: q.source != Source::Rule,
            import: q.source == Source::Import,
            rule: q.rule.to_string(),
            speaker: q.speaker.as_ref().map(|s| (s.name.clone(), s.span)),
            cue: q.cue.as_ref().map(|c| (c.start, c.end)),
            cands: q
                .candidates
                .iter()
                .map(|c| (c.name.clone(), c.span, c.score))
                .collect(),
        },
    }
}

fn span_ok(text: &str, (s, e): Span) -> bool {
    s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
}

fn item_in(text: &str, i: SavedItem) -> Option<Item> {
    let opt_ok = |s: &Option<Span>| s.is_none_or(|s| span_ok(text, s));
    if !span_ok(text, (i.s, i.e)) {
        return None;
    }
    match i.k {
        'e' => Some(Item::Entity(Entity {
            id: i.id,
            start: i.s,
            end: i.e,
            label: Label::parse(i.label.as_deref()?)?,
            source: source(i.user, i.import),
            rule: Cow::Owned(i.rule),
        })),
        'q' => {
            if !i.speaker.as_ref().is_none_or(|s| opt_ok(&s.1))
                || !opt_ok(&i.cue)
                || !i.cands.iter().all(|c| opt_ok(&c.1))
            {
                return None;
            }
            Some(Item::Quote(Quote {
                id: i.id,
                start: i.s,
                end: i.e,
                speaker: i.speaker.map(|(name, span)| Speaker { name, span }),
                cue: i.cue.map(|(start, end)| Cue { start, end }),
                candidates: i
                    .cands
                    .into_iter()
                    .map(|(name, span, score)| Candidate { name, span, score })
                    .collect(),
                source: source(i.user, i.import),
                rule: Cow::Owned(i.rule),
            }))
        }
        _ => None,
    }
}

fn target_out(t: Option<Target>) -> Option<(char, u32)> {
    t.map(|t| match t {
        Target::Entity(id) => ('e', id),
        Target::Quote(id) => ('q', id),
    })
}

fn target_in(t: Option<(char, u32)>) -> Option<Target> {
    match t? {
        ('e', id) => Some(Target::Entity(id)),
        ('q', id) => Some(Target::Quote(id)),
        _ => None,
    }
}

fn suppressed_out(v: &[(usize, usize, Label)]) -> Vec<(usize, usize, String)> {
    v.iter()
        .map(|&(s, e, l)| (s, e, l.as_str().to_string()))
        .collect()
}

fn suppressed_in(v: Vec<(usize, usize, String)>) -> Option<Vec<(usize, usize, Label)>> {
    v.into_iter()
        .map(|(s, e, l)| Some((s, e, Label::parse(&l)?)))
        .collect()
}

fn rules_out(v: &[(usize, UserRule)]) -> Vec<(usize, String)> {
    v.iter().map(|(i, r)| (*i, r.to_string())).collect()
}

/// Rules saved as lines; `None` if one no longer parses.
fn rules_in(v: Vec<(usize, String)>) -> Option<Vec<(usize, UserRule)>> {
    v.into_iter()
        .map(|(i, line)| Some((i, UserRule::parse_line(i + 1, &line).ok()??)))
        .collect()
}

fn stamp_out(s: &Option<RulesStamp>) -> Option<SavedStamp> {
    s.as_ref().map(|s| (s.builtin.clone(), s.user.clone()))
}

fn stamp_in(s: Option<SavedStamp>) -> Option<RulesStamp> {
    s.map(|(builtin, user)| RulesStamp { builtin, user })
}

fn edit_out(e: &Edit) -> SavedEdit {
    SavedEdit {
        what: e.what.clone(),
        removed: e.removed.iter().map(item_out).collect(),
        added: e.added.iter().map(item_out).collect(),
        suppressed: suppressed_out(&e.suppressed),
        dropped_quotes: e.dropped_quotes.clone(),
        after: target_out(e.select_after),
        before: target_out(e.select_before),
        rules: e.rules.as_ref().map(|c| SavedRulesChange {
            removed: rules_out(&c.removed),
            added: rules_out(&c.added),
        }),
        stamp: e
            .stamp
            .as_ref()
            .map(|(before, after)| (stamp_out(before), stamp_out(after))),
    }
}

fn edit_in(text: &str, e: SavedEdit) -> Option<Rc<Edit>> {
    Some(Rc::new(Edit {
        what: e.what,
        removed: e
            .removed
            .into_iter()
            .map(|i| item_in(text, i))
            .collect::<Option<_>>()?,
        added: e
            .added
            .into_iter()
            .map(|i| item_in(text, i))
            .collect::<Option<_>>()?,
        suppressed: suppressed_in(e.suppressed)?,
        dropped_quotes: e.dropped_quotes,
        select_after: target_in(e.after),
        select_before: target_in(e.before),
        rules: match e.rules {
            Some(c) => Some(RulesChange {
                removed: rules_in(c.removed)?,
                added: rules_in(c.added)?,
            }),
            None => None,
        },
        stamp: e
            .stamp
            .map(|(before, after)| (stamp_in(before), stamp_in(after))),
    }))
}

/// The document as JSON (the download format), or `None` with no document.
pub fn doc_json(state: &AppState) -> Option<String> {
    state.doc.as_ref().map(|d| format::to_json(d))
}

/// The history as JSON, keeping at most the last `max_steps` undo steps
/// (and as many redo steps).
pub fn history_json(state: &AppState, max_steps: usize) -> Option<String> {
    let doc = state.doc.as_ref()?;
    let skip_undo = state.undo.len().saturating_sub(max_steps);
    let skip_redo = state.redo.len().saturating_sub(max_steps);
    let h = SavedHistory {
        v: VERSION,
        text_len: doc.text.len(),
        text_hash: text_hash(&doc.text),
        undo: state.undo[skip_undo..]
            .iter()
            .map(|e| edit_out(e))
            .collect(),
        // the redo stack's top is its last element: keep the most recent ones
        redo: state.redo[skip_redo..]
            .iter()
            .map(|e| edit_out(e))
            .collect(),
        suppressed: suppressed_out(&state.suppressed),
        dropped_quotes: state.dropped_quotes.clone(),
        dirty: state.dirty,
        hidden: state
            .hidden
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
    };
    serde_json::to_string(&h).ok()
}

/// Restores a saved state. `None` when the document cannot be read; a
/// history that does not fit the document is dropped (the document stays,
/// counted as having unsaved corrections).
pub fn restore(doc_json: &str, history_json: Option<&str>) -> Option<AppState> {
    let doc = format::from_json(doc_json).ok()?;
    let mut state = AppState {
        doc: None,
        dirty: true,
        revision: 1,
        text_revision: 1,
        ..AppState::default()
    };
    if let Some(h) = history_json.and_then(|h| serde_json::from_str::<SavedHistory>(h).ok()) {
        if h.v == VERSION && h.text_len == doc.text.len() && h.text_hash == text_hash(&doc.text) {
            let undo = h
                .undo
                .into_iter()
                .map(|e| edit_in(&doc.text, e))
                .collect::<Option<Vec<_>>>();
            let redo = h
                .redo
                .into_iter()
                .map(|e| edit_in(&doc.text, e))
                .collect::<Option<Vec<_>>>();
            let suppressed = suppressed_in(h.suppressed);
            if let (Some(undo), Some(redo), Some(suppressed)) = (undo, redo, suppressed) {
                state.undo = undo;
                state.redo = redo;
                state.suppressed = suppressed;
                state.dropped_quotes = h.dropped_quotes;
                state.dirty = h.dirty;
            }
            state.hidden = h.hidden.iter().filter_map(|l| Label::parse(l)).collect();
        }
    }
    state.doc = Some(Rc::new(doc));
    Some(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{reduce, Action};
    use pressmark_engine::Document;

    fn sample() -> Document {
        let text = "“Hi 👋,” said Zoë Ñandú in Türkiye.\n\nZoë again.".to_string();
        let zoe = text.find("Zoë").unwrap();
        let tur = text.find("Türkiye").unwrap();
        Document {
            entities: vec![
                Entity {
                    id: 1,
                    start: zoe,
                    end: zoe + "Zoë Ñandú".len(),
                    label: Label::Person,
                    source: Source::Rule,
                    rule: "r".into(),
                },
                Entity {
                    id: 2,
                    start: tur,
                    end: tur + "Türkiye".len(),
                    label: Label::Loc,
                    source: Source::Rule,
                    rule: "r".into(),
                },
            ],
            quotes: vec![Quote {
                id: 3,
                start: 0,
                end: text.find(" said").unwrap(),
                speaker: None,
                cue: None,
                candidates: vec![Candidate {
                    name: "Zoë Ñandú".into(),
                    span: Some((zoe, zoe + "Zoë Ñandú".len())),
                    score: 0.5,
                }],
                source: Source::Rule,
                rule: "q".into(),
            }],
            text,
            rules: None,
        }
    }

    #[test]
    fn saves_and_restores_document_and_history() {
        let mut s = reduce(&AppState::default(), Action::Load(sample()));
        s = reduce(
            &s,
            Action::Relabel {
                id: 2,
                label: Label::Org,
            },
        );
        s = reduce(&s, Action::Delete(crate::state::Target::Entity(1)));
        s = reduce(
            &s,
            Action::SetSpeaker {
                quote: 3,
                speaker: Some(Speaker {
                    name: "Zoë Ñandú".into(),
                    span: None,
                }),
            },
        );
        s = reduce(&s, Action::Undo);
        s = reduce(&s, Action::ToggleLabel(Label::Date));
        let dj = doc_json(&s).unwrap();
        let hj = history_json(&s, 200).unwrap();
        let r = restore(&dj, Some(&hj)).unwrap();
        assert_eq!(r.doc, s.doc);
        assert_eq!(r.undo, s.undo);
        assert_eq!(r.redo, s.redo);
        assert_eq!(r.suppressed, s.suppressed);
        assert_eq!(r.hidden, vec![Label::Date]);
        assert!(r.dirty);
        // undoing after a restore gets back to the start
        let back = reduce(&reduce(&r, Action::Undo), Action::Undo);
        assert_eq!(back.doc.as_deref(), Some(&sample()));
        let fwd = reduce(
            &reduce(&reduce(&back, Action::Redo), Action::Redo),
            Action::Redo,
        );
        assert_eq!(
            fwd.quote(3).unwrap().speaker.as_ref().unwrap().name,
            "Zoë Ñandú"
        );
    }

    #[test]
    fn history_for_another_text_is_dropped() {
        let mut s = reduce(&AppState::default(), Action::Load(sample()));
        s = reduce(&s, Action::Delete(crate::state::Target::Entity(1)));
        let hj = history_json(&s, 200).unwrap();
        let mut other = sample();
        other.text = other.text.replace("again", "AGAIN");
        let r = restore(&format::to_json(&other), Some(&hj)).unwrap();
        assert!(r.undo.is_empty());
        assert!(r.dirty);
        assert!(restore("{nonsense", None).is_none());
        let r = restore(&format::to_json(&sample()), Some("garbage")).unwrap();
        assert!(r.undo.is_empty());
    }

    #[test]
    fn a_step_that_changed_the_rules_survives_a_reload() {
        use crate::user_rules::{self, RulesOp};
        let text = "Zorblax Dynamics rose.\n\nZorblax Dynamics fell in Paris.";
        let s0 = reduce(
            &AppState::default(),
            Action::Load(pressmark_engine::Annotator::new().annotate(text)),
        );
        let rule = UserRule::parse_line(0, "ORG Zorblax Dynamics")
            .unwrap()
            .unwrap();
        let plan = user_rules::plan(&s0.rules, &RulesOp::Add(rule)).unwrap();
        let rules = plan.change.apply(&s0.rules);
        let fresh = user_rules::annotator(&rules)
            .unwrap()
            .reannotate(s0.doc.as_ref().unwrap(), &[]);
        let s = reduce(
            &s0,
            Action::ChangeRules {
                what: plan.what,
                change: plan.change,
                fresh: Some(fresh),
            },
        );
        assert!(s.undo[0].rules.is_some() && s.undo[0].stamp.is_some());
        let mut r = restore(
            &doc_json(&s).unwrap(),
            Some(&history_json(&s, 200).unwrap()),
        )
        .unwrap();
        assert_eq!(r.doc, s.doc, "the document keeps its rules stamp");
        assert_eq!(r.undo, s.undo, "the rules change and the stamp are saved");
        // the app restores the rules from their own key
        r.rules = user_rules::from_text(user_rules::SET_NAME, &user_rules::to_text(&s.rules))
            .unwrap()
            .into();
        assert_eq!(r.rules, s.rules);
        let back = reduce(&r, Action::Undo);
        assert!(
            back.rules.is_empty(),
            "undo after a reload takes the rule out"
        );
        assert_eq!(back.doc, s0.doc);
        // an old or foreign rule line in a saved step drops the history, not the document
        let bad = history_json(&s, 200)
            .unwrap()
            .replace("ORG Zorblax Dynamics", "FIRM Zorblax Dynamics");
        let r = restore(&doc_json(&s).unwrap(), Some(&bad)).unwrap();
        assert!(r.undo.is_empty() && r.doc == s.doc);
    }

    #[test]
    fn imported_annotations_keep_their_source_across_a_reload() {
        let mut doc = sample();
        for e in &mut doc.entities {
            e.source = Source::Import;
            e.rule = "import:brat".into();
        }
        doc.quotes[0].source = Source::Import;
        doc.quotes[0].rule = "import:brat".into();
        let mut s = reduce(&AppState::default(), Action::Load(doc.clone()));
        // delete an imported entity and an imported quote: undo steps that
        // hold imported items
        s = reduce(&s, Action::Delete(crate::state::Target::Entity(1)));
        s = reduce(&s, Action::Delete(crate::state::Target::Quote(3)));
        assert!(s.suppressed.is_empty() && s.dropped_quotes.is_empty());
        s = reduce(&s, Action::Undo);
        let hj = history_json(&s, 200).unwrap();
        assert!(hj.contains("\"import\":true"), "{hj}");
        let r = restore(&doc_json(&s).unwrap(), Some(&hj)).unwrap();
        assert_eq!(r.doc, s.doc, "the document keeps source \"import\"");
        assert_eq!(r.undo, s.undo);
        assert_eq!(r.redo, s.redo);
        let back = reduce(&reduce(&r, Action::Undo), Action::Undo);
        assert_eq!(back.doc.as_deref(), Some(&doc));
        assert!(back
            .doc
            .as_ref()
            .unwrap()
            .entities
            .iter()
            .all(|e| e.source == Source::Import));
        // an older save (no `import` field) reads as before
        let mut s = reduce(&AppState::default(), Action::Load(sample()));
        s = reduce(&s, Action::Delete(crate::state::Target::Entity(1)));
        let old = history_json(&s, 200).unwrap();
        assert!(!old.contains("import"));
        let r = restore(&doc_json(&s).unwrap(), Some(&old)).unwrap();
        assert_eq!(r.undo, s.undo);
        assert_eq!(
            item_in(
                "abc",
                serde_json::from_str::<SavedItem>(
                    r#"{"k":"e","id":1,"s":0,"e":1,"label":"LOC","user":true,"rule":"user"}"#
                )
                .unwrap()
            )
            .map(|i| match i {
                Item::Entity(e) => e.source,
                Item::Quote(q) => q.source,
            }),
            Some(Source::User)
        );
    }

    #[test]
    fn history_can_be_trimmed() {
        let mut s = reduce(&AppState::default(), Action::Load(sample()));
        for l in [Label::Org, Label::Norp, Label::Date] {
            s = reduce(&s, Action::Relabel { id: 2, label: l });
        }
        let r = restore(&doc_json(&s).unwrap(), Some(&history_json(&s, 1).unwrap())).unwrap();
        assert_eq!(r.undo.len(), 1);
        assert_eq!(r.undo[0], s.undo[2]);
    }
}
