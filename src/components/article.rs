//! The highlighted article: paragraphs as keyed, memoised components, and
//! the mouse/keyboard plumbing around them (event delegation: clicks on any
//! highlight, text selections, drag handles).

use super::paragraph::Paragraph;
use super::{DocRef, Paras};
use crate::dom;
use crate::state::{Edge, Target};
use crate::viewport::{self, Geometry};
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
    /// The reader's place (`Ui::view_at`) and how tall unrendered
    /// paragraphs are estimated to be; reports of both as they change.
    pub view_at: usize,
    pub view_full: bool,
    pub geometry: Geometry,
    /// (byte offset, far: outside what is rendered)
    pub on_view: Callback<(usize, bool)>,
    pub on_view_full: Callback<()>,
    pub on_geometry: Callback<Geometry>,
    /// The find bar's match, selected and scrolled to whenever `reveal`
    /// changes.
    pub found: Option<(usize, usize)>,
    pub reveal: u64,
    pub node: NodeRef,
    pub on_select: Callback<Option<Target>>,
    /// The mouse or keyboard finished a text selection (`true`: Alt held).
    pub on_text_selection: Callback<bool>,
    pub on_handle_drop: Callback<HandleDrop>,
}

#[component]
pub fn Article(props: &ArticleProps) -> Html {
    let doc = &props.doc;
    let above_ref = use_node_ref();
    let below_ref = use_node_ref();
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

    // A long article renders only the paragraphs around the reader's place
    // (`viewport`); spacers of the estimated height stand for the rest.
    let all = &props.paras.0;
    let n = all.len();
    let sel = props.selected;
    let (from, to) = viewport::range(all, props.view_at, props.view_full);
    // The last find match scrolled to; while a newer one waits for its
    // paragraph to render, scrolling does not move the window (the
    // browser's own scroll events would take it back to where the reader
    // was before the find).
    let last_reveal = use_mut_ref(|| 0u64);
    let revealing = use_mut_ref(|| false);
    *revealing.borrow_mut() = *last_reveal.borrow() != props.reveal && props.found.is_some();
    // After a far jump a screenful is painted first; the rest follows.
    {
        let on_full = props.on_view_full.clone();
        use_effect_with(props.view_full, move |full| {
            if !*full {
                wasm_bindgen_futures::spawn_local(async move {
                    dom::after_paint().await;
                    on_full.emit(());
                });
            }
        });
    }
    let geo = props.geometry;
    {
        let (above, below, article) = (above_ref.clone(), below_ref.clone(), props.node.clone());
        let paras = props.paras.clone();
        let (on_view, on_geometry) = (props.on_view.clone(), props.on_geometry.clone());
        let revealing = revealing.clone();
        // At the very end (End, the scroll bar at the bottom) the reader
        // stays at the end while estimates are corrected.
        let pinned = props.view_at == usize::MAX;
        use_effect_with(
            (from, to, paras, geo, pinned),
            move |(from, to, paras, geo, pinned)| {
                let (from, to, geo, pinned) = (*from, *to, *geo, *pinned);
                let all = paras.0.clone();
                let n = all.len();
                dom::set_height(&above, viewport::height(&all, 0, from, geo));
                dom::set_height(&below, viewport::height(&all, to, n, geo));
                let mut guard = None;
                if n > viewport::RENDER_ALL_UP_TO && to > from {
                    // Correct the estimate from what is rendered.
                    let bytes = all[to - 1].end - all[from].start;
                    if let Some(h) = dom::rendered_height(&article, &above, &below) {
                        if let Some(g) = Geometry::measured(h, bytes, to - from, geo.margin) {
                            if g.differs(&geo) {
                                on_geometry.emit(g);
                            }
                        }
                    }
                    // Follow the reader.
                    if pinned {
                        dom::scroll_to_bottom();
                    }
                    guard = Some(dom::on_window("scroll", move || {
                        if *revealing.borrow() {
                            return;
                        }
                        if dom::at_page_bottom() {
                            if !pinned {
                                on_view.emit((usize::MAX, to < n));
                            }
                            return;
                        }
                        let top = match dom::place_at_top(&article, &above, &below) {
                            Some(dom::Place::Para(start)) => viewport::index_of(&all, start),
                            Some(dom::Place::Above(y)) => viewport::index_at(&all, y, geo),
                            Some(dom::Place::Below(y)) => viewport::index_at(
                                &all,
                                viewport::height(&all, 0, to, geo) + y,
                                geo,
                            ),
                            None => return,
                        };
                        if viewport::should_move(top, from, to, n) {
                            on_view.emit((all[top].start, top < from || top >= to));
                        }
                    }));
                }
                move || drop(guard)
            },
        );
    }

    // The find bar's match: marked in the text after every render (a
    // re-rendered paragraph has new text nodes), and scrolled to the middle
    // of the viewport when it is a new one (`reveal`; its paragraph is
    // rendered: `view_at` is its start).
    {
        let (article, paras, found) = (props.node.clone(), props.paras.clone(), props.found);
        let last_reveal = last_reveal.clone();
        let reveal = props.reveal;
        use_effect(move || match found {
            None => {
                dom::set_highlight(dom::FOUND_HIGHLIGHT, None);
            }
            Some((s, e)) => {
                let all = &paras.0;
                if let Some(p) = all.get(viewport::index_of(all, s)) {
                    let map = pressmark_engine::OffsetMap::new(&p.text);
                    let u16_in =
                        |pos: usize| map.byte_to_utf16(pos.clamp(p.start, p.end) - p.start) as u32;
                    let scroll = *last_reveal.borrow() != reveal;
                    let (start, from, to) = (p.start, u16_in(s), u16_in(e));
                    let (article, last_reveal) = (article.clone(), last_reveal.clone());
                    let revealing = revealing.clone();
                    // After this task: the paragraphs (child components)
                    // may render after this effect, and a range set on
                    // their old text nodes would drift.
                    dom::set_timeout(0, move || {
                        if dom::select_in_para(&article, start, from, to, scroll) {
                            *last_reveal.borrow_mut() = reveal;
                            *revealing.borrow_mut() = false;
                        }
                    });
                }
            }
        });
    }

    // Hand each paragraph only the annotations inside it (one linear pass
    // from the first rendered paragraph).
    let first = all.get(from).map_or(0, |p| p.start);
    let mut ei = doc.entities.partition_point(|e| e.end <= first);
    let mut qi = doc.quotes.partition_point(|q| q.end <= first);
    let paras = all[from..to].iter().enumerate().map(|(k, p)| {
        let i = from + k;
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
            <Paragraph key={format!("p{i}")} text={p.text.clone()} start={p.start} u16_start={p.u16_start}
                entities={ents} quotes={quotes} hidden={props.hidden.clone()} selected={selected} />
        }
    });
    // Both spacers are always there (0 px when nothing is left out) and
    // keyed like the paragraphs: Yew reconciles a fully keyed list by key,
    // so a paragraph that stays in the window keeps its DOM (and focus, and
    // the browser's scroll anchor); in a partly keyed list every paragraph
    // would be rebuilt whenever the window moves.
    let spacer = |r: &NodeRef, which: &'static str, used: bool| {
        html! { <div key={which} class="spacer" ref={r.clone()} data-nontext="" data-spacer={used.then_some(which)} aria-hidden="true"></div> }
    };
    let above = spacer(&above_ref, "above", from > 0);
    let below = spacer(&below_ref, "below", to < n);

    html! {
        <>
            <div class="article" ref={props.node.clone()} lang="en"
                data-window={format!("{from}-{to}")} data-found={props.found.map(|(s, e)| format!("{s}-{e}"))} data-px-per-byte={format!("{:.3}", geo.px_per_byte)}
                {onclick} {onmousedown} {onfocusin} {onmouseup} {onkeyup} {onpointerdown} {onpointerup}>
                { above }
                { for paras }
                { below }
            </div>
        </>
    }
}
