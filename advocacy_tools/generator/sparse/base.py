"""State shared by the sparse table writers: one fault-injecting sink per table, the id counters and the
advocates that new-business deals may ask for as references.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.faults import TABLE_SPECS
from advocacy_tools.generator.sinks import TableSink
from advocacy_tools.generator.timeline import Timeline


@dataclass(slots=True)
class Advocate:
    """A contact that sales may use as a reference: a verified champion of a healthy account."""

    account_id: str
    contact_id: str
    created_at: datetime


class SparseWriterBase:
    """Sinks, id counters and advocates that every group of sparse table writers uses."""

    def __init__(self, config: GeneratorConfig, timeline: Timeline, work_dir: Path) -> None:
        self.config = config
        self.timeline = timeline
        self.sinks = {
            name: TableSink(spec, work_dir / f"{name}.csv", timeline, config.seed) for name, spec in TABLE_SPECS.items()
        }
        self.id_counters: dict[str, int] = {}
        self.advocates: list[Advocate] = []

    def next_id(self, prefix: str, width: int = 7) -> str:
        number = self.id_counters.get(prefix, 0) + 1
        self.id_counters[prefix] = number
        return f"{prefix}_{number:0{width}d}"

    def next_number(self, name: str, base: int) -> str:
        """Return a numeric id above the signed 32-bit maximum, as systems with 64-bit ids produce."""
        number = self.id_counters.get(name, 0) + 1
        self.id_counters[name] = number
        return str(base + number)
