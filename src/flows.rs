//! The app's multi-step flows: annotating a pasted text, opening files,
//! working out a change to the user's rules, importing a rules file. Each
//! reads the latest state, does its work (files through `dom`), and says
//! what happened only through actions.

use crate::interop::{self, Chosen, Opened};
use crate::state::{self, Action, AppState};
use crate::ui::UiAction;
use crate::user_rules::{self, Effect, Plan, RulesOp};
use crate::{dom, text, worker};
use pressmark_engine::{Annotator, Document, RuleSet};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// The annotator (built-in rules and the user's), with why the user's
/// rules could not be used, if so.
pub type Engine = Rc<(Annotator, Option<String>)>;

/// The state of the latest render, for work that finishes later.
pub type Latest = Rc<RefCell<Rc<AppState>>>;

pub const DISCARD: &str =
    "Discard your corrections to the current article? They have not been downloaded or copied yet.";

fn ui(d: &Callback<Action>, a: UiAction) {
    d.emit(Action::Ui(a));
}

/// Texts at least this long are annotated in the worker (when the page has
/// one); shorter ones take less time on the page than the trip there.
pub const WORKER_MIN_BYTES: usize = 64 * 1024;

/// Annotates `raw` (normalised first) with `annotator` and loads the result.
/// A long text goes to the annotation worker with the user's rules
/// (`rules`, their `.rules` text), so the page stays responsive; if the
/// worker fails, the page annotates it itself.
pub fn annotate(
    raw: String,
    annotator: Engine,
    rules: Rc<str>,
    n_rules: usize,
    d: Callback<Action>,
) {
    let text = text::normalise(&raw);
    if text.trim().is_empty() {
        ui(
            &d,
            UiAction::Error(Some(
                "There is no text to annotate: paste an article first.".into(),
            )),
        );
        return;
    }
    ui(&d, UiAction::Annotating(text.len()));
    wasm_bindgen_futures::spawn_local(async move {
        let t0 = dom::now();
        let mut done = None;
        if text.len() >= WORKER_MIN_BYTES && worker::available() {
            match worker::annotate(text.clone(), &rules).await {
                Ok((doc, engine_ms)) => {
                    dom::measure_span("pressmark:annotate", dom::now() - engine_ms, engine_ms);
                    done = Some((doc, engine_ms, " in the background"));
                }
                Err(e) => dom::warn(&format!("Annotating on the page: the worker failed ({e}).")),
            }
        }
        let (doc, ms, where_) = match done {
            Some(d) => d,
            None => {
                dom::sleep(20).await; // let "Annotating…" paint
                let t1 = dom::now();
                let doc = annotator.0.annotate(&text);
                let ms = dom::now() - t1;
                dom::measure("pressmark:annotate", t1);
                (doc, ms, "")
            }
        };
        let with = match n_rules {
            0 => String::new(),
            1 => " (with your rule)".to_string(),
            n => format!(" (with your {n} rules)"),
        };
        let said = format!(
            "Found {} entities and {} quotes in {:.0} ms{where_}{with}.",
            doc.entities.len(),
            doc.quotes.len(),
            ms
        );
        d.emit(Action::Load(doc));
        dom::measure("pressmark:annotate-total", t0);
        ui(&d, UiAction::Status(said));
        ui(&d, UiAction::Idle);
    });
}

/// Opens the chosen files: an article is annotated (`run`), annotations
/// are loaded, anything else is refused with a sentence.
pub fn open_files(
    files: Vec<web_sys::File>,
    latest: Latest,
    d: Callback<Action>,
    run: Callback<String>,
) {
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut chosen = Vec::new();
        for file in &files {
            let name = file.name();
            match dom::read_file(file).await {
                Ok(bytes) => chosen.push(Chosen::new(name, bytes)),
                Err(e) => {
                    ui(
                        &d,
                        UiAction::Error(Some(format!("Could not read “{name}”: {e}"))),
                    );
                    return;
                }
            }
        }
        let st = latest.borrow().clone();
        let open_text = st.doc.as_ref().map(|doc| doc.text.clone());
        match interop::open(&chosen, open_text.as_deref()) {
            Err(msg) => ui(&d, UiAction::Error(Some(msg))),
            Ok(opened) => {
                if st.doc.is_some() && st.dirty && !dom::confirm(DISCARD) {
                    return;
                }
                ui(&d, UiAction::Error(None));
                ui(&d, UiAction::Menu(None));
                match opened {
                    Opened::Doc {
                        doc,
                        status,
                        notice,
                    } => {
                        d.emit(Action::Load(doc));
                        ui(&d, UiAction::Status(status));
                        ui(&d, UiAction::Notice(notice));
                    }
                    Opened::Text(t) => run.emit(t),
                }
            }
        }
    });
}

/// A change to the rules worked out: the plan, what the changed rules make
/// of the open article (`fresh`), and how that differs from it now.
pub struct Prepared {
    pub plan: Plan,
    pub fresh: Option<Document>,
    pub effect: Option<Effect>,
}

/// Works out `op` on the current rules and article. `Err` is a sentence
/// for the status line (nothing to do, or the rules cannot be built).
pub fn prepare(s: &AppState, op: &RulesOp) -> Result<Prepared, String> {
    let plan = user_rules::plan(&s.rules, op)?;
    let Some(doc) = &s.doc else {
        return Ok(Prepared {
            plan,
            fresh: None,
            effect: None,
        });
    };
    let t0 = dom::now();
    let ann = user_rules::annotator(&plan.change.apply(&s.rules))
        .map_err(|e| format!("These rules cannot be used: {e}. Nothing was changed."))?;
    let fresh = ann.reannotate(doc, &s.suppressed);
    dom::measure("pressmark:rules-change", t0);
    let effect = state::effect_of(s, &fresh);
    Ok(Prepared {
        plan,
        fresh: Some(fresh),
        effect: Some(effect),
    })
}

impl Prepared {
    pub fn action(self) -> Action {
        Action::ChangeRules {
            what: self.plan.what,
            change: self.plan.change,
            fresh: self.fresh,
        }
    }

    /// "Deleted rule “ORG X”. In this article: removes 2 highlights."
    pub fn status(&self) -> String {
        let mut s = self.plan.done.clone();
        if self.plan.skipped > 0 {
            s += &format!(" ({} already yours, skipped)", self.plan.skipped);
        }
        s.push('.');
        if let Some(e) = &self.effect {
            s.push(' ');
            s += &e.describe();
        }
        s
    }
}

/// Applies a rules operation now: the change and its status, or why not.
pub fn change_rules(s: &AppState, op: &RulesOp, d: &Callback<Action>) {
    match prepare(s, op) {
        Err(msg) => ui(d, UiAction::Status(msg)),
        Ok(p) => {
            ui(d, UiAction::Propose(None));
            ui(d, UiAction::Status(p.status()));
            d.emit(p.action());
        }
    }
}

/// Imports a `.rules` file into the user's rules.
pub fn import_rules(files: Vec<web_sys::File>, latest: Latest, d: Callback<Action>) {
    let Some(file) = files.into_iter().next() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let bytes = match dom::read_file(&file).await {
            Ok(b) => b,
            Err(e) => {
                ui(
                    &d,
                    UiAction::RulesError(Some(format!(
                        "Could not read “{name}”: {e}. Nothing was changed."
                    ))),
                );
                return;
            }
        };
        let set = match RuleSet::parse_bytes(&name, &bytes) {
            Ok(set) => set,
            Err(e) => {
                ui(
                    &d,
                    UiAction::RulesError(Some(format!(
                        "Could not import “{name}”: {e}. Nothing was changed."
                    ))),
                );
                return;
            }
        };
        ui(&d, UiAction::RulesError(None));
        let st = latest.borrow().clone();
        let op = RulesOp::Import {
            file: name,
            rules: set.rules().to_vec(),
        };
        change_rules(&st, &op, &d);
    });
}

/// The saved rules, or none and a warning when they cannot be read (their
/// text is then set aside, not lost).
pub fn load_rules() -> (Vec<pressmark_engine::UserRule>, Option<String>) {
    let Some(text) = dom::load_rules() else {
        return (Vec::new(), None);
    };
    match user_rules::from_text(user_rules::SET_NAME, &text) {
        Ok(rules) => (rules, None),
        Err(e) => {
            let kept = match dom::set_aside_rules(&text) {
                Ok(()) => format!(
                    " Their text is kept in this browser's storage under “{}”.",
                    dom::UNREADABLE_RULES_KEY
                ),
                Err(_) => String::new(),
            };
            (
                Vec::new(),
                Some(format!(
                    "Your saved rules could not be read ({e}), so none are used.{kept}"
                )),
            )
        }
    }
}
