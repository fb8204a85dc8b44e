"""The perfscore engine: rubrics in, department data in, graded results and their renderings out.

Subpackages by concern, lowest first; a package may import only those below it
(the contracts in pyproject.toml, checked by tests/test_layers.py, hold this):

* shared leaves here: ``errors`` (positioned problems), ``units`` (figures as printed),
  ``atomic`` (safe atomic writes), ``resources`` (bundled rules/ and scoring_profiles/),
  ``calendar`` (Chinese working days), ``rounding`` (explicit half-away-from-zero),
  ``zipguard`` (zip-bomb checks of .docx/.xlsx before they are read);
* ``rubric``: YAML with positions, the formula language, the rubric model, profiles
  and inheritance, validation and the compiled plan;
* ``inputs``: department data parsed at the edge into a typed :class:`MetricBatch`;
* ``evaluate``: the vector backend, results and aggregation, ranking, goal tables,
  audit findings and plausibility flags;
* ``rete`` (the durable_rules backend) and ``render`` (scorecards, reasons, text,
  JSON/CSV, XLSX), independent of each other;
* ``reports`` (document readers, extraction, consistency checks), ``tables``
  (reading tables, the batch runner, breakdown, synth) and ``backends`` (the engines
  by name), independent of each other;
* ``cluster``: partitioned tables scored on Dask;
* ``jobs``: whole tasks that join several concerns (score, verify, validate, run a
  profile's tests, extract and check), called by the public API (``perfscore.api``).
"""
