"""jieba's path search for every block of a batch at once, with numpy.

jieba (Tokenizer.__cut_DAG of jieba 0.42.1) cuts a block of text along its most probable
path: from the right, each character k takes the dictionary word k..j (of those starting at
k; the character alone when there is none, with frequency 1) that maximises
log(frequency / total) + score[j], a tie going to the longer word; runs of single
characters then go to its HMM unless the run is itself a dictionary word. Done a character
at a time in Python, this was 40% of the segment stage on 1 MB of news.

Here the words come from Segmenter._walk, which finds them level by level for the whole
batch anyway, and the path is computed for all blocks at once: step d scores every
character that lies d characters before the end of its block (a block has at most a few
dozen characters, so there are that many steps). The sums are jieba's (log-probability
plus the score after the word, in float64), so scores and ties come out the same; tests
compare the cut with jieba's on the benchmark texts, on traditional characters (where ties
are common) and on generated strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Blocks longer than this are searched a character at a time in Python: the search in
# numpy takes one step per character of the longest block it is given, which suits news
# (blocks of at most 70 characters on 1 MB) but not text without punctuation (the 10 MB
# benchmark line is one block of 3.3 million characters).
LONG_BLOCK = 300


def _blocks(np, inside):
    """(first character, end) of each block, and the end of its block for each character."""
    edges = np.flatnonzero(np.diff(inside.astype(np.int8), prepend=0, append=0))
    first, stop = edges[0::2], edges[1::2]
    block_end = np.zeros(len(inside), np.int64)
    block_end[inside] = np.repeat(stop, stop - first)
    return first, stop, block_end


def route(np, inside, words: Sequence[tuple], unknown: float):
    """end[k]: where the word that jieba's path takes at block character k ends.

    `inside`: whether each character is in a block (the last never is); `words`: (starts,
    length, log-probabilities) of the dictionary words found, one triple a length;
    `unknown`: the log-probability of a character that starts no word."""
    n = len(inside)
    end = np.zeros(n, np.int64)
    first, stop, block_end = _blocks(np, inside)
    if not len(first):
        return end
    ks = np.concatenate([s for s, _, _ in words] + [np.zeros(0, np.int64)]).astype(np.int64)
    ls = np.concatenate([np.full(len(s), length, np.int64) for s, length, _ in words] + [np.zeros(0, np.int64)])
    lps = np.concatenate([lp for _, _, lp in words] + [np.zeros(0)])
    keep = ks + ls <= block_end[ks]  # a word read past the end of its block is no edge
    ks, ls, lps = ks[keep], ls[keep], lps[keep]
    has = np.zeros(n, bool)
    has[ks] = True
    alone = np.flatnonzero(inside & ~has)
    ks = np.concatenate([ks, alone])
    ls = np.concatenate([ls, np.ones(len(alone), np.int64)])
    lps = np.concatenate([lps, np.full(len(alone), unknown)])
    long_block = np.zeros(n, bool)
    long_block[inside] = np.repeat(stop - first > LONG_BLOCK, stop - first)
    long = long_block[ks]
    if long.any():
        _route_long(np, ks[long], ls[long], lps[long], end)
        short = ~long
        ks, ls, lps = ks[short], ls[short], lps[short]
    if len(ks):
        _route_short(np, ks, ls, lps, block_end, end)
    return end


def _route_short(np, ks, ls, lps, block_end, end) -> None:
    """The path search for all blocks at once, one step per distance from a block's end."""
    left = block_end[ks] - ks  # characters from k to the end of its block
    order = np.lexsort((ls, ks, left))
    ks, ls, lps, left = ks[order], ls[order], lps[order], left[order]
    heads = np.flatnonzero(np.diff(ks, prepend=-1))  # the first word of each k
    steps = int(left[-1])
    at = np.searchsorted(left, np.arange(1, steps + 2)).tolist()
    head_at = np.searchsorted(left[heads], np.arange(1, steps + 2)).tolist()
    score = np.zeros(len(end))
    maximum = np.maximum.reduceat
    for step in range(steps):
        a, b = at[step], at[step + 1]
        if a == b:
            continue
        k, length = ks[a:b], ls[a:b]
        value = lps[a:b] + score[k + length]
        first = heads[head_at[step] : head_at[step + 1]] - a
        best = maximum(value, first)
        tie = value == np.repeat(best, np.diff(np.append(first, b - a)))
        starts = k[first]
        score[starts] = best
        end[starts] = starts + maximum(np.where(tie, length, 0), first)  # a tie: the longer


def _route_long(np, ks, ls, lps, end) -> None:
    """The path search a character at a time, from the right, as jieba does it."""
    order = np.lexsort((ls, ks))
    ks, ls, lps = ks[order].tolist(), ls[order].tolist(), lps[order].tolist()
    score = [0.0] * (len(end) + 1)  # 0 after the end of a block
    heads, lengths = [], []
    i = len(ks) - 1
    while i >= 0:  # k from the right; its words from the longest, so a tie keeps the longer
        k = ks[i]
        best = None
        while i >= 0 and ks[i] == k:
            value = lps[i] + score[k + ls[i]]
            if best is None or value > best:
                best, length = value, ls[i]
            i -= 1
        score[k] = best
        heads.append(k)
        lengths.append(length)
    heads_at = np.array(heads, np.int64)
    end[heads_at] = heads_at + np.array(lengths, np.int64)


def boundaries(np, text: str, codes, inside, end, forced, single_run: Callable[[str], list[str] | None]) -> list[int]:
    """Where the pieces of jieba's cut start, for the whole `text` (its last character a
    newline outside every block), and len(text).

    Outside blocks each character is a piece, "\\r\\n" one piece; `forced`: positions where
    a piece starts whatever (the starts and ends of the texts joined); `single_run`: the
    pieces of a run of two or more single characters on the path, or None when they stay
    single characters."""
    n = len(text)
    first, stop, _ = _blocks(np, inside)
    long = stop - first > LONG_BLOCK
    nodes = [np.array(_path_long(end, first[long].tolist(), stop[long].tolist()), np.int64)] if long.any() else []
    at = first[~long]
    while len(at):  # the path through every short block, a word at a time
        nodes.append(at)
        at = end[at]
        at = at[inside[at]]
    on_path = np.sort(np.concatenate(nodes)) if nodes else np.zeros(0, np.int64)
    starts = ~inside
    starts[1:] &= ~((codes[1:] == 10) & (codes[:-1] == 13))
    starts[on_path] = True
    singles = on_path[end[on_path] - on_path == 1]
    if len(singles) > 1:
        cut = np.flatnonzero(np.diff(singles) != 1) + 1
        run_first = singles[np.concatenate([[0], cut])]
        run_len = np.diff(np.concatenate([[0], cut, [len(singles)]]))
        long = run_len > 1
        off: list[int] = []
        on: list[int] = []
        for a, m in zip(run_first[long].tolist(), run_len[long].tolist()):
            pieces = single_run(text[a : a + m])
            if pieces is not None:
                off.extend(range(a + 1, a + m))
                for piece in pieces[:-1]:
                    a += len(piece)
                    on.append(a)
        starts[off] = False
        starts[on] = True
    starts[forced] = True
    return [*np.flatnonzero(starts).tolist(), n]


def _path_long(end, firsts: list[int], stops: list[int]) -> list[int]:
    """The characters where the path's words start in long blocks, a word at a time."""
    ends = memoryview(end)
    out: list[int] = []
    for k, stop in zip(firsts, stops):
        while k < stop:
            out.append(k)
            k = ends[k]
    return out
