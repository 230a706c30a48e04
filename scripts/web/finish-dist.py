#!/usr/bin/env python3
"""Finishes Trunk's dist/ for a strict Content-Security-Policy and offline use.

    python3 scripts/web/finish-dist.py dist

1. Trunk writes the wasm loader as an inline <script type="module">; the CSP
   (script-src 'self') refuses inline scripts, so it is moved into a file of
   its own, boot-<hash>.js, which also registers the service worker.
2. The annotation worker (assets/worker.js) gets the names of this build's
   wasm-bindgen glue and wasm, is written as worker-<hash>.js, and
   index.html names it in <meta name="pressmark-worker">.
3. sw.js (from assets/sw.js) gets the list of the build's files and a
   version made from their content, so a new build replaces the old cache.
4. Checks: index.html has the CSP meta tag and no inline script is left.
Idempotent: running it twice gives the same dist/.
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def die(msg):
    print(f"finish-dist: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        die("usage: finish-dist.py DIST")
    dist = sys.argv[1]
    index = os.path.join(dist, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    if "Content-Security-Policy" not in html:
        die("index.html has no Content-Security-Policy meta tag")

    inline = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
    boot_parts = []

    def take(m):
        if "src=" in m.group("attrs"):
            return m.group(0)
        if 'type="module"' not in m.group("attrs"):
            die(f"an inline script that is not a module: {m.group(0)[:120]}")
        boot_parts.append(m.group("body").strip())
        return ""

    html = inline.sub(take, html)
    with open(os.path.join(ROOT, "assets", "register-sw.js"), encoding="utf-8") as f:
        register = f.read()
    for name in os.listdir(dist):
        if re.fullmatch(r"boot-[0-9a-f]{16}\.js", name):
            if not boot_parts:
                # already finished: keep the boot file that index.html names
                if name in html:
                    continue
            os.remove(os.path.join(dist, name))
    if boot_parts:
        boot = "\n".join(boot_parts) + "\n\n" + register
        digest = hashlib.sha256(boot.encode()).hexdigest()[:16]
        boot_name = f"boot-{digest}.js"
        with open(os.path.join(dist, boot_name), "w", encoding="utf-8") as f:
            f.write(boot)
        tag = f'<script type="module" src="./{boot_name}"></script>'
        html = html.replace("</body>", f"{tag}\n</body>") if "</body>" in html else html + tag
        with open(index, "w", encoding="utf-8") as f:
            f.write(html)
    if inline.search(html) and any("src=" not in m.group("attrs") for m in inline.finditer(html)):
        die("an inline script is left in index.html")
    if not re.search(r'<script type="module" src="\./boot-[0-9a-f]{16}\.js"></script>', html):
        die("index.html does not load a boot-*.js")

    glue = [n for n in os.listdir(dist) if re.fullmatch(r"pressmark-app-[0-9a-f]+\.js", n)]
    wasm = [n for n in os.listdir(dist) if re.fullmatch(r"pressmark-app-[0-9a-f]+_bg\.wasm", n)]
    if len(glue) != 1 or len(wasm) != 1:
        die(f"expected one wasm-bindgen glue and one wasm in {dist}, found {glue} and {wasm}")
    with open(os.path.join(ROOT, "assets", "worker.js"), encoding="utf-8") as f:
        worker = f.read()
    worker = worker.replace("__PRESSMARK_GLUE__", f"./{glue[0]}").replace("__PRESSMARK_WASM__", f"./{wasm[0]}")
    worker_name = f"worker-{hashlib.sha256(worker.encode()).hexdigest()[:16]}.js"
    for name in os.listdir(dist):
        if re.fullmatch(r"worker-[0-9a-f]{16}\.js", name) and name != worker_name:
            os.remove(os.path.join(dist, name))
    with open(os.path.join(dist, worker_name), "w", encoding="utf-8") as f:
        f.write(worker)
    meta = f'<meta name="pressmark-worker" content="./{worker_name}">'
    html = re.sub(r'<meta name="pressmark-worker" content="[^"]*">\n', "", html)
    html = html.replace("</head>", f"{meta}\n</head>", 1)
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)

    files = []
    for d, _, names in os.walk(dist):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), dist).replace(os.sep, "/")
            if rel != "sw.js":
                files.append(rel)
    files.sort()
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode() + b"\0")
        with open(os.path.join(dist, rel), "rb") as f:
            h.update(f.read())
    version = h.hexdigest()[:16]
    with open(os.path.join(ROOT, "assets", "sw.js"), encoding="utf-8") as f:
        sw = f.read()
    urls = ["./"] + [f"./{rel}" for rel in files]
    sw = sw.replace("'__PRESSMARK_VERSION__'", json.dumps(version)).replace("__PRESSMARK_FILES__", json.dumps(urls))
    with open(os.path.join(dist, "sw.js"), "w", encoding="utf-8") as f:
        f.write(sw)
    print(f"finish-dist: boot script external, service worker {version} caches {len(urls)} files")


if __name__ == "__main__":
    main()
