"""PDF output of the portal: ``render_pdf`` is the one way to make a PDF."""

from .rendering import render_pdf

__all__ = ["render_pdf"]
