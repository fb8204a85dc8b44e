"""One head count of the staff serving, read as both staff counts the vocabulary names.

``实有在职人员14人``, ``在职人员33人`` or ``实有人数13名``, as the only count of the staff there, is
both the department's actual staff (``staff_actual``, 实有在编人数, whose aliases include
实有人数 and 在职人员) and its staff in service (``staff_in_service``, 在职人数). A text that
states the two apart (``现有职工19人,其中在编人员13人``) gives each its own figure, and the
count is not copied: a count whose sentence goes on to name staff off the establishment or a
part on it (临聘, 编外, 其中…在编) is no count of the staff on posts. Imports only :mod:`.model`.
"""

from __future__ import annotations

import re

from .model import Candidate

ACTUAL, IN_SERVICE = "staff_actual", "staff_in_service"
_OTHER = {ACTUAL: IN_SERVICE, IN_SERVICE: ACTUAL}

# what follows a count of the staff in service and says, in its parentheses or 其中 clause, that it
# takes in more than the staff on posts: hires, secondments, staff off the establishment, or a part
# on posts (…19人,其中实有财政补助人员9人 | …50人,比上年减少4人,其中在编31人 | …50人(含编外10人) |
# …132人(财政拨款59人,…,招聘人员32人));
# a sibling count (、外聘临时工18人) does not
_MIXED_AFTER = re.compile(r"(?:[^。;；]*?(?:含|包括|其中)|[人名]?[(（])[^。;；)）]*?"
                          r"(?:编外|临聘|聘用|聘请|招聘|借调|返聘|合同|劳务|外聘|代课|临时|在编|实有|编制内|编内|财政供养|财政补助)")

# 其中 listing the head count's posts by category (…73人,其中行政编制25人、参公编制20人、事业编制26人)
_BY_CATEGORY = re.compile(r"[人名]?[,，]?其中[:：]?((?:[^,，、;；。:：\d]{1,8}编制(?:人员|人数)?(?:为|有)?\d+[人名][、,，;；]?)+)")
_COUNT = re.compile(r"(\d+)[人名]")

# 其中 opening the count's clause, whose words do not name the staff serving (编制59人,其中在职在编教职工53人 do)
_PART_BEFORE = re.compile(r"其中[:：]?(?![^,，;；。]*?(?:在职|在岗))[^,，;；。]*$")


def twin(found: Candidate, before: str = "", after: str = "") -> Candidate | None:
    """The same count as the other staff metric, or None when ``after`` (the text that follows the
    count's figure) says an in-service count takes in staff off the posts, or ``before`` (the
    count's clause up to its figure) makes an actual count not named as serving the part of a total
    (…19人,其中在编人员13人)."""
    other = _OTHER.get(found.metric)
    if other is None or (found.metric == IN_SERVICE and (_MIXED_AFTER.match(after) or _fewer_on_posts(found, after))) \
            or (found.metric == ACTUAL and _PART_BEFORE.search(before)):
        return None
    return Candidate(other, found.value, found.provenance, found.rank, found.approx, found.note)


def _fewer_on_posts(found: Candidate, after: str) -> bool:
    """Whether the posts a head count lists by category add up to fewer people than it counts (73 serve,
    25 + 20 + 26 of them on posts): some serve off the posts, and how many are on them is the sum, not it."""
    listed = _BY_CATEGORY.match(after)
    return listed is not None and sum(int(n) for n in _COUNT.findall(listed[1])) < found.value


def tabled_twins(found: list[Candidate]) -> list[Candidate]:
    """The actual staff counts a table's rows give, as counts of the staff in service too. A row of
    the staff in service is not copied the other way: the rows below it that might name a part on
    posts (其中:在编) are the table's to state."""
    return [copied for c in found if c.metric == ACTUAL and (copied := twin(c)) is not None]


def unstated(twins: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """The twins whose metric the text gives no figure of its own."""
    stated = {c.metric for c in candidates}
    return [t for t in twins if t.metric not in stated]
