"""Extractors: targets, mechanisms, deadlines. Plain functions on normalized text, wrapped as spaCy
components in :mod:`policytext.extractors.components`."""
