#!/usr/bin/env python3
"""Copies the generated result tables (data/results/*.csv, claims.md, written by notebooks 03 and 04) into the
README between the markers <!-- results:begin --> and <!-- results:end -->. No number is typed by hand."""
import csv, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
res = root / "data" / "results"

def table(path, cols=None, rename=None):
    rows = list(csv.DictReader(open(path)))
    cols = cols or list(rows[0].keys())
    head = [rename.get(c, c) if rename else c for c in cols]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join(r[c] for c in cols) + " |")
    return "\n".join(out)

parts = ["Generated from `data/results/` by `tools/readme_results.py` after the notebooks ran; CPU scale, our numbers "
         "(the paper's, where published, are in the notebooks and `data/paper/`).", "",
         "**Checkpoints** (test accuracy on a seeded, stratified 2,000-image subset of the test split):", "",
         table(res / "pixel-level-checkpoints.csv", ["checkpoint", "test accuracy (%)", "target (%)", "meets target",
               "train minutes", "skipped batches", "resumes"]), "",
         "**Table 7 (ours)**: accuracy at LAST's reported ratio (largest tested ratio with < 1 %p loss; sweeps on the "
         "first 1,000 images of that subset):", "",
         table(res / "table7-pixel-level.csv", ["task", "model", "LAST ratio (%)", "full", "Uniform H-inf",
               "Global H-inf", "LAST", "LAST >= every other method"]), "",
         "**Table 6 (ours)**: average loss at LAST's ratios over our three pixel-level tasks, per model "
         "(the paper's S5 averages are over 10 tasks):", "",
         table(res / "table6-criteria.csv", ["model", "method", "avg ratio (%)", "avg loss (%p)",
               "avg loss, compressible (%p)", "paper S5 avg loss (%p)"]), "",
         "**Claims** (paper Sec. 9 of `LAST-paper.md`):", "", (res / "claims.md").read_text().strip()]
block = "<!-- results:begin -->\n" + "\n".join(parts) + "\n<!-- results:end -->"
readme = root / "README.md"
text = readme.read_text()
text = re.sub(r"<!-- results:begin -->.*<!-- results:end -->", lambda m: block, text, flags=re.S)
readme.write_text(text)
print("README results section updated")
