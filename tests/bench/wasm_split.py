#!/usr/bin/env python3
"""The app's bundle size, and an estimate of what it is made of.

    python3 tests/bench/wasm_split.py [--dist dist] [--wasm PATH] [--json]

Measures the gzip -9 size of every .wasm and .js file under dist/ (the
app's, the boot script, the snippets and the service worker), then splits
the gzipped wasm by origin.

The wasm in dist/ is optimised and has no names, so the split reads the
wasm as rustc and wasm-ld leave it, before wasm-bindgen and wasm-opt
(target/wasm32-unknown-unknown/wasm-release/pressmark-app.wasm, which keeps a
"name" section): every function body is given to the crate its (demangled)
name belongs to, and the data section is counted apart. The rule data is
measured directly: gzip -9 of the crates/engine/data and rules files the
engine include_str!s. The rest of the gzipped dist wasm is then shared out
in proportion to the raw sizes of the pre-optimisation wasm. It is an
estimate: wasm-opt inlines and drops code unevenly, and code and text do
not compress alike.

Standard library only. Prints a human summary, or one JSON line (--json).
"""

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# crate name -> bucket of the report
BUCKETS = [
    ("engine", {"pressmark_engine"}),
    ("app", {"pressmark_app"}),
    ("yew", {"yew", "yew_macro", "implicit_clone", "gloo", "gloo_events", "gloo_timers",
             "gloo_utils", "gloo_file", "gloo_worker", "gloo_console", "web_sys", "js_sys",
             "wasm_bindgen", "wasm_bindgen_futures", "prokio", "pinned", "futures",
             "futures_util", "futures_core", "futures_channel", "slab", "tracing", "tracing_core", "console_error_panic_hook", "bincode",
             "anymap2", "scoped_tls_hkt", "thiserror"}),
    ("serde", {"serde", "serde_core", "serde_json", "serde_derive", "ryu", "itoa", "zmij", "serde_wasm_bindgen"}),
    ("regex", {"regex", "regex_automata", "regex_syntax", "aho_corasick", "memchr"}),
    ("std", {"std", "core", "alloc", "hashbrown", "compiler_builtins", "dlmalloc", "panic_abort",
             "panic_unwind", "rustc_demangle", "__rustc"}),
]
BUCKET_OF = {c: b for b, cs in BUCKETS for c in cs}
LABELS = {
    "engine": "engine code (pressmark_engine)",
    "rules": "rule data (include_str!'d lists)",
    "app": "app code (pressmark_app)",
    "yew": "Yew, web-sys, wasm-bindgen",
    "serde": "serde, serde_json",
    "regex": "regex and friends",
    "std": "std, core, alloc",
    "other": "other (other crates, other data, tables)",
}
ORDER = ["engine", "rules", "app", "yew", "serde", "regex", "std", "other"]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def leb(buf, i):
    """Unsigned LEB128 at buf[i]: (value, next index)."""
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        if b < 0x80:
            return v, i
        shift += 7


def wasm_sections(buf):
    """Yields (id, name or None, start, end) of each section's content."""
    if buf[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    i = 8
    while i < len(buf):
        sid = buf[i]
        size, j = leb(buf, i + 1)
        end = j + size
        name = None
        if sid == 0:
            n, k = leb(buf, j)
            name = buf[k:k + n].decode("utf-8", "replace")
        yield sid, name, j, end
        i = end


def skip_limits(buf, i):
    flags = buf[i]
    _, i = leb(buf, i + 1)
    if flags & 1:
        _, i = leb(buf, i)
    return i


def imported_functions(buf, start, end):
    count, i = leb(buf, start)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module, field
            n, i = leb(buf, i)
            i += n
        kind = buf[i]
        i += 1
        if kind == 0:  # func: type index
            _, i = leb(buf, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i = skip_limits(buf, i + 1)
        elif kind == 2:  # memory: limits
            i = skip_limits(buf, i)
        elif kind == 3:  # global: valtype, mut
            i += 2
        elif kind == 4:  # tag: attribute, type index
            _, i = leb(buf, i + 1)
        else:
            raise ValueError(f"unknown import kind {kind}")
    return funcs


def function_names(buf, start, end):
    """The "name" section's function names: {index: name}."""
    n, i = leb(buf, start)
    i += n  # the section's own name
    names = {}
    while i < end:
        sub = buf[i]
        size, i = leb(buf, i + 1)
        if sub == 1:
            count, k = leb(buf, i)
            for _ in range(count):
                idx, k = leb(buf, k)
                ln, k = leb(buf, k)
                names[idx] = buf[k:k + ln].decode("utf-8", "replace")
                k += ln
        i += size
    return names


def body_sizes(buf, start, end):
    count, i = leb(buf, start)
    sizes = []
    for _ in range(count):
        size, j = leb(buf, i)
        sizes.append(j - i + size)
        i = j + size
    return sizes


_LEGACY = re.compile(r"^_?_ZN")


def path_segments(name):
    """The path of a Rust symbol: legacy-mangled (_ZN..E), v0 (_R..) is
    reduced to its first crate, demangled names are split on ::."""
    if _LEGACY.match(name):
        i = name.index("ZN") + 2
        segs = []
        while i < len(name) and name[i].isdigit():
            j = i
            while name[j].isdigit():
                j += 1
            n = int(name[i:j])
            segs.append(name[j:j + n])
            i = j + n
        if segs and re.fullmatch(r"h[0-9a-f]{16}", segs[-1]):
            segs.pop()
        return [re.sub(r"^_\$", "$", s).replace("$LT$", "<").replace("$GT$", ">").replace("..", "::")
                 .replace("$u20$", " ").replace("$RF$", "&").replace("$C$", ",")
                 .replace("$u7b$", "{").replace("$u7d$", "}").replace("$BP$", "*")
                for s in segs]
    if name.startswith("_R"):  # v0: the first crate root, C[s<hash>_]<len><ident>
        m = re.search(r"C(?:s[0-9a-zA-Z]*_)?(\d+)", name[2:])
        if m:
            n = int(m.group(1))
            start = 2 + m.end()
            if name[start:start + 1] == "_":
                start += 1
            return [name[start:start + n]]
    return name.split("::")


def crate_of(name):
    if name.startswith("__wbg_") or name.startswith("__wbindgen"):
        return "wasm_bindgen"
    if name.startswith("pressmark_") and not name.startswith("pressmark_engine"):
        return "pressmark_app"  # the app's wasm-bindgen exports (the worker's entry)
    segs = path_segments(name)
    if not segs:
        return "?"
    first = segs[0]
    # `<T as Trait>::f` and `<T>::f`: the crate of the self type T, or of
    # the trait when T is a bare generic.
    if first.startswith("<"):
        crate = re.search(r"([a-z_][a-z0-9_]*)::", first)
        first = crate.group(1) if crate else "?"
    # monomorphised generics of core/alloc: the crate of the first type
    # argument that is not std's (drop_in_place<pressmark_engine::X>).
    if first in ("core", "alloc", "std", "hashbrown", "indexmap"):
        whole = "::".join(segs)
        for c in re.findall(r"[<,&( ]([a-z_][a-z0-9_]*)::", whole):
            if c not in ("core", "alloc", "std", "hashbrown", "indexmap"):
                return c
    return first


def split_wasm(path):
    buf = Path(path).read_bytes()
    nimp = 0
    names = {}
    code = None
    data = 0
    sections = {}
    for sid, name, start, end in wasm_sections(buf):
        key = name if sid == 0 else sid
        sections[key] = sections.get(key, 0) + (end - start)
        if sid == 2:
            nimp = imported_functions(buf, start, end)
        elif sid == 10:
            code = (start, end)
        elif sid == 11:
            data += end - start
        elif sid == 0 and name == "name":
            names = function_names(buf, start, end)
    if code is None:
        raise ValueError("no code section")
    by_crate = {}
    by_bucket = {b: 0 for b in ORDER}
    unnamed = 0
    dropped = 0
    for k, size in enumerate(body_sizes(buf, *code)):
        nm = names.get(nimp + k)
        # wasm-bindgen runs the describe functions at build time and drops them
        if nm is not None and (nm.startswith("__wbindgen_describe") or "WasmDescribe" in nm):
            dropped += size
            continue
        if nm is None:
            unnamed += size
            c = "?"
        else:
            c = crate_of(nm)
        by_crate[c] = by_crate.get(c, 0) + size
        by_bucket[BUCKET_OF.get(c, "other")] += size
    code_total = code[1] - code[0]
    # custom sections (names, debug info, producers) are not shipped
    # nor the exports, which before wasm-bindgen list every describe function
    shipped_other = sum(v for k, v in sections.items() if isinstance(k, int) and k not in (7, 10, 11))
    return {
        "file": str(path),
        "bytes": len(buf),
        "code": code_total,
        "data": data,
        "other_sections": shipped_other,
        "named_functions": len(names),
        "unnamed_code": unnamed,
        "describe_code_dropped": dropped,
        "by_bucket": by_bucket,
        "by_crate": dict(sorted(by_crate.items(), key=lambda kv: -kv[1])),
    }


def rule_files():
    """The engine's include_str!'d .txt files under crates/engine/{data,rules}."""
    src = ROOT / "crates/engine/src"
    found = set()
    for f in sorted(src.rglob("*.rs")):
        for m in re.finditer(r'include_str!\(\s*"([^"]+\.txt)"\s*\)', f.read_text("utf-8", "replace")):
            p = (f.parent / m.group(1)).resolve()
            if p.is_file() and p.parent.name in ("data", "rules"):
                found.add(p)
    return sorted(found)


def bundle(dist):
    files = sorted(p for p in Path(dist).rglob("*") if p.suffix in (".wasm", ".js") and p.is_file()
                   and not any(x.startswith(".") for x in p.relative_to(dist).parts))
    out = []
    for p in files:
        b = p.read_bytes()
        out.append({"file": str(p.relative_to(dist)), "bytes": len(b), "gzip": gz(b)})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dist", default=str(ROOT / "dist"))
    ap.add_argument("--wasm", default=str(ROOT / "target/wasm32-unknown-unknown/wasm-release/pressmark-app.wasm"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    res = {"dist": a.dist}
    if not (Path(a.dist) / "index.html").is_file():
        res["skipped"] = f"no {a.dist}/index.html (build the app first)"
        print(json.dumps(res) if a.json else f"skipped: {res['skipped']}")
        return
    files = bundle(a.dist)
    res["files"] = files
    res["gzip_total"] = sum(f["gzip"] for f in files)
    res["raw_total"] = sum(f["bytes"] for f in files)
    wasm_gz = sum(f["gzip"] for f in files if f["file"].endswith(".wasm"))
    res["wasm_gzip"] = wasm_gz
    res["js_gzip"] = res["gzip_total"] - wasm_gz

    rules = rule_files()
    rules_raw = b"".join(p.read_bytes() for p in rules)
    res["rules"] = {"files": len(rules), "bytes": len(rules_raw), "gzip": gz(rules_raw)}

    wasm = Path(a.wasm)
    if not wasm.is_file():
        res["split_skipped"] = f"no {a.wasm} (the pre-wasm-bindgen build)"
    else:
        try:
            sp = split_wasm(wasm)
        except (ValueError, IndexError) as e:
            res["split_skipped"] = f"cannot read {a.wasm}: {e}"
            sp = None
        if sp is not None and sp["named_functions"] == 0:
            res["split_skipped"] = f"{a.wasm} has no name section"
            sp = None
        if sp is not None:
            dist_wasm = [Path(a.dist) / f["file"] for f in files if f["file"].endswith(".wasm")]
            newest = max((p.stat().st_mtime for p in dist_wasm), default=0)
            res["split_source"] = {k: sp[k] for k in ("file", "bytes", "code", "data", "other_sections", "named_functions", "unnamed_code", "describe_code_dropped")}
            res["split_source"]["older_than_dist_s"] = round(newest - wasm.stat().st_mtime)
            res["split_source"]["dist_wasm_files"] = len(dist_wasm)
            res["top_crates"] = dict(list(sp["by_crate"].items())[:15])
            # raw shares: code buckets, the data section minus the rule text
            # (which is in it), and the other shipped sections
            raw = dict(sp["by_bucket"])
            raw["other"] += max(0, sp["data"] - len(rules_raw)) + sp["other_sections"]
            raw_total = sum(raw.values())
            rest_gz = max(0, wasm_gz - res["rules"]["gzip"])
            est = {b: rest_gz * raw[b] / raw_total for b in ORDER if b != "rules"}
            est["rules"] = min(wasm_gz, res["rules"]["gzip"])
            res["split_gzip"] = {b: round(est[b]) for b in ORDER}
            res["split_raw"] = raw
    if a.json:
        print(json.dumps(res))
        return
    for f in files:
        print(f"{f['file']:60} {f['bytes']/1024:9.1f} KB  gzip {f['gzip']/1024:8.1f} KB")
    print(f"{'total':60} {res['raw_total']/1024:9.1f} KB  gzip {res['gzip_total']/1024:8.1f} KB")
    if "split_gzip" in res:
        print(f"\nestimated split of the gzipped wasm ({wasm_gz/1024:.0f} KB), from {a.wasm}:")
        for b in ORDER:
            print(f"  {LABELS[b]:44} {res['split_gzip'][b]/1024:7.0f} KB  {100*res['split_gzip'][b]/wasm_gz:4.0f}%")
        print("\nlargest crates (raw function bytes, before wasm-opt):")
        for c, v in res["top_crates"].items():
            print(f"  {c:30} {v/1024:8.0f} KB")
    else:
        print(f"split skipped: {res.get('split_skipped')}")


if __name__ == "__main__":
    main()
