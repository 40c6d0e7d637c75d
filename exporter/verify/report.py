"""What ``verify`` found: one :class:`Check` per rule, a rich table and a JSON document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_LISTED = 50


@dataclass
class Check:
    """One rule: ``ok`` unless ``problems``; ``counts`` for the table; ``skipped`` = not run."""

    name: str
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, problem: str) -> None:
        self.problems.append(problem)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["problem_count"] = len(self.problems)
        return data


@dataclass
class VerifyReport:
    """Every check of one mirror; ``ok`` when none failed."""

    site_dir: str
    snapshot_dir: str | None
    checks: list[Check] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site_dir, "snapshot": self.snapshot_dir, "ok": self.ok,
                "files": self.files, "checks": [c.to_dict() for c in self.checks]}

    def table(self) -> Any:
        """A rich table: one row per check, with the first problems listed."""
        from rich.table import Table

        table = Table(title=f"verify {self.site_dir} ({self.files} files)")
        for column in ("check", "result", "details"):
            table.add_column(column)
        for c in self.checks:
            result = "[dim]skipped[/]" if c.skipped else ("[green]ok[/]" if c.ok else
                                                          f"[red]FAIL ({len(c.problems)})[/]")
            detail = c.skipped or c.summary
            if c.problems:
                shown = c.problems[:5] + ([f"… {len(c.problems) - 5} more"] if len(c.problems) > 5 else [])
                detail = "\n".join([detail, *shown]) if detail else "\n".join(shown)
            table.add_row(c.name, result, detail)
        return table
