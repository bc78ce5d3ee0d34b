"""What a model is trained from, as one digest: the config, the domain, every data file and our pipeline's code.

Two trainings with the same digest make the same model, so a model recorded with the digest of the data
as it is now need not be trained again (``bot.rasa.stack.ensure_model``), and the admin console can
tell whether the data changed since the active model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent
PIPELINE_CODE = (BOT / "rasa" / "mixed_script.py", BOT / "shop" / "language.py", BOT / "rasa" / "language_marker.py")
"""Our own code that shapes what a model learns (the tokenizer and its normalising): changed, it retrains."""


def fingerprint(project: Path, config: Path, domain: Path) -> str:
    """A digest of ``config``, ``domain``, every ``*.yml`` under ``project/data`` and ``PIPELINE_CODE``."""
    digest = hashlib.sha256()
    for path in [config, domain, *sorted((project / "data").rglob("*.yml")), *PIPELINE_CODE]:
        digest.update(str(path.relative_to(project) if path.is_relative_to(project) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
