"""Writers of crm_opportunities and crm_opportunity_references: renewal and expansion opportunities of
customer accounts, and new-business deals with prospects that may ask for a reference.
"""

from __future__ import annotations

import math
import random
from datetime import datetime

from advocacy_tools.generator.accounts import HEALTHY_USAGE_STORIES, AccountPlan
from advocacy_tools.generator.sparse.base import Advocate, SparseWriterBase
from advocacy_tools.generator.timeline import clamp, weighted_choice, working_seconds
from advocacy_tools.generator.vocabulary import (
    ARR_MEDIAN_BY_SEGMENT,
    ARR_SIGMA,
    OPEN_STAGES,
    REFERENCE_PROGRAM_WEIGHTS,
    REGION_WEIGHTS,
    SEGMENT_WEIGHTS,
)


class OpportunityWriter(SparseWriterBase):
    """Write crm_opportunities and crm_opportunity_references."""

    def write_account_opportunities(
        self,
        account: AccountPlan,
        rng: random.Random,
        renewal_days: list[int],
        expansions: list[tuple[int, float]],
    ) -> None:
        """Write renewal opportunities around each renewal and expansion opportunities behind expansions."""
        timeline = self.timeline
        renewals = [(day, "won") for day in renewal_days]
        if account.churn_day is not None:
            renewals.append((account.churn_day, "lost"))
        renewal_day = timeline.day_of(account.renewal_date)
        if timeline.days - 1 < renewal_day <= timeline.days - 1 + 120:
            renewals.append((renewal_day, "open"))

        for day, outcome in renewals:
            # Renewal opportunities open 90 days ahead; later renewals have none yet.
            created_day = day - 90
            if created_day < max(0, account.first_day) or created_day > timeline.days - 1:
                continue
            self.write_opportunity(
                rng,
                opportunity_type="renewal",
                account=account,
                segment=account.segment,
                region=account.region,
                amount=account.arr if account.arr > 0 else account.initial_arr,
                created_day=created_day,
                close_day=day,
                outcome=outcome,
            )

        for day, change in expansions:
            created_day = day - rng.randint(30, 70)
            if created_day < max(0, account.first_day):
                continue
            self.write_opportunity(
                rng, opportunity_type="expansion", account=account, segment=account.segment, region=account.region,
                amount=change, created_day=created_day, close_day=day, outcome="won",
            )

        if account.story in HEALTHY_USAGE_STORIES and rng.random() < 0.2:
            created_day = timeline.days - rng.randint(10, 60)
            if created_day > account.first_day:
                self.write_opportunity(
                    rng, opportunity_type="expansion", account=account, segment=account.segment, region=account.region,
                    amount=round(account.arr * rng.uniform(0.1, 0.3), 2), created_day=created_day,
                    close_day=timeline.days - 1 + rng.randint(15, 90), outcome="open",
                )

    def write_new_business(self, rng: random.Random) -> None:
        """Write new-business opportunities with prospects and their reference requests.

        A deal on which a reference was used wins more often and closes faster.
        """
        timeline = self.timeline
        count = round(self.config.accounts * 0.5 * timeline.days / 365)
        for _ in range(count):
            segment = weighted_choice(rng, SEGMENT_WEIGHTS)
            created_day = rng.randint(0, timeline.days - 1)
            wants_reference = rng.random() < 0.35
            advocate = None
            if wants_reference and rng.random() < 0.65:
                advocate = self.pick_advocate(rng, timeline.moment(created_day, 0))
            reference_used = advocate is not None

            median_cycle = {"smb": 40, "mid_market": 70, "enterprise": 110}[segment]
            cycle_days = max(7, round(median_cycle * rng.lognormvariate(0, 0.35) * (0.7 if reference_used else 1.0)))
            win_probability = 0.55 if reference_used else 0.32
            outcome = "won" if rng.random() < win_probability else "lost"
            close_day = created_day + cycle_days
            if close_day > timeline.days - 1:
                outcome = "open"

            amount = round(ARR_MEDIAN_BY_SEGMENT[segment] * math.exp(rng.gauss(0, ARR_SIGMA)), 2)
            opportunity_id = self.write_opportunity(
                rng, opportunity_type="new_business", account=None, segment=segment,
                region=weighted_choice(rng, REGION_WEIGHTS), amount=amount,
                created_day=created_day, close_day=close_day, outcome=outcome,
            )
            if wants_reference:
                self.write_reference(rng, opportunity_id, created_day, close_day, advocate)

    def pick_advocate(self, rng: random.Random, before: datetime) -> Advocate | None:
        """Return a random advocate whose account existed before `before`, or None after five misses."""
        if not self.advocates:
            return None
        for _ in range(5):
            candidate = rng.choice(self.advocates)
            if candidate.created_at < before:
                return candidate
        return None

    def write_opportunity(
        self,
        rng: random.Random,
        opportunity_type: str,
        account: AccountPlan | None,
        segment: str,
        region: str,
        amount: float,
        created_day: int,
        close_day: int,
        outcome: str,
    ) -> str:
        """Write one opportunity; `outcome` is won, lost or open. Return its id."""
        timeline = self.timeline
        opportunity_id = self.next_id("opp")
        if outcome == "open":
            elapsed = (timeline.days - 1 - created_day) / max(1, close_day - created_day)
            stage = OPEN_STAGES[min(len(OPEN_STAGES) - 1, int(clamp(elapsed, 0, 0.999) * len(OPEN_STAGES)))]
            last_change = timeline.moment(min(timeline.days - 1, created_day + rng.randint(0, 20)), working_seconds(rng))
        else:
            stage = "closed_won" if outcome == "won" else "closed_lost"
            last_change = timeline.moment(close_day, working_seconds(rng))
        row = {
            "opportunity_id": opportunity_id,
            "account_id": account.account_id if account else None,
            "opportunity_type": opportunity_type,
            "segment": segment,
            "region": region,
            "stage": stage,
            "amount": amount,
            "created_date": timeline.date_of(created_day),
            "close_date": timeline.date_of(close_day),
            "is_closed": outcome != "open",
            "is_won": outcome == "won",
        }
        self.sinks["crm_opportunities"].add(row, min(last_change, timeline.end_moment), account)
        return opportunity_id

    def write_reference(
        self, rng: random.Random, opportunity_id: str, created_day: int, close_day: int, advocate: Advocate | None
    ) -> None:
        """Write a reference request; with an `advocate` it is filled and used before the close.

        Without one, the request stays unfilled, or now and then is filled but never used.
        """
        timeline = self.timeline
        requested_day = created_day + max(1, round((close_day - created_day) * rng.uniform(0.15, 0.4)))
        if requested_day > timeline.days - 1:
            return
        requested_at = timeline.moment(requested_day, working_seconds(rng))

        used_at = None
        if advocate is not None:
            latest_use_day = max(requested_day + 1, min(requested_day + 14, close_day - 1))
            used_day = rng.randint(requested_day + 1, latest_use_day)
            if used_day <= timeline.days - 1:
                used_at = timeline.moment(used_day, working_seconds(rng))
        elif rng.random() < 0.1:
            advocate = self.pick_advocate(rng, requested_at)

        row = {
            "reference_id": self.next_id("ref"),
            "opportunity_id": opportunity_id,
            "program": weighted_choice(rng, REFERENCE_PROGRAM_WEIGHTS),
            "reference_account_id": advocate.account_id if advocate else None,
            "reference_contact_id": advocate.contact_id if advocate else None,
            "requested_at": requested_at,
            "used_at": used_at,
        }
        self.sinks["crm_opportunity_references"].add(row, used_at or requested_at, None)
