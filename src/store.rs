//! The durable store (IndexedDB, through `store.js`): the edge module for
//! saving work. What is saved is decided in [`crate::persist`]; this module
//! only moves strings in and out and reports what the browser said.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/store.js")]
extern "C" {
    #[wasm_bindgen(js_name = storeAvailable)]
    async fn js_available() -> JsValue;
    #[wasm_bindgen(js_name = storeLoad, catch)]
    async fn js_load() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeHead, catch)]
    async fn js_head() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeWriteBase, catch)]
    async fn js_write_base(
        expect: f64,
        tab: &str,
        doc_id: &str,
        text: Option<String>,
        ann: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeAppend, catch)]
    async fn js_append(expect: f64, tab: &str, doc_id: &str, ops: &str)
        -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeClear, catch)]
    async fn js_clear(expect: f64, tab: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeReset, catch)]
    async fn js_reset() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = storeEstimate)]
    async fn js_estimate() -> JsValue;
    #[wasm_bindgen(js_name = storePersist)]
    async fn js_persist() -> JsValue;
    #[wasm_bindgen(js_name = storeWatch)]
    fn js_watch(tab: &str, on_change: &js_sys::Function);
    #[wasm_bindgen(js_name = storeAnnounce)]
    fn js_announce(tab: &str, seq: f64);
}

/// What was saved, as read at start.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The newest save's sequence number (0: never saved).
    pub seq: u64,
    /// The saved work, if there is any.
    pub work: Option<SavedWork>,
    /// Why saved work could not be read, if it could not.
    pub broken: Option<String>,
}

#[derive(Debug)]
pub struct SavedWork {
    pub doc_id: String,
    pub text: String,
    pub ann: String,
    pub log: Vec<String>,
}

/// Why a write did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// Another tab saved since this tab last read or wrote (`seq` is theirs).
    Conflict { seq: u64 },
    /// The browser's storage quota is exceeded.
    Quota,
    /// Anything else the browser said.
    Failed(String),
}

impl WriteError {
    fn from_js(e: JsValue) -> WriteError {
        match e.as_string().as_deref() {
            Some("quota") => WriteError::Quota,
            Some(s) => WriteError::Failed(s.to_string()),
            None => WriteError::Failed(format!("{e:?}")),
        }
    }
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(0.0)
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// Whether IndexedDB works in this browser (not in some private modes).
pub async fn available() -> bool {
    js_available().await.as_bool().unwrap_or(false)
}

pub async fn load() -> Result<Loaded, String> {
    let v = js_load()
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))?;
    let seq = num(&v, "seq") as u64;
    let broken = string(&v, "broken");
    if get(&v, "empty").as_bool().unwrap_or(true) {
        return Ok(Loaded {
            seq,
            work: None,
            broken,
        });
    }
    let log = get(&v, "log")
        .dyn_into::<js_sys::Array>()
        .map(|a| a.iter().filter_map(|x| x.as_string()).collect())
        .unwrap_or_default();
    match (string(&v, "docId"), string(&v, "text"), string(&v, "ann")) {
        (Some(doc_id), Some(text), Some(ann)) => Ok(Loaded {
            seq,
            work: Some(SavedWork {
                doc_id,
                text,
                ann,
                log,
            }),
            broken,
        }),
        _ => Ok(Loaded {
            seq,
            work: None,
            broken: Some("the saved work is incomplete".into()),
        }),
    }
}

/// The newest save's sequence number.
pub async fn head() -> Result<u64, String> {
    let v = js_head()
        .await
        .map_err(|e| e.as_string().unwrap_or_default())?;
    Ok(num(&v, "seq") as u64)
}

fn written(v: Result<JsValue, JsValue>) -> Result<u64, WriteError> {
    let v = v.map_err(WriteError::from_js)?;
    if get(&v, "conflict").as_bool().unwrap_or(false) {
        return Err(WriteError::Conflict {
            seq: num(&v, "seq") as u64,
        });
    }
    Ok(num(&v, "seq") as u64)
}

/// Writes a new base (`text` only when the article is new to the store).
pub async fn write_base(
    expect: u64,
    tab: &str,
    doc_id: &str,
    text: Option<String>,
    ann: &str,
) -> Result<u64, WriteError> {
    written(js_write_base(expect as f64, tab, doc_id, text, ann).await)
}

pub async fn append(expect: u64, tab: &str, doc_id: &str, ops: &str) -> Result<u64, WriteError> {
    written(js_append(expect as f64, tab, doc_id, ops).await)
}

pub async fn clear(expect: u64, tab: &str) -> Result<u64, WriteError> {
    written(js_clear(expect as f64, tab).await)
}

/// Forgets everything saved (for tests).
pub async fn reset() -> Result<(), String> {
    js_reset()
        .await
        .map(|_| ())
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Bytes used and available to this origin, and whether the browser
/// promised to keep them (`None`: it does not say).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: bool,
}

pub async fn estimate() -> Estimate {
    let v = js_estimate().await;
    let pos = |x: f64| (x >= 0.0).then_some(x);
    Estimate {
        usage: pos(num(&v, "usage")),
        quota: pos(num(&v, "quota")),
        persisted: get(&v, "persisted").as_bool().unwrap_or(false),
    }
}

/// Asks for persistent storage; whether it was granted.
pub async fn persist() -> bool {
    js_persist().await.as_bool().unwrap_or(false)
}

/// Calls `f(seq)` when another tab saves, or this tab becomes visible.
pub fn watch(tab: &str, f: impl Fn(u64) + 'static) {
    let cb = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| f(v.as_f64().unwrap_or(0.0) as u64));
    js_watch(tab, cb.as_ref().unchecked_ref());
    // Lives as long as the page.
    cb.forget();
}

pub fn announce(tab: &str, seq: u64) {
    js_announce(tab, seq as f64);
}

/// A random id for this tab or a document (not secret, only distinct).
pub fn random_id() -> String {
    let a = (js_sys::Math::random() * 4294967296.0) as u64;
    let b = (js_sys::Math::random() * 4294967296.0) as u64;
    format!("{:08x}{:08x}", a, b)
}
