"""The optional C extension (policytext/_speedups.c); everything else is in pyproject.toml. Without a C compiler
the build of the extension fails quietly and policytext runs its pure-Python versions (policytext/normalize/scan.py)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("policytext._speedups", ["policytext/_speedups.c"], optional=True)])
