#!/usr/bin/env python3
"""Execute Jupyter notebooks headless with an explicit kernel (Debian's python3-nbclient / nbformat).

    run_notebooks.py --kernel java [--timeout SECONDS] [--startup-timeout SECONDS] [--fail-fast] nb1.ipynb ...

Each notebook runs in its own directory. Progress is printed per cell (notebook, cell index, seconds).
On success the executed notebook is written back in place with normalised metadata (kernelspec, language_info
without the local JDK build, no timing metadata). On a cell error or a per-cell timeout the partial notebook is
saved beside it as <name>.failed.ipynb (the original is left untouched), the notebook, cell index and traceback are
printed, and the exit status is 1.
"""
import argparse
import os
import re
import sys
import time

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:  # pragma: no cover
    sys.stderr.write("run_notebooks.py needs nbclient and nbformat (Debian: apt-get install python3-nbclient; "
                     "then run it with /usr/bin/python3): %s\n" % e)
    sys.exit(3)

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def log(msg):
    print(msg, flush=True)


def strip_ansi(text):
    return ANSI.sub("", text)


def display_name_of(kernel_name):
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        return KernelSpecManager().get_kernel_spec(kernel_name).display_name
    except Exception:
        return "Java"


def normalise(nb, kernel_name, display_name):
    nb.metadata["kernelspec"] = {"name": kernel_name, "display_name": display_name,
                                 "language": nb.metadata.get("kernelspec", {}).get("language", "java")}
    li = nb.metadata.get("language_info")
    if li and "version" in li:
        m = re.match(r"\d+", str(li["version"]))
        li["version"] = m.group(0) if m else str(li["version"])
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = coalesce_streams(cell["outputs"])


def coalesce_streams(outputs):
    """Consecutive stream outputs of one stream as one: the kernel sends each write of a printf separately, and
    renderers that do not merge them (GitHub, nbconvert) show one fragment per line."""
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            prev = merged[-1]
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def error_of(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out
    return None


def failed_path(path):
    base = path[:-len(".ipynb")] if path.endswith(".ipynb") else path
    return base + ".failed.ipynb"


def run_one(path, kernel_name, timeout, startup_timeout, display_name):
    path = os.path.abspath(path)
    nb_dir = os.path.dirname(path)
    name = os.path.relpath(path)
    if name.startswith(".."):
        name = path
    nb = nbformat.read(path, as_version=4)
    if (nb.nbformat, nb.nbformat_minor) >= (4, 5):
        from nbformat.v4.nbbase import random_cell_id
        for cell in nb.cells:
            if "id" not in cell:
                cell["id"] = random_cell_id()
    n = len(nb.cells)
    state = {"index": None, "start": None}

    def on_cell_start(cell, cell_index, **_):
        state["index"], state["start"] = cell_index, time.monotonic()

    def on_cell_executed(cell, cell_index, **_):
        log("[run] %s cell %d/%d (index %d) done in %.2f s"
            % (name, cell_index + 1, n, cell_index, time.monotonic() - state["start"]))

    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout, startup_timeout=startup_timeout,
                            record_timing=False, allow_errors=False, interrupt_on_timeout=False,
                            resources={"metadata": {"path": nb_dir}},
                            on_cell_start=on_cell_start, on_cell_executed=on_cell_executed)
    log("[run] %s: %d cells, kernel %s, per-cell timeout %d s" % (name, n, kernel_name, timeout))
    t0 = time.monotonic()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError) as e:
        idx = state["index"]
        normalise(nb, kernel_name, display_name)
        out = failed_path(path)
        nbformat.write(nb, out)
        if isinstance(e, CellTimeoutError) or (isinstance(e, TimeoutError) and idx is not None):
            what = "timed out after %d s" % timeout
        elif isinstance(e, DeadKernelError):
            what = "kernel died"
        else:
            what = "raised an error"
        lines = ["[run] FAILED: %s cell %s (index %s) %s" % (name, "?" if idx is None else idx + 1,
                                                             "?" if idx is None else idx, what)]
        err = error_of(nb.cells[idx]) if idx is not None and idx < n else None
        if err is not None:
            lines.append("%s: %s" % (err.get("ename", ""), err.get("evalue", "")))
            lines.extend(strip_ansi(line) for line in err.get("traceback", []))
        else:
            lines.append(strip_ansi(str(e)))
        lines.append("[run] partial notebook saved as %s" % (out if name == path else os.path.relpath(out)))
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
        return False
    normalise(nb, kernel_name, display_name)
    nbformat.write(nb, path)
    stale = failed_path(path)
    if os.path.exists(stale):
        os.remove(stale)
    log("[run] %s ok in %.1f s" % (name, time.monotonic() - t0))
    return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", required=True, help="kernelspec name, e.g. java")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per cell (default 1800)")
    ap.add_argument("--startup-timeout", type=int, default=120, help="seconds for the kernel to start (default 120)")
    ap.add_argument("--fail-fast", action="store_true", help="stop at the first failing notebook")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args(argv)
    display_name = display_name_of(args.kernel)
    failed = []
    for path in args.notebooks:
        if not os.path.isfile(path):
            sys.stderr.write("[run] FAILED: %s does not exist\n" % path)
            failed.append(path)
        elif not run_one(path, args.kernel, args.timeout, args.startup_timeout, display_name):
            failed.append(path)
        if failed and args.fail_fast:
            break
    if failed:
        sys.stderr.write("[run] %d notebook(s) failed: %s\n" % (len(failed), " ".join(failed)))
        return 1
    log("[run] all %d notebook(s) ok" % len(args.notebooks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
