//! Autosave: the hook that keeps the work in the browser's durable store
//! (IndexedDB through [`crate::store`]; localStorage where IndexedDB cannot
//! be used) and reads it back at start.
//!
//! - At start the saved article is read and replayed ([`persist::restore_saved`])
//!   and handed to the reducer as one [`Action::Restore`]. Work saved by an
//!   older version in localStorage is read once and moved over.
//! - After every change one save runs (never two at once; changes made
//!   meanwhile are saved right after): usually one small log record
//!   ([`persist::journal`]), a new base only for a new article or a long log.
//!   A save counts as done when its transaction completed; `saved_revision`
//!   then says which state is safe.
//! - Every write checks that no other tab saved since this tab last wrote or
//!   read; if one did, nothing is written and the user chooses which
//!   version to keep.

use crate::dom;
use crate::persist::{self, Next, Saved};
use crate::state::{Action, AppState, HISTORY_CAP};
use crate::store::{self, WriteError};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the work is kept, as far as the user needs to know.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Still reading the saved work.
    Restoring,
    /// Saving normally (`saved_revision` says how far).
    Saved,
    /// The last save failed: the message for the user.
    Failed(String),
    /// Another tab saved since this one: nothing is written until the user
    /// chooses.
    Conflict,
}

/// What the UI shows and can do about saving.
#[derive(Clone, PartialEq)]
pub struct Autosave {
    pub state: SaveState,
    /// The state revision the store holds (for "saved" marks and tests).
    pub saved_revision: u64,
    /// Bytes used and available, when the browser says.
    pub estimate: Option<store::Estimate>,
    /// localStorage only (IndexedDB cannot be used here).
    pub fallback: bool,
    /// Something about the saved work the user should know (a part of it
    /// could not be read back).
    pub restore_note: Option<String>,
    /// Load the other tab's version (reloads the page).
    pub take_theirs: Callback<()>,
    /// Keep this tab's version (overwrites the other tab's).
    pub keep_mine: Callback<()>,
}

struct Saver {
    tab: String,
    /// The store's sequence number this tab last wrote or read.
    seq: u64,
    doc_id: String,
    saved: Saved,
    /// The state restored at start, until the first save adopts its revision.
    adopt: bool,
    /// Work read from localStorage is cleared there after the first save.
    migrated: bool,
    busy: bool,
    pending: bool,
    conflict: bool,
    /// The app is gone (unmounted): no new save starts.
    stopped: bool,
    idb: bool,
    latest: Rc<AppState>,
    last_estimate: f64,
}

fn with_download_hint(what: &str) -> String {
    format!("{what} Use Download → Pressmark JSON to keep your work.")
}

/// Saves with localStorage (IndexedDB unavailable): the whole document and
/// as much history as fits. `Err` is the message for the user.
fn save_local(s: &AppState) -> Result<(), String> {
    let Some(doc_json) = persist::doc_json(s) else {
        dom::clear_saved();
        return Ok(());
    };
    for max in [HISTORY_CAP, 50, 10, 0] {
        let Some(h) = persist::history_json(s, max) else {
            break;
        };
        match dom::save(&doc_json, &h) {
            Ok(()) => return Ok(()),
            Err(dom::SaveError::Quota) => continue,
            Err(dom::SaveError::Unavailable) => {
                return Err(with_download_hint(
                    "This browser does not allow saving: your work is NOT kept here.",
                ))
            }
        }
    }
    Err(with_download_hint(
        "This browser's storage is full: your work is NOT saved here.",
    ))
}

#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>) -> Autosave {
    let status = use_state(|| SaveState::Restoring);
    let saved_revision = use_state(|| 0u64);
    let estimate = use_state(|| None::<store::Estimate>);
    let fallback = use_state(|| false);
    let restore_note = use_state(|| None::<String>);
    let saver = use_mut_ref(|| Saver {
        tab: store::random_id(),
        seq: 0,
        doc_id: String::new(),
        saved: Saved::default(),
        adopt: false,
        migrated: false,
        busy: false,
        pending: false,
        conflict: false,
        stopped: false,
        idb: false,
        latest: Rc::new(AppState::default()),
        last_estimate: -1e12,
    });
    saver.borrow_mut().latest = Rc::new((**state).clone());

    let ui = Ui {
        status: status.clone(),
        saved_revision: saved_revision.clone(),
        estimate: estimate.clone(),
    };

    // ------------------------------------------------------------ start
    {
        let saver = saver.clone();
        let dispatch = state.dispatcher();
        let ui = ui.clone();
        let fallback = fallback.clone();
        let restore_note = restore_note.clone();
        use_effect_with((), move |_| {
            let on_unmount = saver.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let t0 = dom::now();
                let idb = store::available().await;
                saver.borrow_mut().idb = idb;
                let mut note = None;
                let mut restored = None;
                if idb {
                    match store::load().await {
                        Ok(loaded) => {
                            saver.borrow_mut().seq = loaded.seq;
                            if let Some(b) = loaded.broken {
                                note =
                                    Some(format!("Your saved work could not be read back: {b}."));
                            }
                            if let Some(w) = loaded.work {
                                match persist::restore_saved(w.text, &w.ann, &w.log) {
                                    Ok(r) => {
                                        if r.lost > 0 {
                                            note = Some(format!(
                                                "The last {} saved changes could not be read back; your work is restored as it was before them.",
                                                r.lost
                                            ));
                                        }
                                        let mut sv = saver.borrow_mut();
                                        sv.doc_id = w.doc_id;
                                        sv.saved = Saved::of(&r.state, r.records);
                                        sv.adopt = true;
                                        restored = Some(r.state);
                                    }
                                    Err(e) => {
                                        note = Some(format!(
                                            "Your saved work could not be read back: {e}."
                                        ))
                                    }
                                }
                            }
                        }
                        Err(e) => note = Some(format!("Your saved work could not be read ({e}).")),
                    }
                } else {
                    fallback.set(true);
                }
                if restored.is_none() {
                    // Work saved by an older version (or without IndexedDB).
                    if let Some(s) =
                        dom::load_saved().and_then(|(d, h)| persist::restore(&d, h.as_deref()))
                    {
                        saver.borrow_mut().migrated = idb;
                        restored = Some(s);
                    }
                }
                if let Some(s) = restored {
                    dispatch.dispatch(Action::Restore(Box::new(s)));
                }
                dom::measure("pressmark:restore", t0);
                restore_note.set(note);
                ui.status.set(SaveState::Saved);
                if idb {
                    let s2 = saver.clone();
                    let ui2 = ui.clone();
                    let tab = saver.borrow().tab.clone();
                    store::watch(&tab, move |seq| {
                        let mut sv = s2.borrow_mut();
                        // Only a tab with an article of its own has work to lose.
                        if seq != sv.seq && !sv.busy && !sv.conflict && sv.latest.doc.is_some() {
                            sv.conflict = true;
                            ui2.status.set(SaveState::Conflict);
                        }
                    });
                    refresh_estimate(saver.clone(), ui.clone(), true);
                }
            });
            move || on_unmount.borrow_mut().stopped = true
        });
    }

    // ------------------------------------------------------------ saves
    {
        let saver = saver.clone();
        let ui = ui.clone();
        let restoring = *status == SaveState::Restoring;
        use_effect_with(
            (state.revision, state.hidden.clone(), state.dirty, restoring),
            move |(_, _, _, restoring)| {
                if !*restoring {
                    request_save(saver, ui);
                }
            },
        );
    }

    let take_theirs = Callback::from(|_| {
        let _ = dom::window().location().reload();
    });
    let keep_mine = {
        let saver = saver.clone();
        let ui = ui.clone();
        Callback::from(move |_| {
            let saver = saver.clone();
            let ui = ui.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match store::head().await {
                    Ok(seq) => {
                        {
                            let mut sv = saver.borrow_mut();
                            sv.seq = seq;
                            // the whole article again, over the other tab's
                            sv.saved = Saved::default();
                            sv.adopt = false;
                            sv.conflict = false;
                        }
                        request_save(saver, ui);
                    }
                    Err(e) => ui.status.set(SaveState::Failed(with_download_hint(&format!(
                        "Your work could not be saved ({e})."
                    )))),
                }
            });
        })
    };

    Autosave {
        state: (*status).clone(),
        saved_revision: *saved_revision,
        estimate: *estimate,
        fallback: *fallback,
        restore_note: (*restore_note).clone(),
        take_theirs,
        keep_mine,
    }
}

#[derive(Clone)]
struct Ui {
    status: UseStateHandle<SaveState>,
    saved_revision: UseStateHandle<u64>,
    estimate: UseStateHandle<Option<store::Estimate>>,
}

fn refresh_estimate(saver: Rc<RefCell<Saver>>, ui: Ui, force: bool) {
    let now = dom::now();
    {
        let mut sv = saver.borrow_mut();
        if !force && now - sv.last_estimate < 5000.0 {
            return;
        }
        sv.last_estimate = now;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let e = store::estimate().await;
        if *ui.estimate != Some(e) {
            ui.estimate.set(Some(e));
        }
    });
}

/// Saves the latest state, now or right after the save that is running.
fn request_save(saver: Rc<RefCell<Saver>>, ui: Ui) {
    {
        let mut sv = saver.borrow_mut();
        if sv.conflict || sv.stopped {
            return;
        }
        if sv.busy {
            sv.pending = true;
            return;
        }
        sv.busy = true;
    }
    wasm_bindgen_futures::spawn_local(async move {
        // The change is painted first; the save follows in its own task.
        dom::after_paint().await;
        loop {
            let outcome = save_once(&saver).await;
            let again = {
                let mut sv = saver.borrow_mut();
                match &outcome {
                    Ok(rev) => {
                        if *ui.status != SaveState::Saved {
                            ui.status.set(SaveState::Saved);
                        }
                        if let Some(rev) = rev {
                            ui.saved_revision.set(*rev);
                        }
                    }
                    Err(WriteError::Conflict { .. }) => {
                        sv.conflict = true;
                        ui.status.set(SaveState::Conflict);
                    }
                    Err(WriteError::Quota) => ui.status.set(SaveState::Failed(with_download_hint(
                        "This browser's storage is full: your latest changes are NOT saved here.",
                    ))),
                    Err(WriteError::Failed(m)) => {
                        ui.status.set(SaveState::Failed(with_download_hint(&format!(
                            "Your latest changes could not be saved in this browser ({m})."
                        ))))
                    }
                }
                let again = sv.pending && !sv.conflict && !sv.stopped && outcome.is_ok();
                sv.pending = false;
                if !again {
                    sv.busy = false;
                }
                again
            };
            if !again {
                break;
            }
        }
        if saver.borrow().idb {
            refresh_estimate(saver, ui, false);
        }
    });
}

/// One write of what changed since the last; the revision it saved.
async fn save_once(saver: &Rc<RefCell<Saver>>) -> Result<Option<u64>, WriteError> {
    let (next, state, seq, tab, doc_id, idb) = {
        let mut sv = saver.borrow_mut();
        let state = sv.latest.clone();
        if sv.adopt {
            sv.adopt = false;
            if state.doc.is_some() && sv.saved.text_revision.is_some() {
                sv.saved.text_revision = Some(state.text_revision);
            }
        }
        let next = persist::journal(&sv.saved, &state);
        (
            next,
            state,
            sv.seq,
            sv.tab.clone(),
            sv.doc_id.clone(),
            sv.idb,
        )
    };
    // Nothing to write: the store already holds this state (an undo and a
    // redo between two saves, say), so this revision is saved too.
    if next == Next::Nothing {
        return Ok(Some(state.revision));
    }
    if !idb {
        return match save_local(&state) {
            Ok(()) => {
                let mut sv = saver.borrow_mut();
                sv.saved = Saved::of(&state, 0);
                sv.saved.records = persist::COMPACT_AFTER; // always whole
                Ok(Some(state.revision))
            }
            Err(m) => Err(WriteError::Failed(m)),
        };
    }
    let t0 = dom::now();
    let (written, records, doc_id) = match next {
        Next::Nothing => return Ok(Some(state.revision)),
        Next::Clear => (store::clear(seq, &tab).await, 0, String::new()),
        Next::Base { new_text } => {
            let Some(ann) = persist::base_json(&state) else {
                return Ok(None);
            };
            let (doc_id, text) = match (new_text, &state.doc) {
                (true, Some(d)) => (store::random_id(), Some(d.text.clone())),
                _ => (doc_id, None),
            };
            let w = store::write_base(seq, &tab, &doc_id, text, &ann).await;
            if new_text && w.is_ok() {
                // Asked once per article: keep this origin's data under
                // storage pressure.
                let _ = store::persist().await;
            }
            (w, 0, doc_id)
        }
        Next::Append(rec) => {
            let records = saver.borrow().saved.records + 1;
            (
                store::append(seq, &tab, &doc_id, &rec).await,
                records,
                doc_id,
            )
        }
    };
    dom::measure("pressmark:save", t0);
    let seq = written?;
    let mut sv = saver.borrow_mut();
    sv.seq = seq;
    sv.doc_id = doc_id;
    sv.saved = Saved::of(&state, records);
    if sv.migrated {
        sv.migrated = false;
        dom::clear_saved();
    }
    store::announce(&tab, seq);
    Ok(Some(state.revision))
}
