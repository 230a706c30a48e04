//! The small menu that appears over a text selection: a label per key 1–6,
//! Q for a quote.

use pressmark_engine::Label;
use yew::prelude::*;

/// A text selection waiting for a label (byte offsets, already snapped) and
/// where to show the menu (page coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub start: usize,
    pub end: usize,
    pub preview: String,
    pub left: f64,
    pub top: f64,
}

#[derive(Properties, PartialEq)]
pub struct LabelMenuProps {
    pub pending: Pending,
    pub on_label: Callback<Label>,
    pub on_quote: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn LabelMenu(props: &LabelMenuProps) -> Html {
    let p = &props.pending;
    // Keep the text selection when a button is pressed.
    let keep = Callback::from(|e: MouseEvent| e.prevent_default());
    let style = format!("left:{:.0}px;top:{:.0}px", p.left, p.top);
    html! {
        <div class="label-menu" role="toolbar" aria-label={format!("Label “{}”", p.preview)} style={style}>
            <span class="menu-preview" title={p.preview.clone()}>{ super::ellipsis(&p.preview, 40) }</span>
            <div class="menu-buttons">
                { for Label::ALL.iter().enumerate().map(|(i, l)| {
                    let onclick = { let cb = props.on_label.clone(); let l = *l; Callback::from(move |_| cb.emit(l)) };
                    html! {
                        <button type="button" class={classes!("menu-btn", format!("chip-{}", l.as_str()))}
                            data-label={l.as_str()} data-key={(i + 1).to_string()} title={format!("{} — {} (key {})", l.as_str(), l.describe(), i + 1)}
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
        </div>
    }
}
