"""Self-evaluation reports in: document readers, extraction with provenance, consistency checks.

``readers`` turn .txt/.docx/.pdf into a :class:`~.document.Document` (``text_tables``
reassembles tables flattened to one cell per line), ``lexicon`` compiles the extraction
vocabulary, ``extract`` with ``scan``, ``tables`` and ``fields`` finds figures with
their source sentence (``model`` holds the records), ``checks`` with ``check_kinds``
runs the 勾稽 checks of rules/consistency.yaml, ``scoring`` turns a report into a
scorable batch, ``to_yaml`` writes an extraction for review.

May import: ``inputs``, ``rubric`` and the shared leaves (and, unused today, ``render``,
``rete`` and ``evaluate`` below it); never ``tables``.
"""
