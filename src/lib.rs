//! Pressmark's web app: paste a news article, see the entities and quotes the
//! rule engine finds, correct them, download JSON or another tool's format,
//! open those files again. Yew (csr) + WebAssembly.
//!
//! `state`, `persist`, `text`, `interop` and `user_rules` are plain Rust
//! (tested natively); `dom`, `app` and `components` are the browser side.

pub mod app;
pub mod autosave;
pub mod components;
pub mod dom;
pub mod flows;
pub mod interop;
pub mod keyboard;
pub mod persist;
pub mod state;
pub mod store;
pub mod text;
pub mod ui;
pub mod user_rules;
pub mod viewport;
pub mod wire;
pub mod worker;

/// Mounts the app on the page's `<body>`; in the annotation worker (no
/// window), does nothing: the worker only calls
/// [`worker::pressmark_worker_annotate`].
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    yew::Renderer::<app::App>::new().render();
}

/// Mounts the app inside `root` (for the in-browser tests).
pub fn mount(root: web_sys::Element) -> yew::AppHandle<app::App> {
    yew::Renderer::<app::App>::with_root(root).render()
}
