"""perfscore: declarative, reproducible grading of 部门整体支出绩效评价.

The package root maps the repository's top level (engine/, rules/,
scoring_profiles/, cli.py) into one ``perfscore`` import namespace.
"""

__version__ = "0.1.0"
