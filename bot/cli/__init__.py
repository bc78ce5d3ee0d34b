"""The command line: ``python -m bot check / init / train / serve / web / chat / add-staff / inbox / model``."""
