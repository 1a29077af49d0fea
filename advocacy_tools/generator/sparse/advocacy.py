"""Writers of the advocacy tables: community intent activities, consent records, and invitations with
their responses and completions.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from advocacy_tools.generator.accounts import (
    HEALTHY_USAGE_STORIES,
    INTENT_COUNT_RANGE_BY_STORY,
    AccountPlan,
    ContactPlan,
)
from advocacy_tools.generator.sparse.base import SparseWriterBase
from advocacy_tools.generator.timeline import weighted_choice, working_seconds
from advocacy_tools.generator.vocabulary import (
    INTENT_ACTIVITY_WEIGHTS,
    PROGRAM_WEIGHTS_BY_SEGMENT,
    PROGRAMS,
    REGULATED_INDUSTRIES,
)


class AdvocacyWriter(SparseWriterBase):
    """Write the intent, consent, invitation, response and completion tables."""

    def write_intent(self, account: AccountPlan, rng: random.Random) -> None:
        """Write advocacy-intent activities, more of them on healthy days."""
        low, high = INTENT_COUNT_RANGE_BY_STORY[account.story]
        scale = self.timeline.days / 456
        count = round(rng.randint(low, high) * scale)
        people = account.contacts_with("champion") + account.contacts_with("end_user")
        written = 0
        attempts = 0
        while written < count and attempts < count * 20:
            attempts += 1
            day = rng.randint(account.first_day, account.last_day)
            if rng.random() > account.health(day):
                continue
            contact = rng.choice(people)
            if day < contact.first_day:
                continue
            moment = self.timeline.moment(day, working_seconds(rng))
            row = {
                "activity_id": self.next_id("act"),
                "account_id": account.account_id,
                "contact_id": None if rng.random() < 0.15 else contact.contact_id,
                "activity_type": weighted_choice(rng, INTENT_ACTIVITY_WEIGHTS),
                "occurred_at": moment,
            }
            self.sinks["community_intent_activities"].add(row, moment, account)
            written += 1

    def write_advocacy(self, account: AccountPlan, rng: random.Random) -> None:
        """Write consent records, then invitations with their responses and completions.

        Invitations go to contacts with consent in force; about one in ten accounts without any
        consent is asked anyway, which the compliance KPI must catch.
        """
        grants = self.write_consent(account, rng)
        days = self.timeline.days
        story = account.story

        # (number of invitations, first day, last day) by story; some go to accounts that later slip.
        windows = {
            "healthy": (rng.choices((0, 1, 2, 3), weights=(20, 35, 30, 15))[0], account.first_day + 90, days - 1),
            "absent_sponsor": (rng.randint(0, 1), account.first_day + 90, days - 1),
            "missing_surveys": (rng.randint(0, 1), account.first_day + 90, days - 1),
            "loud_low_value": (rng.randint(1, 3), account.first_day + 60, days - 1),
            "open_escalation": (1, days - 60, days - 30),
            "declining": (rng.randint(0, 1), account.first_day + 30, account.change_start),
            "recovering": (rng.randint(0, 1), account.change_end, days - 1),
            "neutral": (1 if rng.random() < 0.1 else 0, account.first_day + 60, days - 1),
            "churned": (1 if rng.random() < 0.25 else 0, account.first_day + 30, account.change_start),
        }
        count, low_day, high_day = windows.get(story, (0, 0, 0))
        if count == 0 or low_day >= high_day:
            return
        if not grants and rng.random() >= 0.1:
            return

        # Eager loud accounts are asked more often than the default limit of two per quarter allows.
        minimum_gap = 20 if story == "loud_low_value" else 45
        invite_days = sorted(rng.sample(range(low_day, high_day + 1), min(count, high_day - low_day + 1)))
        previous = -1_000
        for day in invite_days:
            if day - previous < minimum_gap:
                continue
            if grants:
                contact, grant_day, scope = rng.choice(grants)
                day = max(day, grant_day + 1)
                program = None if scope == "all_programs" else scope
            else:
                contact, program = account.champion, None
            day = max(day, contact.first_day)
            if day > days - 1:
                continue
            previous = day
            self.write_invitation(account, rng, contact, day, program)

    def write_consent(self, account: AccountPlan, rng: random.Random) -> list[tuple[ContactPlan, int, str]]:
        """Write consent decisions; return (contact, day, scope) of each grant, champions' first."""
        days = self.timeline.days
        healthy_story = account.story in HEALTHY_USAGE_STORIES or account.story in ("declining", "recovering")
        grant_share = {
            "champion": 0.8 if healthy_story else 0.35, "end_user": 0.1, "budget_owner": 0.15, "executive_sponsor": 0.1,
        }
        grants = []
        for contact in account.contacts:
            if rng.random() >= grant_share[contact.persona]:
                continue
            low_day = max(contact.first_day + 10, account.first_day + 10)
            high_day = max(low_day, int(days * 0.6))
            if low_day > days - 1:
                continue
            day = rng.randint(low_day, min(high_day, days - 1))
            scope = "all_programs" if rng.random() < 0.65 else rng.choice(PROGRAMS)
            moment = self.timeline.moment(day, working_seconds(rng))
            self.write_consent_row(account, contact, scope, "granted", moment)
            grants.append((contact, day, scope))

            withdraw_share = 0.3 if account.story in ("declining", "churned") else 0.08
            if rng.random() < withdraw_share and day + 30 < days - 1:
                later = self.timeline.moment(rng.randint(day + 30, days - 1), working_seconds(rng))
                self.write_consent_row(account, contact, scope, "withdrawn", later)
        champion_grants = [grant for grant in grants if grant[0].persona == "champion"]
        return champion_grants or grants

    def write_consent_row(
        self, account: AccountPlan, contact: ContactPlan, scope: str, status: str, moment: datetime
    ) -> None:
        row = {
            "consent_id": self.next_id("cns"),
            "contact_id": contact.contact_id,
            "account_id": account.account_id,
            "consent_scope": scope,
            "consent_status": status,
            "recorded_at": moment,
        }
        self.sinks["advocacy_consent_records"].add(row, moment, account)

    def write_invitation(
        self, account: AccountPlan, rng: random.Random, contact: ContactPlan, day: int, program: str | None
    ) -> None:
        """Write one invitation to `program` (drawn by segment fit when None) and its response."""
        timeline = self.timeline
        if program is None:
            program = weighted_choice(rng, PROGRAM_WEIGHTS_BY_SEGMENT[account.segment])
            if program == "case_study" and account.industry in REGULATED_INDUSTRIES and rng.random() < 0.5:
                program = "reference_call"
        invited_at = timeline.moment(day, working_seconds(rng))
        invitation_id = self.next_id("inv")
        row = {
            "invitation_id": invitation_id,
            "account_id": account.account_id,
            "contact_id": contact.contact_id,
            "program": program,
            "invited_at": invited_at,
            "invited_by": account.csm_id,
        }
        self.sinks["advocacy_invitations"].add(row, invited_at, account)

        # Invitations of the last two weeks have no response yet.
        if day > timeline.days - 15:
            return
        health = account.health(day)
        accept_weight = 55 if health > 0.7 and account.story != "open_escalation" else 20
        response = rng.choices(("accepted", "declined", "no_answer", None), weights=(accept_weight, 20, 15, 10))[0]
        if response is None:
            return
        response_delay = timedelta(days=21) if response == "no_answer" else timedelta(days=rng.randint(1, 12))
        responded_at = invited_at + response_delay + timedelta(minutes=rng.randint(0, 600))
        if responded_at > timeline.end_moment:
            return
        response_row = {
            "response_id": self.next_id("rsp"),
            "invitation_id": invitation_id,
            "response": response,
            "responded_at": responded_at,
        }
        self.sinks["advocacy_responses"].add(response_row, responded_at, account)

        if response != "accepted" or rng.random() >= 0.8:
            return
        completed_at = responded_at + timedelta(days=rng.randint(7, 45), minutes=rng.randint(0, 600))
        if completed_at > timeline.end_moment:
            return
        completion_row = {
            "completion_id": self.next_id("cmp"),
            "invitation_id": invitation_id,
            "completed_at": completed_at,
        }
        self.sinks["advocacy_completions"].add(completion_row, completed_at, account)
