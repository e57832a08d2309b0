"""Identity checks at attention checks: is the face in front of the camera the
trainee's? A verifier behind a small interface answers, chosen by the
``IDENTITY_VERIFIER`` setting (a dotted path to a class). The default decides
nothing and leaves every capture to an officer or the institution, in the review
queue of the admin; a vendor's face-comparison service is another subclass.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import StrEnum

from django.conf import settings
from django.utils.module_loading import import_string


class Verdict(StrEnum):
    MATCH = "match"
    NO_MATCH = "no_match"
    UNDECIDED = "undecided"  # a person decides, in the review queue


class IdentityVerifier(ABC):
    """Compares a face capture with the trainee. ``name`` is kept with each
    verdict, so the evidence says who decided."""

    name: str = ""

    @abstractmethod
    def verify(self, *, user, capture: bytes, content_type: str) -> Verdict:
        """The verdict on ``capture`` (a JPEG or PNG from the player's camera)."""


class ManualReview(IdentityVerifier):
    """Decides nothing: an officer or the institution looks at each capture."""

    name = "manual review"

    def verify(self, *, user, capture: bytes, content_type: str) -> Verdict:
        return Verdict.UNDECIDED


def verifier() -> IdentityVerifier:
    """The configured verifier."""
    return import_string(settings.IDENTITY_VERIFIER)()
