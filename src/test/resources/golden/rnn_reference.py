#!/usr/bin/env python3
"""Independent numpy reference for the vanilla RNN kernel: writes golden.json next to this file.

Regenerate (from the project root):

    python3 src/test/resources/golden/rnn_reference.py

Written straight from the equations, one sequence and one time step at a time (no packing, no
batching), so it shares nothing with the Java kernel but the definitions:

    h_t = tanh(U x_t + V h_{t-1} + b_h)
    o_t = W h_t + b_o
    L   = sum over targets of the head's loss on o_t

Heads:
    SOFTMAX_CROSS_ENTROPY         L = logsumexp(o) - o_y           (class target y; -1 = no target)
    SIGMOID_BINARY_CROSS_ENTROPY  L = sum_k -[y_k log s_k + (1 - y_k) log(1 - s_k)],  s = sigmoid(o)
    IDENTITY_SQUARED_ERROR        L = 1/2 sum_k (o_k - y_k)^2

Target modes: EVERY_STEP (a target at each step), LAST_STEP (one target at the sequence's last step).

theta is flat: U (H x D) at 0, V (H x H) at H*D, W (K x H) after it, then b_h (H), then b_o (K);
matrices column-major (Fortran order). The gradient uses the same layout.

JSON, per case: name, D, H, K, head, mode, oneHot, theta, and "sequences" in order of addition, each
with "tokens" (one-hot: one index per step) or "features" (dense: one D-vector per step), "targets"
(EVERY_STEP: one per step; LAST_STEP: a list of exactly one), "h0" (H values); then "loss", "gradient"
(flat, theta's layout) and per sequence "hFinal" (last hidden state) and "dh0" (dL/dh_0). Class
targets are ints, dense targets K-vectors. Floats are written with repr (shortest exact round trip).
"""

import json
import os

import numpy as np

HEADS = ("SOFTMAX_CROSS_ENTROPY", "SIGMOID_BINARY_CROSS_ENTROPY", "IDENTITY_SQUARED_ERROR")
MODES = ("EVERY_STEP", "LAST_STEP")


def unpack(theta, D, H, K):
    """Views of U, V, W, b_h, b_o in the flat, column-major theta."""
    i = 0
    U = theta[i:i + H * D].reshape((H, D), order="F"); i += H * D
    V = theta[i:i + H * H].reshape((H, H), order="F"); i += H * H
    W = theta[i:i + K * H].reshape((K, H), order="F"); i += K * H
    bh = theta[i:i + H]; i += H
    bo = theta[i:i + K]; i += K
    assert i == theta.size
    return U, V, W, bh, bo


def pack_params(U, V, W, bh, bo):
    return np.concatenate([U.ravel(order="F"), V.ravel(order="F"), W.ravel(order="F"), bh, bo])


def input_vector(case, seq, t):
    """x_t as a D-vector (one-hot input: the indicator of the token)."""
    D = case["D"]
    if case["oneHot"]:
        x = np.zeros(D)
        x[seq["tokens"][t]] = 1.0
        return x
    return np.asarray(seq["features"][t], dtype=float)


def target_at(case, seq, t):
    """The target of step t, or None if that step has none."""
    T = len(seq["tokens"] if case["oneHot"] else seq["features"])
    if case["mode"] == "EVERY_STEP":
        y = seq["targets"][t]
    else:
        y = seq["targets"][0] if t == T - 1 else None
    if y is None or (case["head"] == "SOFTMAX_CROSS_ENTROPY" and y == -1):
        return None
    return y


def head_loss_and_delta(head, o, y):
    """Loss of one output o against its target y, and dL/do."""
    if head == "SOFTMAX_CROSS_ENTROPY":
        m = np.max(o)
        lse = m + np.log(np.sum(np.exp(o - m)))
        p = np.exp(o - lse)
        d = p.copy()
        d[y] -= 1.0
        return lse - o[y], d
    y = np.asarray(y, dtype=float)
    if head == "SIGMOID_BINARY_CROSS_ENTROPY":
        s = 1.0 / (1.0 + np.exp(-o))
        log_s = -np.logaddexp(0.0, -o)          # log sigmoid(o)
        log_1ms = -np.logaddexp(0.0, o)         # log(1 - sigmoid(o))
        return float(np.sum(-(y * log_s + (1.0 - y) * log_1ms))), s - y
    if head == "IDENTITY_SQUARED_ERROR":
        r = o - y
        return 0.5 * float(np.dot(r, r)), r
    raise ValueError(head)


def sequence_loss_and_grads(case, theta, seq, h0):
    """Forward then BPTT over one sequence: (loss, dL/dtheta, h_T, dL/dh_0)."""
    D, H, K = case["D"], case["H"], case["K"]
    U, V, W, bh, bo = unpack(theta, D, H, K)
    T = len(seq["tokens"] if case["oneHot"] else seq["features"])

    xs, hs, deltas = [], [np.asarray(h0, dtype=float)], []
    loss = 0.0
    for t in range(T):
        x = input_vector(case, seq, t)
        h = np.tanh(U @ x + V @ hs[-1] + bh)
        xs.append(x)
        hs.append(h)
        y = target_at(case, seq, t)
        if y is None:
            deltas.append(None)
        else:
            l, d = head_loss_and_delta(case["head"], W @ h + bo, y)
            loss += l
            deltas.append(d)

    gU, gV, gW = np.zeros((H, D)), np.zeros((H, H)), np.zeros((K, H))
    gbh, gbo = np.zeros(H), np.zeros(K)
    dh_next = np.zeros(H)                       # dL/dh_t through h_{t+1}
    for t in reversed(range(T)):
        h, h_prev = hs[t + 1], hs[t]
        dh = dh_next.copy()
        if deltas[t] is not None:
            gW += np.outer(deltas[t], h)
            gbo += deltas[t]
            dh += W.T @ deltas[t]
        da = dh * (1.0 - h * h)                 # through tanh
        gU += np.outer(da, xs[t])
        gV += np.outer(da, h_prev)
        gbh += da
        dh_next = V.T @ da
    return loss, pack_params(gU, gV, gW, gbh, gbo), hs[-1], dh_next


def case_loss_and_grads(case, theta=None, h0s=None):
    theta = np.asarray(case["theta"] if theta is None else theta, dtype=float)
    h0s = [s["h0"] for s in case["sequences"]] if h0s is None else h0s
    loss, grad, finals, dh0s = 0.0, np.zeros_like(theta), [], []
    for seq, h0 in zip(case["sequences"], h0s):
        l, g, hT, dh0 = sequence_loss_and_grads(case, theta, seq, h0)
        loss += l
        grad += g
        finals.append(hT)
        dh0s.append(dh0)
    return loss, grad, finals, dh0s


def finite_difference_check(case, grad, dh0s, eps=1e-6, tol=1e-7):
    """Central differences of the loss against the BPTT gradient (theta and every h_0)."""
    theta = np.asarray(case["theta"], dtype=float)
    h0s = [np.asarray(s["h0"], dtype=float) for s in case["sequences"]]

    def check(analytic, numeric, what):
        err = np.abs(analytic - numeric)
        bound = tol * np.maximum(np.abs(analytic), np.abs(numeric)) + 1e-8
        assert np.all(err <= bound), (case["name"], what, float(np.max(err - bound)))

    numeric = np.zeros_like(theta)
    for i in range(theta.size):
        tp, tm = theta.copy(), theta.copy()
        tp[i] += eps
        tm[i] -= eps
        numeric[i] = (case_loss_and_grads(case, tp)[0] - case_loss_and_grads(case, tm)[0]) / (2 * eps)
    check(grad, numeric, "dL/dtheta")

    for b in range(len(h0s)):
        num = np.zeros(case["H"])
        for i in range(case["H"]):
            hp = [h.copy() for h in h0s]
            hm = [h.copy() for h in h0s]
            hp[b][i] += eps
            hm[b][i] -= eps
            num[i] = (case_loss_and_grads(case, None, hp)[0] - case_loss_and_grads(case, None, hm)[0]) / (2 * eps)
        check(dh0s[b], num, "dL/dh0[%d]" % b)


def make_case(rng, name, D, H, K, head, mode, one_hot, lengths, nonzero_h0, skip=()):
    """Random inputs, targets, theta and h_0. skip: (sequence, step) pairs given class target -1."""
    assert head in HEADS and mode in MODES
    # moderate weights: tanh neither linear nor saturated
    theta = np.concatenate([
        rng.normal(0.0, 0.8 / np.sqrt(D if not one_hot else 1), H * D),
        rng.normal(0.0, 0.8 / np.sqrt(H), H * H),
        rng.normal(0.0, 1.0 / np.sqrt(H), K * H),
        rng.uniform(-0.5, 0.5, H + K),
    ])
    sequences = []
    for b, T in enumerate(lengths):
        seq = {}
        if one_hot:
            seq["tokens"] = [int(v) for v in rng.integers(0, D, T)]
        else:
            seq["features"] = [[float(v) for v in rng.uniform(-1.0, 1.0, D)] for _ in range(T)]
        n = T if mode == "EVERY_STEP" else 1
        if head == "SOFTMAX_CROSS_ENTROPY":
            targets = [int(v) for v in rng.integers(0, K, n)]
            for (sb, st) in skip:
                if sb == b:
                    targets[st] = -1
        elif head == "SIGMOID_BINARY_CROSS_ENTROPY":
            targets = [[float(v) for v in rng.uniform(0.0, 1.0, K)] for _ in range(n)]
        else:
            targets = [[float(v) for v in rng.uniform(-2.0, 2.0, K)] for _ in range(n)]
        seq["targets"] = targets
        seq["h0"] = [float(v) for v in rng.uniform(-0.8, 0.8, H)] if nonzero_h0 else [0.0] * H
        sequences.append(seq)
    return {"name": name, "D": D, "H": H, "K": K, "head": head, "mode": mode, "oneHot": one_hot,
            "theta": [float(v) for v in theta], "sequences": sequences}


def main():
    rng = np.random.default_rng(20240611)
    cases = [
        make_case(rng, "onehot_softmax_every_step_h0", 5, 4, 5, "SOFTMAX_CROSS_ENTROPY", "EVERY_STEP",
                  True, [4, 2, 3], True, skip=[(2, 1)]),
        make_case(rng, "dense_squared_error_last_step", 3, 4, 2, "IDENTITY_SQUARED_ERROR", "LAST_STEP",
                  False, [3, 5, 1], False),
        make_case(rng, "dense_sigmoid_every_step_h0", 2, 3, 2, "SIGMOID_BINARY_CROSS_ENTROPY", "EVERY_STEP",
                  False, [2, 4], True),
        # equal lengths (packing must keep order of addition among ties), many-to-one with h_0
        make_case(rng, "onehot_softmax_last_step_ties_h0", 6, 3, 4, "SOFTMAX_CROSS_ENTROPY", "LAST_STEP",
                  True, [2, 3, 3, 1], True),
    ]
    for case in cases:
        loss, grad, finals, dh0s = case_loss_and_grads(case)
        finite_difference_check(case, grad, dh0s)
        assert np.isfinite(loss) and loss > 0
        case["loss"] = float(loss)
        case["gradient"] = [float(v) for v in grad]
        for seq, hT, dh0 in zip(case["sequences"], finals, dh0s):
            seq["hFinal"] = [float(v) for v in hT]
            seq["dh0"] = [float(v) for v in dh0]

    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
    doc = {"generator": "rnn_reference.py (numpy %s)" % np.__version__,
           "note": "regenerate with: python3 src/test/resources/golden/rnn_reference.py",
           "cases": cases}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)   # floats as repr: shortest string that round-trips exactly
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.basename(out)))


if __name__ == "__main__":
    main()
