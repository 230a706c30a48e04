#!/usr/bin/env python3
"""`make bench`: every speed and size measure of Pressmark in ONE Markdown
table (stdout and target/bench/table.md; the raw numbers in
target/bench/results.json). Run it through scripts/bench.sh.

Parts (each is skipped, saying why, when its tool or input is missing):
  engine   criterion, `cargo bench -p pressmark-engine --bench annotate`:
           MB/s on news and on every adversarial shape the bench has
  cli      `target/release/pressmark annotate` on a 5 MB news file, whole
           run, best of 3: MB/s and peak RSS (/usr/bin/time)
  bundle   gzip -9 of dist's .wasm and .js, and an estimated split of the
           wasm (tests/bench/wasm_split.py)
  browser  the app's journey in headless Chromium on a 20,000-word and a
           5 MB article (tests/bench/browser.mjs)

Env: BENCH_QUICK=1 (short criterion runs of the news and adversarial
benchmarks only: --warm-up-time 1 --measurement-time 3), BENCH_SKIP=engine,cli,bundle,browser (parts to
leave out), BENCH_ONLY=... (the parts to run), BENCH_NO_BUILD=1 (use the
CLI binary as it is), PRESSMARK_DIST (default dist).
"""

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "target/bench"
DIST = Path(os.environ.get("PRESSMARK_DIST") or ROOT / "dist").resolve()
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
MIB = 1024 * 1024 / 1e6  # MiB/s -> MB/s

GOAL_ENGINE = 50.0       # MB/s, native, news
GOAL_ADV = 0.25          # of news
GOAL_CLI = 40.0          # MB/s, whole run
GOAL_CLI_RSS = 4.0       # MB of peak RSS per MB of input
GOAL_BUNDLE_KB = 400.0   # gzip -9, wasm + js
GOAL_WASM = 0.5          # of native news MB/s
GOALS = {  # browser, per article: first highlights, longest task, scroll, delete
    "20k": {"first": 100, "task": 50, "scroll": 100, "delete": 50},
    "5mb": {"first": 1000, "task": 100, "scroll": 100, "delete": 100},
}


def say(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def parts():
    allp = ["engine", "cli", "bundle", "browser"]
    only = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p]
    skip = [p for p in os.environ.get("BENCH_SKIP", "").split(",") if p]
    return [p for p in allp if (not only or p in only) and p not in skip]


# ------------------------------------------------------------ engine
_TIME = re.compile(r"^(?:(\S.*?)\s+)?time:\s+\[[\d.]+ (?:ns|µs|us|ms|s) ")
_THRPT = re.compile(r"thrpt:\s+\[\s*[\d.]+ \S+/s ([\d.]+) (B|KiB|MiB|GiB)/s ")


def parse_criterion(text):
    """{bench id: MB/s} for every benchmark with a byte throughput."""
    res, pending, cur = {}, None, None
    for line in text.splitlines():
        m = _TIME.match(line.strip()) if line.startswith(" ") else _TIME.match(line)
        if m and (m.group(1) or pending):
            cur = (m.group(1) or pending).strip()
            pending = None
            continue
        if line and not line[0].isspace() and not line.startswith(("Found ", "Benchmarking", "Gnuplot", "WARNING", "Warning")):
            pending, cur = line.strip(), None if "time:" not in line else cur
            continue
        t = _THRPT.search(line)
        if t and cur:
            v = float(t.group(1))
            unit = t.group(2)
            mbps = v * {"B": 1 / 1e6, "KiB": 1024 / 1e6, "MiB": MIB, "GiB": 1024**3 / 1e6}[unit]
            res[cur] = mbps
            cur = None
    return res


def run_engine():
    if not shutil.which("cargo"):
        return {"skipped": "no cargo on PATH"}
    args = ["--noplot"]
    if QUICK:  # and only the throughput on news and the adversarial shapes
        args += ["--warm-up-time", "1", "--measurement-time", "3", "^annotate/|adversarial"]
    log = OUT / "criterion.log"
    say("engine: building the criterion bench (nice 19)…")
    b = subprocess.run(["nice", "-n", "19", "cargo", "bench", "-p", "pressmark-engine", "--bench", "annotate", "--no-run"],
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if b.returncode != 0:
        log.write_text(b.stdout)
        return {"skipped": f"the bench does not build (see {log.relative_to(ROOT)})"}
    say(f"engine: running criterion{' (quick: BENCH_QUICK)' if QUICK else ''}…")
    t = time.time()
    r = subprocess.run(["cargo", "bench", "-p", "pressmark-engine", "--bench", "annotate", "--"] + args,
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log.write_text(r.stdout + "\n---- stderr ----\n" + r.stderr)
    if r.returncode != 0:
        return {"skipped": f"cargo bench failed (exit {r.returncode}, see {log.relative_to(ROOT)})"}
    thr = parse_criterion(r.stdout)
    say(f"engine: {len(thr)} throughput benchmarks in {time.time() - t:.0f} s")
    news = {k: v for k, v in thr.items() if k.split("/")[0] == "annotate"}
    adv = {k: v for k, v in thr.items() if "adversarial" in k.lower()}
    other = {k: v for k, v in thr.items() if k not in news and k not in adv}
    if not news:
        return {"skipped": f"no 'annotate/…' throughput in the criterion output (see {log.relative_to(ROOT)})", "all": thr}
    return {"news": news, "adversarial": adv, "other": other, "quick": QUICK}


# ------------------------------------------------------------ cli
def run_cli(articles):
    binp = ROOT / "target/release/pressmark"
    note = None
    if os.environ.get("BENCH_NO_BUILD"):
        note = "the binary as it was (BENCH_NO_BUILD)"
    elif shutil.which("cargo"):
        say("cli: nice -n 19 cargo build --release -p pressmark-cli --locked…")
        b = subprocess.run(["nice", "-n", "19", "cargo", "build", "--release", "-p", "pressmark-cli", "--locked"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if b.returncode != 0:
            note = "the build failed; an older binary was measured"
            (OUT / "cli-build.log").write_text(b.stdout)
    else:
        note = "no cargo: the binary as it was"
    if not binp.is_file():
        return {"skipped": "no target/release/pressmark (and it could not be built)"}
    if not Path("/usr/bin/time").is_file():
        return {"skipped": "no /usr/bin/time (GNU time) for the peak memory"}
    f = articles["5mb"]
    size = f.stat().st_size
    runs = []
    for _ in range(3):
        tf = OUT / "time.txt"
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-o", str(tf), "-f", "%e %M", str(binp), "annotate", str(f)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            return {"skipped": f"pressmark annotate failed: {r.stderr.strip()[:200]}"}
        e, kb = tf.read_text().split()[-2:]
        runs.append({"s": wall, "time_e": float(e), "rss_mb": int(kb) * 1024 / 1e6})
    best = min(runs, key=lambda x: x["s"])
    res = {
        "bytes": size,
        "runs": runs,
        "seconds": best["s"],
        "mbps": size / 1e6 / best["s"],
        "rss_mb": max(x["rss_mb"] for x in runs),
        "binary_age_s": round(time.time() - binp.stat().st_mtime),
    }
    res["rss_per_mb"] = res["rss_mb"] / (size / 1e6)
    if note:
        res["note"] = note
    say(f"cli: {res['mbps']:.1f} MB/s, {res['rss_mb']:.0f} MB peak")
    return res


# ------------------------------------------------------------ bundle
def run_bundle():
    r = subprocess.run([sys.executable, str(ROOT / "tests/bench/wasm_split.py"), "--json", "--dist", str(DIST)],
                       cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return {"skipped": f"wasm_split.py failed: {r.stderr.strip().splitlines()[-1:]}"}
    return json.loads(r.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------ browser
def run_browser(articles):
    if not shutil.which("node"):
        return {"skipped": "no node on PATH"}
    if not (DIST / "index.html").is_file():
        return {"skipped": f"no {DIST}/index.html (build the app first)"}
    env = dict(os.environ, PRESSMARK_DIST=str(DIST),
               BENCH_ARTICLE_20K=str(articles["20k"]), BENCH_ARTICLE_5MB=str(articles["5mb"]))
    say("browser: headless Chromium, nice -n 10 (20,000 words, then 5 MB)…")
    try:
        r = subprocess.run(["nice", "-n", "10", "node", str(ROOT / "tests/bench/browser.mjs"), "20k", "5mb"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=None, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"skipped": "the browser journey took over 30 minutes"}
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"skipped": f"browser.mjs printed no result (exit {r.returncode})"}
    return json.loads(lines[-1])


# ------------------------------------------------------------ table
def fmt_ms(v):
    if v is None:
        return "n/a"
    return f"{v:,.0f} ms" if v < 10000 else f"{v / 1000:,.1f} s"


def fmt_task(v):
    if v is None:
        return "n/a"
    return "< 50 ms" if v == 0 else fmt_ms(v)


def met(ok):
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def build_table(R):
    rows = []
    notes = []

    def clean(x):
        return " ".join(str(x).split()).replace("|", "\\|")

    def row(measure, a, b, goal, ok):
        rows.append("| " + " | ".join(clean(x) for x in (measure, a, b, goal, ok)) + " |")

    # engine
    e = R.get("engine", {})
    native = None
    if "skipped" in e:
        row("engine, native, news (criterion)", "", f"skipped: {e['skipped']}", f"≥ {GOAL_ENGINE:.0f} MB/s", "n/a")
    else:
        for k, v in e["news"].items():
            native = v if native is None else min(native, v)
            row(f"engine, native, news (criterion `{k}`)", "", f"{v:.1f} MB/s", f"≥ {GOAL_ENGINE:.0f} MB/s", met(v >= GOAL_ENGINE))
        if e["adversarial"]:
            worst_k = min(e["adversarial"], key=e["adversarial"].get)
            for k, v in sorted(e["adversarial"].items(), key=lambda kv: kv[1]):
                ratio = v / native
                row(f"engine, native, `{k}`", "", f"{v:.1f} MB/s ({ratio:.2f}× news)",
                    f"≥ ¼ of news ({GOAL_ADV * native:.1f} MB/s)", met(ratio >= GOAL_ADV))
            notes.append(f"Adversarial shapes: {len(e['adversarial'])} benchmarks; the worst is `{worst_k}`.")
        else:
            row("engine, native, adversarial shapes", "", "n/a: no adversarial group in the bench yet", "≥ ¼ of news", "n/a")
        for k, v in e["other"].items():
            row(f"engine, native, `{k}`", "", f"{v:.1f} MB/s", "—", "")
        if e.get("quick"):
            notes.append("Criterion ran in quick mode (BENCH_QUICK: news and adversarial only, 1 s warm-up, 3 s measurement).")

    # cli
    c = R.get("cli", {})
    if "skipped" in c:
        row("CLI `pressmark annotate`, whole run", "", f"skipped: {c['skipped']}", f"≥ {GOAL_CLI:.0f} MB/s", "n/a")
    elif c:
        row("CLI `pressmark annotate FILE`, whole run (best of 3)", "",
            f"{c['mbps']:.1f} MB/s ({c['seconds']:.2f} s)", f"≥ {GOAL_CLI:.0f} MB/s", met(c["mbps"] >= GOAL_CLI))
        row("CLI peak memory (RSS)", "", f"{c['rss_mb']:.0f} MB ({c['rss_per_mb']:.1f} MB per MB)",
            f"≤ {GOAL_CLI_RSS:.0f} MB per MB", met(c["rss_per_mb"] <= GOAL_CLI_RSS))
        if c.get("note"):
            notes.append(f"CLI: {c['note']}.")

    # bundle
    b = R.get("bundle", {})
    if "skipped" in b:
        row("bundle, wasm + JS, gzip -9", f"skipped: {b['skipped']}", "", f"≤ {GOAL_BUNDLE_KB:.0f} KB", "n/a")
    elif b:
        kb = b["gzip_total"] / 1024
        row("bundle, wasm + JS, gzip -9 (any article)",
            f"{kb:.0f} KB (wasm {b['wasm_gzip'] / 1024:.0f}, JS {b['js_gzip'] / 1024:.0f})", "same",
            f"≤ {GOAL_BUNDLE_KB:.0f} KB", met(kb <= GOAL_BUNDLE_KB))
        if "split_gzip" in b:
            from wasm_split import LABELS, ORDER
            w = b["wasm_gzip"]
            for k in ORDER:
                v = b["split_gzip"][k]
                row(f"  ↳ wasm, est.: {LABELS[k]}", f"{v / 1024:.0f} KB ({100 * v / w:.0f}%)", "same", "—", "")
            age = b["split_source"].get("older_than_dist_s", 0)
            notes.append("The wasm split is an estimate: function bodies of the pre-optimisation wasm "
                         "(target/wasm32-unknown-unknown/wasm-release/pressmark-app.wasm) attributed by crate from their "
                         "names, shares applied to the gzipped dist wasm; the rule data is the gzip -9 of the "
                         f"{b['rules']['files']} include_str!'d lists ({b['rules']['bytes'] / 1024:.0f} KB raw)"
                         + (f"; that wasm was built {abs(age) / 60:.0f} min {'before' if age > 0 else 'after'} dist's"
                            if abs(age) > 120 else "")
                         + (f"; dist has {b['split_source']['dist_wasm_files']} .wasm files, split as one"
                            if b["split_source"].get("dist_wasm_files", 1) > 1 else "") + ".")
        else:
            row("  ↳ wasm split", f"skipped: {b.get('split_skipped')}", "", "—", "")

    # browser
    br = R.get("browser", {})
    if "skipped" in br:
        row("browser journey (headless Chromium)", f"skipped: {br['skipped']}", "", "", "n/a")
    elif br:
        runs = br.get("runs", {})
        K = ["20k", "5mb"]

        def cell(k, key, f=fmt_ms):
            r = runs.get(k)
            if r is None:
                return "not run"
            if r.get(key) is None:
                why = r.get("na", {}).get(key) or r.get("error") or "not measured"
                return f"n/a ({why[:90]})"
            return f(r[key])

        def oks(key, test):
            vals = []
            for k in K:
                v = runs.get(k, {}).get(key)
                vals.append(met(None if v is None else test(k, v)))
            return " / ".join(vals)

        def brow(measure, key, goal, test, f=fmt_ms):
            row(measure, cell("20k", key, f), cell("5mb", key, f), goal, oks(key, test) if test else "")

        def trow(measure, key, goal, test):
            """A longest-task row; the longest animation frame beside it."""
            fk = key.replace("_longtask_", "_longframe_")
            cells = []
            for k in K:
                c = cell(k, key, fmt_task)
                fr = runs.get(k, {}).get(fk)
                if fr is not None and runs.get(k, {}).get(key) is not None:
                    c += f"; frame {fmt_ms(fr)}" if fr else "; no frame over 50 ms"
                cells.append(c)
            row(measure, *cells, goal, oks(key, test))

        sizes = {k: runs[k] for k in K if k in runs}
        row("browser: the article", *[f"{r['words']:,} words, {r['bytes'] / 1e6:.2f} MB" if k in sizes else "not run"
                                      for k in K for r in [sizes.get(k, {})]], "", "")
        brow("browser: fill 'Article text' → Annotate enabled", "fill_to_enabled_ms", "—", None)
        brow("browser: click Annotate → first highlights painted", "first_highlight_ms", "≤ 100 ms / ≤ 1 s",
             lambda k, v: v <= GOALS[k]["first"])
        trow("browser: longest task, click → painted", "annotate_longtask_ms", "≤ 50 ms / ≤ 100 ms",
             lambda k, v: v <= GOALS[k]["task"])
        goal_w = f"≥ 50% of native ({GOAL_WASM * native:.1f} MB/s)" if native else "≥ 50% of native"
        brow("browser: engine in wasm ('pressmark:annotate')", "engine_ms", "—", None)
        brow("browser: engine in wasm, MB/s", "wasm_mbps", goal_w,
             (lambda k, v: v >= GOAL_WASM * native) if native else (lambda k, v: None), lambda v: f"{v:.1f} MB/s")
        brow("browser: jump to the end → a highlight in view", "jump_end_ms", "≤ 100 ms", lambda k, v: v <= GOALS[k]["scroll"])
        brow("browser: 5 random scroll positions → highlights in view, worst", "scroll_worst_ms", "≤ 100 ms",
             lambda k, v: v <= GOALS[k]["scroll"])
        trow("browser: longest task while scrolling (5 positions)", "scroll_longtask_ms", "≤ 50 ms / ≤ 100 ms",
             lambda k, v: v <= GOALS[k]["task"])
        brow("browser: select a highlight in the middle → painted", "select_ms", "—", None)
        brow("browser: Delete it → repainted", "delete_ms", "≤ 50 ms / ≤ 100 ms", lambda k, v: v <= GOALS[k]["delete"])
        trow("browser: longest task, Delete", "delete_longtask_ms", "≤ 50 ms / ≤ 100 ms",
             lambda k, v: v <= GOALS[k]["task"])
        brow("browser: JS heap after annotation (after a GC)", "js_heap_mb", "—", None, lambda v: f"{v:.0f} MB")
        brow("browser: the page's wasm memory after annotation", "wasm_memory_mb", "—", None, lambda v: f"{v:.0f} MB")
        brow("browser: DOM nodes after annotation", "dom_nodes", "—", None, lambda v: f"{v:,.0f}")
        brow("browser: highlights in the DOM", "marks_in_dom", "—", None, lambda v: f"{v:,.0f}")
        for k in K:
            r = runs.get(k, {})
            if r.get("error"):
                notes.append(f"Browser, {k}: stopped early: {r['error']}.")
            if r.get("problems"):
                notes.append(f"Browser, {k}: " + "; ".join(r["problems"])[:300] + ".")
            if r.get("engine_where") == "worker":
                notes.append(f"Browser, {k}: the engine's measure came from a worker.")
            if r.get("delete_note"):
                notes.append(f"Browser, {k}: {r['delete_note']}.")
        notes.append("Browser: one run each, timed on the page's clock from the input event (mousedown, keydown) "
                     "to the frame painted after the change (a highlight 'in view': hit tests down the article "
                     "column, then one more frame). Long tasks are the page's PerformanceObserver 'longtask' "
                     "entries (only tasks over 50 ms exist); 'frame' is the longest 'long-animation-frame' "
                     "(a frame's scripts, style and layout together). The article is put in the textarea as "
                     "a paste would (value, then one input event).")
    return rows, notes


def header():
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        commit += " + uncommitted changes" if dirty else ""
    except OSError:
        commit = "?"
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    idx = DIST / "index.html"
    built = (", dist/ built " + dt.datetime.fromtimestamp(idx.stat().st_mtime, dt.timezone.utc).strftime("%H:%M UTC")
             if idx.is_file() else "")
    return (f"## Pressmark benchmark, {now}\n\ncommit {commit}{built}; {os.cpu_count()} cores, "
            f"load average {load} at the end (a busy machine slows every measure)\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "tests/bench"))
    todo = parts()
    R = {}
    articles = None
    if "cli" in todo or "browser" in todo:
        r = subprocess.run([sys.executable, str(ROOT / "tests/bench/corpus.py"), str(OUT)], capture_output=True, text=True)
        if r.returncode == 0:
            p = [Path(x) for x in r.stdout.split()]
            articles = {"20k": p[0], "5mb": p[1]}
        else:
            why = f"could not build the articles: {r.stderr.strip()[:200]}"
            R["cli"] = {"skipped": why}
            R["browser"] = {"skipped": why}
    for part in todo:
        if part in R:
            continue
        t = time.time()
        try:
            R[part] = {"engine": run_engine, "cli": lambda: run_cli(articles), "bundle": run_bundle,
                       "browser": lambda: run_browser(articles)}[part]()
        except Exception as e:  # a part that breaks must not lose the others
            R[part] = {"skipped": f"{part} failed: {type(e).__name__}: {e}"}
        if "skipped" in R[part]:
            say(f"{part}: skipped: {R[part]['skipped']}")
        say(f"{part}: {time.time() - t:.0f} s")
    for part in ["engine", "cli", "bundle", "browser"]:
        if part not in todo:
            R[part] = {"skipped": "left out (BENCH_SKIP / BENCH_ONLY)"}
    (OUT / "results.json").write_text(json.dumps(R, indent=1))
    rows, notes = build_table(R)
    out = [header(), "| measure | 20,000 words | 5 MB | goal | met? |", "|---|---|---|---|---|", *rows, ""]
    out += ["- " + " ".join(n.split()) for n in notes]
    text = "\n".join(out) + "\n"
    (OUT / "table.md").write_text(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
