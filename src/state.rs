//! The app's state as a pure reducer (like Yew's `function_todomvc`): every
//! change is an [`Action`] that [`reduce`] turns into a new [`AppState`].
//! Document edits are recorded as invertible [`Edit`]s, so undo and redo are
//! exact and cheap, and the history can be saved next to the document.
//!
//! The user's rules live here too: a change to them is recorded in the same
//! `Edit` as the document change that re-running them makes, so one undo
//! takes back both.
//!
//! Plain Rust: no web-sys, so `cargo test` runs these tests natively.

use crate::text;
use crate::ui::{self, Ui, UiAction};
use crate::user_rules::{self, Effect, RulesChange};
use pressmark_engine::sources::{self, Gender};
use pressmark_engine::{Document, Entity, Label, Quote, RulesStamp, Source, Speaker, UserRule};
use std::collections::HashSet;
use std::rc::Rc;
use yew::Reducible;

/// How many undo steps are kept (and saved).
pub const HISTORY_CAP: usize = 200;

/// A highlight the user can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Entity(u32),
    Quote(u32),
}

/// One annotation, entity or quote, as stored in an [`Edit`].
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Entity(Entity),
    Quote(Quote),
}

/// An invertible change to the annotations: `removed` are replaced by
/// `added` (matched by id). Undo swaps them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edit {
    /// A short description ("Relabel “Syria” as ORG"), for the undo button.
    pub what: String,
    pub removed: Vec<Item>,
    pub added: Vec<Item>,
    /// Rule entities this edit deleted (kept out when the rules re-run).
    pub suppressed: Vec<(usize, usize, Label)>,
    /// Rule quotes this edit deleted (kept out when the rules re-run).
    pub dropped_quotes: Vec<(usize, usize)>,
    /// What is selected after the edit (and, on undo, before it).
    pub select_after: Option<Target>,
    pub select_before: Option<Target>,
    /// The change to the user's rules this edit makes (the document change
    /// is what re-running them did).
    pub rules: Option<RulesChange>,
    /// The document's rules stamp before and after, when the edit put in
    /// annotations made by other rules.
    pub stamp: Option<(Option<RulesStamp>, Option<RulesStamp>)>,
}

/// Which edge of a highlight to move, which way, and how far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Word,
    Char,
}

/// Everything that can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A new document (freshly annotated or opened): history starts afresh.
    Load(Document),
    /// Back to the empty paste view.
    Clear,
    Select(Option<Target>),
    AddEntity {
        start: usize,
        end: usize,
        label: Label,
    },
    AddQuote {
        start: usize,
        end: usize,
    },
    Relabel {
        id: u32,
        label: Label,
    },
    Delete(Target),
    /// Moves one edge of a highlight: `widen` outwards or inwards.
    Resize {
        target: Target,
        edge: Edge,
        widen: bool,
        step: Step,
    },
    /// Sets a highlight's span (from the drag handles).
    SetSpan {
        target: Target,
        start: usize,
        end: usize,
    },
    SetSpeaker {
        quote: u32,
        speaker: Option<Speaker>,
    },
    /// Relabels every mention of the entity that entity `id` names (its
    /// cluster: "Jones" with "Maria Jones", "WHO" with "World Health
    /// Organization"; see `pressmark_engine::sources::clusters`).
    RelabelAll {
        id: u32,
        label: Label,
    },
    /// Removes every mention of the entity that entity `id` names.
    RemoveAll {
        id: u32,
    },
    /// Labels every other whole-word occurrence of entity `id`'s text.
    LabelOccurrences {
        id: u32,
    },
    /// Labels every whole-word occurrence of `text` that is not already
    /// highlighted: adding highlights without a mouse selection.
    LabelText {
        text: String,
        label: Label,
    },
    /// The rules' fresh output (from `Annotator::reannotate`).
    Rerun(Document),
    /// Changes the user's rules (a [`user_rules::Plan`]). With a document
    /// open, `fresh` is `Annotator::reannotate` of it with the changed
    /// rules, and the rules and the document change in one undoable step;
    /// a `fresh` made with other rules is refused.
    ChangeRules {
        what: String,
        change: RulesChange,
        fresh: Option<Document>,
    },
    Undo,
    Redo,
    ToggleLabel(Label),
    /// The document was downloaded or copied: nothing unsaved.
    MarkExported,
    /// The work read back from the browser's storage (document, history,
    /// view); the rules stay the ones already loaded.
    Restore(Box<AppState>),
    /// Selects a highlight from the side panel: shows its label if hidden
    /// and scrolls it into view.
    Jump(Target),
    /// Finds `query` in the article: the match at or after the current
    /// one (`again`: after it; `back`: before it), shown and revealed.
    FindNext {
        query: String,
        back: bool,
        again: bool,
    },
    /// The user's own gender for a speaker of the Sources view (`None`:
    /// back to the estimate).
    SetGender {
        name: String,
        gender: Option<Gender>,
    },
    /// The view's own state.
    Ui(UiAction),
    /// The entity clusters of `doc` (a long article's, worked out after it
    /// was painted; see `app.rs`), kept while `doc` is the document.
    Clusters {
        doc: Rc<Document>,
        clusters: Rc<sources::Clusters>,
    },
}

/// The whole state of the app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub doc: Option<Rc<Document>>,
    /// A long article's entity clusters and the document they are of (the
    /// latest one worked out; after an edit, until they are worked out
    /// again, an earlier version's).
    pub clusters: Option<(Rc<Document>, Rc<sources::Clusters>)>,
    pub undo: Vec<Rc<Edit>>,
    pub redo: Vec<Rc<Edit>>,
    /// Every rule entity the user deleted (for `reannotate`).
    pub suppressed: Vec<(usize, usize, Label)>,
    /// Every rule quote the user deleted.
    pub dropped_quotes: Vec<(usize, usize)>,
    pub selected: Option<Target>,
    pub hidden: Vec<Label>,
    /// Corrections made since the document was loaded or last exported.
    pub dirty: bool,
    /// Bumped on every change of the document (autosave, memos).
    pub revision: u64,
    /// Bumped when a different text is loaded.
    pub text_revision: u64,
    /// The last action's outcome when it did nothing ("Nothing to undo").
    pub note: Option<String>,
    /// The user's rules, kept across articles (lines numbered 1, 2, …).
    pub rules: Rc<Vec<UserRule>>,
    /// Bumped on every change of the rules (the annotator, saving them).
    pub rules_revision: u64,
    /// Genders the user set in the Sources view, by speaker name (saved
    /// with the article, exported in its JSON).
    pub genders: Vec<(String, Gender)>,
    /// The view's state (not saved).
    pub ui: Ui,
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce(&self, action))
    }
}

impl AppState {
    pub fn entity(&self, id: u32) -> Option<&Entity> {
        self.doc.as_ref()?.entities.iter().find(|e| e.id == id)
    }

    pub fn quote(&self, id: u32) -> Option<&Quote> {
        self.doc.as_ref()?.quotes.iter().find(|q| q.id == id)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Where a highlight starts (bytes).
    pub fn start_of(&self, t: Target) -> Option<usize> {
        match t {
            Target::Entity(id) => self.entity(id).map(|e| e.start),
            Target::Quote(id) => self.quote(id).map(|q| q.start),
        }
    }

    fn exists(&self, t: Target) -> bool {
        match t {
            Target::Entity(id) => self.entity(id).is_some(),
            Target::Quote(id) => self.quote(id).is_some(),
        }
    }
}

/// Applies `edit` forwards (to the document; the reducer does the rules).
pub fn apply(doc: &mut Document, edit: &Edit) {
    replace(doc, &edit.removed, &edit.added);
    if let Some((_, after)) = &edit.stamp {
        doc.rules = after.clone();
    }
}

/// Applies `edit` backwards.
pub fn revert(doc: &mut Document, edit: &Edit) {
    replace(doc, &edit.added, &edit.removed);
    if let Some((before, _)) = &edit.stamp {
        doc.rules = before.clone();
    }
}

fn replace(doc: &mut Document, out: &[Item], into: &[Item]) {
    let mut ents = HashSet::new();
    let mut quotes = HashSet::new();
    for i in out {
        match i {
            Item::Entity(e) => ents.insert(e.id),
            Item::Quote(q) => quotes.insert(q.id),
        };
    }
    if !ents.is_empty() {
        doc.entities.retain(|e| !ents.contains(&e.id));
    }
    if !quotes.is_empty() {
        doc.quotes.retain(|q| !quotes.contains(&q.id));
    }
    for i in into {
        match i {
            Item::Entity(e) => doc.entities.push(e.clone()),
            Item::Quote(q) => doc.quotes.push(q.clone()),
        }
    }
    doc.sort();
}

fn quoted(s: &str) -> String {
    let mut s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 40 {
        s = s.chars().take(39).collect::<String>() + "…";
    }
    format!("“{s}”")
}

fn as_user_entity(e: &Entity) -> Entity {
    Entity {
        source: Source::User,
        rule: "user".into(),
        ..e.clone()
    }
}

fn as_user_quote(q: &Quote) -> Quote {
    Quote {
        source: Source::User,
        rule: "user".into(),
        ..q.clone()
    }
}

/// Adds a user entity with `label` for every whole-word occurrence of
/// `name` that does not overlap an existing entity.
fn add_occurrences(doc: &Document, edit: &mut Edit, name: &str, label: Label) {
    let mut next = doc.next_id();
    let mut taken = doc
        .entities
        .iter()
        .map(|e| (e.start, e.end))
        .collect::<Vec<_>>();
    for (s, t) in text::find_whole_word(&doc.text, name) {
        // entities are sorted: find the ones around (s, t)
        let i = taken.partition_point(|x| x.1 <= s);
        if taken.get(i).is_some_and(|x| overlaps(*x, (s, t))) {
            continue;
        }
        taken.insert(i, (s, t));
        edit.added.push(Item::Entity(Entity {
            id: next,
            start: s,
            end: t,
            label,
            source: Source::User,
            rule: "user".into(),
        }));
        next += 1;
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn valid_span(doc: &Document, start: usize, end: usize) -> bool {
    start < end
        && end <= doc.text.len()
        && doc.text.is_char_boundary(start)
        && doc.text.is_char_boundary(end)
}

/// Deleting entities: the edit's removals and suppressions.
fn delete_entities<'a>(edit: &mut Edit, gone: impl IntoIterator<Item = &'a Entity>) {
    for e in gone {
        if e.source == Source::Rule {
            edit.suppressed.push((e.start, e.end, e.label));
        }
        edit.removed.push(Item::Entity(e.clone()));
    }
}

/// The new span of `start..end` after moving one edge, clamped so it stays
/// non-empty and does not run into `(lo, hi)`, the neighbours' edges.
fn resized(
    text: &str,
    (start, end): (usize, usize),
    edge: Edge,
    widen: bool,
    step: Step,
    lo: usize,
    hi: usize,
) -> Option<(usize, usize)> {
    let (s, e) = match (edge, widen, step) {
        (Edge::End, true, Step::Word) => (start, text::next_word_end(text, end)),
        (Edge::End, true, Step::Char) => (start, text::next_char(text, end)),
        (Edge::Start, true, Step::Word) => (text::prev_word_start(text, start), end),
        (Edge::Start, true, Step::Char) => (text::prev_char(text, start), end),
        (Edge::End, false, Step::Word) => (start, text::narrow_end_word(text, start, end)?),
        (Edge::End, false, Step::Char) => (start, text::prev_char(text, end)),
        (Edge::Start, false, Step::Word) => (text::narrow_start_word(text, start, end)?, end),
        (Edge::Start, false, Step::Char) => (text::next_char(text, start), end),
    };
    let (s, e) = (s.max(lo), e.min(hi));
    (s < e && (s, e) != (start, end)).then_some((s, e))
}

/// The edges a resized entity may not cross: the end of the entity before
/// it and the start of the one after it.
fn neighbour_bounds<T>(
    items: &[T],
    id: u32,
    span: impl Fn(&T) -> (u32, usize, usize),
    len: usize,
) -> (usize, usize) {
    let i = items.iter().position(|x| span(x).0 == id);
    let lo = i
        .and_then(|i| i.checked_sub(1))
        .map_or(0, |p| span(&items[p]).2);
    let hi = i.and_then(|i| items.get(i + 1)).map_or(len, |n| span(n).1);
    (lo, hi)
}

/// Builds the edit an action makes, or `None` when it changes nothing.
fn edit_for(state: &AppState, doc: &Document, action: &Action) -> Option<Edit> {
    let before = state.selected;
    let mut edit = Edit {
        select_before: before,
        ..Edit::default()
    };
    match action {
        Action::AddEntity { start, end, label } => {
            if !valid_span(doc, *start, *end) {
                return None;
            }
            let id = doc.next_id();
            let new = Entity {
                id,
                start: *start,
                end: *end,
                label: *label,
                source: Source::User,
                rule: "user".into(),
            };
            let same = doc
                .entities
                .iter()
                .any(|e| e.start == *start && e.end == *end && e.label == *label);
            if same {
                return None;
            }
            delete_entities(
                &mut edit,
                doc.entities
                    .iter()
                    .filter(|e| overlaps((e.start, e.end), (*start, *end))),
            );
            edit.what = format!(
                "Label {} as {}",
                quoted(doc.slice(*start, *end)),
                label.as_str()
            );
            edit.added.push(Item::Entity(new));
            edit.select_after = Some(Target::Entity(id));
        }
        Action::AddQuote { start, end } => {
            if !valid_span(doc, *start, *end) {
                return None;
            }
            let id = doc.next_id();
            for q in doc
                .quotes
                .iter()
                .filter(|q| overlaps((q.start, q.end), (*start, *end)))
            {
                if q.source == Source::Rule {
                    edit.dropped_quotes.push((q.start, q.end));
                }
                edit.removed.push(Item::Quote(q.clone()));
            }
            edit.added.push(Item::Quote(Quote {
                id,
                start: *start,
                end: *end,
                speaker: None,
                cue: None,
                candidates: Vec::new(),
                source: Source::User,
                rule: "user".into(),
            }));
            edit.what = format!("Mark quote {}", quoted(doc.slice(*start, *end)));
            edit.select_after = Some(Target::Quote(id));
        }
        Action::Relabel { id, label } => {
            let e = doc.entities.iter().find(|e| e.id == *id)?;
            if e.label == *label {
                return None;
            }
            edit.what = format!(
                "Relabel {} as {}",
                quoted(doc.slice(e.start, e.end)),
                label.as_str()
            );
            edit.removed.push(Item::Entity(e.clone()));
            edit.added.push(Item::Entity(Entity {
                label: *label,
                ..as_user_entity(e)
            }));
            if e.source == Source::Rule {
                edit.suppressed.push((e.start, e.end, e.label));
            }
            edit.select_after = Some(Target::Entity(*id));
        }
        Action::Delete(Target::Entity(id)) => {
            let e = doc.entities.iter().find(|e| e.id == *id)?;
            edit.what = format!("Delete {}", quoted(doc.slice(e.start, e.end)));
            delete_entities(&mut edit, [e]);
        }
        Action::Delete(Target::Quote(id)) => {
            let q = doc.quotes.iter().find(|q| q.id == *id)?;
            edit.what = format!("Delete quote {}", quoted(doc.slice(q.start, q.end)));
            if q.source == Source::Rule {
                edit.dropped_quotes.push((q.start, q.end));
            }
            edit.removed.push(Item::Quote(q.clone()));
        }
        Action::Resize {
            target,
            edge,
            widen,
            step,
        } => {
            let len = doc.text.len();
            match *target {
                Target::Entity(id) => {
                    let e = doc.entities.iter().find(|e| e.id == id)?;
                    let (lo, hi) =
                        neighbour_bounds(&doc.entities, id, |e| (e.id, e.start, e.end), len);
                    let (s, t) =
                        resized(&doc.text, (e.start, e.end), *edge, *widen, *step, lo, hi)?;
                    return edit_for(
                        state,
                        doc,
                        &Action::SetSpan {
                            target: *target,
                            start: s,
                            end: t,
                        },
                    );
                }
                Target::Quote(id) => {
                    let q = doc.quotes.iter().find(|q| q.id == id)?;
                    let (lo, hi) =
                        neighbour_bounds(&doc.quotes, id, |q| (q.id, q.start, q.end), len);
                    let (s, t) =
                        resized(&doc.text, (q.start, q.end), *edge, *widen, *step, lo, hi)?;
                    return edit_for(
                        state,
                        doc,
                        &Action::SetSpan {
                            target: *target,
                            start: s,
                            end: t,
                        },
                    );
                }
            }
        }
        Action::SetSpan { target, start, end } => {
            if !valid_span(doc, *start, *end) {
                return None;
            }
            let (start, end) = (*start, *end);
            match *target {
                Target::Entity(id) => {
                    let e = doc.entities.iter().find(|e| e.id == id)?;
                    if (e.start, e.end) == (start, end) {
                        return None;
                    }
                    // Never overlap a neighbour: clamp to the gap around the entity.
                    let (lo, hi) = neighbour_bounds(
                        &doc.entities,
                        id,
                        |e| (e.id, e.start, e.end),
                        doc.text.len(),
                    );
                    let (s, t) = (start.max(lo), end.min(hi));
                    if s >= t || (s, t) == (e.start, e.end) {
                        return None;
                    }
                    edit.what = format!(
                        "Resize {} to {}",
                        quoted(doc.slice(e.start, e.end)),
                        quoted(doc.slice(s, t))
                    );
                    edit.removed.push(Item::Entity(e.clone()));
                    edit.added.push(Item::Entity(Entity {
                        start: s,
                        end: t,
                        ..as_user_entity(e)
                    }));
                    if e.source == Source::Rule {
                        edit.suppressed.push((e.start, e.end, e.label));
                    }
                }
                Target::Quote(id) => {
                    let q = doc.quotes.iter().find(|q| q.id == id)?;
                    let (lo, hi) = neighbour_bounds(
                        &doc.quotes,
                        id,
                        |q| (q.id, q.start, q.end),
                        doc.text.len(),
                    );
                    let (s, t) = (start.max(lo), end.min(hi));
                    if s >= t || (s, t) == (q.start, q.end) {
                        return None;
                    }
                    edit.what = "Resize quote".to_string();
                    edit.removed.push(Item::Quote(q.clone()));
                    edit.added.push(Item::Quote(Quote {
                        start: s,
                        end: t,
                        ..as_user_quote(q)
                    }));
                    if q.source == Source::Rule {
                        edit.dropped_quotes.push((q.start, q.end));
                    }
                }
            }
            edit.select_after = Some(*target);
        }
        Action::SetSpeaker { quote, speaker } => {
            let q = doc.quotes.iter().find(|q| q.id == *quote)?;
            let speaker = speaker.clone().filter(|s| !s.name.trim().is_empty());
            if q.speaker == speaker {
                return None;
            }
            edit.what = match &speaker {
                Some(s) => format!("Set speaker to {}", s.name),
                None => "Clear speaker".to_string(),
            };
            edit.removed.push(Item::Quote(q.clone()));
            edit.added.push(Item::Quote(Quote {
                speaker,
                ..as_user_quote(q)
            }));
            if q.source == Source::Rule {
                edit.dropped_quotes.push((q.start, q.end));
            }
            edit.select_after = Some(Target::Quote(*quote));
        }
        Action::RelabelAll { id, label } => {
            let (name, mentions) = mentions_of(doc, &sources::clusters(doc), *id);
            let name = name.as_str();
            for o in mentions.into_iter().filter(|o| o.label != *label) {
                edit.removed.push(Item::Entity(o.clone()));
                edit.added.push(Item::Entity(Entity {
                    label: *label,
                    ..as_user_entity(o)
                }));
                if o.source == Source::Rule {
                    edit.suppressed.push((o.start, o.end, o.label));
                }
            }
            if edit.added.is_empty() {
                return None;
            }
            edit.what = format!(
                "Relabel all {} {} as {}",
                edit.added.len(),
                quoted(name),
                label.as_str()
            );
            edit.select_after = Some(Target::Entity(*id));
        }
        Action::RemoveAll { id } => {
            let (name, mentions) = mentions_of(doc, &sources::clusters(doc), *id);
            if mentions.is_empty() {
                return None;
            }
            let name = name.as_str();
            delete_entities(&mut edit, mentions);
            edit.what = format!("Remove all {} {}", edit.removed.len(), quoted(name));
        }
        Action::LabelOccurrences { id } => {
            let e = doc.entities.iter().find(|e| e.id == *id)?;
            let name = doc.slice(e.start, e.end);
            add_occurrences(doc, &mut edit, name, e.label);
            if edit.added.is_empty() {
                return None;
            }
            edit.what = format!(
                "Label {} more {} as {}",
                edit.added.len(),
                quoted(name),
                e.label.as_str()
            );
            edit.select_after = Some(Target::Entity(*id));
        }
        Action::LabelText {
            text: wanted,
            label,
        } => {
            let wanted = wanted.trim();
            if wanted.is_empty() {
                return None;
            }
            add_occurrences(doc, &mut edit, wanted, *label);
            let Some(Item::Entity(first)) = edit.added.first() else {
                return None;
            };
            edit.select_after = Some(Target::Entity(first.id));
            edit.what = format!(
                "Label {} × {} as {}",
                edit.added.len(),
                quoted(wanted),
                label.as_str()
            );
        }
        Action::Rerun(fresh) => {
            if fresh.text != doc.text {
                return None;
            }
            diff_fresh(state, doc, fresh, &mut edit);
            if edit.added.is_empty() && edit.removed.is_empty() && edit.stamp.is_none() {
                return None;
            }
            edit.what = "Re-run rules".to_string();
        }
        // Not document edits (the reducer handles them before asking);
        // listed so that a new action has to say which kind it is.
        Action::Load(_)
        | Action::Clear
        | Action::Select(_)
        | Action::ChangeRules { .. }
        | Action::Undo
        | Action::Redo
        | Action::ToggleLabel(_)
        | Action::MarkExported
        | Action::Restore(_)
        | Action::Jump(_)
        | Action::FindNext { .. }
        | Action::SetGender { .. }
        | Action::Clusters { .. }
        | Action::Ui(_) => return None,
    }
    Some(edit)
}

/// The view's state for a new article: messages, menus and lists of the
/// last one go; panels, tabs and the rules' messages stay.
fn fresh_ui(ui: &Ui) -> Ui {
    Ui {
        rules_notice: ui.rules_notice.clone(),
        rules_error: ui.rules_error.clone(),
        status: ui.status.clone(),
        panel: ui.panel,
        side: ui.side,
        find_label: ui.find_label,
        jump: ui.jump,
        reveal: ui.reveal,
        geometry: ui.geometry,
        ..Ui::default()
    }
}

/// Every mention of the entity that entity `id` names: its cluster ("Jones"
/// with "Maria Jones", "WHO" with "World Health Organization"; see
/// `pressmark_engine::sources::clusters`) and every entity written the same
/// whatever its label (so a name labelled two ways can be made one). With
/// the cluster's fullest name.
pub fn mentions_of<'a>(
    doc: &'a Document,
    clusters: &sources::Clusters,
    id: u32,
) -> (String, Vec<&'a Entity>) {
    let Some(e) = doc.entities.iter().find(|e| e.id == id) else {
        return (String::new(), Vec::new());
    };
    let name = doc.slice(e.start, e.end);
    let (full, cluster): (String, std::collections::HashSet<u32>) = match clusters.of_id(doc, id) {
        Some(c) => (c.name.clone(), c.mentions.iter().copied().collect()),
        None => (name.to_string(), std::iter::once(id).collect()),
    };
    // A set: a name mentioned a thousand times in a long article is looked
    // up once per entity, not scanned.
    let all = doc
        .entities
        .iter()
        .filter(|o| cluster.contains(&o.id) || doc.slice(o.start, o.end) == name)
        .collect();
    (full, all)
}

/// Fills `edit` with what replacing the rule annotations by `fresh` (the
/// rules' new output on the same text) changes. Rule annotations that did
/// not change keep their ids; user annotations are in `fresh` already
/// (`reannotate` keeps them); quotes the user deleted stay deleted.
fn diff_fresh(state: &AppState, doc: &Document, fresh: &Document, edit: &mut Edit) {
    let key_e = |e: &Entity| (e.start, e.end, e.label, e.source, e.rule.to_string());
    let key_q = |q: &Quote| {
        (
            q.start,
            q.end,
            q.source,
            q.rule.to_string(),
            q.speaker.clone(),
        )
    };
    let old_e: HashSet<_> = doc.entities.iter().map(key_e).collect();
    let new_e: HashSet<_> = fresh.entities.iter().map(key_e).collect();
    let old_q: Vec<_> = doc.quotes.iter().map(key_q).collect();
    let new_q: Vec<_> = fresh
        .quotes
        .iter()
        .filter(|q| !is_dropped(state, q))
        .map(key_q)
        .collect();
    let mut next = doc.next_id();
    for e in doc.entities.iter().filter(|e| !new_e.contains(&key_e(e))) {
        edit.removed.push(Item::Entity(e.clone()));
    }
    for e in fresh.entities.iter().filter(|e| !old_e.contains(&key_e(e))) {
        edit.added.push(Item::Entity(Entity {
            id: next,
            ..e.clone()
        }));
        next += 1;
    }
    for q in doc.quotes.iter().filter(|q| !new_q.contains(&key_q(q))) {
        edit.removed.push(Item::Quote(q.clone()));
    }
    for q in fresh
        .quotes
        .iter()
        .filter(|q| !is_dropped(state, q) && !old_q.contains(&key_q(q)))
    {
        edit.added.push(Item::Quote(Quote {
            id: next,
            ..q.clone()
        }));
        next += 1;
    }
    if fresh.rules != doc.rules {
        edit.stamp = Some((doc.rules.clone(), fresh.rules.clone()));
    }
    edit.select_after = reselect(edit.select_before, edit);
}

fn item_span(i: &Item) -> (usize, usize) {
    match i {
        Item::Entity(e) => (e.start, e.end),
        Item::Quote(q) => (q.start, q.end),
    }
}

/// The selection after a re-run: the same highlight, or the one that
/// replaced it over the same text.
fn reselect(before: Option<Target>, edit: &Edit) -> Option<Target> {
    let t = before?;
    let Some(gone) = edit.removed.iter().find(|i| item_target(i) == t) else {
        return Some(t);
    };
    edit.added
        .iter()
        .find(|a| {
            item_span(a) == item_span(gone)
                && matches!(
                    (a, gone),
                    (Item::Entity(_), Item::Entity(_)) | (Item::Quote(_), Item::Quote(_))
                )
        })
        .map(item_target)
}

/// What replacing the rule annotations by `fresh` would do to the open
/// document, counted as a reader sees it: an added highlight over one
/// that goes is a change (a new label or extent), not two.
pub fn effect_of(state: &AppState, fresh: &Document) -> Effect {
    let Some(doc) = &state.doc else {
        return Effect::default();
    };
    if fresh.text != doc.text {
        return Effect::default();
    }
    let mut edit = Edit::default();
    diff_fresh(state, doc, fresh, &mut edit);
    let spans = |quotes: bool, items: &[Item]| -> Vec<(usize, usize, Option<Label>)> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Entity(e) if !quotes => Some((e.start, e.end, Some(e.label))),
                Item::Quote(q) if quotes => Some((q.start, q.end, None)),
                _ => None,
            })
            .collect()
    };
    let count = |quotes: bool| {
        let (gone, new) = (spans(quotes, &edit.removed), spans(quotes, &edit.added));
        // An entity remade over the same text with the same label, by
        // another rule, looks the same: not counted.
        let same = |a: &(usize, usize, Option<Label>), b: &(usize, usize, Option<Label>)| {
            !quotes && a == b
        };
        let hit = |a: &(usize, usize, Option<Label>), b: &(usize, usize, Option<Label>)| {
            overlaps((a.0, a.1), (b.0, b.1))
        };
        let seen_new: Vec<_> = new
            .iter()
            .filter(|n| !gone.iter().any(|g| same(n, g)))
            .collect();
        let seen_gone: Vec<_> = gone
            .iter()
            .filter(|g| !new.iter().any(|n| same(n, g)))
            .collect();
        let changed = seen_new
            .iter()
            .filter(|n| seen_gone.iter().any(|g| hit(n, g)))
            .count();
        let removed = seen_gone
            .iter()
            .filter(|g| !seen_new.iter().any(|n| hit(n, g)))
            .count();
        (seen_new.len() - changed, changed, removed)
    };
    let (added, changed, removed) = count(false);
    let (quotes_added, quotes_changed, quotes_removed) = count(true);
    Effect {
        added,
        changed,
        removed,
        quotes_added,
        quotes_changed,
        quotes_removed,
    }
}

fn is_dropped(state: &AppState, q: &Quote) -> bool {
    q.source == Source::Rule && state.dropped_quotes.contains(&(q.start, q.end))
}

fn item_target(i: &Item) -> Target {
    match i {
        Item::Entity(e) => Target::Entity(e.id),
        Item::Quote(q) => Target::Quote(q.id),
    }
}

fn remove_each<T: PartialEq>(from: &mut Vec<T>, items: &[T]) {
    for it in items {
        if let Some(i) = from.iter().rposition(|x| x == it) {
            from.remove(i);
        }
    }
}

/// The reducer: the state after `action`.
pub fn reduce(state: &AppState, action: Action) -> AppState {
    let mut next = state.clone();
    next.note = None;
    match action {
        Action::Restore(saved) => {
            next = AppState {
                revision: state.revision + 1,
                text_revision: state.text_revision + 1,
                rules: state.rules.clone(),
                rules_revision: state.rules_revision,
                note: None,
                selected: None,
                ui: fresh_ui(&state.ui),
                ..*saved
            };
        }
        Action::Load(doc) => {
            next = AppState {
                doc: Some(Rc::new(doc)),
                hidden: state.hidden.clone(),
                revision: state.revision + 1,
                text_revision: state.text_revision + 1,
                rules: state.rules.clone(),
                rules_revision: state.rules_revision,
                ui: fresh_ui(&state.ui),
                ..AppState::default()
            };
        }
        Action::Clear => {
            next = AppState {
                hidden: state.hidden.clone(),
                revision: state.revision + 1,
                text_revision: state.text_revision + 1,
                rules: state.rules.clone(),
                rules_revision: state.rules_revision,
                ui: Ui {
                    status: String::new(),
                    ..fresh_ui(&state.ui)
                },
                ..AppState::default()
            };
        }
        Action::Ui(a) => ui::reduce(&mut next.ui, a),
        Action::Jump(t) => {
            if !state.exists(t) {
                return next;
            }
            if let Target::Entity(id) = t {
                if let Some(e) = state.entity(id) {
                    next.hidden.retain(|h| *h != e.label);
                }
            }
            next.selected = Some(t);
            next.ui.jump += 1;
            // A long article renders the paragraphs around the target.
            if let Some(at) = state.start_of(t) {
                next.ui.view_at = at;
                next.ui.view_full = false;
            }
        }
        Action::Clusters { doc, clusters } => {
            // Only for a version of the open article (a new article starts
            // without: `Load` and `Clear` make a fresh state).
            if state.doc.as_ref().is_some_and(|d| d.text == doc.text) {
                next.clusters = Some((doc, clusters));
            }
        }
        Action::FindNext { query, back, again } => {
            let Some(doc) = &state.doc else {
                return next;
            };
            let from = match (state.ui.found, again, back) {
                (Some((s, _)), true, false) => text::next_char(&doc.text, s),
                (Some((s, _)), _, _) => s,
                (None, _, _) => state.ui.view_at,
            };
            next.ui.found = text::find_next(&doc.text, &query, from, back);
            next.ui.find_query = query;
            if let Some((s, _)) = next.ui.found {
                next.ui.view_at = s;
                next.ui.view_full = false;
                next.ui.reveal += 1;
            }
        }
        Action::SetGender { name, gender } => {
            if state.doc.is_none() {
                return next;
            }
            let had = next.genders.iter().position(|(n, _)| *n == name);
            match (had, gender) {
                (Some(i), None) => {
                    next.genders.remove(i);
                }
                (Some(i), Some(g)) => next.genders[i].1 = g,
                (None, Some(g)) => next.genders.push((name, g)),
                (None, None) => return next,
            }
            if next.genders == state.genders {
                return next;
            }
            next.dirty = true;
            next.revision += 1;
        }
        Action::ChangeRules {
            what,
            change,
            fresh,
        } => {
            let rules = change.apply(&state.rules);
            if rules == *state.rules {
                next.note = Some("Your rules did not change".into());
                return next;
            }
            let Some(doc) = &state.doc else {
                // Nothing to re-run (and no history without a document).
                next.rules = Rc::new(rules);
                next.rules_revision += 1;
                return next;
            };
            let want = user_rules::hash(&rules);
            let Some(fresh) = fresh
                .filter(|f| f.text == doc.text && f.rules.as_ref().is_some_and(|s| s.user == want))
            else {
                next.note = Some(
                    "The rules changed while this was being worked out: nothing was done. Please try again."
                        .into(),
                );
                return next;
            };
            let mut edit = Edit {
                what,
                select_before: state.selected,
                rules: Some(change),
                ..Edit::default()
            };
            diff_fresh(state, doc, &fresh, &mut edit);
            next.rules = Rc::new(rules);
            next.rules_revision += 1;
            push_edit(&mut next, doc, edit);
        }
        Action::Select(t) => {
            next.selected = t.filter(|t| state.exists(*t));
            // A selection elsewhere closes the label menu and drops a
            // proposed rule.
            next.ui.pending = None;
            next.ui.proposal = None;
        }
        Action::ToggleLabel(l) => {
            if let Some(i) = next.hidden.iter().position(|h| *h == l) {
                next.hidden.remove(i);
            } else {
                next.hidden.push(l);
                if matches!(state.selected, Some(Target::Entity(id)) if state.entity(id).is_some_and(|e| e.label == l))
                {
                    next.selected = None;
                }
            }
        }
        Action::MarkExported => {
            next.dirty = false;
        }
        Action::Undo => {
            let (Some(doc), Some(edit)) = (&state.doc, state.undo.last()) else {
                next.note = Some("Nothing to undo".into());
                return next;
            };
            let mut d = (**doc).clone();
            revert(&mut d, edit);
            next.doc = Some(Rc::new(d));
            if let Some(change) = &edit.rules {
                next.rules = Rc::new(change.revert(&state.rules));
                next.rules_revision += 1;
            }
            remove_each(&mut next.suppressed, &edit.suppressed);
            remove_each(&mut next.dropped_quotes, &edit.dropped_quotes);
            next.redo.push(next.undo.pop().expect("checked above"));
            next.selected = edit.select_before;
            next.selected = next.selected.filter(|t| next.exists(*t));
            next.note = Some(format!("Undid: {}", edit.what));
            next.dirty = true;
            next.revision += 1;
        }
        Action::Redo => {
            let (Some(doc), Some(edit)) = (&state.doc, state.redo.last()) else {
                next.note = Some("Nothing to redo".into());
                return next;
            };
            let mut d = (**doc).clone();
            apply(&mut d, edit);
            next.doc = Some(Rc::new(d));
            if let Some(change) = &edit.rules {
                next.rules = Rc::new(change.apply(&state.rules));
                next.rules_revision += 1;
            }
            next.suppressed.extend(edit.suppressed.iter().cloned());
            next.dropped_quotes
                .extend(edit.dropped_quotes.iter().cloned());
            next.undo.push(next.redo.pop().expect("checked above"));
            next.selected = edit.select_after.filter(|t| next.exists(*t));
            next.note = Some(format!("Redid: {}", edit.what));
            next.dirty = true;
            next.revision += 1;
        }
        other => {
            let Some(doc) = &state.doc else { return next };
            if matches!(other, Action::AddEntity { .. } | Action::AddQuote { .. }) {
                next.ui.pending = None;
                next.ui.proposal = None;
            }
            let Some(edit) = edit_for(state, doc, &other) else {
                if matches!(other, Action::Rerun(_)) {
                    next.note = Some("The rules found nothing new".into());
                }
                return next;
            };
            push_edit(&mut next, doc, edit);
        }
    }
    next
}

/// Applies a new edit to `doc` (the current document) and records it.
pub(crate) fn push_edit(next: &mut AppState, doc: &Document, edit: Edit) {
    let mut d = doc.clone();
    apply(&mut d, &edit);
    next.doc = Some(Rc::new(d));
    next.suppressed.extend(edit.suppressed.iter().cloned());
    next.dropped_quotes
        .extend(edit.dropped_quotes.iter().cloned());
    next.selected = edit.select_after;
    next.redo.clear();
    next.undo.push(Rc::new(edit));
    if next.undo.len() > HISTORY_CAP {
        let extra = next.undo.len() - HISTORY_CAP;
        next.undo.drain(..extra);
    }
    next.dirty = true;
    next.revision += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_rules::RulesOp;
    use pressmark_engine::Candidate;

    const TEXT: &str =
        "“We will win,” said Rex Tillerson in Syria.\n\nSyria and Iraq. Peskov spoke in Syria.";

    fn b(s: &str) -> usize {
        TEXT.find(s).unwrap()
    }

    fn doc() -> Document {
        let rex = b("Rex");
        let syria = b("Syria");
        Document {
            text: TEXT.to_string(),
            entities: vec![
                Entity {
                    id: 1,
                    start: rex,
                    end: rex + 13,
                    label: Label::Person,
                    source: Source::Rule,
                    rule: "pattern:title-name".into(),
                },
                Entity {
                    id: 2,
                    start: syria,
                    end: syria + 5,
                    label: Label::Loc,
                    source: Source::Rule,
                    rule: "gazetteer:country".into(),
                },
                Entity {
                    id: 3,
                    start: b("Iraq"),
                    end: b("Iraq") + 4,
                    label: Label::Loc,
                    source: Source::Rule,
                    rule: "gazetteer:country".into(),
                },
            ],
            quotes: vec![Quote {
                id: 4,
                start: 0,
                end: b(" said"),
                speaker: Some(Speaker {
                    name: "Rex Tillerson".into(),
                    span: Some((rex, rex + 13)),
                }),
                cue: None,
                candidates: vec![Candidate {
                    name: "Rex Tillerson".into(),
                    span: Some((rex, rex + 13)),
                    score: 0.9,
                }],
                source: Source::Rule,
                rule: "quote:said-after".into(),
            }],
            rules: None,
        }
    }

    fn loaded() -> AppState {
        reduce(&AppState::default(), Action::Load(doc()))
    }

    fn d(s: &AppState) -> &Document {
        s.doc.as_ref().unwrap()
    }

    #[test]
    fn clusters_are_kept_for_the_open_article_only() {
        let s = loaded();
        let doc = s.doc.clone().unwrap();
        let clusters = Rc::new(sources::clusters(&doc));
        let with = reduce(
            &s,
            Action::Clusters {
                doc: doc.clone(),
                clusters: clusters.clone(),
            },
        );
        assert!(with
            .clusters
            .as_ref()
            .is_some_and(|(d, c)| Rc::ptr_eq(d, &doc) && Rc::ptr_eq(c, &clusters)));
        assert_eq!(with.revision, s.revision, "not an edit");
        assert!(with.undo.is_empty());
        // another article's are refused; a new article starts without any
        let other = Rc::new(pressmark_engine::Annotator::new().annotate("Ann Lee went to Rome."));
        let refused = reduce(
            &s,
            Action::Clusters {
                doc: other.clone(),
                clusters: Rc::new(sources::clusters(&other)),
            },
        );
        assert!(refused.clusters.is_none());
        let fresh = reduce(&with, Action::Load((*other).clone()));
        assert!(fresh.clusters.is_none());
    }

    #[test]
    fn relabel_delete_undo_redo() {
        let s0 = loaded();
        assert!(!s0.dirty);
        let s1 = reduce(
            &s0,
            Action::Relabel {
                id: 2,
                label: Label::Org,
            },
        );
        let e = s1.entity(2).unwrap();
        assert_eq!(
            (e.label, e.source, e.rule.as_ref()),
            (Label::Org, Source::User, "user")
        );
        assert!(s1.dirty);
        let s2 = reduce(&s1, Action::Delete(Target::Entity(3)));
        assert!(s2.entity(3).is_none());
        assert!(s2
            .suppressed
            .contains(&(b("Iraq"), b("Iraq") + 4, Label::Loc)));
        let s3 = reduce(&reduce(&s2, Action::Undo), Action::Undo);
        assert_eq!(d(&s3), d(&s0));
        assert!(!s3
            .suppressed
            .contains(&(b("Iraq"), b("Iraq") + 4, Label::Loc)));
        let s4 = reduce(&s3, Action::Redo);
        assert_eq!(d(&s4), d(&s1));
        assert_eq!(s4.undo.len(), 1);
        assert_eq!(s4.redo.len(), 1);
        // a new edit clears redo
        let s5 = reduce(&s4, Action::Delete(Target::Entity(1)));
        assert!(s5.redo.is_empty());
        // nothing to undo past the start
        let s6 = reduce(
            &reduce(&reduce(&s5, Action::Undo), Action::Undo),
            Action::Undo,
        );
        assert_eq!(d(&s6), d(&s0));
        assert_eq!(s6.note.as_deref(), Some("Nothing to undo"));
    }

    #[test]
    fn add_entity_replaces_overlaps_and_selects() {
        let s = loaded();
        let tl = b("Tillerson");
        let s1 = reduce(
            &s,
            Action::AddEntity {
                start: tl,
                end: tl + 9,
                label: Label::Person,
            },
        );
        assert!(s1.entity(1).is_none(), "the overlapping entity is replaced");
        let new = d(&s1).entities.iter().find(|e| e.start == tl).unwrap();
        assert_eq!(new.id, 5);
        assert_eq!(new.source, Source::User);
        assert_eq!(s1.selected, Some(Target::Entity(5)));
        // invalid spans do nothing
        let s2 = reduce(
            &s1,
            Action::AddEntity {
                start: 3,
                end: 3,
                label: Label::Loc,
            },
        );
        assert_eq!(s2.undo.len(), 1);
        let s3 = reduce(
            &s1,
            Action::AddEntity {
                start: 1,
                end: 2,
                label: Label::Loc,
            },
        ); // inside “
        assert_eq!(s3.undo.len(), 1);
    }

    #[test]
    fn resize_by_word_and_char_clamps_to_neighbours() {
        let s = loaded();
        let t = Target::Entity(1);
        let s1 = reduce(
            &s,
            Action::Resize {
                target: t,
                edge: Edge::End,
                widen: false,
                step: Step::Word,
            },
        );
        assert_eq!(
            d(&s1).slice(s1.entity(1).unwrap().start, s1.entity(1).unwrap().end),
            "Rex"
        );
        let s2 = reduce(
            &s1,
            Action::Resize {
                target: t,
                edge: Edge::End,
                widen: true,
                step: Step::Word,
            },
        );
        let e = s2.entity(1).unwrap();
        assert_eq!(d(&s2).slice(e.start, e.end), "Rex Tillerson");
        let s3 = reduce(
            &s2,
            Action::Resize {
                target: t,
                edge: Edge::Start,
                widen: true,
                step: Step::Word,
            },
        );
        let e = s3.entity(1).unwrap();
        assert_eq!(d(&s3).slice(e.start, e.end), "said Rex Tillerson");
        let s4 = reduce(
            &s3,
            Action::Resize {
                target: t,
                edge: Edge::Start,
                widen: false,
                step: Step::Char,
            },
        );
        let e = s4.entity(1).unwrap();
        assert_eq!(d(&s4).slice(e.start, e.end), "aid Rex Tillerson");
        // widening the end stops at the next entity (Syria)
        let mut st = s4;
        for _ in 0..5 {
            st = reduce(
                &st,
                Action::Resize {
                    target: t,
                    edge: Edge::End,
                    widen: true,
                    step: Step::Word,
                },
            );
        }
        let e = st.entity(1).unwrap();
        assert_eq!(d(&st).slice(e.start, e.end), "aid Rex Tillerson in ");
        assert_eq!(e.source, Source::User);
        // single word cannot be narrowed by a word
        let one = reduce(
            &s,
            Action::Resize {
                target: Target::Entity(2),
                edge: Edge::End,
                widen: false,
                step: Step::Word,
            },
        );
        assert_eq!(one.undo.len(), 0);
    }

    #[test]
    fn speaker_and_quotes() {
        let s = loaded();
        let s1 = reduce(
            &s,
            Action::SetSpeaker {
                quote: 4,
                speaker: Some(Speaker {
                    name: "Peskov".into(),
                    span: None,
                }),
            },
        );
        let q = s1.quote(4).unwrap();
        assert_eq!(q.speaker.as_ref().unwrap().name, "Peskov");
        assert_eq!(q.source, Source::User);
        let s2 = reduce(
            &s1,
            Action::SetSpeaker {
                quote: 4,
                speaker: None,
            },
        );
        assert!(s2.quote(4).unwrap().speaker.is_none());
        let s3 = reduce(&s2, Action::Delete(Target::Quote(4)));
        assert!(d(&s3).quotes.is_empty());
        let p = b("Peskov");
        let s4 = reduce(
            &s3,
            Action::AddQuote {
                start: p,
                end: p + 12,
            },
        );
        assert_eq!(d(&s4).quotes.len(), 1);
        assert_eq!(s4.selected, Some(Target::Quote(4)));
    }

    #[test]
    fn apply_to_all() {
        let s = loaded();
        // Adding by typed text (no mouse selection needed), then undo.
        let t1 = reduce(
            &s,
            Action::LabelText {
                text: " Syria ".into(),
                label: Label::Norp,
            },
        );
        let added: Vec<_> = d(&t1)
            .entities
            .iter()
            .filter(|e| e.label == Label::Norp && e.source == Source::User)
            .collect();
        assert!(!added.is_empty(), "some unlabelled Syria was labelled");
        assert!(added
            .iter()
            .all(|e| d(&t1).slice(e.start, e.end) == "Syria"));
        assert_eq!(t1.undo.len(), s.undo.len() + 1);
        assert_eq!(d(&reduce(&t1, Action::Undo)).entities, d(&s).entities);
        assert_eq!(
            reduce(
                &s,
                Action::LabelText {
                    text: "Atlantis".into(),
                    label: Label::Loc
                }
            ),
            s
        );
        let s1 = reduce(&s, Action::LabelOccurrences { id: 2 });
        let syrias: Vec<_> = d(&s1)
            .entities
            .iter()
            .filter(|e| d(&s1).slice(e.start, e.end) == "Syria")
            .collect();
        assert_eq!(syrias.len(), 3);
        assert!(syrias.iter().all(|e| e.label == Label::Loc));
        assert_eq!(s1.undo.len(), 1);
        let s2 = reduce(
            &s1,
            Action::RelabelAll {
                id: 2,
                label: Label::Org,
            },
        );
        assert!(d(&s2)
            .entities
            .iter()
            .filter(|e| d(&s2).slice(e.start, e.end) == "Syria")
            .all(|e| e.label == Label::Org));
        let s3 = reduce(&s2, Action::RemoveAll { id: 2 });
        assert!(!d(&s3)
            .entities
            .iter()
            .any(|e| d(&s3).slice(e.start, e.end) == "Syria"));
        assert_eq!(d(&reduce(&s3, Action::Undo)), d(&s2));
        // nothing more to label
        assert_eq!(
            reduce(&s1, Action::LabelOccurrences { id: 2 }).undo.len(),
            1
        );
    }

    #[test]
    fn rerun_keeps_unchanged_and_respects_deletions() {
        let s = loaded();
        let s1 = reduce(&s, Action::Delete(Target::Quote(4)));
        // the "rules" return the original annotations with fresh ids
        let mut fresh = doc();
        for (i, e) in fresh.entities.iter_mut().enumerate() {
            e.id = 100 + i as u32;
        }
        fresh.quotes[0].id = 200;
        let s2 = reduce(&s1, Action::Rerun(fresh.clone()));
        assert_eq!(
            s2.undo.len(),
            1,
            "nothing changed: the deleted quote stays deleted"
        );
        assert_eq!(s2.note.as_deref(), Some("The rules found nothing new"));
        // a new rule entity arrives
        fresh.entities.push(Entity {
            id: 300,
            start: b("Peskov"),
            end: b("Peskov") + 6,
            label: Label::Person,
            source: Source::Rule,
            rule: "x".into(),
        });
        let s3 = reduce(&s1, Action::Rerun(fresh));
        assert_eq!(d(&s3).entities.len(), 4);
        assert_eq!(
            s3.entity(1).unwrap().id,
            1,
            "unchanged entities keep their ids"
        );
        assert_eq!(reduce(&s3, Action::Undo).doc, s1.doc);
    }

    /// `doc()` as read from another tool's file.
    fn imported() -> AppState {
        let mut d = doc();
        for e in &mut d.entities {
            e.source = Source::Import;
            e.rule = "import:brat".into();
        }
        d.quotes[0].source = Source::Import;
        d.quotes[0].rule = "import:brat".into();
        reduce(&AppState::default(), Action::Load(d))
    }

    #[test]
    fn imported_annotations_are_edited_like_corrections() {
        let s = imported();
        // deleting one is not a rule suppression (nor a dropped rule quote)
        let s1 = reduce(&s, Action::Delete(Target::Entity(2)));
        assert!(s1.suppressed.is_empty() && s1.undo[0].suppressed.is_empty());
        let s2 = reduce(&s, Action::Delete(Target::Quote(4)));
        assert!(s2.dropped_quotes.is_empty() && s2.undo[0].dropped_quotes.is_empty());
        let s3 = reduce(&s, Action::RemoveAll { id: 2 });
        assert!(s3.suppressed.is_empty());
        assert_eq!(reduce(&s3, Action::Undo).doc, s.doc);
        // changing one makes it the user's, without a suppression
        let s4 = reduce(
            &s,
            Action::Relabel {
                id: 2,
                label: Label::Org,
            },
        );
        assert_eq!(
            (s4.entity(2).unwrap().source, s4.suppressed.len()),
            (Source::User, 0)
        );
        let s5 = reduce(
            &s,
            Action::Resize {
                target: Target::Entity(1),
                edge: Edge::End,
                widen: false,
                step: Step::Word,
            },
        );
        assert_eq!(
            (s5.entity(1).unwrap().source, s5.suppressed.len()),
            (Source::User, 0)
        );
        let s6 = reduce(
            &s,
            Action::SetSpeaker {
                quote: 4,
                speaker: None,
            },
        );
        assert_eq!(
            (s6.quote(4).unwrap().source, s6.dropped_quotes.len()),
            (Source::User, 0)
        );
        // the rules re-run around them: an imported quote is never dropped
        let mut fresh = d(&s).clone();
        fresh.entities.push(Entity {
            id: 300,
            start: b("Peskov"),
            end: b("Peskov") + 6,
            label: Label::Person,
            source: Source::Rule,
            rule: "x".into(),
        });
        fresh.sort();
        let s7 = reduce(&s, Action::Rerun(fresh));
        assert_eq!(d(&s7).entities.len(), 4);
        assert_eq!(d(&s7).quotes, d(&s).quotes);
        assert!(d(&s7)
            .entities
            .iter()
            .filter(|e| e.source == Source::Import)
            .all(|e| e.rule == "import:brat"));
        assert_eq!(
            d(&s7)
                .entities
                .iter()
                .filter(|e| e.source == Source::Import)
                .count(),
            3,
            "the imported ones keep their ids and provenance"
        );
    }

    #[test]
    fn history_is_capped() {
        let mut s = loaded();
        for i in 0..(HISTORY_CAP + 20) {
            let label = if i % 2 == 0 { Label::Org } else { Label::Loc };
            s = reduce(&s, Action::Relabel { id: 2, label });
        }
        assert_eq!(s.undo.len(), HISTORY_CAP);
    }

    #[test]
    fn toggle_label_hides_and_deselects() {
        let s = reduce(&loaded(), Action::Select(Some(Target::Entity(2))));
        assert_eq!(s.selected, Some(Target::Entity(2)));
        let s1 = reduce(&s, Action::ToggleLabel(Label::Loc));
        assert_eq!(s1.hidden, vec![Label::Loc]);
        assert_eq!(s1.selected, None);
        assert!(reduce(&s1, Action::ToggleLabel(Label::Loc))
            .hidden
            .is_empty());
        assert_eq!(
            reduce(&s, Action::Select(Some(Target::Entity(99)))).selected,
            None
        );
    }

    /// An article with a company the built-in rules do not know (and no
    /// context that gives it away: no "shares", "spokesman", "Inc").
    const ZORBLAX: &str = "Zorblax Dynamics grew on Monday.\n\nAnalysts said Zorblax Dynamics would hire. A Zorblax Dynamics robot in Paris declined to move.";

    fn zorblax() -> AppState {
        let ann = pressmark_engine::Annotator::new();
        reduce(&AppState::default(), Action::Load(ann.annotate(ZORBLAX)))
    }

    /// What the app does for a rules change: the plan, and the rules'
    /// output on the open document with the changed rules.
    fn change_rules(s: &AppState, op: &RulesOp) -> Action {
        let plan = user_rules::plan(&s.rules, op).unwrap();
        let rules = plan.change.apply(&s.rules);
        let fresh = s.doc.as_ref().map(|doc| {
            user_rules::annotator(&rules)
                .unwrap()
                .reannotate(doc, &s.suppressed)
        });
        Action::ChangeRules {
            what: plan.what,
            change: plan.change,
            fresh,
        }
    }

    fn rule(line: &str) -> UserRule {
        UserRule::parse_line(0, line).unwrap().unwrap()
    }

    fn mentions<'a>(s: &'a AppState, name: &str) -> Vec<&'a Entity> {
        let doc = d(s);
        doc.entities
            .iter()
            .filter(|e| doc.slice(e.start, e.end) == name)
            .collect()
    }

    #[test]
    fn always_tag_is_one_step_with_the_rule_and_keeps_corrections() {
        let s0 = zorblax();
        // correct the first mention by hand, as ORG
        let first = ZORBLAX.find("Zorblax Dynamics").unwrap();
        let s1 = reduce(
            &s0,
            Action::AddEntity {
                start: first,
                end: first + 16,
                label: Label::Org,
            },
        );
        let hand = s1.selected;
        let action = change_rules(&s1, &RulesOp::Add(rule("ORG Zorblax Dynamics")));
        let Action::ChangeRules {
            fresh: Some(fresh), ..
        } = &action
        else {
            unreachable!()
        };
        let effect = effect_of(&s1, fresh);
        let s2 = reduce(&s1, action.clone());
        assert_eq!(s2.undo.len(), s1.undo.len() + 1, "one undoable step");
        assert_eq!(
            s2.undo.last().unwrap().what,
            "Always tag ‘Zorblax Dynamics’ as ORG"
        );
        assert_eq!(
            s2.rules.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            ["ORG Zorblax Dynamics"]
        );
        assert_eq!(s2.rules_revision, s1.rules_revision + 1);
        let m = mentions(&s2, "Zorblax Dynamics");
        assert_eq!(m.len(), 3, "every mention is highlighted");
        assert!(m.iter().all(|e| e.label == Label::Org));
        assert_eq!(
            m.iter().map(|e| e.rule.as_ref()).collect::<Vec<_>>(),
            ["user", "user:my rules:1", "user:my rules:1"],
            "the correction is kept; the rule made the others"
        );
        assert_eq!(m[0].source, Source::User);
        assert_eq!(s2.selected, hand, "the corrected highlight stays selected");
        assert_eq!(
            d(&s2).rules.as_ref().unwrap().user,
            user_rules::hash(&s2.rules),
            "the document says which rules made it"
        );
        // the preview counted what happened: two mentions became ORG
        assert_eq!(effect.added + effect.changed, 2, "{effect:?}");
        assert_eq!(effect.removed, 0, "{effect:?}");

        // undo takes back the rule and the highlights; redo puts both back
        let s3 = reduce(&s2, Action::Undo);
        assert_eq!(s3.doc, s1.doc);
        assert_eq!(s3.rules, s1.rules);
        assert_eq!(s3.rules_revision, s2.rules_revision + 1);
        assert_eq!(
            s3.note.as_deref(),
            Some("Undid: Always tag ‘Zorblax Dynamics’ as ORG")
        );
        let s4 = reduce(&s3, Action::Redo);
        assert_eq!(s4.doc, s2.doc);
        assert_eq!(s4.rules, s2.rules);
        assert_eq!(s4.undo, s2.undo);

        // the rules stay for the next article
        let next = reduce(&s4, Action::Load(Document::default()));
        assert_eq!(next.rules, s4.rules);
        assert!(next.undo.is_empty());
        assert_eq!(reduce(&next, Action::Clear).rules, s4.rules);
    }

    #[test]
    fn never_tag_removes_rule_highlights_but_not_corrections() {
        let s0 = zorblax();
        let paris = mentions(&s0, "Paris").len();
        let first = ZORBLAX.find("Zorblax Dynamics").unwrap();
        let s1 = reduce(
            &s0,
            Action::AddEntity {
                start: first,
                end: first + 16,
                label: Label::Org,
            },
        );
        let s2 = reduce(
            &s1,
            change_rules(&s1, &RulesOp::Add(rule("never Zorblax Dynamics"))),
        );
        let m = mentions(&s2, "Zorblax Dynamics");
        assert_eq!(m.len(), 1, "only the hand-made highlight is left");
        assert_eq!(m[0].source, Source::User);
        assert!(d(&s2)
            .entities
            .iter()
            .all(|e| !(e.start < first + 16 && e.end > first) || e.source == Source::User));
        assert_eq!(mentions(&s2, "Paris").len(), paris, "other highlights stay");
        // "Always tag" replaces the contradicting never rule, in one step
        let s3 = reduce(
            &s2,
            change_rules(&s2, &RulesOp::Add(rule("ORG Zorblax Dynamics"))),
        );
        assert_eq!(
            s3.rules.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            ["ORG Zorblax Dynamics"]
        );
        assert_eq!(mentions(&s3, "Zorblax Dynamics").len(), 3);
        let back = reduce(&s3, Action::Undo);
        assert_eq!(
            (back.doc.clone(), back.rules.clone()),
            (s2.doc.clone(), s2.rules.clone())
        );
        let back = reduce(&back, Action::Undo);
        assert_eq!(
            (back.doc.clone(), back.rules.clone()),
            (s1.doc.clone(), s1.rules.clone())
        );
    }

    #[test]
    fn the_preview_counts_what_a_reader_sees() {
        let s = zorblax();
        assert_eq!(mentions(&s, "Paris")[0].rule, "gazetteer:city");
        let effect = |line: &str| {
            let Action::ChangeRules {
                fresh: Some(fresh), ..
            } = change_rules(&s, &RulesOp::Add(rule(line)))
            else {
                unreachable!()
            };
            effect_of(&s, &fresh)
        };
        assert_eq!(
            effect("ORG Paris"),
            Effect {
                changed: 1,
                ..Effect::default()
            },
            "a new label"
        );
        assert_eq!(
            effect("LOC Paris declined"),
            Effect {
                changed: 1,
                ..Effect::default()
            },
            "a new extent"
        );
        assert_eq!(
            effect("never Paris"),
            Effect {
                removed: 1,
                ..Effect::default()
            }
        );
        assert_eq!(
            effect("LOC Paris"),
            Effect::default(),
            "the same highlight from another rule"
        );
        assert_eq!(
            effect("ORG Zorblax Dynamics"),
            Effect {
                added: 3,
                ..Effect::default()
            }
        );
    }

    #[test]
    fn rules_change_checks_its_fresh_document() {
        let s0 = zorblax();
        let op = RulesOp::Add(rule("ORG Zorblax Dynamics"));
        let Action::ChangeRules { what, change, .. } = change_rules(&s0, &op) else {
            unreachable!()
        };
        // output of other rules (the built-ins only) is refused: nothing changes
        let stale = pressmark_engine::Annotator::new().reannotate(d(&s0), &[]);
        let s1 = reduce(
            &s0,
            Action::ChangeRules {
                what: what.clone(),
                change: change.clone(),
                fresh: Some(stale),
            },
        );
        assert!(s1.note.as_deref().unwrap().contains("nothing was done"));
        assert_eq!(
            (s1.doc.clone(), s1.rules.clone(), s1.undo.len()),
            (s0.doc.clone(), s0.rules.clone(), 0)
        );
        // without a document the rules change at once (nothing to re-run)
        let empty = reduce(
            &AppState::default(),
            Action::ChangeRules {
                what,
                change: change.clone(),
                fresh: None,
            },
        );
        assert_eq!(empty.rules.len(), 1);
        assert_eq!(empty.rules_revision, 1);
        // the same change again does nothing
        let again = reduce(
            &empty,
            Action::ChangeRules {
                what: String::new(),
                change,
                fresh: None,
            },
        );
        assert_eq!(again.rules_revision, 1);
        assert_eq!(again.note.as_deref(), Some("Your rules did not change"));
    }

    #[test]
    fn deleting_and_relabelling_rules_re_runs_them() {
        let mut s = reduce(
            &AppState::default(),
            change_rules(
                &AppState::default(),
                &RulesOp::Import {
                    file: "beat.rules".into(),
                    rules: user_rules::from_text("beat.rules", "ORG Zorblax Dynamics\nLOC Monday")
                        .unwrap(),
                },
            ),
        );
        assert_eq!(s.rules.len(), 2);
        s = reduce(
            &s,
            Action::Load(user_rules::annotator(&s.rules).unwrap().annotate(ZORBLAX)),
        );
        let monday = mentions(&s, "Monday");
        assert_eq!(
            (monday[0].label, monday[0].rule.as_ref()),
            (Label::Loc, "user:my rules:2")
        );
        // delete rule 1: the rule ids of rule 2 follow its new line
        let s1 = reduce(&s, change_rules(&s, &RulesOp::Delete(s.rules[0].clone())));
        assert_eq!(s1.rules.len(), 1);
        assert!(mentions(&s1, "Zorblax Dynamics")
            .iter()
            .all(|e| !e.rule.starts_with("user:")));
        assert_eq!(mentions(&s1, "Monday")[0].rule, "user:my rules:1");
        // relabel the remaining rule
        let old = s1.rules[0].clone();
        let new = user_rules::with_label(&old, Some(Label::Date)).unwrap();
        let s2 = reduce(&s1, change_rules(&s1, &RulesOp::Replace { old, new }));
        assert_eq!(mentions(&s2, "Monday")[0].label, Label::Date);
        assert_eq!(s2.undo.len(), 2);
        let back = reduce(&reduce(&s2, Action::Undo), Action::Undo);
        assert_eq!(back.doc, s.doc);
        assert_eq!(back.rules, s.rules);
    }

    #[test]
    fn export_clears_dirty_and_clear_resets() {
        let s = reduce(&loaded(), Action::Delete(Target::Entity(1)));
        assert!(s.dirty);
        assert!(!reduce(&s, Action::MarkExported).dirty);
        let c = reduce(&s, Action::Clear);
        assert!(c.doc.is_none() && c.undo.is_empty() && !c.dirty);
    }

    /// Action → the part of the state it must change (and nothing else of
    /// the document): one row per behaviour of the view's own actions.
    #[test]
    fn ui_actions_table() {
        use crate::ui::{Panel, Pending, Side, UiAction as U};
        let s0 = loaded();
        let menu = || Pending {
            start: 0,
            end: 3,
            preview: "“We".into(),
            left: 1.0,
            top: 2.0,
            choosing: false,
        };
        type Check = fn(&AppState) -> bool;
        let cases: Vec<(&str, Vec<Action>, Check)> = vec![
            ("error", vec![Action::Ui(U::Error(Some("x".into())))], |s| {
                s.ui.error.as_deref() == Some("x")
            }),
            (
                "error dismissed",
                vec![
                    Action::Ui(U::Error(Some("x".into()))),
                    Action::Ui(U::Error(None)),
                ],
                |s| s.ui.error.is_none(),
            ),
            ("status", vec![Action::Ui(U::Status("Done.".into()))], |s| {
                s.ui.status == "Done."
            }),
            (
                "annotating",
                vec![
                    Action::Ui(U::Error(Some("x".into()))),
                    Action::Ui(U::Annotating(10)),
                ],
                |s| s.ui.busy && s.ui.error.is_none() && s.ui.status == "Annotating…",
            ),
            (
                "idle",
                vec![Action::Ui(U::Annotating(10)), Action::Ui(U::Idle)],
                |s| !s.ui.busy,
            ),
            (
                "help opens",
                vec![Action::Ui(U::TogglePanel(Panel::Help))],
                |s| s.ui.panel == Panel::Help,
            ),
            (
                "help toggles shut",
                vec![
                    Action::Ui(U::TogglePanel(Panel::Help)),
                    Action::Ui(U::TogglePanel(Panel::Help)),
                ],
                |s| s.ui.panel == Panel::None,
            ),
            (
                "rules replace help",
                vec![
                    Action::Ui(U::TogglePanel(Panel::Help)),
                    Action::Ui(U::TogglePanel(Panel::Rules)),
                ],
                |s| s.ui.panel == Panel::Rules,
            ),
            ("side tab", vec![Action::Ui(U::Side(Side::Sources))], |s| {
                s.ui.side == Side::Sources
            }),
            (
                "expand twice closes",
                vec![
                    Action::Ui(U::ToggleExpanded("PERSON Rex".into())),
                    Action::Ui(U::ToggleExpanded("PERSON Rex".into())),
                ],
                |s| s.ui.expanded.is_empty(),
            ),
            (
                "the reader's place follows the scrolling",
                vec![
                    Action::Ui(U::ViewAt {
                        at: 1200,
                        far: true,
                    }),
                    Action::Ui(U::ViewAt { at: 10, far: false }),
                ],
                |s| s.ui.view_at == 10 && s.ui.view_full,
            ),
            (
                "find: the first match from the reader's place, then the next, wrapping",
                vec![
                    Action::Ui(U::FindOpen(true)),
                    Action::FindNext {
                        query: "PESKOV".into(),
                        back: false,
                        again: false,
                    },
                ],
                |s| {
                    s.ui.found == Some((b("Peskov"), b("Peskov") + 6))
                        && s.ui.view_at == b("Peskov")
                        && s.ui.reveal == 1
                        && s.ui.find_query == "PESKOV"
                },
            ),
            (
                "find again wraps to the same single match; closing forgets it",
                vec![
                    Action::FindNext {
                        query: "peskov".into(),
                        back: false,
                        again: false,
                    },
                    Action::FindNext {
                        query: "peskov".into(),
                        back: false,
                        again: true,
                    },
                    Action::FindNext {
                        query: "peskov".into(),
                        back: true,
                        again: true,
                    },
                ],
                |s| s.ui.found == Some((b("Peskov"), b("Peskov") + 6)) && s.ui.reveal == 3,
            ),
            (
                "find: no match, nothing shown",
                vec![
                    Action::FindNext {
                        query: "Zorblax".into(),
                        back: false,
                        again: false,
                    },
                    Action::Ui(U::FindOpen(false)),
                ],
                |s| s.ui.found.is_none() && s.ui.reveal == 0 && !s.ui.find_open,
            ),
            (
                "selecting closes the menu",
                vec![
                    Action::Ui(U::Menu(Some(menu()))),
                    Action::Select(Some(Target::Entity(2))),
                ],
                |s| s.ui.pending.is_none() && s.selected == Some(Target::Entity(2)),
            ),
            (
                "adding from the menu closes it",
                vec![
                    Action::Ui(U::Menu(Some(menu()))),
                    Action::AddEntity {
                        start: b("Peskov"),
                        end: b("Peskov") + 6,
                        label: Label::Person,
                    },
                ],
                |s| s.ui.pending.is_none() && s.doc.as_ref().unwrap().entities.len() == 4,
            ),
            (
                "jump shows a hidden label and scrolls",
                vec![
                    Action::ToggleLabel(Label::Loc),
                    Action::Jump(Target::Entity(2)),
                ],
                |s| {
                    !s.hidden.contains(&Label::Loc)
                        && s.selected == Some(Target::Entity(2))
                        && s.ui.jump == 1
                },
            ),
            (
                "jump to nothing",
                vec![Action::Jump(Target::Entity(99))],
                |s| s.selected.is_none() && s.ui.jump == 0,
            ),
            (
                "gender set",
                vec![Action::SetGender {
                    name: "Rex Tillerson".into(),
                    gender: Some(Gender::Man),
                }],
                |s| {
                    s.genders == vec![("Rex Tillerson".to_string(), Gender::Man)]
                        && s.dirty
                        && s.revision == 2
                },
            ),
            (
                "gender back to the estimate",
                vec![
                    Action::SetGender {
                        name: "Rex Tillerson".into(),
                        gender: Some(Gender::Man),
                    },
                    Action::SetGender {
                        name: "Rex Tillerson".into(),
                        gender: None,
                    },
                ],
                |s| s.genders.is_empty(),
            ),
            (
                "a new article keeps panels, drops messages",
                vec![
                    Action::Ui(U::TogglePanel(Panel::Rules)),
                    Action::Ui(U::Error(Some("x".into()))),
                    Action::Ui(U::Side(Side::Sources)),
                    Action::Load(doc()),
                ],
                |s| {
                    s.ui.panel == Panel::Rules
                        && s.ui.side == Side::Sources
                        && s.ui.error.is_none()
                        && s.genders.is_empty()
                },
            ),
            (
                "clear empties the status",
                vec![Action::Ui(U::Status("x".into())), Action::Clear],
                |s| s.ui.status.is_empty() && s.doc.is_none(),
            ),
        ];
        for (what, actions, check) in cases {
            let mut s = s0.clone();
            for a in actions {
                s = reduce(&s, a);
            }
            assert!(check(&s), "{what}: {:?}", s.ui);
            // the view's actions never touch the annotations or the history
            if !what.contains("adding") && !what.contains("new article") && !what.contains("clear")
            {
                assert_eq!(s.doc, s0.doc, "{what}");
                assert!(s.undo.is_empty(), "{what}");
            }
        }
    }

    /// "Relabel all" and "Remove all" act on the entity's cluster: the
    /// surname with the full name, not other entities with the same label.
    #[test]
    fn all_mentions_means_the_cluster() {
        let text = "Ann Lee met Bo Chan. Lee spoke; Lee left. Chan stayed.";
        let at = |s: &str, n: usize| text.match_indices(s).nth(n).unwrap().0;
        let ent = |id, s: &str, n, label| Entity {
            id,
            start: at(s, n),
            end: at(s, n) + s.len(),
            label,
            source: Source::Rule,
            rule: "r".into(),
        };
        let d = Document {
            text: text.into(),
            entities: vec![
                ent(1, "Ann Lee", 0, Label::Person),
                ent(2, "Bo Chan", 0, Label::Person),
                ent(3, "Lee", 1, Label::Person),
                ent(4, "Lee", 2, Label::Person),
                ent(5, "Chan", 1, Label::Person),
            ],
            ..Document::default()
        };
        let s = reduce(&AppState::default(), Action::Load(d));
        let r = reduce(
            &s,
            Action::RelabelAll {
                id: 3,
                label: Label::Org,
            },
        );
        let labels: Vec<Label> = r
            .doc
            .as_ref()
            .unwrap()
            .entities
            .iter()
            .map(|e| e.label)
            .collect();
        use Label::*;
        assert_eq!(labels, vec![Org, Person, Org, Org, Person]);
        let r = reduce(&s, Action::RemoveAll { id: 2 });
        let left: Vec<u32> = r
            .doc
            .as_ref()
            .unwrap()
            .entities
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(left, vec![1, 3, 4]);
        // one undo brings the whole cluster back
        let u = reduce(&r, Action::Undo);
        assert_eq!(u.doc, s.doc);
    }
}
