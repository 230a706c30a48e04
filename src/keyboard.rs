//! The global keyboard map: a pure function from a key press and the state
//! to actions (tested natively), and the hook that listens for key presses
//! on the document.

use crate::dom;
use crate::state::{Action, AppState, Edge, Step, Target};
use crate::ui::{Panel, UiAction};
use pressmark_engine::Label;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A key press, as far as the map cares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Key {
    pub key: String,
    /// Ctrl, or ⌘ on a Mac.
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// Focus is in a text field (its keys are its own).
    pub in_field: bool,
    /// Focus is in the Rules panel (its controls keep Delete, digits…).
    pub in_panel: bool,
    /// Focus is in the open Download menu (it keeps every key).
    pub in_download_menu: bool,
}

/// What a key does besides actions: things only the page can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Drop the browser's text selection (the label menu closed).
    ClearSelection,
    /// Give focus back to the Rules button (the panel closed).
    FocusRulesButton,
    /// Focus the find bar's field and select its text.
    FocusFind,
    /// Scroll the page to its end / its top.
    ScrollToEnd,
    ScrollToTop,
}

/// What a key press does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub actions: Vec<Action>,
    pub effects: Vec<Effect>,
    /// The browser's own meaning of the key is cancelled.
    pub prevent_default: bool,
}

impl Outcome {
    fn act(actions: Vec<Action>) -> Outcome {
        Outcome {
            actions,
            effects: Vec::new(),
            prevent_default: true,
        }
    }
}

/// The action that labels (or, with `None`, quotes) the selection the
/// label menu is open over.
pub fn apply_pending(s: &AppState, label: Option<Label>) -> Option<Action> {
    let p = s.ui.pending.as_ref()?;
    // An entity never crosses a line break: keep its first line.
    let first_line_end = p
        .preview
        .find('\n')
        .map_or(p.end, |i| p.start + p.preview[..i].trim_end().len());
    Some(match label {
        Some(label) => Action::AddEntity {
            start: p.start,
            end: first_line_end,
            label,
        },
        None => Action::AddQuote {
            start: p.start,
            end: p.end,
        },
    })
}

/// Whether a proposal is shown: only while the state it was worked out on
/// lasts.
pub fn live_proposal(s: &AppState) -> bool {
    s.ui.proposal
        .as_ref()
        .is_some_and(|p| p.basis == (s.revision, s.rules_revision))
}

/// The keyboard map (the Help panel lists the same keys).
pub fn map(k: &Key, s: &AppState) -> Outcome {
    let none = Outcome::default();
    if k.in_download_menu {
        return none;
    }
    let has_doc = s.doc.is_some();
    let plain = !k.ctrl && !k.alt;
    if k.ctrl && !k.alt && k.key.eq_ignore_ascii_case("z") && !k.in_field && has_doc {
        return Outcome::act(vec![if k.shift { Action::Redo } else { Action::Undo }]);
    }
    if k.ctrl && !k.alt && k.key.eq_ignore_ascii_case("y") && !k.in_field && has_doc {
        return Outcome::act(vec![Action::Redo]);
    }
    // Ctrl+F: the article's own find bar (a long article renders only the
    // paragraphs near the reader, which the browser's find cannot see).
    if k.ctrl && !k.alt && k.key.eq_ignore_ascii_case("f") && has_doc && !k.in_panel {
        return Outcome {
            effects: vec![Effect::FocusFind],
            ..Outcome::act(vec![Action::Ui(UiAction::FindOpen(true))])
        };
    }
    if k.key == "Escape" {
        let ui = |a| Outcome {
            actions: vec![Action::Ui(a)],
            ..Outcome::default()
        };
        return if live_proposal(s) {
            ui(UiAction::Propose(None))
        } else if s.ui.pending.is_some() {
            Outcome {
                effects: vec![Effect::ClearSelection],
                ..ui(UiAction::Menu(None))
            }
        } else if s.ui.find_open {
            ui(UiAction::FindOpen(false))
        } else if s.ui.panel == Panel::Rules {
            Outcome {
                effects: vec![Effect::FocusRulesButton],
                ..ui(UiAction::ClosePanel)
            }
        } else if s.ui.panel == Panel::Help {
            ui(UiAction::ClosePanel)
        } else if s.selected.is_some() && !k.in_field {
            Outcome {
                actions: vec![Action::Select(None)],
                ..Outcome::default()
            }
        } else {
            none
        };
    }
    if k.in_field || k.in_panel {
        return none;
    }
    // Home / End: the article's own ends (a long article renders only the
    // paragraphs near the reader: the browser's scroll to the end would stop
    // where the end was before the last paragraphs were measured).
    if has_doc && !k.alt && !k.shift && (k.key == "End" || k.key == "Home") {
        let end = k.key == "End";
        return Outcome {
            effects: vec![if end {
                Effect::ScrollToEnd
            } else {
                Effect::ScrollToTop
            }],
            ..Outcome::act(vec![Action::Ui(UiAction::ViewAt {
                at: if end { usize::MAX } else { 0 },
                far: true,
            })])
        };
    }
    let digit = plain
        .then(|| k.key.parse::<usize>().ok())
        .flatten()
        .filter(|n| (1..=6).contains(n))
        .map(|n| Label::ALL[n - 1]);
    if s.ui.pending.is_some() {
        let apply = |l| Outcome {
            effects: vec![Effect::ClearSelection],
            ..Outcome::act(apply_pending(s, l).into_iter().collect())
        };
        if let Some(l) = digit {
            return apply(Some(l));
        }
        if plain && k.key.eq_ignore_ascii_case("q") {
            return apply(None);
        }
    }
    if k.key == "?" {
        return Outcome {
            actions: vec![Action::Ui(UiAction::TogglePanel(Panel::Help))],
            ..Outcome::default()
        };
    }
    let Some(t) = s.selected else { return none };
    if let (Some(label), Target::Entity(id)) = (digit, t) {
        return Outcome::act(vec![Action::Relabel { id, label }]);
    }
    // Delete / Backspace delete (Backspace's browser meaning is kept out
    // either way).
    if k.key == "Delete" || k.key == "Backspace" {
        return Outcome::act(vec![Action::Delete(t)]);
    }
    let step = if k.alt { Step::Char } else { Step::Word };
    let resize = match (k.key.as_str(), k.ctrl, k.shift) {
        ("ArrowRight", true, _) => Some((Edge::Start, false)),
        ("ArrowLeft", true, _) => Some((Edge::End, false)),
        ("ArrowRight", false, true) => Some((Edge::End, true)),
        ("ArrowLeft", false, true) => Some((Edge::Start, true)),
        _ => None,
    };
    match resize {
        Some((edge, widen)) => Outcome::act(vec![Action::Resize {
            target: t,
            edge,
            widen,
            step,
        }]),
        None => none,
    }
}

/// Listens for key presses on the document for as long as the component
/// lives; each press is mapped against the latest state.
#[hook]
pub fn use_keyboard(state: &UseReducerHandle<AppState>) {
    let latest: Rc<RefCell<Rc<AppState>>> = use_mut_ref(|| Rc::new(AppState::default()));
    *latest.borrow_mut() = Rc::new((**state).clone());
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = dom::on_keydown(move |k: Key| {
            let s = latest.borrow().clone();
            let out = map(&k, &s);
            for a in out.actions {
                dispatcher.dispatch(a);
            }
            for e in out.effects {
                match e {
                    Effect::ClearSelection => dom::clear_selection(),
                    Effect::FocusRulesButton => dom::focus_id("rules-button"),
                    Effect::FocusFind => dom::focus_and_select_id("find-input"),
                    Effect::ScrollToEnd => dom::scroll_to_bottom(),
                    Effect::ScrollToTop => dom::scroll_to_top(),
                }
            }
            out.prevent_default
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::reduce;
    use crate::ui::Pending;
    use pressmark_engine::{Document, Entity, Source};

    fn doc() -> Document {
        let text = "Ann Lee went to Paris.\nThen home.";
        Document {
            text: text.into(),
            entities: vec![Entity {
                id: 1,
                start: 0,
                end: 7,
                label: Label::Person,
                source: Source::Rule,
                rule: "r".into(),
            }],
            ..Document::default()
        }
    }

    fn key(k: &str) -> Key {
        Key {
            key: k.into(),
            ..Key::default()
        }
    }

    #[test]
    fn keys_map_to_actions() {
        let loaded = reduce(&AppState::default(), Action::Load(doc()));
        let selected = reduce(&loaded, Action::Select(Some(Target::Entity(1))));
        let menu = reduce(
            &loaded,
            Action::Ui(UiAction::Menu(Some(Pending {
                start: 16,
                end: 33,
                preview: "Paris.\nThen home".into(),
                left: 0.0,
                top: 0.0,
                choosing: false,
            }))),
        );
        let help = reduce(&loaded, Action::Ui(UiAction::TogglePanel(Panel::Help)));
        let empty = AppState::default();
        let finding = reduce(&selected, Action::Ui(UiAction::FindOpen(true)));
        let ctrl = |k: &str| Key {
            ctrl: true,
            ..key(k)
        };
        let in_field = |k: &str| Key {
            in_field: true,
            ..key(k)
        };
        let cases: Vec<(&str, &AppState, Key, Vec<Action>)> = vec![
            ("undo", &loaded, ctrl("z"), vec![Action::Undo]),
            (
                "redo",
                &loaded,
                Key {
                    shift: true,
                    ..ctrl("Z")
                },
                vec![Action::Redo],
            ),
            ("redo y", &loaded, ctrl("y"), vec![Action::Redo]),
            (
                "ctrl+f opens the find bar",
                &loaded,
                ctrl("f"),
                vec![Action::Ui(UiAction::FindOpen(true))],
            ),
            (
                "ctrl+f from a field too",
                &loaded,
                Key {
                    in_field: true,
                    ..ctrl("F")
                },
                vec![Action::Ui(UiAction::FindOpen(true))],
            ),
            ("no find without an article", &empty, ctrl("f"), vec![]),
            (
                "end: the article's end",
                &loaded,
                key("End"),
                vec![Action::Ui(UiAction::ViewAt {
                    at: usize::MAX,
                    far: true,
                })],
            ),
            (
                "ctrl+home: its top",
                &selected,
                ctrl("Home"),
                vec![Action::Ui(UiAction::ViewAt { at: 0, far: true })],
            ),
            (
                "end in a field is the field's",
                &loaded,
                in_field("End"),
                vec![],
            ),
            ("no end without an article", &empty, key("End"), vec![]),
            (
                "escape closes the find bar (from its field)",
                &finding,
                in_field("Escape"),
                vec![Action::Ui(UiAction::FindOpen(false))],
            ),
            (
                "no undo in a field",
                &loaded,
                Key {
                    in_field: true,
                    ..ctrl("z")
                },
                vec![],
            ),
            ("no undo without article", &empty, ctrl("z"), vec![]),
            (
                "relabel",
                &selected,
                key("2"),
                vec![Action::Relabel {
                    id: 1,
                    label: Label::Org,
                }],
            ),
            ("no relabel in a field", &selected, in_field("2"), vec![]),
            ("7 is no label", &selected, key("7"), vec![]),
            (
                "delete",
                &selected,
                key("Delete"),
                vec![Action::Delete(Target::Entity(1))],
            ),
            (
                "backspace",
                &selected,
                key("Backspace"),
                vec![Action::Delete(Target::Entity(1))],
            ),
            ("nothing selected", &loaded, key("Delete"), vec![]),
            (
                "escape deselects",
                &selected,
                key("Escape"),
                vec![Action::Select(None)],
            ),
            (
                "escape closes the menu first",
                &menu,
                key("Escape"),
                vec![Action::Ui(UiAction::Menu(None))],
            ),
            (
                "escape closes help",
                &help,
                key("Escape"),
                vec![Action::Ui(UiAction::ClosePanel)],
            ),
            (
                "help",
                &loaded,
                key("?"),
                vec![Action::Ui(UiAction::TogglePanel(Panel::Help))],
            ),
            // the menu's label keeps the selection's first line only
            (
                "menu label",
                &menu,
                key("3"),
                vec![Action::AddEntity {
                    start: 16,
                    end: 22,
                    label: Label::Loc,
                }],
            ),
            (
                "menu quote",
                &menu,
                key("q"),
                vec![Action::AddQuote { start: 16, end: 33 }],
            ),
            (
                "widen",
                &selected,
                Key {
                    shift: true,
                    ..key("ArrowRight")
                },
                vec![Action::Resize {
                    target: Target::Entity(1),
                    edge: Edge::End,
                    widen: true,
                    step: Step::Word,
                }],
            ),
            (
                "narrow by a character",
                &selected,
                Key {
                    ctrl: true,
                    alt: true,
                    ..key("ArrowRight")
                },
                vec![Action::Resize {
                    target: Target::Entity(1),
                    edge: Edge::Start,
                    widen: false,
                    step: Step::Char,
                }],
            ),
            (
                "download menu keeps its keys",
                &selected,
                Key {
                    in_download_menu: true,
                    ..key("Delete")
                },
                vec![],
            ),
        ];
        for (what, s, k, want) in cases {
            assert_eq!(map(&k, s).actions, want, "{what}");
        }
        // Each outcome, applied, does what it says.
        let out = map(&key("3"), &menu);
        let mut s = menu.clone();
        for a in out.actions {
            s = reduce(&s, a);
        }
        assert_eq!(out.effects, vec![Effect::ClearSelection]);
        assert!(s.ui.pending.is_none(), "the menu closes with the label");
        assert_eq!(s.doc.as_ref().unwrap().entities.len(), 2);
    }
}
