"""Models of the projects_p1 app."""
