"""Normalization: raw decoded text → clean simplified text, with an offset map and a repair log.

Each step is a function ``text -> list[Edit]`` registered by name in :data:`STEPS`; users can add or
swap steps (``register_step``) and choose the order (``normalize(..., steps=...)``) without editing ours.
"""
from __future__ import annotations

from policytext.normalize.pipeline import (
    DEFAULT_STEPS,
    STEPS,
    NormalizedText,
    normalize,
    register_step,
)

__all__ = ["DEFAULT_STEPS", "STEPS", "NormalizedText", "normalize", "register_step"]
