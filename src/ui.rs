//! The view's own state: banners, the status line, open panels and menus,
//! the side panel's tab and lists, a proposed rule. It lives in
//! [`crate::state::AppState::ui`] and changes only through
//! [`crate::state::Action::Ui`] (and the document actions that must reset
//! it), like everything else. Plain Rust: tested natively.

use crate::components::DocRef;
use crate::user_rules::Plan;
use crate::viewport::Geometry;
use pressmark_engine::Label;

/// A text selection waiting for a label (byte offsets, already snapped) and
/// where to show the menu (page coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub start: usize,
    pub end: usize,
    pub preview: String,
    pub left: f64,
    pub top: f64,
    /// "Always tag…" was pressed: the menu shows the labels to choose from.
    pub choosing: bool,
}

impl Pending {
    /// The selection as a rule's phrase: its first line (an entity never
    /// crosses a line break), whitespace collapsed.
    pub fn phrase(&self) -> String {
        let first = self.preview.lines().next().unwrap_or("");
        first.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Where a proposal was made (and is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The inspector of this entity.
    Inspector(u32),
    /// The menu over this text selection (byte offsets).
    Menu(usize, usize),
}

/// A rule worked out but not added yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub plan: Plan,
    /// What it does to the open article ("In this article: adds 2
    /// highlights."); `None` without one.
    pub effect: Option<String>,
    /// The rules' output on the article with the new rule (for the reducer).
    pub fresh: Option<DocRef>,
    pub place: Place,
    /// `(revision, rules_revision)` of the state it was worked out on: any
    /// change since makes it stale.
    pub basis: (u64, u64),
}

/// The panel open under the toolbar (one at a time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    #[default]
    None,
    Help,
    Rules,
}

/// The side panel's tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Side {
    /// Entities grouped by the entity they name, and the quotes.
    #[default]
    Names,
    /// Who is quoted, and how much.
    Sources,
}

/// Where the label menu may go: it is at most this wide (with a rule
/// preview in it; `.label-menu` in `style.css` says the same).
pub const MENU_WIDTH: f64 = 420.0;

/// The label menu's left edge (page coordinates) for a selection starting
/// at `left` (viewport) in a viewport `width` wide scrolled by `scroll_x`:
/// fully inside the viewport with an 8 px margin when it fits.
pub fn menu_left(left: f64, width: f64, scroll_x: f64) -> f64 {
    left.min(width - MENU_WIDTH - 8.0).max(8.0) + scroll_x
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ui {
    /// A failure the user must see (red banner, dismissable).
    pub error: Option<String>,
    /// What an opened file held that could not be taken over.
    pub notice: Option<String>,
    /// The saved rules could not be read or saved.
    pub rules_notice: Option<String>,
    /// A rules file could not be imported (shown in the Rules panel).
    pub rules_error: Option<String>,
    /// The last thing done, for the status line.
    pub status: String,
    /// Annotating: buttons wait.
    pub busy: bool,
    pub panel: Panel,
    /// A text selection with the label menu open over it.
    pub pending: Option<Pending>,
    pub proposal: Option<Proposal>,
    /// Bumped to scroll the selected highlight into view and focus it.
    pub jump: u64,
    pub side: Side,
    /// The side panel shows every name / quote, not only the first ones.
    pub all_names: bool,
    pub all_quotes: bool,
    /// "Label text"'s label.
    pub find_label: Label,
    /// Entity rows opened to list their mentions ("LABEL name").
    pub expanded: Vec<String>,
    /// The reader's place in a long article: a byte offset in the
    /// paragraph at the top of the viewport (see `viewport`).
    pub view_at: usize,
    /// How tall unrendered paragraphs are estimated to be.
    pub geometry: Geometry,
    /// The whole window around `view_at` is rendered (false just after a
    /// far jump: a screenful first, the rest after a paint).
    pub view_full: bool,
    /// The find bar is open, with this query; the match shown (bytes),
    /// and a counter bumped to select and reveal it again.
    pub find_open: bool,
    pub find_query: String,
    pub found: Option<(usize, usize)>,
    pub reveal: u64,
    /// The paste box holds text (Annotate is enabled).
    pub has_text: bool,
    /// The Download menu is open.
    pub download_open: bool,
    /// The Sources view shows its gender column.
    pub show_gender: bool,
    /// The filter over the Rules panel's list.
    pub rules_filter: String,
}

impl Default for Ui {
    fn default() -> Ui {
        Ui {
            error: None,
            notice: None,
            rules_notice: None,
            rules_error: None,
            status: String::new(),
            busy: false,
            panel: Panel::None,
            pending: None,
            proposal: None,
            jump: 0,
            side: Side::Names,
            all_names: false,
            all_quotes: false,
            find_label: Label::Person,
            expanded: Vec::new(),
            view_at: 0,
            geometry: Geometry::default(),
            view_full: true,
            find_open: false,
            find_query: String::new(),
            found: None,
            reveal: 0,
            has_text: false,
            download_open: false,
            show_gender: false,
            rules_filter: String::new(),
        }
    }
}

/// Changes to the view's state alone.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    Error(Option<String>),
    Notice(Option<String>),
    RulesNotice(Option<String>),
    RulesError(Option<String>),
    Status(String),
    /// Annotating a text of this many bytes starts: "Annotating…", menus
    /// and messages of the last article go.
    Annotating(usize),
    /// Annotating ended without a document (or failed).
    Idle,
    /// Opens `panel`, or closes it when it is open.
    TogglePanel(Panel),
    ClosePanel,
    /// Opens the label menu over a selection, or closes it (with any rule
    /// proposed from it).
    Menu(Option<Pending>),
    Propose(Option<Proposal>),
    Side(Side),
    ShowAllNames,
    ShowAllQuotes,
    FindLabel(Label),
    /// Opens or closes an entity row's list of mentions.
    ToggleExpanded(String),
    /// The reader scrolled to this byte offset of the article (`far`:
    /// outside what is rendered).
    ViewAt {
        at: usize,
        far: bool,
    },
    /// The screenful after a far jump is painted: render the whole window.
    ViewFull,
    /// Unrendered paragraphs are estimated anew.
    Geometry(Geometry),
    /// Opens (focused) or closes the find bar.
    FindOpen(bool),
    HasText(bool),
    DownloadMenu(bool),
    ShowGender(bool),
    RulesFilter(String),
    /// The label menu shows the labels for "Always tag…" (or not).
    MenuChoosing(bool),
}

/// Applies `a` to `ui`.
pub fn reduce(ui: &mut Ui, a: UiAction) {
    match a {
        UiAction::Error(e) => ui.error = e,
        UiAction::Notice(n) => ui.notice = n,
        UiAction::RulesNotice(n) => ui.rules_notice = n,
        UiAction::RulesError(e) => ui.rules_error = e,
        UiAction::Status(s) => ui.status = s,
        UiAction::Annotating(bytes) => {
            ui.busy = true;
            ui.error = None;
            ui.notice = None;
            ui.pending = None;
            ui.proposal = None;
            ui.status = if bytes >= 1_000_000 {
                format!("Annotating {:.1} MB…", bytes as f64 / 1e6)
            } else {
                "Annotating…".into()
            };
        }
        UiAction::Idle => ui.busy = false,
        UiAction::TogglePanel(p) => {
            ui.panel = if ui.panel == p { Panel::None } else { p };
        }
        UiAction::ClosePanel => ui.panel = Panel::None,
        UiAction::Menu(p) => {
            if p.is_none()
                && matches!(
                    ui.proposal,
                    Some(Proposal {
                        place: Place::Menu(..),
                        ..
                    })
                )
            {
                ui.proposal = None;
            }
            ui.pending = p;
        }
        UiAction::Propose(p) => ui.proposal = p,
        UiAction::Side(s) => ui.side = s,
        UiAction::ShowAllNames => ui.all_names = true,
        UiAction::ShowAllQuotes => ui.all_quotes = true,
        UiAction::FindLabel(l) => ui.find_label = l,
        UiAction::ViewAt { at, far } => {
            ui.view_at = at;
            ui.view_full = !far;
        }
        UiAction::ViewFull => ui.view_full = true,
        UiAction::Geometry(g) => ui.geometry = g,
        UiAction::FindOpen(open) => {
            ui.find_open = open;
            if !open {
                ui.found = None;
            }
        }
        UiAction::HasText(b) => ui.has_text = b,
        UiAction::DownloadMenu(b) => ui.download_open = b,
        UiAction::ShowGender(b) => ui.show_gender = b,
        UiAction::RulesFilter(f) => ui.rules_filter = f,
        UiAction::MenuChoosing(b) => {
            if let Some(p) = &mut ui.pending {
                p.choosing = b;
            }
        }
        UiAction::ToggleExpanded(k) => {
            if let Some(i) = ui.expanded.iter().position(|x| *x == k) {
                ui.expanded.remove(i);
            } else {
                ui.expanded.push(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_menu_stays_in_the_viewport() {
        // (selection left, viewport width, scroll x) → menu left
        let cases = [
            (100.0, 1280.0, 0.0, 100.0),
            // near the right edge: the whole 420 px menu fits
            (1200.0, 1280.0, 0.0, 1280.0 - MENU_WIDTH - 8.0),
            // scrolled page: page coordinates
            (1200.0, 1280.0, 50.0, 1280.0 - MENU_WIDTH - 8.0 + 50.0),
            // a phone narrower than the menu: the left margin wins
            (200.0, 360.0, 0.0, 8.0),
            (-30.0, 1280.0, 0.0, 8.0),
        ];
        for (left, width, sx, want) in cases {
            assert_eq!(menu_left(left, width, sx), want, "{left} in {width}");
        }
    }
}
