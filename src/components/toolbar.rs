//! The toolbar: new, open, re-run, undo/redo, download (a menu of
//! formats), copy, rules, help.

use super::download_menu::DownloadMenu;
use crate::interop::Choice;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub has_doc: bool,
    pub busy: bool,
    pub dirty: bool,
    /// Descriptions of the next undo / redo step, when there is one.
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub help_open: bool,
    /// How many rules the user has, and whether their panel is open.
    pub rules: usize,
    pub rules_open: bool,
    pub on_new: Callback<()>,
    pub on_open: Callback<()>,
    pub on_rerun: Callback<()>,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    /// The Download menu is open; open or close it.
    pub download_open: bool,
    pub on_download_open: Callback<bool>,
    /// A Download menu item was chosen.
    pub on_download: Callback<Choice>,
    pub on_copy: Callback<()>,
    pub on_help: Callback<()>,
    pub on_rules: Callback<()>,
}

fn click(cb: &Callback<()>) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_| cb.emit(()))
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let doc_buttons = if props.has_doc {
        html! {
            <>
                <button type="button" class="btn" onclick={click(&props.on_new)} disabled={props.busy}
                    title={if props.dirty { "Start over with another article (asks first: you have unsaved corrections)" } else { "Start over with another article" }}>{ "New article" }</button>
                <button type="button" class="btn" onclick={click(&props.on_open)} disabled={props.busy} title="Open an article (.txt) or annotations: Pressmark JSON, brat (.ann with its .txt), CoNLL, spaCy, doccano, Label Studio, W3C">{ "Open file…" }</button>
                <button type="button" class="btn" onclick={click(&props.on_rerun)} disabled={props.busy}
                    title="Run the rules again; your corrections and deletions are kept">{ "Re-run rules" }</button>
                <span class="sep" aria-hidden="true"></span>
                <button type="button" class="btn icon" onclick={click(&props.on_undo)} disabled={props.undo.is_none()}
                    aria-label="Undo" title={props.undo.as_ref().map_or("Nothing to undo".to_string(), |w| format!("Undo: {w} (Ctrl+Z)"))}>{ "↶ Undo" }</button>
                <button type="button" class="btn icon" onclick={click(&props.on_redo)} disabled={props.redo.is_none()}
                    aria-label="Redo" title={props.redo.as_ref().map_or("Nothing to redo".to_string(), |w| format!("Redo: {w} (Ctrl+Shift+Z)"))}>{ "↷ Redo" }</button>
                <span class="sep" aria-hidden="true"></span>
                <DownloadMenu open={props.download_open} on_open={props.on_download_open.clone()} on_choose={props.on_download.clone()} />
                <button type="button" class="btn" onclick={click(&props.on_copy)} title="Copy the JSON to the clipboard">{ "Copy JSON" }</button>
            </>
        }
    } else {
        Html::default()
    };
    html! {
        <nav class="toolbar" aria-label="Document actions">
            { doc_buttons }
            <button type="button" id="rules-button" class="btn btn-quiet" onclick={click(&props.on_rules)}
                aria-expanded={if props.rules_open { "true" } else { "false" }}
                title={match props.rules { 0 => "Your rules: always or never tag a phrase, in every article".to_string(), n => format!("Your {n} rule{} (always or never tag a phrase, in every article)", if n == 1 { "" } else { "s" }) }}>
                { "Rules" }
                { if props.rules > 0 { html! { <span class="btn-count" aria-hidden="true">{ props.rules }</span> } } else { Html::default() } }
            </button>
            <button type="button" class="btn btn-quiet" onclick={click(&props.on_help)}
                aria-expanded={if props.help_open { "true" } else { "false" }} title="Keyboard shortcuts (?)">{ "Help" }</button>
        </nav>
    }
}
