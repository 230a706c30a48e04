//! The Download menu button: every format the annotations can be saved in
//! (Pressmark JSON first, the old one-click download), and the configs
//! brat and Label Studio need. A WAI-ARIA menu button: Enter, Space or ↓
//! open it on the first item (↑ on the last), ↑ ↓ Home End move, Escape
//! closes it and gives focus back to the button, Tab closes it and moves on.

use crate::dom::{self, MenuFocus};
use crate::interop::Choice;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DownloadMenuProps {
    /// The menu is open (`Ui::download_open`).
    pub open: bool,
    /// Opens or closes it.
    pub on_open: Callback<bool>,
    pub on_choose: Callback<Choice>,
}

const BUTTON_ID: &str = "download-button";
const MENU_ID: &str = "download-menu";

#[component]
pub fn DownloadMenu(props: &DownloadMenuProps) -> Html {
    let open = props.open;
    // Where focus goes once the menu is shown (a ref: read by the effect
    // that runs once the menu is rendered, never rendered itself).
    let focus_to = use_mut_ref(|| MenuFocus::First);
    let menu_ref = use_node_ref();
    let popup_ref = use_node_ref();
    {
        let (menu_ref, popup_ref, focus_to) =
            (menu_ref.clone(), popup_ref.clone(), focus_to.clone());
        use_effect_with(open, move |open| {
            if *open {
                dom::keep_node_in_viewport(&popup_ref);
                dom::focus_menu_item_in(&menu_ref, *focus_to.borrow());
            }
        });
    }
    let show = {
        let (on_open, focus_to) = (props.on_open.clone(), focus_to.clone());
        move |to: MenuFocus| {
            *focus_to.borrow_mut() = to;
            on_open.emit(true);
        }
    };
    let close = {
        let on_open = props.on_open.clone();
        move |refocus: bool| {
            on_open.emit(false);
            if refocus {
                dom::focus_id(BUTTON_ID);
            }
        }
    };
    let on_button_click = {
        let (show, close) = (show.clone(), close.clone());
        Callback::from(move |_: MouseEvent| {
            if open {
                close(true);
            } else {
                show(MenuFocus::First);
            }
        })
    };
    let on_button_key = {
        let show = show.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                show(MenuFocus::First);
            }
            "ArrowUp" => {
                e.prevent_default();
                show(MenuFocus::Last);
            }
            _ => {}
        })
    };
    let on_menu_key = {
        let (menu_ref, close) = (menu_ref.clone(), close.clone());
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowDown" => MenuFocus::By(1),
                "ArrowUp" => MenuFocus::By(-1),
                "Home" | "PageUp" => MenuFocus::First,
                "End" | "PageDown" => MenuFocus::Last,
                "Escape" => {
                    e.prevent_default();
                    e.stop_propagation();
                    close(true);
                    return;
                }
                "Tab" => {
                    close(false);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            dom::focus_menu_item_in(&menu_ref, to);
        })
    };
    // Focus leaving the button and the menu (a click elsewhere, Shift+Tab)
    // closes it.
    let wrap_ref = use_node_ref();
    let on_focus_out = {
        let (on_open, wrap_ref) = (props.on_open.clone(), wrap_ref.clone());
        Callback::from(move |e: FocusEvent| {
            if open && !dom::contains_node(&wrap_ref, e.related_target()) {
                on_open.emit(false);
            }
        })
    };
    // Keep focus where it is on a mouse press (some browsers do not focus
    // a pressed button, and focus moving out would close the menu first).
    let keep = Callback::from(|e: MouseEvent| e.prevent_default());
    let item = |c: Choice| {
        let (cb, close) = (props.on_choose.clone(), close.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            close(true);
            cb.emit(c);
        });
        html! {
            <button type="button" role="menuitem" tabindex="-1" data-format={c.key()}
                class={classes!("dl-item", c.is_config().then_some("dl-config"))}
                onmousedown={keep.clone()} {onclick}>
                <span class="dl-label">{ c.label() }</span>
                <span class="dl-hint">{ c.hint() }</span>
            </button>
        }
    };
    html! {
        <div class="menu-wrap" ref={wrap_ref} onfocusout={on_focus_out}>
            <button type="button" id={BUTTON_ID} class="btn btn-primary"
                aria-haspopup="menu" aria-expanded={if open { "true" } else { "false" }}
                aria-controls={open.then_some(MENU_ID)}
                title="Save the annotations: Pressmark JSON, or a file for brat, CoNLL, spaCy, doccano, Label Studio, W3C or a spreadsheet"
                onclick={on_button_click} onkeydown={on_button_key}>
                { "Download" }<span class="caret" aria-hidden="true">{ "▾" }</span>
            </button>
            { if open { html! {
                <div class="dl-popup" ref={popup_ref}>
                    <p class="dl-caption" aria-hidden="true">{ "Save the annotations as" }</p>
                    <div id={MENU_ID} role="menu" aria-labelledby={BUTTON_ID} ref={menu_ref} onkeydown={on_menu_key}>
                        { for Choice::all().into_iter().map(item) }
                    </div>
                </div>
            } } else { Html::default() } }
        </div>
    }
}
