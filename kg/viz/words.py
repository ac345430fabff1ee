"""jieba's word boundaries for labels, without jieba's start-up.

`jieba.initialize()` unmarshals a prefix dictionary of 584,000 entries: 1-2 s, more than a whole small
`kg viz`. A sentence's segmentation only ever looks up substrings of that sentence, so the words built of
the characters at hand (starting with one of the sentence's), their prefixes and jieba's grand total give
exactly the cuts of the full dictionary (a test compares them).
Here jieba's own dict.txt is indexed once by first character (marshalled beside jieba's cache, about 0.2 s to
load), and a `jieba.Tokenizer` gets only the words of the characters the labels use.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
import threading
from pathlib import Path

_LOCK = threading.Lock()
_STATE: dict = {}


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba


def _index() -> tuple[dict[str, list[str]], int]:
    """jieba's dictionary lines by first character, and the sum of all frequencies; cached on disk."""
    jieba = _jieba()
    with jieba.get_dict_file() as fh:
        raw = fh.read()
    cache = Path(tempfile.gettempdir()) / f"policy-kg-words-{hashlib.md5(raw).hexdigest()}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    by_first: dict[str, list[str]] = {}
    total = 0
    for line in raw.decode("utf-8").splitlines():
        word, freq = line.split(" ", 2)[:2]
        total += int(freq)
        by_first.setdefault(word[0], []).append(f"{word} {freq}")
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
    try:  # written whole then renamed: a reader never sees half a cache
        tmp.write_bytes(marshal.dumps((by_first, total)))
        tmp.replace(cache)
    except OSError:
        pass
    return by_first, total


def _tokenizer():
    if "tk" not in _STATE:
        by_first, total = _index()
        tk = _jieba().Tokenizer()
        tk.FREQ, tk.total, tk.initialized = {}, total, True
        _STATE.update(tk=tk, index=by_first, chars=set())
    return _STATE["tk"]


def cover(texts) -> None:
    """Make known every dictionary word built only of characters seen so far that starts with a character of
    these texts (so each text is cut as the full dictionary cuts it). Call once with every label first: a
    list is scanned again only when new characters have come since."""
    with _LOCK:
        tk = _tokenizer()
        chars: set[str] = _STATE["chars"]
        scanned: dict[str, int] = _STATE.setdefault("scanned", {})
        wanted = set("".join(texts))
        chars |= wanted
        freq = tk.FREQ
        for first in wanted:
            if scanned.get(first) == len(chars):
                continue
            scanned[first] = len(chars)
            for line in _STATE["index"].get(first, ()):
                word, f = line.rsplit(" ", 1)
                if freq.get(word) or not set(word) <= chars:
                    continue
                freq[word] = int(f)
                for i in range(1, len(word)):
                    freq.setdefault(word[:i], 0)


def cut(text: str) -> list[str]:
    """jieba's words of `text` (with its HMM for unknown words), as the full dictionary would cut it."""
    cover([text])
    return list(_tokenizer().cut(text, HMM=True))


def warm_up() -> threading.Thread:
    """Load the index on a thread, while the caller queries the store."""
    thread = threading.Thread(target=lambda: cover([]), name="kg-words", daemon=True)
    thread.start()
    return thread
