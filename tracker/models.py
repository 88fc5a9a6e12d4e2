"""Imports every model so that ``Base.metadata`` is complete (used by Alembic and tests)."""

from tracker.accounts.models import ApiToken, SignInAttempt, User  # noqa: F401
from tracker.actors.models import Actor, ActorRedirect  # noqa: F401
from tracker.audit.models import AuditEvent  # noqa: F401
from tracker.comments.models import Comment  # noqa: F401
from tracker.db import Base
from tracker.documents.models import Document  # noqa: F401
from tracker.intake.models import IntakeCandidate, IntakeSubmission, RelatedRecommendation  # noqa: F401
from tracker.jobs.models import Job  # noqa: F401
from tracker.notifications.models import Follow, Notification  # noqa: F401
from tracker.recommendations.facet_index import facet_counts, recommendation_facets  # noqa: F401
from tracker.recommendations.models import (  # noqa: F401
    Recommendation,
    RecommendationMaker,
    recommendation_addressees,
    recommendation_themes,
)
from tracker.reports.models import ReviewEvent, SavedReport  # noqa: F401
from tracker.responses.models import GovernmentResponse  # noqa: F401
from tracker.revisions.models import Revision  # noqa: F401
from tracker.savedviews.models import SavedView  # noqa: F401
from tracker.themes.models import Theme  # noqa: F401
from tracker.updates.models import Evidence, StatusUpdate  # noqa: F401
from tracker.workflow.models import FollowUp, RecommendationOwner  # noqa: F401

metadata = Base.metadata
