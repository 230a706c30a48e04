#!/usr/bin/env python3
"""Shows where predictions and gold disagree: diff-gold.py GOLD.json PRED.json
(entities: missed '-' and extra '+', with context; quotes and speakers)."""
import json, sys
g = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
text = g["text"]
ge = {(e["start"], e["end"], e["label"]) for e in g["entities"]}
pe = {(e["start"], e["end"], e["label"]): e.get("rule") for e in p["entities"]}
def ctx(s, e):
    return (text[max(0, s-25):s] + "[" + text[s:e] + "]" + text[e:e+25]).replace("\n", "⏎")
for k in sorted(set(ge) | set(pe)):
    if k in ge and k in pe: continue
    sign = "-" if k in ge else "+"
    print(f"{sign} {k[2]:7} {ctx(k[0], k[1])}  {pe.get(k, '')}")
gq = {(q["start"], q["end"]): q for q in g["quotes"]}
pq = {(q["start"], q["end"]): q for q in p["quotes"]}
for k in sorted(set(gq) | set(pq)):
    gs = gq.get(k, {}).get("speaker"); ps = pq.get(k, {}).get("speaker")
    ps = ps.get("name") if isinstance(ps, dict) else ps
    if k not in gq: print("+ QUOTE", ctx(*k)[:90], ps)
    elif k not in pq: print("- QUOTE", ctx(*k)[:90], gs)
    elif gs != ps: print("~ SPEAKER", repr(gs), "pred", repr(ps), pq[k].get("rule"), ctx(*k)[:60])
