"""The perfscore library: load, validate, compile, evaluate, grade and render rubrics."""
