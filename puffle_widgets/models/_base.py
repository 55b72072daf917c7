"""The base model every Puffle payload shares."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class PuffleModel(BaseModel):
    """Tolerant base: unknown keys are kept, and fields accept their Python or wire names."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict with wire names, omitting fields that were never set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
