"""A heading run into its paragraph, read as a heading that names what follows.

``(一)收入预算。2026年年初预算数67.10万元,其中:…`` prints its heading as a sentence of its own, so the
figure after it stands in a sentence that names no income or spending. A numbered heading of a few
words with no figure, opening its paragraph and closed by 。 or a comma (``(一)收入预算,2018 年年初预算数…``)
before a figure, is read as if closed by a colon (``(一)收入预算:2026年年初预算数67.10万元``), which ties
the heading's words to the clause after it; so is a bracketed numeral's heading closed by 。 anywhere in a
line (a page whose text a copy ran into one line). The colon takes the mark's place, so every offset stays.

Imports nothing of the package: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

# (一)收入预算。 一、支出预算。 1.基本支出。: a numeral opening the paragraph, then up to ten characters with no
# figure or mark, closed by 。 or a comma; or, anywhere (a page run into one line), a bracketed numeral's
# heading closed by 。
_HEADING = r"[^\d。,，:：;；()（）]{2,10}"
_RUN_IN = re.compile(rf"^\s*(?:[(（][一二三四五六七八九十\d]{{1,3}}[)）]|[一二三四五六七八九十\d]{{1,3}}[、.．])\s*{_HEADING}"
                     rf"([。,，])(?=[^。]{{0,20}}?\d)"  # figures follow it
                     rf"|(?<=.)[(（][一二三四五六七八九十]{{1,3}}[)）]{_HEADING}(。)(?=[^。]{{0,20}}?\d)")


def read_run_in_heading(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with the mark that closes each run-in heading read as a colon, and its offsets."""
    marks = [match.start(1) if match.group(1) else match.start(2) for match in _RUN_IN.finditer(text)]
    if not marks:
        return text, offsets
    chars = list(text)
    for at in marks:
        chars[at] = ":"
    return "".join(chars), offsets
