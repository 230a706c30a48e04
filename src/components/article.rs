//! The highlighted article: paragraphs as keyed, memoised components, and
//! the mouse/keyboard plumbing around them (event delegation: clicks on any
//! highlight, text selections, drag handles).

use super::paragraph::Paragraph;
use super::{DocRef, Paras};
use crate::dom;
use crate::state::{Edge, Target};
use crate::ui::PARAGRAPHS_MORE;
use pressmark_engine::Label;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A handle drag that ended: which edge, and where (viewport coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct HandleDrop {
    pub target: Target,
    pub edge: Edge,
    pub x: f64,
    pub y: f64,
    /// Alt held: no snapping to word edges.
    pub exact: bool,
}

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub doc: DocRef,
    pub paras: Paras,
    pub hidden: Vec<Label>,
    pub selected: Option<Target>,
    /// Bumped to scroll the selected highlight into view and focus it.
    pub jump: u64,
    /// Paragraphs rendered so far (`Ui::shown`), and a request for more.
    pub shown: usize,
    pub on_show: Callback<usize>,
    pub node: NodeRef,
    pub on_select: Callback<Option<Target>>,
    /// The mouse or keyboard finished a text selection (`true`: Alt held).
    pub on_text_selection: Callback<bool>,
    pub on_handle_drop: Callback<HandleDrop>,
}

/// Paragraphs shown past the selected highlight.
const MARGIN: usize = 20;

#[component]
pub fn Article(props: &ArticleProps) -> Html {
    let doc = &props.doc;
    let more_ref = use_node_ref();
    // Refs, not state: they track a gesture in progress (a handle being
    // dragged, the mouse being down, the last jump handled, a highlight made
    // unfocusable while pressed) and are never rendered.
    let drag = use_mut_ref(|| None::<(Target, Edge)>);
    // A mouse press focuses a highlight before the click (or a drag to
    // select text) completes; selection on focus is for the keyboard only.
    let pressing = use_mut_ref(|| false);
    let last_jump = use_mut_ref(|| 0u64);

    // Keep focus on the selected highlight across re-renders (keyboard
    // resizing replaces the element), and scroll to it on a jump.
    {
        let node = props.node.clone();
        let selected = props.selected;
        let jump = props.jump;
        let last_jump = last_jump.clone();
        use_effect(move || {
            let jumped = *last_jump.borrow() != jump;
            *last_jump.borrow_mut() = jump;
            if let Some(t) = selected {
                dom::keep_focus_on(&node, t, jumped);
            }
        });
    }

    let onclick = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if dom::has_text_selection() {
                return;
            }
            if dom::closest(e.target(), "[data-handle]").is_some() {
                return;
            }
            // Pressing a highlight made it unfocusable until the mouse came up
            // (see below); the click is still the highlight's, even when it
            // reaches the article only.
            let t = dom::target_at(e.target(), "[data-kind]");
            on_select.emit(t);
        })
    };
    // Chromium does not start a text selection inside a focusable element,
    // so a highlight stops being focusable while the mouse is down on it
    // (a plain click still selects and then focuses it).
    let unfocusable = use_mut_ref(|| None::<web_sys::Element>);
    let restore = {
        let unfocusable = unfocusable.clone();
        move || {
            if let Some(el) = unfocusable.borrow_mut().take() {
                dom::make_focusable(&el);
            }
        }
    };
    let onmousedown = {
        let pressing = pressing.clone();
        let unfocusable = unfocusable.clone();
        let restore = restore.clone();
        Callback::from(move |e: MouseEvent| {
            *pressing.borrow_mut() = true;
            restore();
            if e.button() == 0 {
                *unfocusable.borrow_mut() = dom::unfocusable_under(e.target());
            }
        })
    };
    let onfocusin = {
        let on_select = props.on_select.clone();
        let selected = props.selected;
        let pressing = pressing.clone();
        Callback::from(move |e: FocusEvent| {
            if *pressing.borrow() {
                return;
            }
            if let Some(t) = dom::target_at(e.target(), "[data-kind][tabindex], .speaker-tag") {
                if selected != Some(t) {
                    on_select.emit(Some(t));
                }
            }
        })
    };
    let onmouseup = {
        let cb = props.on_text_selection.clone();
        let drag = drag.clone();
        let pressing = pressing.clone();
        let restore = restore.clone();
        Callback::from(move |e: MouseEvent| {
            *pressing.borrow_mut() = false;
            restore();
            if drag.borrow().is_none() {
                cb.emit(e.alt_key());
            }
        })
    };
    let onkeyup = {
        let cb = props.on_text_selection.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.shift_key() && e.key().starts_with("Arrow") && dom::has_text_selection() {
                cb.emit(e.alt_key());
            }
        })
    };
    let onpointerdown = {
        let drag = drag.clone();
        let selected = props.selected;
        Callback::from(move |e: PointerEvent| {
            let Some(t) = selected else { return };
            let Some(edge) = dom::capture_handle(&e) else {
                return;
            };
            e.prevent_default();
            *drag.borrow_mut() = Some((
                t,
                if edge == "start" {
                    Edge::Start
                } else {
                    Edge::End
                },
            ));
        })
    };
    let onpointerup = {
        let drag: Rc<RefCell<Option<(Target, Edge)>>> = drag.clone();
        let cb = props.on_handle_drop.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((target, edge)) = drag.borrow_mut().take() {
                e.prevent_default();
                cb.emit(HandleDrop {
                    target,
                    edge,
                    x: e.client_x() as f64,
                    y: e.client_y() as f64,
                    exact: e.alt_key(),
                });
            }
        })
    };

    // Long articles are shown a part at a time: the first PARAGRAPHS_FIRST,
    // PARAGRAPHS_MORE more whenever the end comes near the viewport (or the button is
    // used), and always as far as the selected highlight (a jump from the
    // side panel, keyboard navigation).
    let all = &props.paras.0;
    let sel = props.selected;
    let sel_para = sel
        .and_then(|t| match t {
            Target::Entity(id) => doc.entities.iter().find(|e| e.id == id).map(|e| e.start),
            Target::Quote(id) => doc.quotes.iter().find(|q| q.id == id).map(|q| q.start),
        })
        .map(|pos| all.partition_point(|p| p.end <= pos));
    let limit = props
        .shown
        .max(sel_para.map_or(0, |i| i + MARGIN))
        .min(all.len());
    {
        let on_show = props.on_show.clone();
        let more_ref = more_ref.clone();
        use_effect_with((limit, all.len()), move |&(limit, n)| {
            let guard = (limit < n).then(|| {
                dom::on_window("scroll", move || {
                    if dom::near_viewport(&more_ref, 2.0) {
                        on_show.emit(limit + PARAGRAPHS_MORE);
                    }
                })
            });
            move || drop(guard)
        });
    }

    // Hand each paragraph only the annotations inside it (one linear pass).
    let mut ei = 0;
    let mut qi = 0;
    let paras = all[..limit].iter().enumerate().map(|(i, p)| {
        while ei < doc.entities.len() && doc.entities[ei].end <= p.start {
            ei += 1;
        }
        while qi < doc.quotes.len() && doc.quotes[qi].end <= p.start {
            qi += 1;
        }
        let ents: Vec<_> = doc.entities[ei..]
            .iter()
            .take_while(|e| e.start < p.end)
            .cloned()
            .collect();
        let quotes: Vec<_> = doc.quotes[qi..]
            .iter()
            .take_while(|q| q.start < p.end)
            .cloned()
            .collect();
        let selected = sel.filter(|t| match t {
            Target::Entity(id) => ents.iter().any(|e| e.id == *id),
            Target::Quote(id) => quotes.iter().any(|q| q.id == *id),
        });
        html! {
            <Paragraph key={i} text={p.text.clone()} start={p.start} u16_start={p.u16_start}
                entities={ents} quotes={quotes} hidden={props.hidden.clone()} selected={selected} />
        }
    });
    let more = if limit < all.len() {
        let next = PARAGRAPHS_MORE.min(all.len() - limit);
        let onclick = {
            let on_show = props.on_show.clone();
            Callback::from(move |_| on_show.emit(limit + PARAGRAPHS_MORE))
        };
        html! {
            <div class="more" ref={more_ref.clone()} data-testid="show-more">
                <p class="fine">{ format!("Showing paragraphs 1–{limit} of {}; more appear as you scroll.", all.len()) }</p>
                <button type="button" class="btn" {onclick}>{ format!("Show the next {next} paragraphs") }</button>
            </div>
        }
    } else {
        Html::default()
    };

    html! {
        <>
            <div class="article" ref={props.node.clone()} lang="en"
                {onclick} {onmousedown} {onfocusin} {onmouseup} {onkeyup} {onpointerdown} {onpointerup}>
                { for paras }
            </div>
            { more }
        </>
    }
}
