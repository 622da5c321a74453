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


def route(np, inside, words: Sequence[tuple], unknown: float):
    """end[k]: where the word that jieba's path takes at block character k ends.

    `inside`: whether each character is in a block (the last never is); `words`: (starts,
    length, log-probabilities) of the dictionary words found, one triple a length;
    `unknown`: the log-probability of a character that starts no word."""
    n = len(inside)
    outside = np.flatnonzero(~inside)
    chars = np.flatnonzero(inside)
    end = np.zeros(n, np.int64)
    if not len(chars):
        return end
    block_end = np.zeros(n, np.int64)
    block_end[chars] = outside[np.searchsorted(outside, chars)]
    ks = np.concatenate([s for s, _, _ in words] + [np.zeros(0, np.int64)]).astype(np.int64)
    ls = np.concatenate([np.full(len(s), length, np.int64) for s, length, _ in words] + [np.zeros(0, np.int64)])
    lps = np.concatenate([lp for _, _, lp in words] + [np.zeros(0)])
    keep = ks + ls <= block_end[ks]  # a word read past the end of its block is no edge
    ks, ls, lps = ks[keep], ls[keep], lps[keep]
    has = np.zeros(n, bool)
    has[ks] = True
    alone = chars[~has[chars]]
    ks = np.concatenate([ks, alone])
    ls = np.concatenate([ls, np.ones(len(alone), np.int64)])
    lps = np.concatenate([lps, np.full(len(alone), unknown)])
    left = block_end[ks] - ks  # characters from k to the end of its block
    order = np.lexsort((ls, ks, left))
    ks, ls, lps, left = ks[order], ls[order], lps[order], left[order]
    heads = np.flatnonzero(np.diff(ks, prepend=-1))  # the first word of each k
    steps = int(left[-1])
    at = np.searchsorted(left, np.arange(1, steps + 2)).tolist()
    head_at = np.searchsorted(left[heads], np.arange(1, steps + 2)).tolist()
    score = np.zeros(n)
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
    return end


def boundaries(np, text: str, codes, inside, end, forced, single_run: Callable[[str], list[str] | None]) -> list[int]:
    """Where the pieces of jieba's cut start, for the whole `text` (its last character a
    newline outside every block), and len(text).

    Outside blocks each character is a piece, "\\r\\n" one piece; `forced`: positions where
    a piece starts whatever (the starts and ends of the texts joined); `single_run`: the
    pieces of a run of two or more single characters on the path, or None when they stay
    single characters."""
    n = len(text)
    first = np.flatnonzero(inside & ~np.concatenate([[False], inside[:-1]]))
    nodes = []
    at = first
    while len(at):
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
