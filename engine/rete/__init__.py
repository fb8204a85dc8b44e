"""The second engine: the compiled plan re-performed per department on durable_rules.

``ruleset`` compiles a plan into one durable_rules ruleset within the engine's limits,
``shapes`` holds the rules and point actions of each scoring shape, ``sexpr`` interprets
formulas on plain floats, ``num`` repeats numpy's rounding one float at a time, and
``backend`` runs the sessions and hands the branches to the shared aggregation.
durable_rules is imported lazily: the optional extra ``perfscore[rete]``.

May import: ``evaluate`` (results and aggregation), ``inputs``, ``rubric`` and the shared leaves.
"""
