"""Rubrics as data: YAML with positions, the formula language, the model, profiles, validation, the plan.

``yamlio`` reads safe YAML that remembers where every key came from; ``reader`` gives
typed access that collects problems; ``expr`` is the whitelisted formula parser;
``vocabulary`` the metric ids; ``model`` the validated rubric; ``parse`` builds it from
YAML; ``profiles`` finds, inherits and validates profiles; ``validate`` holds the
semantic checks; ``plan`` compiles a profile into the flat plan every backend runs.

May import: the shared leaves of ``perfscore.engine`` (errors, units, resources, rounding,
calendar, atomic) only. Everything else builds on this package.
"""
