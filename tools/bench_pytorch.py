#!/usr/bin/env python3
"""The PyTorch side of `./last cli bench-train` (issue: speed), for users who have Python with torch installed.

Not a test dependency and not run here (PyTorch for Python is not installable on this machine). It builds the same
computation as the toolkit's deep S5 / S4D stack, written idiomatically in PyTorch: encoder Linear(1, H); per layer
pre-BatchNorm over batch x time, the SSM (S5: P/2 conjugate pairs, ZOH, convolution with lambda_bar^k by real FFTs of
length 2L, y = 2 Re(C x) + D u; S4D: Vandermonde kernel per channel), tanh-GELU, half-GLU (S5) or Linear(H, 2H)+GLU
(S4D), residual; mean pooling; Linear(H, 10); AdamW. It prints the same fields as bench-train: training seq/s and ms
per step (forward + backward + optimizer), inference seq/s, and the median of interleaved repeats.

    python3 tools/bench_pytorch.py --kind S5 --length 784 --h 64 --p 64 --layers 4 --batch 32 --steps 10
Set the same thread count and malloc settings as the Java run (e.g. OMP_NUM_THREADS=2, MALLOC_* as in ./last).
`--json` prints one JSON line instead (what `./last cli bench-compare` reads; it runs this script itself when
`python3 -c "import torch"` works, e.g. after `apt-get install python3-torch`). Memory: the growth of the resident set
(/proc/self/status) over its value with the model built, at its peak during the timed loop, as the Java side measures it.
"""
import argparse, json, math, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class S5(nn.Module):
    def __init__(self, h, p):
        super().__init__()
        n = p // 2
        self.lam_re = nn.Parameter(-0.5 * torch.ones(n))
        self.lam_im = nn.Parameter(math.pi * torch.arange(n, dtype=torch.float32))
        self.b = nn.Parameter(torch.randn(n, h, 2) / math.sqrt(h))
        self.c = nn.Parameter(torch.randn(h, n, 2) / math.sqrt(n))
        self.d = nn.Parameter(torch.randn(h))
        self.log_step = nn.Parameter(torch.log(torch.empty(n).uniform_(1e-3, 1e-1)))

    def forward(self, u):                                     # u (B, L, H)
        L = u.shape[1]
        lam = torch.complex(self.lam_re.clamp(max=-1e-4), self.lam_im)
        dt = self.log_step.exp()
        lam_bar = torch.exp(lam * dt)
        b_bar = ((lam_bar - 1) / lam)[:, None] * torch.view_as_complex(self.b)
        bu = torch.einsum("blh,nh->bnl", u.to(torch.cfloat), b_bar)              # (B, N, L)
        k = lam_bar[:, None] ** torch.arange(L, device=u.device)                 # (N, L)
        x = torch.fft.ifft(torch.fft.fft(bu, 2 * L) * torch.fft.fft(k, 2 * L), 2 * L)[..., :L]
        y = 2 * torch.einsum("bnl,hn->blh", x, torch.view_as_complex(self.c)).real
        return y + u * self.d


class S4D(nn.Module):
    def __init__(self, h, p):
        super().__init__()
        m = p // 2
        self.log_dt = nn.Parameter(torch.log(torch.empty(h).uniform_(1e-3, 1e-1)))
        self.log_a_real = nn.Parameter(torch.log(0.5 * torch.ones(h, m)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(m, dtype=torch.float32).repeat(h, 1))
        self.c = nn.Parameter(torch.randn(h, m, 2) / math.sqrt(m))
        self.d = nn.Parameter(torch.randn(h))

    def forward(self, u):                                     # u (B, L, H)
        L = u.shape[1]
        a = torch.complex(-self.log_a_real.exp(), self.a_imag)
        dta = a * self.log_dt.exp()[:, None]
        c = torch.view_as_complex(self.c) * (dta.exp() - 1) / a
        k = 2 * torch.einsum("hm,hml->hl", c, (dta[..., None] * torch.arange(L, device=u.device)).exp()).real
        ut = u.transpose(1, 2)
        y = torch.fft.irfft(torch.fft.rfft(ut, 2 * L) * torch.fft.rfft(k, 2 * L), 2 * L)[..., :L]
        return (y + ut * self.d[:, None]).transpose(1, 2)


class Block(nn.Module):
    def __init__(self, kind, h, p):
        super().__init__()
        self.kind = kind
        self.norm = nn.BatchNorm1d(h)
        self.ssm = S5(h, p) if kind == "S5" else S4D(h, p)
        self.glu = nn.Linear(h, h) if kind == "S5" else nn.Linear(h, 2 * h)

    def forward(self, x):
        z = self.norm(x.transpose(1, 2)).transpose(1, 2)
        y = self.ssm(z)
        if self.kind == "S5":
            g = F.gelu(y, approximate="tanh")
            return x + g * torch.sigmoid(self.glu(g))
        return x + F.glu(self.glu(F.gelu(y)), dim=-1)


class Model(nn.Module):
    def __init__(self, kind, h, p, layers):
        super().__init__()
        self.enc = nn.Linear(1, h)
        self.blocks = nn.ModuleList(Block(kind, h, p) for _ in range(layers))
        self.dec = nn.Linear(h, 10)

    def forward(self, u):
        x = self.enc(u)
        for b in self.blocks:
            x = b(x)
        return self.dec(x.mean(1))


def proc_status(field):
    try:
        for line in open("/proc/self/status"):
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", default="S5", choices=["S5", "S4D"])
    ap.add_argument("--json", action="store_true", help="print one JSON line (read by ./last cli bench-compare)")
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (default: torch's own choice)")
    for name, default in [("length", 784), ("h", 64), ("p", 64), ("layers", 4), ("batch", 32), ("steps", 10)]:
        ap.add_argument("--" + name, type=int, default=default)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = Model(a.kind, a.h, a.p, a.layers)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    x, y = torch.randn(a.batch, a.length, 1), torch.randint(0, 10, (a.batch,))
    train, infer = [], []
    peak_ok, base = reset_peak(), proc_status("VmRSS:")
    for s in range(a.steps + 2):
        t0 = time.perf_counter()
        model.train()
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()
        t1 = time.perf_counter()
        model.eval()
        with torch.inference_mode():
            model(x)
        t2 = time.perf_counter()
        if s >= 2:
            train.append(t1 - t0)
            infer.append(t2 - t1)
    tm, im = statistics.median(train), statistics.median(infer)
    peak = proc_status("VmHWM:")
    peak_mb = (peak - base) / 1e6 if peak_ok and base > 0 and peak > 0 else -1
    if a.json:
        print(json.dumps({"side": "pytorch", "kind": a.kind, "length": a.length, "h": a.h, "p": a.p, "layers": a.layers,
                          "batch": a.batch, "train_ms": 1000 * tm, "infer_seq_s": a.batch / im, "peak_train_mb": peak_mb,
                          "torch": torch.__version__, "threads": torch.get_num_threads()}))
        return
    print(f"{a.kind} L={a.length} H={a.h} P={a.p} layers={a.layers} B={a.batch} | train {a.batch / tm:7.1f} seq/s "
          f"({1000 * tm:6.0f} ms/step) | infer {a.batch / im:7.1f} seq/s | peak RSS growth {peak_mb:.0f} MB | "
          f"threads {torch.get_num_threads()}")


if __name__ == "__main__":
    main()
