"""Signals the core sends, so apps above it can react without the core naming them.

- ``progress_changed``: a group's step moved to a new status (``services.progress_set``). Sent
  inside the transaction that moved it, after the row is saved, with ``progress``, ``previous``
  and ``status`` (``ProgressStatus``), ``user`` (who moved it, or None) and ``note`` (the reason
  of a return). A receiver that writes joins that transaction: if the move rolls back, so does
  what the receiver wrote. Moves that change nothing (work in progress on a sent step) send nothing.
"""

from django.dispatch import Signal

progress_changed = Signal()
