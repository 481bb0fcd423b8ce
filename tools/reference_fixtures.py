#!/usr/bin/python3
"""Reference-format fixtures for last.io.ReferenceCheckpoint (toolkit/core/src/test/resources/reference/).

Writes, with fixed seeds, small models in the formats the public reference code uses, a fixed input, and the outputs
and LAST scores computed here by a direct numpy implementation of the reference equations -- written from the
equations, not from the toolkit, so that the Java test (last.io.ReferenceFormatsTest) compares two independent
implementations:

  s5_uni.msgpack / s5_uni.npz  S5 (lindermanlab/S5, msgwak/LAST), 2 layers, H 4, P 8 stored as N = 4 conjugate pairs,
                               BatchNorm, prenorm, half_glu1; flax msgpack (flax/serialization.py ext type 1) and the
                               same arrays flattened with '/' in an .npz
  s5_bidir.npz                 the same sizes, bidirectional (C1, C2), LayerNorm, postnorm, half_glu2
  s4d.npz                      S4D (state-spaces/s4 example.py + models/s4/s4d.py), 2 layers, H 4, N 8 (4 modes),
                               LayerNorm (PyTorch eps 1e-5), prenorm, GELU + Conv1d(H, 2H, 1) + GLU
  *.json                       the configs (what the arrays cannot tell)
  expected.npz                 x (2, 12, 2); <model>.logits (decoder output before S5's log_softmax);
                               <model>.last (per layer, the LAST code's H-inf score and normalisation, s5/ssm.py:233-236);
                               s5_bidir.last_sq (the paper's squared-mean bidirectional form)

Run from the repository root with Debian's python3-numpy and python3-msgpack:  /usr/bin/python3 tools/reference_fixtures.py

  --check FILE...   decode files the toolkit wrote (last.io.ReferenceCheckpoint.save) the way flax.serialization's
                    msgpack_restore / np.load do, and print every array's name, shape and dtype
"""
import json
import math
import os

import msgpack
import numpy as np

OUT = os.path.join("toolkit", "core", "src", "test", "resources", "reference")
f32 = np.float32


# ----------------------------------------------------------------------------------------------- file formats

def flax_msgpack(tree):
    """flax.serialization.msgpack_serialize: arrays as ExtType(1, msgpack((shape, dtype name, C bytes)))."""
    def ext(x):
        if isinstance(x, np.ndarray):
            return msgpack.ExtType(1, msgpack.packb((x.shape, x.dtype.name, x.tobytes("C")), use_bin_type=True))
        return x
    return msgpack.packb(tree, default=ext, strict_types=True, use_bin_type=True)


def flatten(tree, prefix=""):
    out = {}
    for k, v in tree.items():
        name = prefix + "/" + k if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, name))
        elif isinstance(v, np.ndarray):
            out[name] = v
    return out


# ----------------------------------------------------------------------------------------------- equations

def gelu_tanh(x):   # flax nn.gelu, approximate=True (s5/layers.py)
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_erf(x):    # torch nn.GELU (s4d.py)
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def layer_norm(x, scale, bias, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * scale + bias


def batch_norm_eval(x, scale, bias, mean, var, eps=1e-5):
    return (x - mean) / np.sqrt(var + eps) * scale + bias


def last_normalise(h):
    """LAST: sort ascending (stable), reverse cumulative sum, s_m / sum_{j >= m} s_j (msgwak/LAST s5/ssm.py:237-239)."""
    order = np.argsort(h, kind="stable")
    s = h[order]
    den = np.cumsum(s[::-1])[::-1]
    out = np.empty_like(h)
    out[order] = s / den
    return out


def s5_discrete(p):
    lam = p["Lambda_re"].astype(np.float64) + 1j * p["Lambda_im"]
    step = np.exp(p["log_step"][:, 0].astype(np.float64))              # step_rescale 1
    lam_bar = np.exp(lam * step)                                        # ZOH, s5/ssm.py:29-42
    b = p["B"][..., 0] + 1j * p["B"][..., 1]
    b_bar = ((lam_bar - 1) / lam)[:, None] * b
    return lam_bar, b_bar


def s5_ssm(p, u, bidir):
    """y_k = 2 Re(C x_k) [+ 2 Re(C2 x'_k)] + D u_k; x_k = lam_bar x_{k-1} + B_bar u_k (s5/ssm.py:60-88)."""
    lam_bar, b_bar = s5_discrete(p)
    L = u.shape[0]
    bu = u @ b_bar.T                                                    # (L, N)
    xs = np.zeros_like(bu)
    x = 0
    for k in range(L):
        x = lam_bar * x + bu[k]
        xs[k] = x
    if bidir:
        c1 = p["C1"][..., 0] + 1j * p["C1"][..., 1]
        c2 = p["C2"][..., 0] + 1j * p["C2"][..., 1]
        xr = np.zeros_like(bu)
        x = 0
        for k in reversed(range(L)):
            x = lam_bar * x + bu[k]
            xr[k] = x
        y = 2 * (xs @ c1.T).real + 2 * (xr @ c2.T).real
    else:
        c = p["C"][..., 0] + 1j * p["C"][..., 1]
        y = 2 * (xs @ c.T).real
    return y + p["D"] * u


def s5_forward(params, stats, x, cfg):
    """StackedEncoderModel + SequenceLayer + mean pooling + decoder (s5/seq_model.py, s5/layers.py), eval mode."""
    outs = []
    for u in x:
        h = u @ params["encoder"]["encoder"]["kernel"] + params["encoder"]["encoder"]["bias"]
        for l in range(2):
            lp = params["encoder"]["layers_%d" % l]

            def norm(z):
                if cfg["norm"] == "batch":
                    st = stats["encoder"]["layers_%d" % l]["norm"]
                    return batch_norm_eval(z, lp["norm"]["scale"], lp["norm"]["bias"], st["mean"], st["var"])
                return layer_norm(z, lp["norm"]["scale"], lp["norm"]["bias"], 1e-6)
            skip = h
            z = norm(h) if cfg["prenorm"] else h
            y = s5_ssm(lp["seq"], z, cfg.get("bidirectional", False))
            g = gelu_tanh(y)
            gate = sigmoid(g @ lp["out2"]["kernel"] + lp["out2"]["bias"])
            z = g * gate if cfg["activation"] == "half_glu1" else y * gate
            h = skip + z
            if not cfg["prenorm"]:
                h = norm(h)
        pooled = h.mean(0)
        outs.append(pooled @ params["decoder"]["kernel"] + params["decoder"]["bias"])
    return np.stack(outs)


def s5_last(params, bidir):
    """LAST code: H_i = ||C_i||^2 ||B_bar_i||^2 / ((1 - |lam_bar_i|)^2 + 1e-8); bidirectional literally
    (||C1_i|| + ||C2_i||)/2**2 * ... (msgwak/LAST s5/ssm.py:233-236). Also the paper's ((||C1|| + ||C2||)/2)^2 form."""
    ref, sq = [], []
    for l in range(2):
        p = params["encoder"]["layers_%d" % l]["seq"]
        lam_bar, b_bar = s5_discrete(p)
        bn = np.linalg.norm(b_bar, axis=1) ** 2
        den = (1 - np.abs(lam_bar)) ** 2 + 1e-8
        if bidir:
            c1 = np.linalg.norm(p["C1"][..., 0] + 1j * p["C1"][..., 1], axis=0)
            c2 = np.linalg.norm(p["C2"][..., 0] + 1j * p["C2"][..., 1], axis=0)
            ref.append(last_normalise((c1 + c2) / 2 ** 2 * bn / den))
            sq.append(last_normalise(((c1 + c2) / 2) ** 2 * bn / den))
        else:
            c = np.linalg.norm(p["C"][..., 0] + 1j * p["C"][..., 1], axis=0) ** 2
            ref.append(last_normalise(c * bn / den))
    return np.stack(ref), (np.stack(sq) if bidir else None)


def s4d_kernel(sd, l, L):
    """s4d.py:37-45: K = 2 Re sum_n C_n (exp(dt A_n) - 1)/A_n exp(dt A_n k)."""
    k = "s4_layers.%d.kernel." % l
    dt = np.exp(sd[k + "log_dt"].astype(np.float64))
    A = -np.exp(sd[k + "log_A_real"].astype(np.float64)) + 1j * sd[k + "A_imag"]
    C = sd[k + "C"][..., 0] + 1j * sd[k + "C"][..., 1]
    dtA = A * dt[:, None]
    Cb = C * (np.exp(dtA) - 1) / A
    return 2 * np.einsum("hn,hnl->hl", Cb, np.exp(dtA[..., None] * np.arange(L))).real, Cb, np.exp(dtA)


def s4d_forward(sd, x, cfg):
    """example.py S4Model.forward with S4D layers (s4d.py S4D.forward), eval mode."""
    H = sd["encoder.bias"].shape[0]
    outs = []
    for u in x:
        h = u @ sd["encoder.weight"].T + sd["encoder.bias"]                      # (L, H)
        L = h.shape[0]
        for l in range(2):
            def norm(z):
                return layer_norm(z, sd["norms.%d.weight" % l], sd["norms.%d.bias" % l], 1e-5)
            z = norm(h) if cfg["prenorm"] else h
            K, _, _ = s4d_kernel(sd, l, L)
            y = np.zeros_like(z)
            for t in range(L):                                                   # causal convolution
                y[t] = (K[:, :t + 1][:, ::-1] * z[:t + 1].T).sum(1)
            y = y + z * sd["s4_layers.%d.D" % l]
            y = gelu_erf(y)
            w = sd["s4_layers.%d.output_linear.0.weight" % l][:, :, 0]
            o = y @ w.T + sd["s4_layers.%d.output_linear.0.bias" % l]           # Conv1d(H, 2H, 1)
            z = o[:, :H] * sigmoid(o[:, H:])                                     # GLU(dim=-2)
            h = z + h
            if not cfg["prenorm"]:
                h = norm(h)
        outs.append(h.mean(0) @ sd["decoder.weight"].T + sd["decoder.bias"])
    return np.stack(outs)


def s4d_last(sd):
    out = []
    for l in range(2):
        _, Cb, lam_bar = s4d_kernel(sd, l, 1)
        k = "s4_layers.%d.kernel." % l
        C = sd[k + "C"][..., 0] + 1j * sd[k + "C"][..., 1]
        bbar = Cb / C                                                            # (exp(dtA) - 1)/A, B = 1
        h = (np.abs(C) ** 2 * np.abs(bbar) ** 2 / ((1 - np.abs(lam_bar)) ** 2 + 1e-8)).reshape(-1)   # channel-major
        out.append(last_normalise(h))
    return np.stack(out)


# ----------------------------------------------------------------------------------------------- models

def s5_params(rng, bidir, batch):
    H, N, IN, K = 4, 4, 2, 3
    enc = {"kernel": rng.normal(0, 0.7, (IN, H)).astype(f32), "bias": rng.normal(0, 0.1, H).astype(f32)}
    params, stats = {"encoder": {"encoder": enc}}, {"encoder": {}}
    for l in range(2):
        seq = {"Lambda_re": -rng.uniform(0.05, 0.8, N).astype(f32),
               "Lambda_im": rng.uniform(-6, 6, N).astype(f32),
               "B": rng.normal(0, 0.5, (N, H, 2)).astype(f32),
               "D": rng.normal(0, 1, H).astype(f32),
               "log_step": np.log(rng.uniform(0.02, 0.4, (N, 1))).astype(f32)}
        if bidir:
            seq["C1"] = rng.normal(0, 0.4, (H, N, 2)).astype(f32)
            seq["C2"] = rng.normal(0, 0.4, (H, N, 2)).astype(f32)
        else:
            seq["C"] = rng.normal(0, 0.4, (H, N, 2)).astype(f32)
        layer = {"seq": seq,
                 "norm": {"scale": rng.uniform(0.7, 1.3, H).astype(f32), "bias": rng.normal(0, 0.1, H).astype(f32)},
                 "out2": {"kernel": rng.normal(0, 0.5, (H, H)).astype(f32), "bias": rng.normal(0, 0.1, H).astype(f32)}}
        params["encoder"]["layers_%d" % l] = layer
        if batch:
            stats["encoder"]["layers_%d" % l] = {"norm": {"mean": rng.normal(0, 0.3, H).astype(f32),
                                                          "var": rng.uniform(0.5, 2.0, H).astype(f32)}}
    params["decoder"] = {"kernel": rng.normal(0, 0.5, (H, K)).astype(f32), "bias": rng.normal(0, 0.1, K).astype(f32)}
    return params, stats


def s4d_state_dict(rng):
    H, M, IN, K = 4, 4, 2, 3
    sd = {"encoder.weight": rng.normal(0, 0.7, (H, IN)).astype(f32), "encoder.bias": rng.normal(0, 0.1, H).astype(f32)}
    for l in range(2):
        p = "s4_layers.%d." % l
        sd[p + "D"] = rng.normal(0, 1, H).astype(f32)
        sd[p + "kernel.log_dt"] = np.log(rng.uniform(0.02, 0.3, H)).astype(f32)
        sd[p + "kernel.C"] = rng.normal(0, 0.5, (H, M, 2)).astype(f32)
        sd[p + "kernel.log_A_real"] = np.log(rng.uniform(0.2, 1.0, (H, M))).astype(f32)
        sd[p + "kernel.A_imag"] = (math.pi * np.arange(M)[None, :] + rng.normal(0, 0.1, (H, M))).astype(f32)
        sd[p + "output_linear.0.weight"] = rng.normal(0, 0.5, (2 * H, H, 1)).astype(f32)
        sd[p + "output_linear.0.bias"] = rng.normal(0, 0.1, 2 * H).astype(f32)
    for l in range(2):
        sd["norms.%d.weight" % l] = rng.uniform(0.7, 1.3, H).astype(f32)
        sd["norms.%d.bias" % l] = rng.normal(0, 0.1, H).astype(f32)
    sd["decoder.weight"] = rng.normal(0, 0.5, (K, H)).astype(f32)
    sd["decoder.bias"] = rng.normal(0, 0.1, K).astype(f32)
    return sd


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261202)
    x = rng.normal(0, 1, (2, 12, 2)).astype(f32)
    expected = {"x": x}

    cfg = {"format": "s5", "norm": "batch", "prenorm": True, "activation": "half_glu1"}
    params, stats = s5_params(rng, bidir=False, batch=True)
    tree = {"params": params, "batch_stats": stats, "step": 1200}                 # a TrainState-like root
    with open(os.path.join(OUT, "s5_uni.msgpack"), "wb") as f:
        f.write(flax_msgpack(tree))
    np.savez(os.path.join(OUT, "s5_uni.npz"), **flatten({"params": params, "batch_stats": stats}))
    json.dump(cfg, open(os.path.join(OUT, "s5_uni.json"), "w"), indent=1)
    expected["s5_uni.logits"] = s5_forward(params, stats, x.astype(np.float64), cfg)
    expected["s5_uni.last"] = s5_last(params, False)[0]

    cfg = {"format": "s5", "norm": "layer", "prenorm": False, "activation": "half_glu2", "bidirectional": True}
    params, _ = s5_params(rng, bidir=True, batch=False)
    np.savez(os.path.join(OUT, "s5_bidir.npz"), **flatten({"params": params}))
    json.dump(cfg, open(os.path.join(OUT, "s5_bidir.json"), "w"), indent=1)
    expected["s5_bidir.logits"] = s5_forward(params, None, x.astype(np.float64), cfg)
    ref, sq = s5_last(params, True)
    expected["s5_bidir.last"] = ref
    expected["s5_bidir.last_sq"] = sq

    cfg = {"format": "s4d", "prenorm": True}
    sd = s4d_state_dict(rng)
    np.savez(os.path.join(OUT, "s4d.npz"), **sd)
    json.dump(cfg, open(os.path.join(OUT, "s4d.json"), "w"), indent=1)
    expected["s4d.logits"] = s4d_forward(sd, x.astype(np.float64), cfg)
    expected["s4d.last"] = s4d_last(sd)

    np.savez(os.path.join(OUT, "expected.npz"), **{k: np.asarray(v, dtype=np.float64) for k, v in expected.items()})
    for k, v in expected.items():
        print(k, np.asarray(v).shape, np.round(np.asarray(v).ravel()[:4], 4))


def check(files):
    """Decode as flax.serialization.msgpack_restore does (ext type 1 -> np.frombuffer(bytes, dtype).reshape(shape))."""
    def ext_hook(code, data):
        assert code in (1, 3), "ext type %d" % code
        shape, dtype, buf = msgpack.unpackb(data, raw=True)
        return np.frombuffer(buf, dtype=np.dtype(dtype.decode() if isinstance(dtype, bytes) else dtype)).reshape(shape)
    for f in files:
        if f.endswith(".npz"):
            arrays = dict(np.load(f))
        else:
            with open(f, "rb") as fh:
                arrays = flatten(msgpack.unpackb(fh.read(), ext_hook=ext_hook, raw=False))
        print(f)
        for k, v in arrays.items():
            assert np.all(np.isfinite(v)), k
            print("  %-45s %-12s %s" % (k, v.shape, v.dtype))


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        check(sys.argv[2:])
    else:
        main()
