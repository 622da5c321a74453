"""g2pM's character BiLSTM: its weights, folded once into the cache, and a forward pass
batched over every sentence of an article.

    log_probs(texts, targets, rows, cols) -> log-probability of reading cols[n] at target rows[n]

The model is g2pM (Park & Lee 2020, github.com/kakaobrain/g2pM, Apache-2.0), trained on
the CPP polyphone corpus; only its weights are used here, with a forward pass of our own
(the package's own one runs sentence by sentence). readings.py decides which characters
to ask about and which readings to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vocabdeck.session import once

# PyTorch's LSTM gate order is input, forget, cell, output. The folded weights put the
# three sigmoid gates first and the cell gate last, negated, with the cell gate doubled:
# one exp over all four gates then gives every sigmoid, and tanh(x) = 2*sigmoid(2x) - 1
# gives the cell gate (doubling is exact in floating point).
_GATES = (0, 1, 3, 2)

# OpenBLAS splits a matrix product over threads above about 262,144 multiply-adds
# (m*n*k); for the recurrent step (rows x 32 @ 32 x 128) the threads cost more than they
# save, and on a busy 2-core machine a 512-row step took 6x longer threaded than in one
# thread. Rows are multiplied in blocks of this size, each under the threshold.
_ROW_BLOCK = 64
# Targets whose output layer is computed at once (1,024 x 876 floats: 3.5 MB).
_TARGET_BLOCK = 1024


@once
def model():
    """g2pM's weights, folded for the forward pass below (see _fold), from the cache.

    Folding and unpickling the package's float64 state dict took 20 ms of a 0.4 s build;
    the folded arrays load from one pickle in about 5 ms.
    """
    import pickle

    from vocabdeck.data import cache

    np = cache.import_numpy()

    folder = package_folder()
    sources = model_sources()
    # The cache checks the folded weights' checksum on every load: damaged weights would
    # give wrong readings without any error.
    loaded = pickle.loads(cache.cached_bytes("g2pm.pickle", sources, lambda: _folded(folder)))
    loaded["np"] = np
    return loaded


# Files of the g2pM package (pickles in its package folder): np_ckpt.pkl, a PyTorch state
# dict as numpy arrays (embedding 5398x64, one bidirectional LSTM layer of 32 units, then
# 64->32->876 with ReLU); char2idx.pkl, character -> row ("<PAD>" 0, "<UNK>" 1, BOS "시" 2,
# EOS "끝" 3), kept as an array by code point; class2idx.pkl, numbered reading ("le5",
# "lu:4") -> output unit; digest_cedict.pkl, character -> the readings g2pM tells apart
# (its model was trained to choose only among the several readings of 791 characters; the
# 9,961 others have one reading there, kept as `single`).
_G2PM_FILES = ("np_ckpt.pkl", "char2idx.pkl", "class2idx.pkl", "digest_cedict.pkl")


def model_sources() -> list[Path]:
    """Every file the folded model is made from: g2pM's pickles and this module."""
    return [package_folder() / name for name in _G2PM_FILES] + [Path(__file__)]


def package_folder() -> Path:
    """The g2pM package folder, found without importing the package: its module only
    defines the slow one-sentence-at-a-time predictor that is not used here."""
    import importlib.util

    spec = importlib.util.find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the g2pM package is required for readings in context: pip install g2pM")
    return Path(list(spec.submodule_search_locations)[0])


def _folded(folder: Path) -> bytes:
    import pickle

    def load(name):
        with open(folder / name, "rb") as f:
            return pickle.load(f)

    model = _fold(load("np_ckpt.pkl"))
    model["char_ids"] = _char_ids(load("char2idx.pkl"))
    model["classes"] = {c.replace("u:", "v"): i for c, i in load("class2idx.pkl").items()}
    model["single"] = {ch: prons[0].replace("u:", "v") for ch, prons in load("digest_cedict.pkl").items()
                       if len(prons) == 1}
    return pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)


def _char_ids(char2idx: dict[str, int]):
    """char2idx as an array indexed by code point, so a whole text is encoded at once;
    "<UNK>" (1) for every other character, and in the last cell for the code points past
    the table."""
    import numpy as np

    chars = {ord(c): i for c, i in char2idx.items() if len(c) == 1}
    table = np.full(max(chars) + 2, char2idx["<UNK>"], np.int64)
    table[list(chars)] = list(chars.values())
    return table


def _fold(sd: dict) -> dict:
    """Per direction, the input projection folded into the embedding table and the gates
    reordered and scaled as _lstm expects, the two tables one above the other; the output
    layer as it is."""
    import numpy as np

    emb = sd["embedding.weight"]

    def direction(suffix):
        # x @ W_ih.T + b_ih + b_hh depends only on the character: precompute it per row.
        x = emb @ sd[f"lstm.weight_ih_l0{suffix}"].T
        x += sd[f"lstm.bias_ih_l0{suffix}"] + sd[f"lstm.bias_hh_l0{suffix}"]
        w = sd[f"lstm.weight_hh_l0{suffix}"].T
        size = w.shape[0]
        scale = np.array([-1.0] * (3 * size) + [-2.0] * size, np.float32)
        order = np.concatenate([np.arange(g * size, (g + 1) * size) for g in _GATES])
        return (np.ascontiguousarray(x[:, order].astype(np.float32) * scale),
                np.ascontiguousarray(w[:, order].astype(np.float32) * scale))

    (fw_table, fw_hh), (bw_table, bw_hh) = direction(""), direction("_reverse")
    return {
        # Row i of the table: character i forwards; row len(emb) + i: backwards.
        "lstm": (np.concatenate([fw_table, bw_table]), fw_hh, bw_hh),
        "fc": (sd["logit_layer.0.weight"].T, sd["logit_layer.0.bias"],
               sd["logit_layer.2.weight"].T, sd["logit_layer.2.bias"]),
    }


def _lstm(np, table, fw_hh, bw_hh, ids, spans, picks, out):
    """Run both LSTM directions at once over id rows (time-major [steps, rows]): the first
    half of the rows runs forwards, the second backwards, each with its recurrent weights;
    at step t rows spans[t] to spans[t + 1] are still running (the forward rows that run
    longest come last in their half, the backward ones first, so the running rows of both
    are one slice and every gate is computed for both with one call). Write the picked
    states into `out`.

    `picks` = (bounds, output rows, batch rows), the picks sorted by step: the hidden
    states wanted at step t are those of picks bounds[t] to bounds[t + 1]. The run stops
    at the last step with a pick. Each row's numbers are those of running its direction
    alone: a matrix product's row and an element-wise function's element do not depend
    on the rows beside them.
    """
    size = fw_hh.shape[0]
    rows = ids.shape[1]
    half = rows // 2
    lows, highs = spans
    bounds, out_rows, batch_rows = picks
    h = np.zeros((rows, size), np.float32)
    c = np.zeros((rows, size), np.float32)
    z = np.empty((rows, 4 * size), np.float32)
    rec = np.empty((rows, 4 * size), np.float32)
    tmp = np.empty((rows, size), np.float32)
    i_, f_, o_, g_ = (slice(k * size, (k + 1) * size) for k in range(4))
    with np.errstate(over="ignore"):  # exp(-z) overflows to inf for very negative z: sigmoid 0
        for t in range(len(lows)):
            lo, hi = lows[t], highs[t]
            zn = z[lo:hi]
            np.take(table, ids[t, lo:hi], axis=0, out=zn)
            if t:
                for w_hh, first, last in ((fw_hh, lo, half), (bw_hh, half, hi)):
                    for a in range(first, last, _ROW_BLOCK):
                        b = min(last, a + _ROW_BLOCK)
                        np.matmul(h[a:b], w_hh, out=rec[a:b])
                zn += rec[lo:hi]
            np.exp(zn, out=zn)
            zn += 1
            np.reciprocal(zn, out=zn)  # sigmoid of every gate; the cell gate's of 2x
            g = zn[:, g_]
            g *= 2
            g -= 1  # tanh of the cell gate
            g *= zn[:, i_]
            cn = c[lo:hi]
            cn *= zn[:, f_]
            cn += g
            np.tanh(cn, out=tmp[lo:hi])
            np.multiply(zn[:, o_], tmp[lo:hi], out=h[lo:hi])
            a, b = bounds[t], bounds[t + 1]
            if a < b:
                out[out_rows[a:b]] = h[batch_rows[a:b]]


def log_probs(texts: Sequence[str], targets: Sequence[tuple[int, int]], rows, cols):
    """Log-probabilities of g2pM for reading `cols[n]` at target `rows[n]`, a (text index,
    char index) of `targets`.

    Only texts holding a target are run, all in one batch. Each direction runs only as far
    as it must: forwards to the last target of a text, backwards to its first one.
    """
    m = model()
    np = m["np"]
    at = np.array(targets, np.int64).reshape(-1, 2)
    text_of, pos = at[:, 0], at[:, 1]
    last = np.full(len(texts), -1, np.int64)
    np.maximum.at(last, text_of, pos)
    first = np.full(len(texts), 1 << 30, np.int64)
    np.minimum.at(first, text_of, pos)
    used = np.flatnonzero(last >= 0)  # the texts run, in text order
    slot = np.searchsorted(used, text_of)  # each target's text among them
    length = np.fromiter(map(len, map(texts.__getitem__, used.tolist())), np.int64, len(used))
    # Every text run as g2pM reads it, one after another: BOS, the characters' ids, EOS.
    begin = np.cumsum(length + 2) - (length + 2)
    encoded = np.full(int(length.sum()) + 2 * len(used), 3, np.int32)
    encoded[begin] = 2
    codes = np.frombuffer("".join(texts[t] for t in used.tolist()).encode("utf-32-le"), np.uint32)
    table = m["char_ids"]
    is_char = np.ones(len(encoded), bool)
    is_char[begin] = is_char[begin + length + 1] = False
    encoded[is_char] = table[np.minimum(codes, len(table) - 1)]
    n_texts = len(used)

    def direction(need, step, reverse):
        # need[i]: steps text `used[i]` must run; step[n]: the step whose state target n
        # wants. Forwards the texts that run longest come last, backwards first (_lstm).
        order = np.argsort(-need, kind="stable")
        if not reverse:
            order = order[::-1]
        row_of = np.empty_like(order)
        row_of[order] = np.arange(len(order))
        steps = int(need.max())
        # Character s of a text's run: encoded[begin + s], or encoded[end - s] backwards.
        # 32-bit matrices of steps x texts: a batch of very long sentences makes them large.
        at_step = np.arange(steps, dtype=np.int32)[:, None]
        start = ((begin + length + 1) if reverse else begin)[order].astype(np.int32)
        index = start - at_step if reverse else start + at_step
        np.clip(index, 0, len(encoded) - 1, out=index)
        ids = encoded[index]
        del index
        ids[at_step >= need[order]] = 0
        running = n_texts - np.cumsum(np.bincount(need, minlength=steps + 1))[:steps]
        return ids, running, row_of[slot]

    # Forwards to the last target of a text, backwards to its first one; target n wants
    # the forward state of step pos + 1 and the backward one of step length - pos.
    fw_step, bw_step = pos + 1, length[slot] - pos
    fw_ids, fw_running, fw_rows = direction(last[used] + 2, fw_step, False)
    bw_ids, bw_running, bw_rows = direction(length - first[used] + 1, bw_step, True)
    lstm_table, fw_hh, bw_hh = m["lstm"]
    steps = max(len(fw_ids), len(bw_ids))
    ids = np.zeros((steps, 2 * n_texts), np.int32)
    ids[: len(fw_ids), :n_texts] = fw_ids
    ids[: len(bw_ids), n_texts:] = bw_ids
    ids[:, n_texts:] += len(lstm_table) // 2  # the backward half of the table
    del fw_ids, bw_ids
    lows = np.full(steps, n_texts, np.int64)
    lows[: len(fw_running)] -= fw_running
    highs = np.full(steps, n_texts, np.int64)
    highs[: len(bw_running)] += bw_running
    # The picks of both directions by step: forward states go to rows 0..T-1 of `states`,
    # backward ones to rows T..2T-1.
    n = len(targets)
    step = np.concatenate([fw_step, bw_step])
    by_step = np.argsort(step, kind="stable")
    bounds = np.searchsorted(step[by_step], np.arange(steps + 1)).tolist()
    batch_rows = np.concatenate([fw_rows, bw_rows + n_texts])[by_step]
    size = fw_hh.shape[0]
    states = np.empty((2 * n, size), np.float32)
    _lstm(np, lstm_table, fw_hh, bw_hh, ids, (lows.tolist(), highs.tolist()), (bounds, by_step, batch_rows), states)
    hidden = np.concatenate([states[:n], states[n:]], axis=1)  # each target's states, forwards then backwards
    del states
    w0, b0, w1, b1 = m["fc"]
    rows_a = np.asarray(rows)
    cols_a = np.asarray(cols)
    log_norm = np.empty(len(targets), np.float32)  # log of each target's softmax sum
    picked = np.empty(len(rows), np.float32)
    # The output layer a slice of targets at a time: all 876 classes of every target of a
    # batch at once took 14 MB, the largest block of a build's peak memory.
    for a in range(0, len(targets), _TARGET_BLOCK):
        b = min(len(targets), a + _TARGET_BLOCK)
        logits = np.maximum(hidden[a:b] @ w0 + b0, 0) @ w1 + b1
        logits -= logits.max(axis=1, keepdims=True)
        # Log-softmax, only where asked: the picked logits are read before exp overwrites them.
        here = np.flatnonzero((rows_a >= a) & (rows_a < b))
        picked[here] = logits[rows_a[here] - a, cols_a[here]]
        np.exp(logits, out=logits)
        log_norm[a:b] = np.log(logits.sum(axis=1))
    return picked - log_norm[rows_a]
