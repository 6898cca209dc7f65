"""HTML report for people: one self-contained file (inline CSS and SVG, no scripts, no requests)."""
from policytext.report.html import render_html

__all__ = ["render_html"]
