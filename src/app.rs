//! The root component: wiring. All state is in the reducer
//! (`state.rs`, the view's part in `ui.rs`); `App` holds the hooks
//! (autosave, keyboard, the annotator built from the user's rules), turns
//! events into actions and flows (`flows.rs`), and lays out the page.

use crate::autosave::{use_autosave, SaveState};
use crate::components::article::{Article, HandleDrop};
use crate::components::banners::Banners;
use crate::components::editor::Editor;
use crate::components::find_bar::FindBar;
use crate::components::help::Help;
use crate::components::inspector::Inspector;
use crate::components::label_menu::LabelMenu;
use crate::components::legend::Legend;
use crate::components::rules_panel::RulesPanel;
use crate::components::sidebar::Sidebar;
use crate::components::toolbar::Toolbar;
use crate::components::{ellipsis, ClustersRef, DocRef, Paras, RulesRef};
use crate::flows::{self, Engine, Latest};
use crate::interop::{self, Choice};
use crate::keyboard::{apply_pending, live_proposal, use_keyboard};
use crate::state::{Action, AppState, Edge, Target};
use crate::ui::{self, Panel, Pending, Place, Proposal, UiAction};
use crate::user_rules::{self, RulesOp};
use crate::{dom, store, text};
use pressmark_engine::{format, Annotator, Label, RuleKind, UserRule};
use std::rc::Rc;
use yew::prelude::*;

/// The sample article (the gold "coalition-washington" text).
/// Articles with more entities than this have their clusters worked out
/// after each change is painted (see `App`).
const CLUSTERS_LATER: usize = 20_000;

pub const SAMPLE: &str = include_str!("../assets/sample.txt");

fn ui_cb<T: 'static>(d: &Callback<Action>, f: impl Fn(T) -> UiAction + 'static) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |x: T| d.emit(Action::Ui(f(x))))
}

#[component]
pub fn App() -> Html {
    let loaded_rules = use_memo((), |_| flows::load_rules());
    let state = use_reducer({
        let (rules, notice) = (*loaded_rules).clone();
        move || AppState {
            rules: Rc::new(rules),
            ui: ui::Ui {
                rules_notice: notice,
                ..ui::Ui::default()
            },
            ..AppState::default()
        }
    });
    // The built-in rules and the user's; rebuilt when the user's change.
    let annotator: Engine = {
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
    // The state of the latest render, for flows that finish later.
    let latest: Latest = use_mut_ref(|| Rc::new(AppState::default()));
    *latest.borrow_mut() = Rc::new((*state).clone());
    let article_ref = use_node_ref();
    let file_ref = use_node_ref();
    let rules_file_ref = use_node_ref();
    let s = &*state;

    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        use_callback((), move |a: Action, _| d.dispatch(a))
    };
    // Entity clusters, once per document (the side panel and the inspector).
    // A long article's are worked out after the change is painted, in a task
    // of their own (`Action::Clusters`), so an edit repaints at once; until
    // then the panel shows the previous version's and says it is updating.
    // (The reducer works out its own for "Label all" / "Remove all".)
    let big = s
        .doc
        .as_ref()
        .is_some_and(|d| d.entities.len() > CLUSTERS_LATER);
    let now_clusters = {
        let doc = s.doc.clone();
        use_memo((s.revision, big), move |(_, big)| {
            (!big).then(|| {
                ClustersRef(Rc::new(
                    doc.map(|d| pressmark_engine::sources::clusters(&d))
                        .unwrap_or_default(),
                ))
            })
        })
    };
    {
        let (doc, d, latest) = (s.doc.clone(), dispatch.clone(), latest.clone());
        use_effect_with((s.revision, big), move |(_, big)| {
            if let (true, Some(doc)) = (*big, doc) {
                wasm_bindgen_futures::spawn_local(async move {
                    dom::after_paint().await;
                    // Edited again meanwhile: that version's turn comes.
                    let current = latest.borrow().doc.clone();
                    if current.is_some_and(|c| Rc::ptr_eq(&c, &doc)) {
                        let clusters = Rc::new(pressmark_engine::sources::clusters(&doc));
                        d.emit(Action::Clusters { doc, clusters });
                    }
                });
            }
        });
    }
    let clusters_pending = big
        && !s
            .clusters
            .as_ref()
            .zip(s.doc.as_ref())
            .is_some_and(|((d, _), doc)| Rc::ptr_eq(d, doc));
    let clusters: Rc<ClustersRef> = match (&*now_clusters, &s.clusters) {
        (Some(c), _) => Rc::new(c.clone()),
        (None, Some((_, c))) => Rc::new(ClustersRef(c.clone())),
        (None, None) => Rc::new(ClustersRef(Rc::default())),
    };
    let paras = {
        let doc = s.doc.clone();
        use_memo(s.text_revision, move |_| doc.map(|d| Paras::of(&d.text)))
    };

    let autosave = use_autosave(&state);
    use_keyboard(&state);

    // The rules are saved on their own (they outlive the article), when
    // they change.
    {
        let (rules, d) = (s.rules.clone(), dispatch.clone());
        use_effect_with(s.rules_revision, move |rev| {
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
                    d.emit(Action::Ui(UiAction::RulesNotice(Some(w.to_string()))));
                }
            }
        });
    }
    // A new article starts at the top of the page.
    use_effect_with(s.text_revision, |_| dom::scroll_to_top());
    // The tab title follows the article.
    {
        let title = s.doc.as_ref().and_then(|d| {
            d.text
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| ellipsis(l, 60))
        });
        use_effect_with(title, |t| {
            dom::set_title(&match t {
                Some(t) => format!("{t} — Pressmark"),
                None => "Pressmark — annotate news articles".to_string(),
            })
        });
    }

    // ---------------------------------------------------------- article
    let run_annotate = {
        let (annotator, d, n) = (annotator.clone(), dispatch.clone(), s.rules.len());
        let rules: Rc<str> = user_rules::to_text(&s.rules).into();
        Callback::from(move |raw: String| {
            flows::annotate(raw, annotator.clone(), rules.clone(), n, d.clone())
        })
    };
    let on_sample = {
        let run = run_annotate.clone();
        Callback::from(move |_| run.emit(SAMPLE.to_string()))
    };
    let on_open = {
        let r = file_ref.clone();
        Callback::from(move |_| dom::click(&r))
    };
    let on_file = {
        let (latest, d, run) = (latest.clone(), dispatch.clone(), run_annotate.clone());
        Callback::from(move |e: Event| {
            flows::open_files(dom::take_files(&e), latest.clone(), d.clone(), run.clone())
        })
    };
    let on_new = {
        let (d, dirty) = (dispatch.clone(), s.dirty);
        Callback::from(move |_| {
            if !dirty || dom::confirm(flows::DISCARD) {
                d.emit(Action::Clear);
            }
        })
    };
    let on_rerun = {
        let (d, annotator) = (dispatch.clone(), annotator.clone());
        let (doc, suppressed) = (s.doc.clone(), s.suppressed.clone());
        Callback::from(move |_| {
            if let Some(doc) = &doc {
                let t0 = dom::now();
                let fresh = annotator.0.reannotate(doc, &suppressed);
                dom::measure("pressmark:reannotate", t0);
                d.emit(Action::Rerun(fresh));
            }
        })
    };
    let on_download = {
        let (doc, genders, d) = (s.doc.clone(), s.genders.clone(), dispatch.clone());
        Callback::from(move |choice: Choice| {
            let Some(doc) = &doc else { return };
            let files = interop::downloads(doc, choice, &genders);
            for f in &files {
                if let Err(e) = dom::download_bytes(&f.name, &f.bytes, f.mime) {
                    d.emit(Action::Ui(UiAction::Error(Some(format!(
                        "Could not download {}: {e}",
                        f.name
                    )))));
                    return;
                }
            }
            if choice.saves_work() {
                d.emit(Action::MarkExported);
            }
            d.emit(Action::Ui(UiAction::Status(interop::downloaded(
                choice, &files,
            ))));
        })
    };
    let on_copy = {
        let (doc, genders, d) = (s.doc.clone(), s.genders.clone(), dispatch.clone());
        Callback::from(move |_| {
            let Some(doc) = &doc else { return };
            let json = format::to_json_with(doc, &genders);
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match dom::copy_text(&json).await {
                    Ok(()) => {
                        d.emit(Action::MarkExported);
                        d.emit(Action::Ui(UiAction::Status("JSON copied to the clipboard.".into())));
                    }
                    Err(e) => d.emit(Action::Ui(UiAction::Error(Some(format!(
                        "Could not copy to the clipboard ({e}). Use Download → Pressmark JSON instead."
                    ))))),
                }
            });
        })
    };
    let on_select = {
        let d = dispatch.clone();
        use_callback((), move |t: Option<Target>, _| d.emit(Action::Select(t)))
    };
    let on_text_selection = {
        let (article, doc, d) = (article_ref.clone(), s.doc.clone(), dispatch.clone());
        let menu_open = s.ui.pending.is_some();
        use_callback((s.revision, menu_open), move |exact: bool, (_, open)| {
            let Some(doc) = &doc else { return };
            let found = dom::selection_in_node(&article, &doc.text).and_then(|(s, e, rect)| {
                let span = if exact {
                    text::trim_span(&doc.text, s, e)
                } else {
                    text::snap_to_words(&doc.text, s, e)
                };
                span.map(|sp| (sp, rect))
            });
            match found {
                Some(((s, e), rect)) => {
                    let (sx, sy, vw) = dom::viewport();
                    d.emit(Action::Ui(UiAction::Menu(Some(Pending {
                        start: s,
                        end: e,
                        preview: doc.slice(s, e).to_string(),
                        left: ui::menu_left(rect.left(), vw, sx),
                        top: rect.bottom() + sy + 8.0,
                        choosing: false,
                    }))));
                }
                None if *open => d.emit(Action::Ui(UiAction::Menu(None))),
                None => {}
            }
        })
    };
    let on_handle_drop = {
        let (article, doc, d) = (article_ref.clone(), s.doc.clone(), dispatch.clone());
        use_callback(s.revision, move |h: HandleDrop, _| {
            let Some(doc) = &doc else { return };
            let Some(at) = dom::offset_at_point_in(&article, &doc.text, h.x, h.y) else {
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
        let (d, doc) = (dispatch.clone(), s.doc.clone());
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
                d.emit(Action::Ui(UiAction::Status(format!("“{wanted}” {why}."))));
                return;
            }
            d.emit(Action::LabelText {
                text: wanted.clone(),
                label,
            });
            d.emit(Action::Ui(UiAction::Status(format!(
                "Labelled {free} × “{wanted}” as {}.",
                label.as_str()
            ))));
        })
    };
    let on_jump = {
        let d = dispatch.clone();
        use_callback((), move |t: Target, _| d.emit(Action::Jump(t)))
    };
    let on_toggle = {
        let d = dispatch.clone();
        Callback::from(move |l: Label| d.emit(Action::ToggleLabel(l)))
    };
    let apply_label = {
        let (st, d) = (latest.clone(), dispatch.clone());
        Callback::from(move |l: Option<Label>| {
            if let Some(a) = apply_pending(&st.borrow(), l) {
                d.emit(a);
                dom::clear_selection();
            }
        })
    };
    let close_menu = {
        let d = dispatch.clone();
        Callback::from(move |_| {
            d.emit(Action::Ui(UiAction::Menu(None)));
            dom::clear_selection();
        })
    };

    // ---------------------------------------------------------- rules
    let proposal_live = live_proposal(s);
    let proposal_at = |place: Place| {
        s.ui.proposal
            .clone()
            .filter(|p| proposal_live && p.place == place)
    };
    let propose = |place: Place| {
        let (st, d) = (latest.clone(), dispatch.clone());
        Callback::from(move |kind: RuleKind| {
            let rule = match UserRule::new(kind.clone(), false) {
                Ok(r) => r,
                Err(e) => {
                    d.emit(Action::Ui(UiAction::Status(format!(
                        "That cannot be a rule: {e}."
                    ))));
                    return;
                }
            };
            let st = st.borrow().clone();
            match flows::prepare(&st, &RulesOp::Add(rule)) {
                Err(msg) => d.emit(Action::Ui(UiAction::Status(msg))),
                Ok(p) => d.emit(Action::Ui(UiAction::Propose(Some(Proposal {
                    effect: p.effect.map(|e| e.describe()),
                    fresh: p.fresh.map(|doc| DocRef(Rc::new(doc))),
                    plan: p.plan,
                    place,
                    basis: (st.revision, st.rules_revision),
                })))),
            }
        })
    };
    let on_apply_rule = {
        let (st, d) = (latest.clone(), dispatch.clone());
        Callback::from(move |_| {
            let st = st.borrow().clone();
            let Some(p) = st.ui.proposal.clone() else {
                return;
            };
            d.emit(Action::Ui(UiAction::Propose(None)));
            if p.basis != (st.revision, st.rules_revision) {
                d.emit(Action::Ui(UiAction::Status(
                    "The article or the rules changed: choose the rule again to see what it does now."
                        .into(),
                )));
                return;
            }
            d.emit(Action::Ui(UiAction::Status(format!(
                "{} for every article. {}",
                p.plan.done,
                p.effect.clone().unwrap_or_default()
            ))));
            if matches!(p.place, Place::Menu(..)) {
                d.emit(Action::Ui(UiAction::Menu(None)));
                dom::clear_selection();
            }
            d.emit(Action::ChangeRules {
                what: p.plan.what,
                change: p.plan.change,
                fresh: p.fresh.map(|f| (*f.0).clone()),
            });
        })
    };
    let on_cancel_rule = ui_cb(&dispatch, |_: ()| UiAction::Propose(None));
    let on_rules_op = {
        let (st, d) = (latest.clone(), dispatch.clone());
        Callback::from(move |op: RulesOp| flows::change_rules(&st.borrow(), &op, &d))
    };
    let close_rules = {
        let d = dispatch.clone();
        Callback::from(move |_| {
            d.emit(Action::Ui(UiAction::ClosePanel));
            dom::focus_id("rules-button");
        })
    };
    let on_import_rules = {
        let r = rules_file_ref.clone();
        Callback::from(move |_| dom::click(&r))
    };
    let on_rules_file = {
        let (latest, d) = (latest.clone(), dispatch.clone());
        Callback::from(move |e: Event| {
            flows::import_rules(dom::take_files(&e), latest.clone(), d.clone())
        })
    };
    let on_export_rules = {
        let (rules, d) = (s.rules.clone(), dispatch.clone());
        Callback::from(move |_| {
            if rules.is_empty() {
                return;
            }
            let said = match dom::download(
                user_rules::FILE_NAME,
                &user_rules::to_text(&rules),
                "text/plain",
            ) {
                Ok(()) => UiAction::Status(format!(
                    "Downloaded {} ({} rule{}).",
                    user_rules::FILE_NAME,
                    rules.len(),
                    if rules.len() == 1 { "" } else { "s" }
                )),
                Err(e) => UiAction::Error(Some(format!("Could not download the rules: {e}"))),
            };
            d.emit(Action::Ui(said));
        })
    };

    // ---------------------------------------------------------- view
    let doc_ref = s.doc.clone().map(DocRef);
    let rules_ref = RulesRef(s.rules.clone());
    let rules_hash = {
        let rules = s.rules.clone();
        use_memo(s.rules_revision, move |_| user_rules::hash(&rules))
    };
    let rules_current = s
        .doc
        .as_ref()
        .and_then(|d| d.rules.as_ref())
        .is_some_and(|st| st.user == *rules_hash);
    // Highlights made by other user rules than the current ones (a file
    // opened, or no stamp and rules of one's own): the panel offers a re-run.
    let rules_stale = s.doc.as_ref().is_some_and(|d| {
        d.rules.as_ref().and_then(|st| st.user.as_ref()) != (*rules_hash).as_ref()
    });
    let on_help = ui_cb(&dispatch, |_: ()| UiAction::TogglePanel(Panel::Help));
    // The side panel's view state, made anew only when a part it shows
    // changes: scrolling a long article (`view_at`) or finding text does
    // not re-render the panel.
    let side_ui = {
        let u = &s.ui;
        let key = (
            u.side,
            u.all_names,
            u.all_quotes,
            u.find_label,
            u.expanded.clone(),
            u.show_gender,
        );
        let ui = u.clone();
        use_memo(key, move |_| ui)
    };
    let workspace = match (&doc_ref, paras.as_ref()) {
        (Some(doc), Some(paras)) => html! {
            <div class="workspace">
                <section class="article-pane" aria-labelledby="article-heading">
                    <h2 id="article-heading" class="visually-hidden">{ "Annotated article" }</h2>
                    <Legend doc={doc.clone()} hidden={s.hidden.clone()} on_toggle={on_toggle} />
                    { if s.ui.find_open { html! {
                        <FindBar doc={doc.clone()} query={s.ui.find_query.clone()} found={s.ui.found} dispatch={dispatch.clone()} />
                    } } else { Html::default() } }
                    <p class="hint">
                        { "Select text to label it (keys 1–6, Q) · click a highlight to edit it · Ctrl+F finds · " }
                        <button type="button" class="linkish" onclick={{ let h = on_help.clone(); Callback::from(move |_| h.emit(())) }}>{ "keyboard help" }</button>
                    </p>
                    <Article doc={doc.clone()} paras={paras.clone()} hidden={s.hidden.clone()} selected={s.selected}
                        jump={s.ui.jump} view_at={s.ui.view_at} geometry={s.ui.geometry}
                        view_full={s.ui.view_full}
                        on_view={ui_cb(&dispatch, |(at, far)| UiAction::ViewAt { at, far })}
                        on_view_full={ui_cb(&dispatch, |_: ()| UiAction::ViewFull)}
                        on_geometry={ui_cb(&dispatch, UiAction::Geometry)}
                        found={s.ui.found} reveal={s.ui.reveal}
                        node={article_ref.clone()} on_select={on_select.clone()}
                        on_text_selection={on_text_selection} on_handle_drop={on_handle_drop} />
                </section>
                <aside class="sidebar" aria-label="Annotations">
                    { match s.selected {
                        Some(t) => {
                            // rules are made from entities (a quote has none to offer)
                            let (proposal, on_propose) = match t {
                                Target::Entity(id) => (proposal_at(Place::Inspector(id)), propose(Place::Inspector(id))),
                                Target::Quote(_) => (None, Callback::noop()),
                            };
                            html!{ <Inspector doc={doc.clone()} clusters={(*clusters).clone()} target={t} dispatch={dispatch.clone()}
                                rules={rules_ref.clone()} {rules_current} {proposal} {on_propose}
                                on_apply={on_apply_rule.clone()} on_cancel={on_cancel_rule.clone()} /> }
                        }
                        None => html!{ <section class="panel inspector empty"><p class="fine">{ "Select a highlight to change its label, resize it, delete it or change a quote's speaker." }</p></section> },
                    } }
                    <Sidebar doc={doc.clone()} clusters={(*clusters).clone()} updating={clusters_pending} selected={s.selected} ui={side_ui.clone()}
                        genders={Rc::new(s.genders.clone())} dispatch={dispatch.clone()}
                        on_jump={on_jump} on_label_text={on_label_text} />
                    { storage_line(&autosave) }
                </aside>
            </div>
        },
        _ if autosave.state == SaveState::Restoring => html! {
            <p class="restoring" role="status" data-testid="restoring">{ "Reading your saved work…" }</p>
        },
        _ => html! {
            <Editor busy={s.ui.busy} has_text={s.ui.has_text} on_has_text={ui_cb(&dispatch, UiAction::HasText)}
                on_annotate={run_annotate.clone()} on_sample={on_sample} on_open={on_open.clone()} />
        },
    };
    let save_download = {
        let d = on_download.clone();
        Callback::from(move |_: ()| d.emit(Choice::Main(format::Format::Pressmark)))
    };
    let status_text = s.note.clone().unwrap_or_else(|| s.ui.status.clone());
    let rules_open = s.ui.panel == Panel::Rules;

    html! {
        <div class={classes!("app", s.ui.busy.then_some("busy"))} data-revision={s.revision.to_string()}
            data-saved-revision={autosave.saved_revision.to_string()}>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "❝" }</span>
                    <h1>{ "Pressmark" }</h1>
                    { if s.dirty && s.doc.is_some() { html!{ <span class="badge" title="Corrections not yet downloaded or copied (they are kept in this browser)">{ "unsaved corrections" }</span> } } else { Html::default() } }
                    { save_mark(&autosave, s) }
                </div>
                <Toolbar has_doc={s.doc.is_some()} busy={s.ui.busy} dirty={s.dirty}
                    undo={s.undo.last().map(|e| e.what.clone())} redo={s.redo.last().map(|e| e.what.clone())}
                    help_open={s.ui.panel == Panel::Help} on_new={on_new} on_open={on_open} on_rerun={on_rerun.clone()}
                    on_undo={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Undo)) }}
                    on_redo={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Redo)) }}
                    download_open={s.ui.download_open} on_download_open={ui_cb(&dispatch, UiAction::DownloadMenu)}
                    on_download={on_download} on_copy={on_copy} on_help={on_help.clone()}
                    rules={s.rules.len()} {rules_open} on_rules={ui_cb(&dispatch, |_: ()| UiAction::TogglePanel(Panel::Rules))} />
                { if rules_open { html! {
                    <RulesPanel rules={rules_ref.clone()} has_doc={s.doc.is_some()} import_error={s.ui.rules_error.clone()}
                        stale={rules_stale} {on_rerun}
                        on_change={on_rules_op} on_import={on_import_rules} on_export={on_export_rules}
                        on_dismiss_error={ui_cb(&dispatch, |_: ()| UiAction::RulesError(None))}
                        on_close={close_rules.clone()}
                        filter={s.ui.rules_filter.clone()} on_filter={ui_cb(&dispatch, UiAction::RulesFilter)} />
                } } else { Html::default() } }
                { if s.ui.panel == Panel::Help { html! { <Help on_close={ui_cb(&dispatch, |_: ()| UiAction::ClosePanel)} /> } } else { Html::default() } }
            </header>
            <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" ref={file_ref}
                data-testid="open-file" multiple=true accept={interop::ACCEPT} onchange={on_file} />
            <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" ref={rules_file_ref}
                data-testid="rules-file" accept=".rules,.txt,text/plain" onchange={on_rules_file} />
            <Banners error={s.ui.error.clone()} notice={s.ui.notice.clone()}
                rules_notice={s.ui.rules_notice.clone().or_else(|| annotator.1.clone())}
                rules_notice_dismissable={s.ui.rules_notice.is_some()}
                save={autosave.state.clone()} restore_note={autosave.restore_note.clone()} has_doc={s.doc.is_some()}
                dispatch={dispatch.clone()} on_save_download={save_download}
                on_take_theirs={autosave.take_theirs.clone()} on_keep_mine={autosave.keep_mine.clone()} />
            <main id="main">
                { workspace }
                { match &s.ui.pending {
                    Some(p) => html! { <LabelMenu pending={p.clone()} on_label={{ let a = apply_label.clone(); Callback::from(move |l| a.emit(Some(l))) }}
                        on_quote={{ let a = apply_label.clone(); Callback::from(move |_| a.emit(None)) }} on_close={close_menu}
                        proposal={proposal_at(Place::Menu(p.start, p.end))} on_propose={propose(Place::Menu(p.start, p.end))}
                        on_apply={on_apply_rule.clone()} on_cancel={on_cancel_rule.clone()}
                        on_choosing={ui_cb(&dispatch, UiAction::MenuChoosing)} /> },
                    None => Html::default(),
                } }
            </main>
            <div class="status" role="status" aria-live="polite">
                { if s.ui.busy {
                    // Annotating: stays until done, with a progress bar.
                    html! { <span class="toast working" key="working" data-testid="annotating">
                        <progress aria-label="Annotating"></progress>{ status_text }</span> }
                } else if status_text.is_empty() { Html::default() } else { html! { <span class="toast" key={format!("{}-{status_text}", s.revision)}>{ status_text }</span> } } }
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
