"""factpress: a static site generator for fact-checked, bilingual explainers."""

__version__ = "0.1.0"
