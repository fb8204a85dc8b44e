"""Department data at the edge: raw values from YAML, JSON, tables and reports become a typed batch.

Every raw value is validated and converted here (money to 万元, dates, yes/no, goal rows,
assessments, audit findings) into a :class:`~.batch.MetricBatch`; evaluation reads only
what this package built and never parses input again.

May import: ``rubric`` (the vocabulary, marked YAML) and the shared leaves.
"""
