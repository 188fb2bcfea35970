"""The patients of lesson 06 (case studies): histories and measured values, with sources."""

from musclepain_lib.cases.model import Case, case_ids, load_case

__all__ = ["Case", "case_ids", "load_case"]
