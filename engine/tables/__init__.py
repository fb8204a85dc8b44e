"""Many departments at once: reading tables, the whole-table steps, the batch runner and its outputs.

``read`` opens CSV/XLSX/Parquet files or an in-memory DataFrame, ``columns`` maps
headers to metrics and converts whole columns, ``goals`` reads and matches goal rows,
``source`` runs the key pass (duplicates, prior-year values from the previous year's
row) and yields typed chunks, ``runner`` scores them with the backend it is handed and
writes the summary, ``breakdown`` and the rejects (``rejects``), ``render.csvfile`` writes CSV
as pandas would, faster, ``synth`` makes realistic synthetic tables, ``prior_year`` names
the metrics taken from the previous year, ``memory`` hands freed memory back.

May import: ``render``, ``evaluate``, ``inputs``, ``rubric`` and the shared leaves;
never ``rete`` (the caller chooses the backend) or ``reports``.
"""
