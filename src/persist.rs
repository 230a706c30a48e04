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

use crate::state::{AppState, Edit, Item, Target, HISTORY_CAP};
use crate::user_rules::RulesChange;
use pressmark_engine::sources::Gender;
use pressmark_engine::{
    format, Candidate, Cue, Document, Entity, Label, Quote, RulesStamp, Source, Speaker, UserRule,
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
    /// The user's genders for speakers: (name, "woman" | "man").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    genders: Vec<(String, String)>,
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
    serde_json::to_string(&history_of(state, max_steps)?).ok()
}

fn history_of(state: &AppState, max_steps: usize) -> Option<SavedHistory> {
    let doc = state.doc.as_ref()?;
    let skip_undo = state.undo.len().saturating_sub(max_steps);
    let skip_redo = state.redo.len().saturating_sub(max_steps);
    Some(SavedHistory {
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
        hidden: labels_out(&state.hidden),
        genders: genders_out(&state.genders),
    })
}

fn genders_out(v: &[(String, Gender)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(n, g)| (n.clone(), g.as_str().to_string()))
        .collect()
}

fn genders_in(v: &[(String, String)]) -> Vec<(String, Gender)> {
    v.iter()
        .filter_map(|(n, g)| Some((n.clone(), Gender::parse(g)?)))
        .collect()
}

fn labels_out(v: &[Label]) -> Vec<String> {
    v.iter().map(|l| l.as_str().to_string()).collect()
}

fn labels_in(v: &[String]) -> Vec<Label> {
    v.iter().filter_map(|l| Label::parse(l)).collect()
}

/// Restores a saved state. `None` when the document cannot be read; a
/// history that does not fit the document is dropped (the document stays,
/// counted as having unsaved corrections).
pub fn restore(doc_json: &str, history_json: Option<&str>) -> Option<AppState> {
    let doc = format::from_json(doc_json).ok()?;
    let h = history_json.and_then(|h| serde_json::from_str::<SavedHistory>(h).ok());
    Some(with_history(doc, h))
}

fn with_history(doc: Document, h: Option<SavedHistory>) -> AppState {
    let mut state = AppState {
        doc: None,
        dirty: true,
        revision: 1,
        text_revision: 1,
        ..AppState::default()
    };
    if let Some(h) = h {
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
            state.hidden = labels_in(&h.hidden);
            state.genders = genders_in(&h.genders);
        }
    }
    state.doc = Some(Rc::new(doc));
    state
}

// ------------------------------------------------------------- the journal
//
// The durable store (IndexedDB, `store.rs`) keeps an article as three
// parts: its text (written once), a *base* (the annotations and the history,
// byte offsets, see [`base_json`]) and a *log* of records appended after the
// base, each a list of operations ([`journal`]). An edit appends one small
// record; it does not rewrite the article. The base is rewritten only for a
// new article, or when the log has grown long ([`COMPACT_AFTER`]).
//
// The operations replay what happened to the history since the last save:
// the undo stack followed by the redo stack in reverse is a timeline that
// Undo and Redo only move along, and a new edit cuts at the current point and
// grows. So comparing the timelines of the last save and of now (by the
// identity of their `Rc<Edit>`s) tells which undos, redos and new edits
// lead from one to the other. Every record ends with a check (stack sizes,
// annotation counts) so a replay that went wrong stops at the last good
// record instead of restoring something else.

/// Log records after which the next save writes a new base instead.
pub const COMPACT_AFTER: usize = 100;

/// What the store holds now, as this tab last wrote it (or read it).
#[derive(Clone, Debug, Default)]
pub struct Saved {
    /// The state's `text_revision` the store holds (`None`: no article).
    pub text_revision: Option<u64>,
    pub undo: Vec<Rc<Edit>>,
    pub redo: Vec<Rc<Edit>>,
    pub dirty: bool,
    pub hidden: Vec<Label>,
    pub genders: Vec<(String, Gender)>,
    /// Log records since the base.
    pub records: usize,
}

impl Saved {
    /// The state as just written (or restored).
    pub fn of(state: &AppState, records: usize) -> Saved {
        Saved {
            text_revision: state.doc.as_ref().map(|_| state.text_revision),
            undo: state.undo.clone(),
            redo: state.redo.clone(),
            dirty: state.dirty,
            hidden: state.hidden.clone(),
            genders: state.genders.clone(),
            records,
        }
    }
}

/// What the next save has to write.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// The store is up to date.
    Nothing,
    /// No article any more: forget the saved one.
    Clear,
    /// A new base (`new_text`: a different article, so the text too).
    Base { new_text: bool },
    /// One log record (JSON).
    Append(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SavedOp {
    Push(Box<SavedEdit>),
    Undo,
    Redo,
    /// Checks (and trims the undo stack's oldest steps to) the sizes.
    Keep {
        undo: usize,
        redo: usize,
        entities: usize,
        quotes: usize,
    },
    Meta {
        dirty: bool,
        hidden: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        genders: Vec<(String, String)>,
    },
}

/// The base: annotations and history, byte offsets into the saved text.
#[derive(Serialize, Deserialize)]
struct SavedBase {
    v: u32,
    text_len: usize,
    text_hash: u64,
    entities: Vec<SavedItem>,
    quotes: Vec<SavedItem>,
    #[serde(default)]
    stamp: Option<SavedStamp>,
    history: SavedHistory,
}

/// The base record for the state's article (`None` without one).
pub fn base_json(state: &AppState) -> Option<String> {
    let doc = state.doc.as_ref()?;
    let b = SavedBase {
        v: VERSION,
        text_len: doc.text.len(),
        text_hash: text_hash(&doc.text),
        entities: doc
            .entities
            .iter()
            .map(|e| item_out(&Item::Entity(e.clone())))
            .collect(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| item_out(&Item::Quote(q.clone())))
            .collect(),
        stamp: stamp_out(&doc.rules),
        history: history_of(state, HISTORY_CAP)?,
    };
    serde_json::to_string(&b).ok()
}

fn timeline(undo: &[Rc<Edit>], redo: &[Rc<Edit>]) -> Vec<Rc<Edit>> {
    undo.iter().chain(redo.iter().rev()).cloned().collect()
}

/// What to write so that the store, which holds `prev`, holds `cur`.
pub fn journal(prev: &Saved, cur: &AppState) -> Next {
    let Some(doc) = &cur.doc else {
        return match prev.text_revision {
            Some(_) => Next::Clear,
            None => Next::Nothing,
        };
    };
    if prev.text_revision != Some(cur.text_revision) {
        return Next::Base { new_text: true };
    }
    if prev.records >= COMPACT_AFTER {
        return Next::Base { new_text: false };
    }
    let t0 = timeline(&prev.undo, &prev.redo);
    let t = timeline(&cur.undo, &cur.redo);
    let (p0, p) = (prev.undo.len(), cur.undo.len());
    // Where the current timeline starts in the saved one (the oldest steps
    // fall off the undo stack at the cap).
    let d = match t.first() {
        None if t0.is_empty() => 0,
        None => return Next::Base { new_text: false },
        Some(first) => match t0.iter().position(|e| Rc::ptr_eq(e, first)) {
            Some(d) => d,
            None if t0.is_empty() || p0 == 0 => 0,
            None => return Next::Base { new_text: false },
        },
    };
    let c = t0[d..]
        .iter()
        .zip(&t)
        .take_while(|(a, b)| Rc::ptr_eq(a, b))
        .count();
    let mut ops = Vec::new();
    if c == t.len() {
        // No new step: only moves along the saved timeline (which nothing
        // but a new step can shorten).
        if d > 0 || t0.len() != c {
            return Next::Base { new_text: false };
        }
        move_to(&mut ops, p0, p);
    } else {
        // Back to where the new steps start, the new steps, then undo those
        // of them that are on the redo stack now. `Keep` drops what fell off
        // the undo stack's far end.
        move_to(&mut ops, p0, d + c);
        ops.extend(t[c..].iter().map(|e| SavedOp::Push(Box::new(edit_out(e)))));
        ops.extend((p..t.len()).map(|_| SavedOp::Undo));
    }
    // (steps replayed set `dirty`, so it is written after any of them)
    if !ops.is_empty()
        || prev.dirty != cur.dirty
        || prev.hidden != cur.hidden
        || prev.genders != cur.genders
    {
        ops.push(SavedOp::Meta {
            dirty: cur.dirty,
            hidden: labels_out(&cur.hidden),
            genders: genders_out(&cur.genders),
        });
    }
    if ops.is_empty() {
        return Next::Nothing;
    }
    ops.push(SavedOp::Keep {
        undo: cur.undo.len(),
        redo: cur.redo.len(),
        entities: doc.entities.len(),
        quotes: doc.quotes.len(),
    });
    match serde_json::to_string(&ops) {
        Ok(s) => Next::Append(s),
        Err(_) => Next::Base { new_text: false },
    }
}

fn move_to(ops: &mut Vec<SavedOp>, from: usize, to: usize) {
    if from > to {
        ops.extend((to..from).map(|_| SavedOp::Undo));
    } else {
        ops.extend((from..to).map(|_| SavedOp::Redo));
    }
}

/// A state read back from the store, and what could not be.
#[derive(Debug)]
pub struct Restored {
    pub state: AppState,
    /// Log records replayed.
    pub records: usize,
    /// Log records that could not be replayed (the state is the one before
    /// the first of them).
    pub lost: usize,
}

/// The state saved as `text` + `base` + `log` records. `Err` says why the
/// base cannot be read (then nothing is restored).
pub fn restore_saved(text: String, base: &str, log: &[String]) -> Result<Restored, String> {
    let b: SavedBase = serde_json::from_str(base)
        .map_err(|e| format!("the saved annotations cannot be read ({e})"))?;
    if b.v != VERSION || b.text_len != text.len() || b.text_hash != text_hash(&text) {
        return Err("the saved annotations belong to another text".into());
    }
    let mut entities = Vec::with_capacity(b.entities.len());
    for i in b.entities {
        match item_in(&text, i) {
            Some(Item::Entity(e)) => entities.push(e),
            _ => return Err("a saved entity does not fit the text".into()),
        }
    }
    let mut quotes = Vec::with_capacity(b.quotes.len());
    for i in b.quotes {
        match item_in(&text, i) {
            Some(Item::Quote(q)) => quotes.push(q),
            _ => return Err("a saved quote does not fit the text".into()),
        }
    }
    let doc = Document {
        text,
        entities,
        quotes,
        rules: stamp_in(b.stamp),
    };
    let mut state = with_history(doc, Some(b.history));
    let mut records = 0;
    for (i, rec) in log.iter().enumerate() {
        match replay(&state, rec) {
            Some(next) => {
                state = next;
                records += 1;
            }
            None => {
                return Ok(Restored {
                    state,
                    records,
                    lost: log.len() - i,
                })
            }
        }
    }
    Ok(Restored {
        state,
        records,
        lost: 0,
    })
}

/// One log record replayed on `state`; `None` when it does not fit.
fn replay(state: &AppState, record: &str) -> Option<AppState> {
    let ops: Vec<SavedOp> = serde_json::from_str(record).ok()?;
    let mut s = state.clone();
    for op in ops {
        match op {
            SavedOp::Push(e) => {
                let doc = s.doc.clone()?;
                let edit = Rc::try_unwrap(edit_in(&doc.text, *e)?).ok()?;
                crate::state::push_edit(&mut s, &doc, edit);
            }
            SavedOp::Undo => {
                if s.undo.is_empty() {
                    return None;
                }
                s = crate::state::reduce(&s, crate::state::Action::Undo);
            }
            SavedOp::Redo => {
                if s.redo.is_empty() {
                    return None;
                }
                s = crate::state::reduce(&s, crate::state::Action::Redo);
            }
            SavedOp::Meta {
                dirty,
                hidden,
                genders,
            } => {
                s.dirty = dirty;
                s.hidden = labels_in(&hidden);
                s.genders = genders_in(&genders);
            }
            SavedOp::Keep {
                undo,
                redo,
                entities,
                quotes,
            } => {
                if s.undo.len() > undo {
                    let extra = s.undo.len() - undo;
                    s.undo.drain(..extra);
                }
                let doc = s.doc.as_ref()?;
                if s.undo.len() != undo
                    || s.redo.len() != redo
                    || doc.entities.len() != entities
                    || doc.quotes.len() != quotes
                {
                    return None;
                }
            }
        }
    }
    s.note = None;
    s.selected = None;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{reduce, Action};

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

    // ------------------------------------------------------- the journal

    /// A store as IndexedDB keeps it: text, base, log records.
    #[derive(Default)]
    struct Store {
        text: Option<String>,
        base: Option<String>,
        log: Vec<String>,
        saved: Saved,
        bases: usize,
    }

    impl Store {
        fn save(&mut self, s: &AppState) {
            match journal(&self.saved, s) {
                Next::Nothing => return,
                Next::Clear => {
                    self.text = None;
                    self.base = None;
                    self.log.clear();
                    self.saved = Saved::default();
                    return;
                }
                Next::Base { new_text } => {
                    if new_text {
                        self.text = Some(s.doc.as_ref().unwrap().text.clone());
                    }
                    self.base = base_json(s);
                    self.log.clear();
                    self.bases += 1;
                }
                Next::Append(rec) => self.log.push(rec),
            }
            self.saved = Saved::of(s, self.log.len());
        }

        fn restore(&self) -> Restored {
            restore_saved(
                self.text.clone().unwrap(),
                self.base.as_deref().unwrap(),
                &self.log,
            )
            .unwrap()
        }
    }

    fn assert_same(r: &AppState, s: &AppState, when: &str) {
        assert_eq!(r.doc, s.doc, "document, {when}");
        assert_eq!(r.undo, s.undo, "undo stack, {when}");
        assert_eq!(r.redo, s.redo, "redo stack, {when}");
        assert_eq!(r.suppressed, s.suppressed, "suppressed, {when}");
        assert_eq!(r.dropped_quotes, s.dropped_quotes, "dropped quotes, {when}");
        assert_eq!(r.dirty, s.dirty, "dirty, {when}");
        assert_eq!(r.hidden, s.hidden, "hidden, {when}");
        assert_eq!(r.genders, s.genders, "genders, {when}");
    }

    /// A longer article: 40 names, so that random edits have room.
    fn long_doc() -> Document {
        let mut text = String::from("🇺🇳 “Go,” said Zoë.\n\n");
        let mut entities = Vec::new();
        for i in 0..40u32 {
            let start = text.len();
            text += &format!("Name{i} Ñandú");
            entities.push(Entity {
                id: i + 1,
                start,
                end: text.len(),
                label: Label::Person,
                source: Source::Rule,
                rule: "r".into(),
            });
            text += " met e\u{301}lan in Paris. ";
        }
        Document {
            text,
            entities,
            quotes: Vec::new(),
            rules: None,
        }
    }

    fn random_action(s: &AppState, r: &mut u64) -> Action {
        let mut next = || {
            *r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*r >> 33) as usize
        };
        let doc = s.doc.as_ref().unwrap();
        let pick = next() % 11;
        let ent = (!doc.entities.is_empty()).then(|| doc.entities[next() % doc.entities.len()].id);
        let labels = [Label::Person, Label::Org, Label::Loc, Label::Date];
        match (pick, ent) {
            (0..=2, Some(id)) => Action::Relabel {
                id,
                label: labels[next() % labels.len()],
            },
            (3, Some(id)) => Action::Delete(Target::Entity(id)),
            (4, Some(id)) => Action::Resize {
                target: Target::Entity(id),
                edge: crate::state::Edge::End,
                widen: next() % 2 == 0,
                step: crate::state::Step::Word,
            },
            (5 | 6, _) => Action::Undo,
            (7, _) => Action::Redo,
            (8, _) => Action::ToggleLabel(labels[next() % labels.len()]),
            (9, _) => Action::SetGender {
                name: ["Zoë", "Ann Lee", "🙂 Bo"][next() % 3].to_string(),
                gender: [None, Some(Gender::Woman), Some(Gender::Man)][next() % 3],
            },
            _ => Action::MarkExported,
        }
    }

    #[test]
    fn the_journal_replays_any_sequence_of_edits_undos_and_redos() {
        for seed in 0..12u64 {
            let mut r = seed;
            let mut store = Store::default();
            let mut s = reduce(&AppState::default(), Action::Load(long_doc()));
            store.save(&s);
            // enough steps to pass the history cap and compact the log
            for step in 0..(HISTORY_CAP + 150) {
                s = reduce(&s, random_action(&s, &mut r));
                // saves come after one or several changes
                if (r >> 40) % 3 != 0 || step % 17 == 0 {
                    store.save(&s);
                    let back = store.restore();
                    assert_eq!(back.lost, 0, "seed {seed} step {step}");
                    assert_same(&back.state, &s, &format!("seed {seed} step {step}"));
                }
            }
            assert!(store.bases > 1, "a long log is compacted into a new base");
        }
    }

    #[test]
    fn an_edit_appends_a_small_record_not_the_article() {
        let mut store = Store::default();
        let mut s = reduce(&AppState::default(), Action::Load(long_doc()));
        store.save(&s);
        assert_eq!(store.bases, 1);
        s = reduce(
            &s,
            Action::Relabel {
                id: 3,
                label: Label::Org,
            },
        );
        match journal(&store.saved, &s) {
            Next::Append(rec) => {
                assert!(rec.len() < 1000, "{} bytes", rec.len());
                assert!(!rec.contains("Paris"), "no text in the record");
            }
            other => panic!("expected one record, got {other:?}"),
        }
        store.save(&s);
        assert_eq!(journal(&store.saved, &s), Next::Nothing);
        // a different article is a new base with its text; no article clears
        let other = reduce(&s, Action::Load(sample()));
        assert_eq!(journal(&store.saved, &other), Next::Base { new_text: true });
        let none = reduce(&s, Action::Clear);
        assert_eq!(journal(&store.saved, &none), Next::Clear);
    }

    #[test]
    fn a_broken_record_stops_the_replay_at_the_last_good_one() {
        let mut store = Store::default();
        let mut s = reduce(&AppState::default(), Action::Load(long_doc()));
        store.save(&s);
        s = reduce(&s, Action::Delete(Target::Entity(1)));
        store.save(&s);
        let after_one = s.clone();
        s = reduce(&s, Action::Delete(Target::Entity(2)));
        store.save(&s);
        s = reduce(&s, Action::Delete(Target::Entity(3)));
        store.save(&s);
        store.log[1] = "[{\"undo\":null".into();
        let back = store.restore();
        assert_eq!((back.records, back.lost), (1, 2));
        assert_same(&back.state, &after_one, "after the first record");
        // a record that does not fit (counts differ) is refused too
        store.log[1] = r#"[{"keep":{"undo":2,"redo":0,"entities":1,"quotes":0}}]"#.into();
        assert_eq!(store.restore().lost, 2);
        // a base for another text is refused as a whole
        let err = restore_saved("other".into(), store.base.as_deref().unwrap(), &[]).unwrap_err();
        assert!(err.contains("another text"), "{err}");
        assert!(restore_saved("x".into(), "{", &[]).is_err());
    }
}
