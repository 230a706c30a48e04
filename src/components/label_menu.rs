//! The small menu that appears over a text selection: a label per key 1–6,
//! Q for a quote; and rules for every article ("Always tag ‘X’ as …",
//! "Never tag ‘X’"), previewed before they are added.

use super::rule_preview::RulePreview;
pub use crate::ui::{Pending, Proposal};
use crate::user_rules;
use pressmark_engine::{Label, RuleKind, UserRule};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabelMenuProps {
    pub pending: Pending,
    pub on_label: Callback<Label>,
    pub on_quote: Callback<()>,
    pub on_close: Callback<()>,
    /// A rule proposed from this menu, not added yet.
    pub proposal: Option<Proposal>,
    pub on_propose: Callback<RuleKind>,
    pub on_apply: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Shows (or hides) the labels for "Always tag…".
    pub on_choosing: Callback<bool>,
}

#[component]
pub fn LabelMenu(props: &LabelMenuProps) -> Html {
    let p = &props.pending;
    // "Always tag…" was pressed: the labels to choose from (a new
    // selection is a new `Pending`, which starts without).
    let choosing = p.choosing;
    // Keep the text selection when a button is pressed.
    let keep = Callback::from(|e: MouseEvent| e.prevent_default());
    // Placed through the CSSOM, not a style attribute (which the page's
    // Content-Security-Policy refuses).
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((p.left as i64, p.top as i64), move |(left, top)| {
            crate::dom::place(&node, *left, *top);
        });
    }
    let phrase = p.phrase();
    let shown = super::ellipsis(&phrase, 30);
    let can_rule = UserRule::new(
        RuleKind::Never {
            label: None,
            phrase: phrase.clone(),
        },
        false,
    )
    .is_ok();
    let propose = |kind: RuleKind| {
        let cb = props.on_propose.clone();
        Callback::from(move |_| cb.emit(kind.clone()))
    };
    let rules = match (&props.proposal, choosing) {
        _ if !can_rule => Html::default(),
        (Some(proposal), _) => html! {
            <RulePreview proposal={proposal.clone()} on_apply={props.on_apply.clone()} on_cancel={props.on_cancel.clone()} />
        },
        (None, true) => html! {
            <div class="menu-buttons" role="group" aria-label={format!("Always tag ‘{shown}’ as")}>
                <span class="menu-rules-label" aria-hidden="true">{ format!("Always tag ‘{shown}’ as") }</span>
                { for Label::ALL.iter().map(|l| {
                    let kind = RuleKind::Tag { label: *l, phrase: phrase.clone() };
                    let name = UserRule::new(kind.clone(), false).map(|r| user_rules::describe(&r)).unwrap_or_default();
                    html! {
                        <button type="button" class={classes!("menu-btn", "small", format!("chip-{}", l.as_str()))}
                            aria-label={name} onmousedown={keep.clone()} onclick={propose(kind)}>{ l.as_str() }</button>
                    }
                }) }
                <button type="button" class="menu-btn small menu-close" onmousedown={keep.clone()}
                    onclick={{ let c = props.on_choosing.clone(); Callback::from(move |_| c.emit(false)) }}>{ "Back" }</button>
            </div>
        },
        (None, false) => html! {
            <div class="menu-buttons menu-rules">
                <button type="button" class="menu-btn small menu-rule" title="Tag this text with a label in every article"
                    onmousedown={keep.clone()} onclick={{ let c = props.on_choosing.clone(); Callback::from(move |_| c.emit(true)) }}>
                    { format!("Always tag ‘{shown}’ as…") }</button>
                <button type="button" class="menu-btn small menu-rule" title="Never highlight this text in any article"
                    onmousedown={keep.clone()} onclick={propose(RuleKind::Never { label: None, phrase: phrase.clone() })}>
                    { format!("Never tag ‘{shown}’…") }</button>
            </div>
        },
    };
    html! {
        <div class="label-menu" role="toolbar" aria-label={format!("Label “{}”", p.preview)} ref={node}>
            <span class="menu-preview" title={p.preview.clone()}>{ super::ellipsis(&p.preview, 40) }</span>
            <div class="menu-buttons">
                { for Label::ALL.iter().enumerate().map(|(i, l)| {
                    let onclick = { let cb = props.on_label.clone(); let l = *l; Callback::from(move |_| cb.emit(l)) };
                    html! {
                        <button type="button" class={classes!("menu-btn", format!("chip-{}", l.as_str()))}
                            data-menu-label={l.as_str()} data-key={(i + 1).to_string()} title={format!("{} — {} (key {})", l.as_str(), l.describe(), i + 1)}
                            aria-label={format!("Label as {} (key {})", l.as_str(), i + 1)}
                            onmousedown={keep.clone()} {onclick}>
                            { l.as_str() }
                        </button>
                    }
                }) }
                <button type="button" class="menu-btn menu-quote" data-key="Q" title="Mark as a direct quote (key Q)" aria-label="Quote (key Q)"
                    onmousedown={keep.clone()} onclick={{ let cb = props.on_quote.clone(); Callback::from(move |_| cb.emit(())) }}>
                    { "Quote" }
                </button>
                <button type="button" class="menu-btn menu-close" aria-label="Close menu (Esc)" title="Close (Esc)"
                    onmousedown={keep} onclick={{ let cb = props.on_close.clone(); Callback::from(move |_| cb.emit(())) }}>{ "✕" }</button>
            </div>
            { if can_rule { html! { <div class="menu-rules-area">{ rules }</div> } } else { Html::default() } }
        </div>
    }
}
