"""A plain Python matcher for the compiled rulesets, where durable_rules cannot be installed (Python ≥ 3.13).

It takes the same ruleset definitions the durable_rules Host takes (:func:`.ruleset.definition`: per rule
``{"all": [{"m": {"$and": tests}}], "run": action}``) and fires, for every asserted fact, every rule
whose tests all hold — the subset of durable's test language the compiler emits: ``{prop: value}``,
``$gte``/``$lt`` on integers, ``$ex``/``$nex`` and ``$or``. Facts an action asserts (flags chaining) are
matched in turn, in the order asserted. A fact that matches no rule is an error, as in durable_rules.
The values, rules and actions are those of the rete backend, so this path is still independent of
the vector backend; only the network that matches facts to rules differs.

Rete layer: imports the standard library only.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Callable

Test = dict[str, Any]


class NoRuleMatched(RuntimeError):
    """A fact matched no rule (durable_rules raises ``MessageNotHandledException``)."""


def holds(test: Test, fact: dict[str, Any]) -> bool:
    """Whether one compiled test holds for ``fact``."""
    for key, operand in test.items():
        if key == "$and":
            if not all(holds(t, fact) for t in operand):
                return False
        elif key == "$or":
            if not any(holds(t, fact) for t in operand):
                return False
        elif key in ("$gte", "$lt", "$ex", "$nex"):
            for prop, bound in operand.items():
                present = prop in fact
                if key == "$ex" and not present or key == "$nex" and present:
                    return False
                if key in ("$gte", "$lt"):
                    value = fact.get(prop)
                    if not isinstance(value, (int, float)) or isinstance(value, bool):
                        return False
                    if (key == "$gte" and not value >= bound) or (key == "$lt" and not value < bound):
                        return False
        elif key.startswith("$"):
            raise ValueError(f"test operator {key!r} is not supported by the plain matcher")
        elif key not in fact or fact[key] != operand or isinstance(fact[key], bool) != isinstance(operand, bool):
            return False
    return True


class PlainFiring:
    """What an action receives: the matched fact ``m`` and ``assert_fact`` into the same session."""

    __slots__ = ("m", "_queue", "_sid")

    def __init__(self, queue: deque, sid: str, message: dict[str, Any]):
        self.m = message
        self._queue = queue
        self._sid = sid

    def assert_fact(self, fact: dict[str, Any]) -> None:
        fact.setdefault("sid", self._sid)
        self._queue.append(fact)


class PlainHost:
    """The three Host calls the rete backend makes: ``set_rulesets``, ``assert_facts``, ``delete_state``."""

    def __init__(self) -> None:
        self.rulesets: dict[str, dict[str, list[tuple[str, list[Test], Callable[[Any], None]]]]] = {}

    def set_rulesets(self, definitions: dict[str, dict[str, Any]]) -> None:
        for name, rules in definitions.items():
            by_key: dict[str, list[tuple[str, list[Test], Callable[[Any], None]]]] = {}
            for rule_name, rule in rules.items():
                tests = rule["all"][0]["m"]["$and"]
                key = tests[0].get("c") if tests and isinstance(tests[0], dict) else None
                by_key.setdefault(key, []).append((rule_name, tests, rule["run"]))
            self.rulesets[name] = by_key

    def assert_facts(self, name: str, facts: list[dict[str, Any]]) -> None:
        by_key = self.rulesets[name]
        queue: deque = deque(facts)
        while queue:
            fact = queue.popleft()
            fired = False
            for rule_name, tests, run in by_key.get(fact.get("c"), ()):
                if all(holds(test, fact) for test in tests):
                    fired = True
                    run(PlainFiring(queue, str(fact.get("sid", "")), fact))
            if not fired:
                raise NoRuleMatched(f"fact {fact.get('c')!r} of department {fact.get('d')!r} matched no rule")

    def delete_state(self, name: str, sid: str) -> None:
        return None
