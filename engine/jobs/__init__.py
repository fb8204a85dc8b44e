"""Whole tasks that join several concerns, each called by one function of the public API.

``scoring`` picks a backend, reads metrics of any kind and scores them; ``verify``
re-performs saved scorecards with the other engine; ``validation`` checks every rule file
and profile (``rule_files`` knows the rule files other packages own); ``profile_tests``
runs a profile's ``tests:``; ``checking`` runs the consistency checks of a report or metrics file;
``frames`` turns results into the summary, breakdown and rejects DataFrames of the API.
They live above the concerns they join, so no concern has to import its peers.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""
