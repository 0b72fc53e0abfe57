"""My goals, in the views form: each goal of the pupil's shared plan, in easy-read with its
symbol, asking how it is going (faces) and whether the help helps; and those answers
brought to the plan's review, beside the staff's progress notes.

Only a plan shared with the family and not yet reviewed is asked about: a draft is not the
pupil's yet, and a reviewed plan's goals are done with.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    BroadArea,
    Outcome,
    Plan,
    PlanStatus,
    Provision,
    Respondent,
    Views,
    ViewsStatus,
)
from portal.paging import rows_of
from portal.pupil_views import questions as q

# A goal's symbol, from the answer cards' set (portal/symbol_banks.py): the broad area it
# belongs to, or growing up for a preparing-for-adulthood goal.
AREA_SYMBOLS = {
    BroadArea.COMMUNICATION: "sym-chat",
    BroadArea.COGNITION: "sym-clever",
    BroadArea.SEMH: "sym-calm",
    BroadArea.SENSORY_PHYSICAL: "sym-move",
}
ADULTHOOD_SYMBOL = "sym-college"
DEFAULT_SYMBOL = "goal"


def symbol_for(outcome: Outcome) -> str:
    if outcome.preparing_for_adulthood:
        return ADULTHOOD_SYMBOL
    return AREA_SYMBOLS.get(outcome.area, DEFAULT_SYMBOL)


def _being_worked_on(pupil_id, *what) -> sa.Select:
    """The statement for the plan being worked on (`pupil_id` a value or a bound parameter)."""
    return (
        sa.select(*what)
        .where(
            Plan.pupil_id == pupil_id,
            Plan.status == PlanStatus.SHARED,
            Plan.shared_at.is_not(None),
        )
        .order_by(Plan.shared_at.desc(), Plan.id.desc())
        .limit(1)
    )


def plan_being_worked_on(pupil_id: int) -> Plan | None:
    """The pupil's plan shared with the family and not reviewed yet, with its goals and help."""
    return db.session.scalar(
        _being_worked_on(pupil_id, Plan).options(
            selectinload(Plan.outcomes), selectinload(Plan.provisions)
        )
    )


def _goal_question(outcome) -> q.Question:
    words = (outcome.pupil_words or "").strip() or outcome.description
    return q.goal_question(outcome.id, words, symbol_for(outcome))


@functools.cache
def _goals_statement() -> sa.Select:
    plan_id = _being_worked_on(sa.bindparam("pupil_id"), Plan.id).scalar_subquery()
    return (
        sa.select(
            Outcome.id,
            Outcome.pupil_words,
            Outcome.description,
            Outcome.preparing_for_adulthood,
            Outcome.area,
        )
        .where(Outcome.plan_id == plan_id)
        .order_by(Outcome.position, Outcome.id)
    )


def goal_questions(pupil_id: int) -> list[q.Question]:
    """The goal pages of the pupil's views form without their help (enough to count what a
    draft has answered), in one query built once."""
    return [
        _goal_question(outcome) for outcome in rows_of(_goals_statement(), {"pupil_id": pupil_id})
    ]


@dataclass
class Goals:
    questions: list[q.Question]
    # The help for each goal: what is linked to it, or else the help linked to no goal.
    help: dict[str, list[Provision]]
    positions: dict[str, int]


def goals_of(pupil_id: int) -> Goals:
    """The goal pages of the pupil's views form (none without a shared plan)."""
    plan = plan_being_worked_on(pupil_id)
    if plan is None:
        return Goals([], {}, {})
    unlinked = [p for p in plan.provisions if p.outcome_id is None]
    questions, help_, positions = [], {}, {}
    for position, outcome in enumerate(plan.outcomes):
        question = _goal_question(outcome)
        questions.append(question)
        linked = [p for p in plan.provisions if p.outcome_id == outcome.id]
        help_[question.key] = linked or unlinked
        positions[question.key] = position
    return Goals(questions, help_, positions)


@dataclass
class GoalAnswer:
    """What the pupil said about one goal in views they sent."""

    feeling: q.Choice | None
    help: q.Choice | None
    sent_at: datetime
    views: Views


def answers_for_review(pupil_id: int, outcome_ids: list[int]) -> dict[int, list[GoalAnswer]]:
    """For each goal, what the pupil said about it in their sent views, newest first (a
    version replaced by a newer one is left out). One query."""
    found = db.session.scalars(
        sa.select(Views)
        .where(
            Views.pupil_id == pupil_id,
            Views.respondent == Respondent.PUPIL,
            Views.status.in_((ViewsStatus.SUBMITTED, ViewsStatus.READ)),
        )
        .order_by(Views.submitted_at.desc(), Views.id.desc())
    ).all()
    replaced = {v.supersedes_id for v in found if v.supersedes_id}
    wanted = set(outcome_ids)
    by_goal: dict[int, list[GoalAnswer]] = {}
    for views in found:
        if views.id in replaced:
            continue
        for key, answer in (views.answers or {}).items():
            if not key.startswith(q.GOAL_PREFIX) or not isinstance(answer, dict):
                continue
            outcome_id = answer.get("outcome")
            if outcome_id not in wanted:
                continue
            by_goal.setdefault(outcome_id, []).append(
                GoalAnswer(
                    feeling=q.ALL_CHOICES.get(answer.get("feeling") or ""),
                    help=q.HELP_VALUES.get(answer.get("help") or ""),
                    sent_at=views.submitted_at,
                    views=views,
                )
            )
    return by_goal
