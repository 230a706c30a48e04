//! `pressmark._pressmark`, the native half of the `pressmark` Python
//! package: Pressmark's engine behind a small Python API. Everything a user
//! calls is here; `python/pressmark/__init__.py` re-exports it and
//! `spacy_component.py` builds the spaCy pipe on top.
//!
//! Documents cross the boundary as the `pressmark/1` JSON the CLI writes:
//! [`format::to_json_compact`] (or [`format::to_json_line`]) on the way out,
//! read by Python's `json.loads`, and `json.dumps` then [`format::from_json`]
//! on the way in, so a dict from Python is exactly what the CLI and the app
//! would write and read. The engine runs with the GIL released.

use pressmark_engine::format::{self, Format};
use pressmark_engine::{Annotator as Engine, Document, RuleSet};
use pyo3::create_exception;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use std::ffi::CString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError};

create_exception!(
    pressmark,
    LoadWarning,
    PyUserWarning,
    "What `load` could not take over from a file: labels Pressmark does not have, annotations it could not place, annotations found again where the text had moved."
);

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static JSON_DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Python's `json.loads(s)`.
fn loads<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    JSON_LOADS.import(py, "json", "loads")?.call1((s,))
}

/// Python's `json.dumps(obj, ensure_ascii=False, allow_nan=False)`.
fn dumps(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    kwargs.set_item("allow_nan", false)?;
    JSON_DUMPS
        .import(py, "json", "dumps")?
        .call((obj,), Some(&kwargs))?
        .extract()
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

/// A text argument: a `str`, else `TypeError`.
fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            type_name(obj)
        ))),
    }
}

/// A `pressmark/1` document given as a dict, read and validated by the
/// engine.
fn doc_arg(obj: &Bound<'_, PyAny>) -> PyResult<Document> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(format!(
            "doc must be a pressmark/1 document (a dict, as annotate returns), not {}",
            type_name(obj)
        )));
    }
    let json = dumps(obj)?;
    let py = obj.py();
    py.detach(|| format::from_json(&json))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A document as the dict `json.loads(to_json_compact(doc))`.
fn doc_to_py<'py>(py: Python<'py>, doc: &Document) -> PyResult<Bound<'py, PyAny>> {
    let json = py.detach(|| format::to_json_compact(doc));
    loads(py, &json)
}

fn format_arg(name: &str) -> PyResult<Format> {
    Format::parse(name).ok_or_else(|| {
        let all: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        PyValueError::new_err(format!(
            "unknown format {name:?} (one of: {})",
            all.join(", ")
        ))
    })
}

/// One rule set as given: its name (a path, or `rules` for text) and text.
type Source = (String, String);

/// What `__reduce__` returns: the rebuilding classmethod and its argument.
type Reduced<'py> = (Bound<'py, PyAny>, (Vec<Source>,));

/// A rules file read and checked: its path is its name, as in the CLI.
fn read_rules_file(path: String) -> PyResult<Source> {
    let bytes = std::fs::read(&path).map_err(|e| {
        let msg = format!("{path}: cannot read: {e}");
        if e.kind() == std::io::ErrorKind::NotFound {
            PyFileNotFoundError::new_err(msg)
        } else {
            PyOSError::new_err(msg)
        }
    })?;
    RuleSet::parse_bytes(&path, &bytes).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((path, text))
}

/// One element of `rules`: a path (str or os.PathLike) or rule text.
fn rule_source(item: &Bound<'_, PyAny>, index: Option<usize>) -> PyResult<Source> {
    let text_name = || index.map_or_else(|| "rules".to_string(), |i| format!("rules[{i}]"));
    if let Ok(s) = item.cast::<PyString>() {
        let s = s.to_cow()?.into_owned();
        let one_line = !s.contains(['\n', '\r']);
        if one_line && !s.is_empty() && std::path::Path::new(&s).is_file() {
            return read_rules_file(s);
        }
        if one_line && s.trim_end().ends_with(".rules") {
            return Err(PyFileNotFoundError::new_err(format!(
                "{s}: no such rules file"
            )));
        }
        return Ok((text_name(), s));
    }
    if let Ok(b) = item.cast::<PyBytes>() {
        let name = text_name();
        RuleSet::parse_bytes(&name, b.as_bytes())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let text = String::from_utf8_lossy(b.as_bytes()).into_owned();
        return Ok((name, text));
    }
    if item.hasattr("__fspath__")? {
        let path = item.py().import("os")?.call_method1("fsdecode", (item,))?;
        return read_rules_file(path.extract()?);
    }
    Err(PyTypeError::new_err(format!(
        "rules must be None, a .rules file path, rule text, or a list of these; not {}",
        type_name(item)
    )))
}

fn rule_sources(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Source>> {
    let Some(rules) = rules else {
        return Ok(Vec::new());
    };
    if rules.is_none() {
        return Ok(Vec::new());
    }
    if rules.is_instance_of::<PyList>() || rules.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in rules.try_iter()?.enumerate() {
            out.push(rule_source(&item?, Some(i))?);
        }
        return Ok(out);
    }
    Ok(vec![rule_source(rules, None)?])
}

/// The engine with the built-in rules and `sources`, in order.
fn build(py: Python<'_>, sources: &[Source]) -> PyResult<Engine> {
    py.detach(|| {
        let mut builder = Engine::builder();
        for (name, text) in sources {
            builder = builder.user_rules(&RuleSet::parse(name, text)?);
        }
        builder.build()
    })
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `work(i)` for every `i < n` on `threads` scoped threads without the GIL,
/// each taking the next index when it is free (a long article does not hold
/// up a chunk), while this thread, holding the GIL, hands each result to
/// `take(i, result)` as it arrives: Python's part (building the dicts)
/// overlaps the annotating instead of following it.
fn pipelined<F, T>(py: Python<'_>, n: usize, threads: usize, work: F, mut take: T) -> PyResult<()>
where
    F: Fn(usize) -> String + Sync,
    T: FnMut(usize, String) -> PyResult<()>,
{
    let threads = threads.clamp(1, n.max(1));
    if threads == 1 {
        for i in 0..n {
            let result = py.detach(|| work(i));
            take(i, result)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let tx = tx.clone();
                let (next, work) = (&next, &work);
                s.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n || tx.send((i, work(i))).is_err() {
                        break;
                    }
                })
            })
            .collect();
        drop(tx);
        let mut rx = rx;
        let mut outcome = Ok(());
        loop {
            let message = match rx.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Disconnected) => None,
                Err(TryRecvError::Empty) => {
                    // Wait without the GIL (other Python threads run).
                    let (m, back) = py.detach(move || (rx.recv().ok(), rx));
                    rx = back;
                    m
                }
            };
            let Some((i, result)) = message else { break };
            if let Err(e) = take(i, result) {
                // The workers stop at their next send.
                outcome = Err(e);
                break;
            }
        }
        drop(rx);
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
        outcome
    })
}

fn threads_arg(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// Annotates news articles: named entities (PERSON, ORG, LOC, NORP, DATE,
/// NUMBER) and direct quotes with their speakers.
///
/// ``rules`` adds user rules to the built-in ones: ``None``; the path of a
/// ``.rules`` file (``str`` or ``os.PathLike``; the path names the set, as
/// ``--rules`` does in the CLI); rule text (a ``str`` with the rules
/// themselves, named ``rules``); or a list of these (text at position ``i``
/// is named ``rules[i]``), later sets winning over earlier ones. A bad rule
/// raises ``ValueError`` naming ``SET:LINE`` and what is wrong; a missing
/// file ``FileNotFoundError``.
///
/// An ``Annotator`` is immutable and thread-safe, can be pickled (it
/// travels to Dask, Spark or Ray workers with its rules), and releases the
/// GIL while it works.
#[pyclass(module = "pressmark", name = "Annotator", frozen)]
struct Annotator {
    engine: Engine,
    sources: Vec<Source>,
}

impl Annotator {
    fn from_sources(py: Python<'_>, sources: Vec<Source>) -> PyResult<Annotator> {
        Ok(Annotator {
            engine: build(py, &sources)?,
            sources,
        })
    }
}

#[pymethods]
impl Annotator {
    #[new]
    #[pyo3(signature = (rules = None))]
    fn new(py: Python<'_>, rules: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Annotator::from_sources(py, rule_sources(rules)?)
    }

    /// Rebuilds an annotator from its rule sets' names and texts (pickle).
    #[classmethod]
    fn _from_sources(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        sources: Vec<Source>,
    ) -> PyResult<Self> {
        Annotator::from_sources(py, sources)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let rebuild = slf.get_type().getattr("_from_sources")?;
        Ok((rebuild, (slf.get().sources.clone(),)))
    }

    fn __repr__(&self) -> String {
        let names: Vec<String> = self.sources.iter().map(|(n, _)| format!("{n:?}")).collect();
        if names.is_empty() {
            "Annotator()".to_string()
        } else {
            format!("Annotator(rules=[{}])", names.join(", "))
        }
    }

    /// Which rules this annotator runs, as every document's ``"rules"``
    /// says: ``{"builtin": HASH, "user": HASH or None}``.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let stamp = self.engine.stamp();
        let d = PyDict::new(py);
        d.set_item("builtin", &stamp.builtin)?;
        d.set_item("user", stamp.user.as_deref())?;
        Ok(d)
    }

    /// Annotates one article and returns its ``pressmark/1`` document as a
    /// dict (what ``pressmark annotate`` writes, parsed): ``text``,
    /// ``entities`` and ``quotes`` with code-point ``start``/``end``
    /// (``text[start:end]`` is the span), ``clusters``, ``sources``,
    /// ``sources_summary``.
    #[pyo3(signature = (text, /))]
    fn annotate<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = text_arg(text, "text")?;
        let json = py.detach(|| format::to_json_compact(&self.engine.annotate(&text)));
        loads(py, &json)
    }

    /// Annotates one article and returns the line ``pressmark annotate
    /// --jsonl`` writes for the input line ``{"id": id, "text": text}``
    /// (compact JSON, ``id`` first, no newline). As in the CLI, a missing
    /// ``id`` is the input's line number: ``line`` (1 for a one-line input).
    #[pyo3(signature = (text, id = None, *, line = 1))]
    fn annotate_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
        line: u64,
    ) -> PyResult<String> {
        let text = text_arg(text, "text")?;
        let id = match id {
            Some(id) if !id.is_none() => serde_json::from_str::<serde_json::Value>(&dumps(id)?)
                .map_err(|e| PyValueError::new_err(format!("id is not JSON: {e}")))?,
            _ => serde_json::Value::from(line),
        };
        Ok(py.detach(|| format::to_json_line(&self.engine.annotate(&text), Some(&id))))
    }

    /// Annotates many articles on ``threads`` threads (default: all cores)
    /// with the GIL released; returns their documents (dicts, as
    /// ``annotate`` gives) in input order.
    #[pyo3(signature = (texts, threads = None))]
    fn annotate_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "annotate_many takes a list of texts, not one str (use annotate for one text)",
            ));
        }
        let threads = threads_arg(threads)?;
        let mut all = Vec::new();
        for (i, t) in texts.try_iter()?.enumerate() {
            all.push(text_arg(&t?, &format!("texts[{i}]"))?);
        }
        let mut docs: Vec<Option<Bound<'py, PyAny>>> = vec![None; all.len()];
        pipelined(
            py,
            all.len(),
            threads,
            |i| format::to_json_compact(&self.engine.annotate(&all[i])),
            |i, json| {
                docs[i] = Some(loads(py, &json)?);
                Ok(())
            },
        )?;
        PyList::new(py, docs.into_iter().flatten())
    }

    /// Who is quoted, and how much: the Sources table of one article, as
    /// ``pressmark sources --jsonl`` prints it (``{"sources_summary": {...},
    /// "sources": [...]}``). ``doc`` is a ``pressmark/1`` dict (your
    /// corrected annotations are what is counted) or an article's text,
    /// annotated first.
    #[pyo3(signature = (doc, /))]
    fn sources<'py>(
        &self,
        py: Python<'py>,
        doc: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let doc = if let Ok(text) = doc.cast::<PyString>() {
            let text = text.to_cow()?.into_owned();
            py.detach(|| self.engine.annotate(&text))
        } else {
            doc_arg(doc)?
        };
        let line = py.detach(|| format::sources_line(&doc, &[], None, None));
        loads(py, &line)
    }
}

/// The documents of `doc` (one dict, or a list of them) for `format`.
fn docs_arg(doc: &Bound<'_, PyAny>, f: Format) -> PyResult<Vec<Document>> {
    let docs = if doc.is_instance_of::<PyList>() || doc.is_instance_of::<PyTuple>() {
        let mut v = Vec::new();
        for d in doc.try_iter()? {
            v.push(doc_arg(&d?)?);
        }
        v
    } else {
        vec![doc_arg(doc)?]
    };
    let many = matches!(
        f,
        Format::Jsonl | Format::Conll | Format::Spacy | Format::Doccano | Format::LabelStudio
    );
    if docs.is_empty() {
        return Err(PyValueError::new_err("no document to export"));
    }
    if docs.len() > 1 && !many {
        return Err(PyValueError::new_err(format!(
            "{f} holds one document; export the {} documents one at a time",
            docs.len()
        )));
    }
    Ok(docs)
}

/// A file's content: `bytes` when `binary`, else `str`.
fn file_to_py(py: Python<'_>, binary: bool, bytes: Vec<u8>) -> PyResult<Bound<'_, PyAny>> {
    if binary {
        return Ok(PyBytes::new(py, &bytes).into_any());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(PyString::new(py, &s).into_any()),
        Err(e) => Ok(PyBytes::new(py, e.as_bytes()).into_any()),
    }
}

/// Exports ``doc`` (a ``pressmark/1`` dict, or a list of them for the
/// formats that hold many: jsonl, conll, spacy, doccano, label-studio) in
/// ``format`` (see ``formats()``) and returns the main file: ``str``, or
/// ``bytes`` for ``spacy`` (a DocBin). Offsets are code points in every
/// format.
#[pyfunction]
#[pyo3(signature = (doc, format, /))]
fn export<'py>(
    py: Python<'py>,
    doc: &Bound<'py, PyAny>,
    format: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let f = format_arg(format)?;
    let docs = docs_arg(doc, f)?;
    let main = py
        .detach(|| format::export(&docs, f))
        .into_iter()
        .next()
        .map(|file| file.bytes)
        .unwrap_or_default();
    file_to_py(py, f.is_binary(), main)
}

/// Like ``export``, with the companion files too: ``{ending: content}``,
/// the main file first (brat: ``.ann``, ``.txt``, ``annotation.conf``;
/// label-studio: the tasks and the ``.xml`` labelling config). An ending
/// that starts without a dot is a whole file name.
#[pyfunction]
#[pyo3(signature = (doc, format, /))]
fn export_files<'py>(
    py: Python<'py>,
    doc: &Bound<'py, PyAny>,
    format: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let f = format_arg(format)?;
    let docs = docs_arg(doc, f)?;
    let files = py.detach(|| format::export(&docs, f));
    let out = PyDict::new(py);
    for (i, file) in files.into_iter().enumerate() {
        // Only the main file of a binary format is binary.
        let binary = i == 0 && f.is_binary();
        out.set_item(file.suffix, file_to_py(py, binary, file.bytes)?)?;
    }
    Ok(out)
}

/// The documents in `data`, and what could not be taken over, as a warning.
fn import_docs(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    format: &str,
    text: Option<&str>,
) -> PyResult<Vec<Document>> {
    let f = format_arg(format)?;
    if !f.can_import() {
        return Err(PyValueError::new_err(format!(
            "{f}: {} files cannot be imported",
            f.describe()
        )));
    }
    let bytes: Vec<u8> = if let Ok(s) = data.cast::<PyString>() {
        if f.is_binary() {
            return Err(PyTypeError::new_err(format!(
                "{f} data is bytes (read the file in binary mode), not str"
            )));
        }
        s.to_cow()?.as_bytes().to_vec()
    } else if let Ok(b) = data.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = data.cast::<PyByteArray>() {
        b.to_vec()
    } else if data.hasattr("tobytes")? {
        data.call_method0("tobytes")?.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "data must be str or bytes, not {}",
            type_name(data)
        )));
    };
    let imported = py
        .detach(|| format::import(&bytes, f, text))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if !imported.report.is_clean() || imported.report.reanchored > 0 {
        let msg = CString::new(imported.report.summary().replace('\0', " "))
            .unwrap_or_else(|_| CString::from(c"import report"));
        PyErr::warn(py, &py.get_type::<LoadWarning>(), &msg, 1)?;
    }
    Ok(imported.docs)
}

/// Reads ``data`` (``str`` or ``bytes``; ``bytes`` for ``spacy``) in
/// ``format`` and returns its one document as a ``pressmark/1`` dict. brat
/// needs the article: pass its ``.txt`` as ``text``; a W3C collection is
/// re-anchored onto ``text`` when given. ``ValueError`` names the line or
/// field of a file that cannot be read, or says the data holds several
/// documents (use ``load_all``); what could not be taken over is a
/// ``LoadWarning``.
#[pyfunction]
#[pyo3(signature = (data, format, /, text = None))]
fn load<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    format: &str,
    text: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut docs = import_docs(py, data, format, text)?;
    match docs.len() {
        1 => doc_to_py(py, &docs.remove(0)),
        0 => Err(PyValueError::new_err(format!(
            "{format}: no document in the data"
        ))),
        n => Err(PyValueError::new_err(format!(
            "{format}: the data holds {n} documents; use load_all"
        ))),
    }
}

/// Like ``load``, for data holding any number of documents (JSONL, CoNLL,
/// spaCy, doccano, Label Studio): a list of ``pressmark/1`` dicts.
#[pyfunction]
#[pyo3(signature = (data, format, /, text = None))]
fn load_all<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    format: &str,
    text: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let docs = import_docs(py, data, format, text)?;
    let out = PyList::empty(py);
    for d in &docs {
        out.append(doc_to_py(py, d)?)?;
    }
    Ok(out)
}

/// The names of the formats ``export`` writes (all of them), or with
/// ``importable=True`` those ``load`` reads.
#[pyfunction]
#[pyo3(signature = (*, importable = false))]
fn formats(importable: bool) -> Vec<&'static str> {
    Format::ALL
        .iter()
        .filter(|f| !importable || f.can_import())
        .map(|f| f.name())
        .collect()
}

/// Pressmark's engine (Rust) for Python: see the ``pressmark`` package.
#[pymodule]
fn _pressmark(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Annotator>()?;
    m.add("LoadWarning", m.py().get_type::<LoadWarning>())?;
    m.add_function(wrap_pyfunction!(export, m)?)?;
    m.add_function(wrap_pyfunction!(export_files, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(load_all, m)?)?;
    m.add_function(wrap_pyfunction!(formats, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
