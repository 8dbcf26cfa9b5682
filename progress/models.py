"""Models of the progress app (step 4: project progress reports)."""
