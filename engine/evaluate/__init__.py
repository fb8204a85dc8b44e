"""Evaluation: the vector backend over a compiled plan, results and aggregation, and the whole-table steps.

``vexpr`` evaluates formula trees over columns, ``vector`` each scoring shape, ``results``
holds the department × criterion arrays and the aggregation every backend shares,
``goals`` scores goal tables, ``findings`` chains audit findings, ``plausibility``
evaluates declarative flags, ``ranking`` ranks totals and counts grades per year.

Public to higher layers: ``results``, ``ranking``, ``plausibility`` and the scored goal
rows of ``goals``; ``vexpr``, ``vector`` and ``findings`` are internal (renderers never
import them). May import: ``inputs``, ``rubric`` and the shared leaves.
"""
