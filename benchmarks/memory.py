"""Resident memory of a process and everything it started, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def resident_mib(pid: int) -> float:
    """Resident set size of ``pid`` and its descendants, in MiB."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss_kib(current)
        todo.extend(tree.get(current, []))
    return total / 1024
