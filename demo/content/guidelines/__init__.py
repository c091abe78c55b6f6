"""The four demo guideline sets of the Child Online Protection family, in document order."""

from .children import GUIDELINE as CHILDREN
from .industry import GUIDELINE as INDUSTRY
from .parents_educators import GUIDELINE as PARENTS_EDUCATORS
from .policymakers import GUIDELINE as POLICYMAKERS

GUIDELINES = (CHILDREN, PARENTS_EDUCATORS, INDUSTRY, POLICYMAKERS)

__all__ = ["CHILDREN", "GUIDELINES", "INDUSTRY", "PARENTS_EDUCATORS", "POLICYMAKERS"]
