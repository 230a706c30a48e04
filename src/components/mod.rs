//! The app's components, one per file.

pub mod article;
pub mod banners;
pub mod download_menu;
pub mod editor;
pub mod find_bar;
pub mod group_row;
pub mod help;
pub mod inspector;
pub mod label_menu;
pub mod legend;
pub mod paragraph;
pub mod rule_preview;
pub mod rules_panel;
pub mod sidebar;
pub mod sources_view;
pub mod speaker_picker;
pub mod toolbar;

use pressmark_engine::{Document, UserRule};
use std::ops::Deref;
use std::rc::Rc;

/// A shared document compared by identity, so passing it as a prop costs
/// nothing: every edit makes a new `Rc`.
#[derive(Clone, Debug)]
pub struct DocRef(pub Rc<Document>);

impl PartialEq for DocRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for DocRef {
    type Target = Document;
    fn deref(&self) -> &Document {
        &self.0
    }
}

/// A document's entity clusters (`pressmark_engine::sources::clusters`),
/// computed once per document by `App` and compared by identity.
#[derive(Clone, Debug)]
pub struct ClustersRef(pub Rc<pressmark_engine::sources::Clusters>);

impl PartialEq for ClustersRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for ClustersRef {
    type Target = pressmark_engine::sources::Clusters;
    fn deref(&self) -> &pressmark_engine::sources::Clusters {
        &self.0
    }
}

/// The user's rules, compared by identity (every change makes a new `Rc`).
#[derive(Clone, Debug)]
pub struct RulesRef(pub Rc<Vec<UserRule>>);

impl PartialEq for RulesRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for RulesRef {
    type Target = [UserRule];
    fn deref(&self) -> &[UserRule] {
        &self.0
    }
}

/// A paragraph of the article: byte range, UTF-16 start, and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct ParaInfo {
    pub start: usize,
    pub end: usize,
    pub u16_start: usize,
    pub text: yew::AttrValue,
}

/// The paragraphs of a text, compared by identity.
#[derive(Clone, Debug)]
pub struct Paras(pub Rc<Vec<ParaInfo>>);

impl PartialEq for Paras {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Paras {
    pub fn of(text: &str) -> Paras {
        let map = pressmark_engine::OffsetMap::new(text);
        Paras(Rc::new(
            crate::text::paragraphs(text)
                .into_iter()
                .map(|(s, e)| ParaInfo {
                    start: s,
                    end: e,
                    u16_start: map.byte_to_utf16(s),
                    text: text[s..e].to_string().into(),
                })
                .collect(),
        ))
    }
}

/// A text shortened to `n` characters with an ellipsis.
pub fn ellipsis(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > n {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    } else {
        s
    }
}
