"""What a person or a program reads: scorecards, reasons, criteria texts, terminal text, JSON/CSV, XLSX.

``scorecard`` builds the JSON contract of a result (design §5), ``explain`` and
``explain_vector`` the Chinese reasons (one department, or a batch column-wise),
``describe`` and ``explain_profile`` the 评分标准 of a rubric, ``text``/``data``/``xlsx``
the formats, ``template_xlsx`` the data-collection workbook, ``numfmt`` and ``textwidth`` the shared number and CJK-width helpers,
``progress`` the progress bar of long runs. Renderers format; they never score.

May import: ``evaluate``'s public results (never ``vexpr``, ``vector`` or ``findings``),
``inputs``, ``rubric`` and the shared leaves.
"""
