"""The prompt lab: several ways of briefing the framework LLM, each in a fresh session, run side
by side; their drafts compared (word diffs, metrics, filled per sample lead), rated and promoted
onto a real session. See `PromptLab`.
"""

from puffle_widgets.lab.cleanup import LAB_PREFIX, CleanupReport, is_lab_session
from puffle_widgets.lab.diff import word_diff
from puffle_widgets.lab.grid import LabGrid
from puffle_widgets.lab.lab import PromptLab
from puffle_widgets.lab.metrics import DraftMetrics, FilledDraft
from puffle_widgets.lab.promote import PROMOTED_FIELDS
from puffle_widgets.lab.result import LabResult, VariantResult
from puffle_widgets.lab.variants import FOLLOW_UP

__all__ = [
    "FOLLOW_UP",
    "LAB_PREFIX",
    "PROMOTED_FIELDS",
    "CleanupReport",
    "DraftMetrics",
    "FilledDraft",
    "LabGrid",
    "LabResult",
    "PromptLab",
    "VariantResult",
    "is_lab_session",
    "word_diff",
]
