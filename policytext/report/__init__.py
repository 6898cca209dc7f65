"""HTML report for people: one self-contained file (inline CSS, SVG and one small script; no requests)."""
from policytext.report.html import render_html

__all__ = ["render_html"]
