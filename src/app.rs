//! The root component: state (a pure reducer, see `state.rs`), autosave,
//! the user's rules (the annotator is rebuilt when they change; they are
//! saved apart from the document), the global keyboard map, files,
//! downloads and the layout.

use crate::autosave::{use_autosave, SaveState};
use crate::components::article::{Article, HandleDrop};
use crate::components::editor::Editor;
use crate::components::help::Help;
use crate::components::inspector::Inspector;
use crate::components::label_menu::{LabelMenu, Pending};
use crate::components::legend::Legend;
use crate::components::rule_preview::{Place, Proposal};
use crate::components::rules_panel::RulesPanel;
use crate::components::sidebar::Sidebar;
use crate::components::toolbar::Toolbar;
use crate::components::{ellipsis, DocRef, Paras, RulesRef};
use crate::interop::{self, Choice, Chosen, Opened};
use crate::state::{self, Action, AppState, Edge, Step, Target};
use crate::user_rules::{self, Effect, Plan, RulesOp};
use crate::{dom, store, text};
use pressmark_engine::{format, Annotator, Document, Label, RuleKind, RuleSet, UserRule};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The sample article (the gold "coalition-washington" text).
pub const SAMPLE: &str = include_str!("../assets/sample.txt");

const DISCARD: &str =
    "Discard your corrections to the current article? They have not been downloaded or copied yet.";

/// The state at start: no article yet (the saved one is read back
/// asynchronously, see `autosave.rs`), the saved rules.
fn initial_state(rules: Vec<UserRule>) -> AppState {
    AppState {
        rules: Rc::new(rules),
        ..AppState::default()
    }
}

/// The saved rules, or none and a warning when they cannot be read (their
/// text is then set aside, not lost).
fn load_rules() -> (Vec<UserRule>, Option<String>) {
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

/// A change to the rules worked out: the plan, what the changed rules make
/// of the open article (`fresh`), and how that differs from it now.
struct Prepared {
    plan: Plan,
    fresh: Option<Document>,
    effect: Option<Effect>,
}

/// Works out `op` on the current rules and article. `Err` is a sentence
/// for the status line (nothing to do, or the rules cannot be built).
fn prepare(s: &AppState, op: &RulesOp) -> Result<Prepared, String> {
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
    fn action(self) -> Action {
        Action::ChangeRules {
            what: self.plan.what,
            change: self.plan.change,
            fresh: self.fresh,
        }
    }

    /// "Deleted rule “ORG X”. In this article: removes 2 highlights."
    fn status(&self) -> String {
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

#[component]
pub fn App() -> Html {
    let loaded_rules = use_memo((), |_| load_rules());
    let state = use_reducer({
        let rules = loaded_rules.0.clone();
        move || initial_state(rules)
    });
    // The built-in rules and the user's; rebuilt when the user's change.
    let annotator = {
        let rules = state.rules.clone();
        use_memo(state.rules_revision, move |_| {
            match user_rules::annotator(&rules) {
                Ok(a) => (a, None),
                Err(e) => (
                    Annotator::new(),
                    Some(format!(
                        "Your rules could not be used ({e}); only the built-in rules run."
                    )),
                ),
            }
        })
    };
    let rules_notice = use_state(|| loaded_rules.1.clone());
    let rules_open = use_state(|| false);
    let rules_error = use_state(|| None::<String>);
    let proposal = use_state(|| None::<Proposal>);
    let rules_file_ref = use_node_ref();
    // The state of the latest render, for work that finishes later (reading a file).
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let error = use_state(|| None::<String>);
    // What an opened file held that could not be taken over (stays until
    // dismissed, or another article).
    let notice = use_state(|| None::<String>);
    let status = use_state(String::new);
    let pending = use_state(|| None::<Pending>);
    let busy = use_state(|| false);
    let help = use_state(|| false);
    let jump = use_state(|| 0u64);
    let article_ref = use_node_ref();
    let file_ref = use_node_ref();

    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        use_callback((), move |a: Action, _| d.dispatch(a))
    };

    let paras = {
        let doc = state.doc.clone();
        use_memo(state.text_revision, move |_| {
            doc.map(|d| Paras::of(&d.text))
        })
    };

    // ---------------------------------------------------------- autosave
    let autosave = use_autosave(&state);

    // The rules are saved on their own (they outlive the article), when
    // they change.
    {
        let rules = state.rules.clone();
        let notice = rules_notice.clone();
        use_effect_with(state.rules_revision, move |rev| {
            if *rev > 0 {
                let warn = match dom::save_rules(&user_rules::to_text(&rules)) {
                    Ok(()) => None,
                    Err(dom::SaveError::Quota) => Some(
                        "This browser's storage is full: your rules are NOT saved here. Use Rules → Export .rules to keep them.",
                    ),
                    Err(dom::SaveError::Unavailable) => Some(
                        "This browser does not allow saving: your rules last until the page closes. Use Rules → Export .rules to keep them.",
                    ),
                };
                if let Some(w) = warn {
                    notice.set(Some(w.to_string()));
                }
            }
        });
    }
    // A new article starts at the top of the page.
    use_effect_with(state.text_revision, |_| {
        dom::window().scroll_to_with_x_and_y(0.0, 0.0)
    });
    // The tab title follows the article.
    {
        let title = state.doc.as_ref().and_then(|d| {
            d.text
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| ellipsis(l, 60))
        });
        use_effect_with(title, |t| {
            dom::document().set_title(&match t {
                Some(t) => format!("{t} — Pressmark"),
                None => "Pressmark — annotate news articles".to_string(),
            });
        });
    }

    // ---------------------------------------------------------- actions
    let run_annotate = {
        let busy = busy.clone();
        let status = status.clone();
        let error = error.clone();
        let dispatch = dispatch.clone();
        let annotator = annotator.clone();
        let pending = pending.clone();
        let proposal = proposal.clone();
        let notice = notice.clone();
        let n_rules = state.rules.len();
        Callback::from(move |raw: String| {
            let text = text::normalise(&raw);
            if text.trim().is_empty() {
                error.set(Some(
                    "There is no text to annotate: paste an article first.".into(),
                ));
                return;
            }
            busy.set(true);
            error.set(None);
            notice.set(None);
            pending.set(None);
            proposal.set(None);
            status.set("Annotating…".into());
            let (busy, status, dispatch, annotator) = (
                busy.clone(),
                status.clone(),
                dispatch.clone(),
                annotator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                dom::sleep(20).await; // let "Annotating…" paint
                let t0 = dom::now();
                let doc = annotator.0.annotate(&text);
                let ms = dom::now() - t0;
                dom::measure("pressmark:annotate", t0);
                let with = match n_rules {
                    0 => String::new(),
                    1 => " (with your rule)".to_string(),
                    n => format!(" (with your {n} rules)"),
                };
                status.set(format!(
                    "Found {} entities and {} quotes in {:.0} ms{with}.",
                    doc.entities.len(),
                    doc.quotes.len(),
                    ms
                ));
                dispatch.emit(Action::Load(doc));
                busy.set(false);
            });
        })
    };

    let on_sample = {
        let run = run_annotate.clone();
        Callback::from(move |_| run.emit(SAMPLE.to_string()))
    };

    let on_open = {
        let file_ref = file_ref.clone();
        Callback::from(move |_| {
            if let Some(i) = file_ref.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };

    let on_file = {
        let error = error.clone();
        let notice = notice.clone();
        let status = status.clone();
        let dispatch = dispatch.clone();
        let run = run_annotate.clone();
        let latest = latest.clone();
        let pending = pending.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(list) = input.files() else { return };
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let (error, notice, status, dispatch, run, pending, latest) = (
                error.clone(),
                notice.clone(),
                status.clone(),
                dispatch.clone(),
                run.clone(),
                pending.clone(),
                latest.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let mut chosen = Vec::new();
                for file in &files {
                    let name = file.name();
                    match dom::read_file(file).await {
                        Ok(bytes) => chosen.push(Chosen::new(name, bytes)),
                        Err(e) => {
                            error.set(Some(format!("Could not read “{name}”: {e}")));
                            return;
                        }
                    }
                }
                let st = latest.borrow().clone();
                let open_text = st.doc.as_ref().map(|d| d.text.clone());
                match interop::open(&chosen, open_text.as_deref()) {
                    Err(msg) => error.set(Some(msg)),
                    Ok(opened) => {
                        if st.doc.is_some() && st.dirty && !dom::confirm(DISCARD) {
                            return;
                        }
                        error.set(None);
                        pending.set(None);
                        match opened {
                            Opened::Doc {
                                doc,
                                status: said,
                                notice: left_out,
                            } => {
                                status.set(said);
                                notice.set(left_out);
                                dispatch.emit(Action::Load(doc));
                            }
                            Opened::Text(t) => run.emit(t),
                        }
                    }
                }
            });
        })
    };

    let on_new = {
        let dispatch = dispatch.clone();
        let dirty = state.dirty;
        let (pending, error, status) = (pending.clone(), error.clone(), status.clone());
        let notice = notice.clone();
        Callback::from(move |_| {
            if dirty && !dom::confirm(DISCARD) {
                return;
            }
            pending.set(None);
            error.set(None);
            notice.set(None);
            status.set(String::new());
            dispatch.emit(Action::Clear);
        })
    };

    let on_rerun = {
        let dispatch = dispatch.clone();
        let annotator = annotator.clone();
        let doc = state.doc.clone();
        let suppressed = state.suppressed.clone();
        Callback::from(move |_| {
            if let Some(doc) = &doc {
                let t0 = dom::now();
                let fresh = annotator.0.reannotate(doc, &suppressed);
                dom::measure("pressmark:reannotate", t0);
                dispatch.emit(Action::Rerun(fresh));
            }
        })
    };

    let on_download = {
        let doc = state.doc.clone();
        let (dispatch, error, status) = (dispatch.clone(), error.clone(), status.clone());
        Callback::from(move |choice: Choice| {
            let Some(doc) = &doc else { return };
            let files = interop::downloads(doc, choice);
            for f in &files {
                if let Err(e) = dom::download_bytes(&f.name, &f.bytes, f.mime) {
                    error.set(Some(format!("Could not download {}: {e}", f.name)));
                    return;
                }
            }
            if choice.saves_work() {
                dispatch.emit(Action::MarkExported);
            }
            status.set(interop::downloaded(choice, &files));
        })
    };

    let on_copy = {
        let doc = state.doc.clone();
        let (dispatch, error, status) = (dispatch.clone(), error.clone(), status.clone());
        Callback::from(move |_| {
            let Some(doc) = &doc else { return };
            let json = format::to_json(doc);
            let (dispatch, error, status) = (dispatch.clone(), error.clone(), status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match dom::copy_text(&json).await {
                    Ok(()) => {
                        dispatch.emit(Action::MarkExported);
                        status.set("JSON copied to the clipboard.".into());
                    }
                    Err(e) => error.set(Some(format!(
                        "Could not copy to the clipboard ({e}). Use Download → Pressmark JSON instead."
                    ))),
                }
            });
        })
    };

    let on_undo = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(Action::Undo))
    };
    let on_redo = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(Action::Redo))
    };
    // Help and Rules open in the same place: one at a time.
    let on_help = {
        let (help, rules_open) = (help.clone(), rules_open.clone());
        Callback::from(move |_| {
            rules_open.set(false);
            help.set(!*help);
        })
    };

    let on_select = {
        let d = dispatch.clone();
        let pending = pending.clone();
        let proposal = proposal.clone();
        use_callback((), move |t: Option<Target>, _| {
            pending.set(None);
            proposal.set(None);
            d.emit(Action::Select(t));
        })
    };

    let on_text_selection = {
        let article = article_ref.clone();
        let doc = state.doc.clone();
        let pending = pending.clone();
        use_callback(state.revision, move |exact: bool, _| {
            let (Some(el), Some(doc)) = (article.cast::<web_sys::Element>(), &doc) else {
                return;
            };
            let found = dom::selection_in(&el, &doc.text).and_then(|(s, e, rect)| {
                let span = if exact {
                    text::trim_span(&doc.text, s, e)
                } else {
                    text::snap_to_words(&doc.text, s, e)
                };
                span.map(|sp| (sp, rect))
            });
            match found {
                Some(((s, e), rect)) => {
                    let w = dom::window();
                    let sx = w.scroll_x().unwrap_or(0.0);
                    let sy = w.scroll_y().unwrap_or(0.0);
                    let vw = w
                        .inner_width()
                        .ok()
                        .and_then(|v| v.as_f64())
                        .unwrap_or(1280.0);
                    // the menu is at most 420 px wide (with a rule preview in it)
                    let left = rect.left().min(vw - 428.0).max(8.0) + sx;
                    pending.set(Some(Pending {
                        start: s,
                        end: e,
                        preview: doc.slice(s, e).to_string(),
                        left,
                        top: rect.bottom() + sy + 8.0,
                    }));
                }
                None => {
                    if pending.is_some() {
                        pending.set(None);
                    }
                }
            }
        })
    };

    let on_handle_drop = {
        let article = article_ref.clone();
        let doc = state.doc.clone();
        let d = dispatch.clone();
        use_callback(state.revision, move |h: HandleDrop, _| {
            let (Some(el), Some(doc)) = (article.cast::<web_sys::Element>(), &doc) else {
                return;
            };
            let Some(at) = dom::offset_at_point(&el, &doc.text, h.x, h.y) else {
                return;
            };
            let cur = match h.target {
                Target::Entity(id) => doc
                    .entities
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| (e.start, e.end)),
                Target::Quote(id) => doc
                    .quotes
                    .iter()
                    .find(|q| q.id == id)
                    .map(|q| (q.start, q.end)),
            };
            let Some((s, e)) = cur else { return };
            let (ns, ne) = match h.edge {
                Edge::Start => (at, e),
                Edge::End => (s, at),
            };
            if ns >= ne {
                return;
            }
            let snapped = if h.exact {
                text::trim_span(&doc.text, ns, ne)
            } else {
                text::snap_to_words(&doc.text, ns, ne)
            };
            if let Some((ns, ne)) = snapped {
                d.emit(Action::SetSpan {
                    target: h.target,
                    start: ns,
                    end: ne,
                });
            }
        })
    };

    let on_label_text = {
        let (d, doc, status) = (dispatch.clone(), state.doc.clone(), status.clone());
        Callback::from(move |(wanted, label): (String, Label)| {
            let Some(doc) = &doc else { return };
            let wanted = wanted.trim().to_string();
            let found = text::find_whole_word(&doc.text, &wanted);
            let free = found
                .iter()
                .filter(|&&(s, e)| !doc.entities.iter().any(|x| x.start < e && s < x.end))
                .count();
            if free == 0 {
                let why = if found.is_empty() {
                    "does not occur in the article"
                } else {
                    "is already highlighted everywhere"
                };
                status.set(format!("“{wanted}” {why}."));
                return;
            }
            d.emit(Action::LabelText {
                text: wanted.clone(),
                label,
            });
            status.set(format!(
                "Labelled {free} × “{wanted}” as {}.",
                label.as_str()
            ));
        })
    };
    let on_jump = {
        let d = dispatch.clone();
        let jump = jump.clone();
        let doc = state.doc.clone();
        let hidden = state.hidden.clone();
        Callback::from(move |t: Target| {
            if let (Target::Entity(id), Some(doc)) = (t, &doc) {
                if let Some(e) = doc.entities.iter().find(|e| e.id == id) {
                    if hidden.contains(&e.label) {
                        d.emit(Action::ToggleLabel(e.label));
                    }
                }
            }
            d.emit(Action::Select(Some(t)));
            jump.set(*jump + 1);
        })
    };

    let on_toggle = {
        let d = dispatch.clone();
        Callback::from(move |l: Label| d.emit(Action::ToggleLabel(l)))
    };

    let apply_pending_label = {
        let d = dispatch.clone();
        let pending = pending.clone();
        Callback::from(move |l: Option<Label>| {
            if let Some(p) = (*pending).clone() {
                // An entity never crosses a line break: keep its first line.
                let first_line_end = p
                    .preview
                    .find('\n')
                    .map_or(p.end, |i| p.start + p.preview[..i].trim_end().len());
                d.emit(match l {
                    Some(label) => Action::AddEntity {
                        start: p.start,
                        end: first_line_end,
                        label,
                    },
                    None => Action::AddQuote {
                        start: p.start,
                        end: p.end,
                    },
                });
                pending.set(None);
                dom::clear_selection();
            }
        })
    };
    let close_menu = {
        let pending = pending.clone();
        let proposal = proposal.clone();
        Callback::from(move |_| {
            pending.set(None);
            if proposal
                .as_ref()
                .is_some_and(|p| matches!(p.place, Place::Menu(..)))
            {
                proposal.set(None);
            }
            dom::clear_selection();
        })
    };

    // ---------------------------------------------------------- rules
    // A proposal is shown only while the state it was worked out on lasts.
    let live_proposal = proposal
        .as_ref()
        .filter(|p| p.basis == (state.revision, state.rules_revision))
        .cloned();
    let propose = |place: Place| {
        let (st, proposal, status) = (state.clone(), proposal.clone(), status.clone());
        Callback::from(move |kind: RuleKind| {
            let rule = match UserRule::new(kind.clone(), false) {
                Ok(r) => r,
                Err(e) => {
                    status.set(format!("That cannot be a rule: {e}."));
                    return;
                }
            };
            match prepare(&st, &RulesOp::Add(rule)) {
                Err(msg) => status.set(msg),
                Ok(p) => proposal.set(Some(Proposal {
                    effect: p.effect.map(|e| e.describe()),
                    fresh: p.fresh.map(|d| DocRef(Rc::new(d))),
                    plan: p.plan,
                    place,
                    basis: (st.revision, st.rules_revision),
                })),
            }
        })
    };
    let on_apply_rule = {
        let (st, proposal, status, d) = (
            state.clone(),
            proposal.clone(),
            status.clone(),
            dispatch.clone(),
        );
        let pending = pending.clone();
        Callback::from(move |_| {
            let Some(p) = (*proposal).clone() else { return };
            proposal.set(None);
            if p.basis != (st.revision, st.rules_revision) {
                status.set("The article or the rules changed: choose the rule again to see what it does now.".into());
                return;
            }
            status.set(format!(
                "{} for every article. {}",
                p.plan.done,
                p.effect.clone().unwrap_or_default()
            ));
            if matches!(p.place, Place::Menu(..)) {
                pending.set(None);
                dom::clear_selection();
            }
            d.emit(Action::ChangeRules {
                what: p.plan.what,
                change: p.plan.change,
                fresh: p.fresh.map(|f| (*f.0).clone()),
            });
        })
    };
    let on_cancel_rule = {
        let proposal = proposal.clone();
        Callback::from(move |_| proposal.set(None))
    };
    let on_rules_op = {
        let (st, status, d, proposal) = (
            state.clone(),
            status.clone(),
            dispatch.clone(),
            proposal.clone(),
        );
        Callback::from(move |op: RulesOp| match prepare(&st, &op) {
            Err(msg) => status.set(msg),
            Ok(p) => {
                proposal.set(None);
                status.set(p.status());
                d.emit(p.action());
            }
        })
    };
    let on_rules = {
        let (open, help) = (rules_open.clone(), help.clone());
        Callback::from(move |_| {
            help.set(false);
            open.set(!*open);
        })
    };
    let close_rules = {
        let open = rules_open.clone();
        Callback::from(move |_| {
            open.set(false);
            dom::focus_id("rules-button");
        })
    };
    let on_import_rules = {
        let r = rules_file_ref.clone();
        Callback::from(move |_| {
            if let Some(i) = r.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_rules_file = {
        let (latest, rules_error, status, d, proposal) = (
            latest.clone(),
            rules_error.clone(),
            status.clone(),
            dispatch.clone(),
            proposal.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (latest, rules_error, status, d, proposal) = (
                latest.clone(),
                rules_error.clone(),
                status.clone(),
                d.clone(),
                proposal.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let bytes = match dom::read_file(&file).await {
                    Ok(b) => b,
                    Err(e) => {
                        rules_error.set(Some(format!(
                            "Could not read “{name}”: {e}. Nothing was changed."
                        )));
                        return;
                    }
                };
                let set = match RuleSet::parse_bytes(&name, &bytes) {
                    Ok(set) => set,
                    Err(e) => {
                        rules_error.set(Some(format!(
                            "Could not import “{name}”: {e}. Nothing was changed."
                        )));
                        return;
                    }
                };
                rules_error.set(None);
                let st = latest.borrow().clone();
                let op = RulesOp::Import {
                    file: name,
                    rules: set.rules().to_vec(),
                };
                match prepare(&st, &op) {
                    Err(msg) => status.set(msg),
                    Ok(p) => {
                        proposal.set(None);
                        status.set(p.status());
                        d.emit(p.action());
                    }
                }
            });
        })
    };
    let on_export_rules = {
        let (rules, status, error) = (state.rules.clone(), status.clone(), error.clone());
        Callback::from(move |_| {
            if rules.is_empty() {
                return;
            }
            match dom::download(
                user_rules::FILE_NAME,
                &user_rules::to_text(&rules),
                "text/plain",
            ) {
                Ok(()) => status.set(format!(
                    "Downloaded {} ({} rule{}).",
                    user_rules::FILE_NAME,
                    rules.len(),
                    if rules.len() == 1 { "" } else { "s" }
                )),
                Err(e) => error.set(Some(format!("Could not download the rules: {e}"))),
            }
        })
    };

    // ---------------------------------------------------------- keyboard
    let key_handler = use_mut_ref(Callback::<KeyboardEvent>::noop);
    {
        let d = dispatch.clone();
        let selected = state.selected;
        let has_doc = state.doc.is_some();
        let selected_is_entity = matches!(selected, Some(Target::Entity(_)));
        let pending_open = pending.is_some();
        let apply = apply_pending_label.clone();
        let close_menu = close_menu.clone();
        let help = help.clone();
        let on_help = on_help.clone();
        let proposal_open = live_proposal.is_some();
        let proposal = proposal.clone();
        let rules_shown = *rules_open;
        let close_rules = close_rules.clone();
        *key_handler.borrow_mut() = Callback::from(move |e: KeyboardEvent| {
            // The open Download menu keeps its keys (arrows, Escape, Enter).
            if dom::closest(e.target(), ".dl-popup").is_some() {
                return;
            }
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            let in_field = dom::is_text_field(e.target());
            // The Rules panel's controls keep their keys (Delete, digits…);
            // undo and redo work there too.
            let in_panel = dom::closest(e.target(), "#rules-panel").is_some();
            if ctrl && !e.alt_key() && key.eq_ignore_ascii_case("z") && !in_field && has_doc {
                e.prevent_default();
                d.emit(if e.shift_key() {
                    Action::Redo
                } else {
                    Action::Undo
                });
                return;
            }
            if ctrl && !e.alt_key() && key.eq_ignore_ascii_case("y") && !in_field && has_doc {
                e.prevent_default();
                d.emit(Action::Redo);
                return;
            }
            if key == "Escape" {
                if proposal_open {
                    proposal.set(None);
                } else if pending_open {
                    close_menu.emit(());
                } else if rules_shown {
                    close_rules.emit(());
                } else if *help {
                    help.set(false);
                } else if selected.is_some() && !in_field {
                    d.emit(Action::Select(None));
                }
                return;
            }
            if in_field || in_panel {
                return;
            }
            let digit = (!ctrl && !e.alt_key())
                .then(|| key.parse::<usize>().ok())
                .flatten()
                .filter(|n| (1..=6).contains(n))
                .map(|n| Label::ALL[n - 1]);
            if pending_open {
                if let Some(l) = digit {
                    e.prevent_default();
                    apply.emit(Some(l));
                    return;
                }
                if key.eq_ignore_ascii_case("q") && !ctrl && !e.alt_key() {
                    e.prevent_default();
                    apply.emit(None);
                    return;
                }
            }
            if key == "?" {
                on_help.emit(());
                return;
            }
            let Some(t) = selected else { return };
            if let (Some(label), Target::Entity(id)) = (digit, t) {
                e.prevent_default();
                d.emit(Action::Relabel { id, label });
                return;
            }
            // Delete / Backspace delete, unless a button has focus (keep
            // Backspace's browser meaning out of it either way).
            if key == "Delete" || key == "Backspace" {
                e.prevent_default();
                d.emit(Action::Delete(t));
                return;
            }
            let step = if e.alt_key() { Step::Char } else { Step::Word };
            let resize = match (key.as_str(), ctrl, e.shift_key()) {
                ("ArrowRight", true, _) => Some((Edge::Start, false)),
                ("ArrowLeft", true, _) => Some((Edge::End, false)),
                ("ArrowRight", false, true) => Some((Edge::End, true)),
                ("ArrowLeft", false, true) => Some((Edge::Start, true)),
                _ => None,
            };
            if let Some((edge, widen)) = resize {
                e.prevent_default();
                d.emit(Action::Resize {
                    target: t,
                    edge,
                    widen,
                    step,
                });
            }
            let _ = selected_is_entity;
        });
    }
    {
        let kh = key_handler.clone();
        use_effect_with((), move |_| {
            let cl = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                let cb = kh.borrow().clone();
                cb.emit(e);
            });
            let doc = dom::document();
            let _ = doc.add_event_listener_with_callback("keydown", cl.as_ref().unchecked_ref());
            move || {
                let _ =
                    doc.remove_event_listener_with_callback("keydown", cl.as_ref().unchecked_ref());
                drop(cl);
            }
        });
    }

    // ---------------------------------------------------------- view
    let dismiss = {
        let error = error.clone();
        Callback::from(move |_| error.set(None))
    };
    let doc_ref = state.doc.clone().map(DocRef);
    let rules_ref = RulesRef(state.rules.clone());
    let rules_hash = {
        let rules = state.rules.clone();
        use_memo(state.rules_revision, move |_| user_rules::hash(&rules))
    };
    let rules_current = state
        .doc
        .as_ref()
        .and_then(|d| d.rules.as_ref())
        .is_some_and(|s| s.user == *rules_hash);
    // Highlights made by other user rules than the current ones (a file
    // opened, or no stamp and rules of one's own): the panel offers a re-run.
    let rules_stale = state
        .doc
        .as_ref()
        .is_some_and(|d| d.rules.as_ref().and_then(|s| s.user.as_ref()) != (*rules_hash).as_ref());
    let proposal_at = |place: Place| live_proposal.clone().filter(|p| p.place == place);
    let workspace = match (&doc_ref, paras.as_ref()) {
        (Some(doc), Some(paras)) => html! {
            <div class="workspace">
                <section class="article-pane" aria-labelledby="article-heading">
                    <h2 id="article-heading" class="visually-hidden">{ "Annotated article" }</h2>
                    <Legend doc={doc.clone()} hidden={state.hidden.clone()} on_toggle={on_toggle} />
                    <p class="hint">
                        { "Select text to label it (keys 1–6, Q) · click a highlight to edit it · " }
                        <button type="button" class="linkish" onclick={{ let h = on_help.clone(); Callback::from(move |_| h.emit(())) }}>{ "keyboard help" }</button>
                    </p>
                    <Article doc={doc.clone()} paras={paras.clone()} hidden={state.hidden.clone()} selected={state.selected}
                        jump={*jump} node={article_ref.clone()} on_select={on_select.clone()}
                        on_text_selection={on_text_selection} on_handle_drop={on_handle_drop} />
                </section>
                <aside class="sidebar" aria-label="Annotations">
                    { match state.selected {
                        Some(t) => {
                            // rules are made from entities (a quote has none to offer)
                            let (proposal, on_propose) = match t {
                                Target::Entity(id) => (proposal_at(Place::Inspector(id)), propose(Place::Inspector(id))),
                                Target::Quote(_) => (None, Callback::noop()),
                            };
                            html!{ <Inspector doc={doc.clone()} target={t} dispatch={dispatch.clone()}
                                rules={rules_ref.clone()} {rules_current} {proposal} {on_propose}
                                on_apply={on_apply_rule.clone()} on_cancel={on_cancel_rule.clone()} /> }
                        }
                        None => html!{ <section class="panel inspector empty"><p class="fine">{ "Select a highlight to change its label, resize it, delete it or change a quote's speaker." }</p></section> },
                    } }
                    <Sidebar doc={doc.clone()} selected={state.selected} on_jump={on_jump} on_label_text={on_label_text} />
                    { storage_line(&autosave) }
                </aside>
            </div>
        },
        _ if autosave.state == SaveState::Restoring => html! {
            <p class="restoring" role="status" data-testid="restoring">{ "Reading your saved work…" }</p>
        },
        _ => {
            html! { <Editor busy={*busy} on_annotate={run_annotate.clone()} on_sample={on_sample} on_open={on_open.clone()} /> }
        }
    };
    let save_download = {
        let d = on_download.clone();
        Callback::from(move |_: MouseEvent| {
            d.emit(Choice::Main(pressmark_engine::format::Format::Pressmark))
        })
    };
    let status_text = state.note.clone().unwrap_or_else(|| (*status).clone());

    html! {
        <div class={classes!("app", busy.then_some("busy"))} data-revision={state.revision.to_string()}
            data-saved-revision={autosave.saved_revision.to_string()}>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "❝" }</span>
                    <h1>{ "Pressmark" }</h1>
                    { if state.dirty && state.doc.is_some() { html!{ <span class="badge" title="Corrections not yet downloaded or copied (they are kept in this browser)">{ "unsaved corrections" }</span> } } else { Html::default() } }
                    { save_mark(&autosave, &state) }
                </div>
                <Toolbar has_doc={state.doc.is_some()} busy={*busy} dirty={state.dirty}
                    undo={state.undo.last().map(|e| e.what.clone())} redo={state.redo.last().map(|e| e.what.clone())}
                    help_open={*help} on_new={on_new} on_open={on_open} on_rerun={on_rerun.clone()} on_undo={on_undo}
                    on_redo={on_redo} on_download={on_download} on_copy={on_copy} on_help={on_help.clone()}
                    rules={state.rules.len()} rules_open={*rules_open} on_rules={on_rules} />
                { if *rules_open { html! {
                    <RulesPanel rules={rules_ref.clone()} has_doc={state.doc.is_some()} import_error={(*rules_error).clone()}
                        stale={rules_stale} {on_rerun}
                        on_change={on_rules_op} on_import={on_import_rules} on_export={on_export_rules}
                        on_dismiss_error={{ let r = rules_error.clone(); Callback::from(move |_| r.set(None)) }}
                        on_close={close_rules.clone()} />
                } } else { Html::default() } }
                { if *help { html! { <Help on_close={{ let h = help.clone(); Callback::from(move |_| h.set(false)) }} /> } } else { Html::default() } }
            </header>
            <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" ref={file_ref}
                data-testid="open-file" multiple=true accept={interop::ACCEPT} onchange={on_file} />
            <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" ref={rules_file_ref}
                data-testid="rules-file" accept=".rules,.txt,text/plain" onchange={on_rules_file} />
            { match &*error {
                Some(msg) => html! {
                    <div class="banner error" role="alert">
                        <span>{ msg.clone() }</span>
                        <button type="button" class="btn btn-quiet" aria-label="Dismiss message" onclick={dismiss}>{ "✕" }</button>
                    </div>
                },
                None => Html::default(),
            } }
            { match &*notice {
                Some(msg) => html! {
                    <div class="banner warn" role="alert" data-testid="open-notice">
                        <span>{ msg.clone() }</span>
                        <button type="button" class="btn btn-quiet" aria-label="Dismiss notice"
                            onclick={{ let n = notice.clone(); Callback::from(move |_| n.set(None)) }}>{ "✕" }</button>
                    </div>
                },
                None => Html::default(),
            } }
            { match &autosave.state {
                SaveState::Failed(msg) => html! {
                    <div class="banner warn" role="alert" data-testid="save-failed">
                        <span>{ msg.clone() }</span>
                        { if state.doc.is_some() { html! {
                            <button type="button" class="btn" onclick={save_download.clone()}>{ "Download Pressmark JSON" }</button>
                        } } else { Html::default() } }
                    </div>
                },
                SaveState::Conflict => html! {
                    <div class="banner warn" role="alert" data-testid="save-conflict">
                        <span>{ "This article was saved from another Pressmark tab since this tab last saved. Nothing is saved from this tab until you choose." }</span>
                        <button type="button" class="btn" onclick={{ let c = autosave.take_theirs.clone(); Callback::from(move |_| c.emit(())) }}>{ "Load the newer version" }</button>
                        <button type="button" class="btn btn-quiet" onclick={{ let c = autosave.keep_mine.clone(); Callback::from(move |_| c.emit(())) }}>{ "Keep this tab's version" }</button>
                    </div>
                },
                _ => Html::default(),
            } }
            { match &autosave.restore_note {
                Some(msg) => html! { <div class="banner warn" role="alert" data-testid="restore-note">{ msg.clone() }</div> },
                None => Html::default(),
            } }
            { match rules_notice.as_ref().or(annotator.1.as_ref()) {
                Some(msg) => html! {
                    <div class="banner warn" role="alert">
                        <span>{ msg.clone() }</span>
                        { if rules_notice.is_some() { html! {
                            <button type="button" class="btn btn-quiet" aria-label="Dismiss rules message"
                                onclick={{ let n = rules_notice.clone(); Callback::from(move |_| n.set(None)) }}>{ "✕" }</button>
                        } } else { Html::default() } }
                    </div>
                },
                None => Html::default(),
            } }
            <main id="main">
                { workspace }
            { match &*pending {
                    Some(p) => html! { <LabelMenu pending={p.clone()} on_label={{ let a = apply_pending_label.clone(); Callback::from(move |l| a.emit(Some(l))) }}
                        on_quote={{ let a = apply_pending_label.clone(); Callback::from(move |_| a.emit(None)) }} on_close={close_menu}
                        proposal={proposal_at(Place::Menu(p.start, p.end))} on_propose={propose(Place::Menu(p.start, p.end))}
                        on_apply={on_apply_rule.clone()} on_cancel={on_cancel_rule.clone()} /> },
                    None => Html::default(),
                } }
            </main>
            <div class="status" role="status" aria-live="polite">
                { if status_text.is_empty() { Html::default() } else { html! { <span class="toast" key={format!("{}-{status_text}", state.revision)}>{ status_text }</span> } } }
            </div>
        </div>
    }
}

/// "Saved" beside the title, with the revision the store holds (tests wait
/// for `data-saved-revision` to reach `data-revision`).
fn save_mark(a: &crate::autosave::Autosave, s: &AppState) -> Html {
    if s.doc.is_none() {
        return Html::default();
    }
    let (text, class) = match &a.state {
        SaveState::Restoring => ("Saving…", "save-mark"),
        SaveState::Saved if a.saved_revision >= s.revision => {
            ("Saved in this browser", "save-mark ok")
        }
        SaveState::Saved => ("Saving…", "save-mark"),
        SaveState::Failed(_) | SaveState::Conflict => ("Not saved", "save-mark bad"),
    };
    html! {
        <span class={class} data-testid="save-mark" data-revision={s.revision.to_string()}
            data-saved-revision={a.saved_revision.to_string()}>{ text }</span>
    }
}

/// How much of the browser's storage the work uses, and whether the
/// browser promised to keep it.
fn storage_line(a: &crate::autosave::Autosave) -> Html {
    let mb = |b: f64| {
        if b >= 1e9 {
            format!("{:.1} GB", b / 1e9)
        } else {
            format!("{:.1} MB", b / 1e6)
        }
    };
    let text = if a.fallback {
        "Kept in this browser's localStorage (about 5 MB at most): download your work to keep a large article.".to_string()
    } else {
        match a.estimate {
            Some(store::Estimate {
                usage: Some(u),
                quota: Some(q),
                persisted,
            }) => format!(
                "Kept in this browser: {} used of {} available{}",
                mb(u),
                mb(q),
                if persisted {
                    ", kept until you clear this site's data."
                } else {
                    "; the browser may clear it if the disk runs low."
                }
            ),
            _ => "Kept in this browser (it does not say how much room is left).".to_string(),
        }
    };
    html! { <p class="fine storage-line" data-testid="storage-line">{ text }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_the_gold_article() {
        assert!(SAMPLE.starts_with("Global Coalition Against ISIS Discusses Plan for Future\n\n"));
        assert_eq!(
            text::slug_file_name(SAMPLE),
            "global-coalition-against-isis-discusses-plan-for-future.json"
        );
    }
}
