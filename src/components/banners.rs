//! The messages under the toolbar: an error, what an opened file could not
//! bring, the user's rules, autosave failures and conflicts, and what a
//! restore could not bring back.

use crate::autosave::SaveState;
use crate::state::Action;
use crate::ui::UiAction;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannersProps {
    pub error: Option<String>,
    pub notice: Option<String>,
    pub rules_notice: Option<String>,
    /// The rules' message can be dismissed (one about the rules not
    /// building stays while they do not).
    pub rules_notice_dismissable: bool,
    pub save: SaveState,
    pub restore_note: Option<String>,
    pub has_doc: bool,
    pub dispatch: Callback<Action>,
    pub on_save_download: Callback<()>,
    pub on_take_theirs: Callback<()>,
    pub on_keep_mine: Callback<()>,
}

fn emit(cb: &Callback<()>) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_| cb.emit(()))
}

fn ui(d: &Callback<Action>, a: UiAction) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.emit(Action::Ui(a.clone())))
}

#[component]
pub fn Banners(p: &BannersProps) -> Html {
    html! {
        <>
            { match &p.error {
                Some(msg) => html! {
                    <div class="banner error" role="alert">
                        <span>{ msg.clone() }</span>
                        <button type="button" class="btn btn-quiet" aria-label="Dismiss message" onclick={ui(&p.dispatch, UiAction::Error(None))}>{ "✕" }</button>
                    </div>
                },
                None => Html::default(),
            } }
            { match &p.notice {
                Some(msg) => html! {
                    <div class="banner warn" role="alert" data-testid="open-notice">
                        <span>{ msg.clone() }</span>
                        <button type="button" class="btn btn-quiet" aria-label="Dismiss notice" onclick={ui(&p.dispatch, UiAction::Notice(None))}>{ "✕" }</button>
                    </div>
                },
                None => Html::default(),
            } }
            { match &p.save {
                SaveState::Failed(msg) => html! {
                    <div class="banner warn" role="alert" data-testid="save-failed">
                        <span>{ msg.clone() }</span>
                        { if p.has_doc { html! {
                            <button type="button" class="btn" onclick={emit(&p.on_save_download)}>{ "Download Pressmark JSON" }</button>
                        } } else { Html::default() } }
                    </div>
                },
                SaveState::Conflict => html! {
                    <div class="banner warn" role="alert" data-testid="save-conflict">
                        <span>{ "This article was saved from another Pressmark tab since this tab last saved. Nothing is saved from this tab until you choose." }</span>
                        <button type="button" class="btn" onclick={emit(&p.on_take_theirs)}>{ "Load the newer version" }</button>
                        <button type="button" class="btn btn-quiet" onclick={emit(&p.on_keep_mine)}>{ "Keep this tab's version" }</button>
                    </div>
                },
                _ => Html::default(),
            } }
            { match &p.restore_note {
                Some(msg) => html! { <div class="banner warn" role="alert" data-testid="restore-note">{ msg.clone() }</div> },
                None => Html::default(),
            } }
            { match &p.rules_notice {
                Some(msg) => html! {
                    <div class="banner warn" role="alert">
                        <span>{ msg.clone() }</span>
                        { if p.rules_notice_dismissable { html! {
                            <button type="button" class="btn btn-quiet" aria-label="Dismiss rules message" onclick={ui(&p.dispatch, UiAction::RulesNotice(None))}>{ "✕" }</button>
                        } } else { Html::default() } }
                    </div>
                },
                None => Html::default(),
            } }
        </>
    }
}
