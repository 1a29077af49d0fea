"""Writers of the customer-success and support tables: onboarding milestones and success goals, support
tickets with their SLA targets, and NPS, CSAT and PSAT survey responses.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from datetime import time as clock_time

from advocacy_tools.generator.accounts import HEALTHY_USAGE_STORIES, AccountPlan
from advocacy_tools.generator.sparse.base import SparseWriterBase
from advocacy_tools.generator.timeline import clamp, score_from_health, weighted_choice, working_seconds
from advocacy_tools.generator.vocabulary import (
    ESCALATION_RATE_BY_PRIORITY,
    FIRST_RESPONSE_SLA_MINUTES,
    ONBOARDING_STEPS,
    PRIORITY_WEIGHTS,
    RESOLUTION_SLA_HOURS,
    SUCCESS_GOALS,
    TICKETS_PER_MONTH_BY_SEGMENT,
    TIME_TO_VALUE_TARGET_DAYS,
)


class SuccessWriter(SparseWriterBase):
    """Write success_milestones, support_tickets and surveys_responses."""

    def write_milestones(self, account: AccountPlan, rng: random.Random) -> None:
        """Write onboarding steps for accounts that started in the window and success goals for the rest."""
        sink = self.sinks["success_milestones"]
        end_date = self.timeline.end_date
        contract_day = self.timeline.day_of(account.contract_start)

        if contract_day >= 0:
            ttv_target = TIME_TO_VALUE_TARGET_DAYS[account.segment]
            steps = [(name, round(ttv_target * share), False) for name, share in ONBOARDING_STEPS]
            steps.append(("First value reached", ttv_target, True))
            for name, offset_days, is_first_value in steps:
                target = account.contract_start + timedelta(days=max(2, offset_days))
                # Timeliness follows the health the account ramps up to, not the low start of the ramp.
                delay = round(rng.gauss(-3 + 35 * max(0.0, 0.8 - account.health_end), 3))
                achieved = target + timedelta(days=delay)
                achieved = max(achieved, account.contract_start + timedelta(days=1))
                if achieved > end_date or (account.story == "struggling" and rng.random() < 0.3):
                    achieved = None
                row = {
                    "milestone_id": self.next_id("ms"),
                    "account_id": account.account_id,
                    "milestone_type": "onboarding",
                    "milestone_name": name,
                    "is_first_value": is_first_value,
                    "target_date": target,
                    "achieved_date": achieved,
                    "is_outcome_verified": False,
                }
                last_change = datetime.combine(achieved or min(target, end_date), clock_time(12))
                sink.add(row, last_change, account)

        if account.story == "onboarding":
            return
        goal_names = rng.sample(SUCCESS_GOALS, rng.randint(1, 3))
        earliest = max(account.first_day + 60, int(self.timeline.days * 0.2))
        latest = account.last_day + 60
        for name in goal_names:
            if earliest >= latest:
                break
            target_day = rng.randint(earliest, latest)
            target = self.timeline.date_of(target_day)
            health = account.health(min(target_day, account.last_day))
            achieved = None
            if rng.random() < health:
                # Healthy accounts mostly reach goals early; struggling ones mostly late.
                achieved = target + timedelta(days=round(rng.gauss(14 - 26 * health, 7)))
                if achieved > end_date or self.timeline.day_of(achieved) > account.last_day:
                    achieved = None
            verified = achieved is not None and rng.random() < (0.9 if health > 0.7 else 0.5)
            row = {
                "milestone_id": self.next_id("ms"),
                "account_id": account.account_id,
                "milestone_type": "success_goal",
                "milestone_name": name,
                "is_first_value": False,
                "target_date": target,
                "achieved_date": achieved,
                "is_outcome_verified": verified,
            }
            created = self.timeline.moment(max(account.first_day, target_day - 120), 43_200)
            last_change = datetime.combine(achieved, clock_time(12)) if achieved else created
            sink.add(row, min(last_change, self.timeline.end_moment), account)

    def write_tickets(self, account: AccountPlan, rng: random.Random) -> None:
        """Write tickets, which arrive faster when health is low, and the open P1 of the open_escalation story."""
        base_rate = TICKETS_PER_MONTH_BY_SEGMENT[account.segment] / 30
        max_rate = base_rate * 1.6
        day_position = float(account.first_day)
        while True:
            day_position += rng.expovariate(max_rate)
            day = int(day_position)
            if day > account.last_day:
                break
            if rng.random() > (1.6 - account.health(day)) / 1.6:
                continue
            self.write_ticket(account, rng, day)

        if account.story == "open_escalation":
            day = self.timeline.days - 1 - rng.randint(5, 25)
            created_at = self.timeline.moment(day, working_seconds(rng))
            first_response = created_at + timedelta(minutes=rng.randint(10, 50))
            row = {
                "ticket_id": self.next_number("ticket", 4_300_000_000),
                "account_id": account.account_id,
                "priority": "p1",
                "status": "open",
                "created_at": created_at,
                "first_responded_at": first_response,
                "resolved_at": None,
                "first_response_sla_minutes": FIRST_RESPONSE_SLA_MINUTES[account.plan]["p1"],
                "resolution_sla_hours": RESOLUTION_SLA_HOURS[account.plan]["p1"],
                "csat_score": None,
                "is_escalated": True,
                "escalated_at": created_at + timedelta(hours=rng.randint(1, 6)),
            }
            self.sinks["support_tickets"].add(row, row["escalated_at"], account, protected=True)

    def write_ticket(self, account: AccountPlan, rng: random.Random, day: int) -> None:
        health = account.health(day)
        priority = weighted_choice(rng, PRIORITY_WEIGHTS)
        quiet_story = account.story in HEALTHY_USAGE_STORIES or account.story == "onboarding"
        if priority == "p1" and quiet_story and day > self.timeline.days - 90:
            priority = "p2"

        created_at = self.timeline.moment(day, working_seconds(rng))
        response_target = FIRST_RESPONSE_SLA_MINUTES[account.plan][priority]
        resolution_target = RESOLUTION_SLA_HOURS[account.plan][priority]
        response_minutes = response_target * rng.lognormvariate(math.log(0.45 + 0.6 * (1 - health)), 0.6)
        resolution_hours = resolution_target * rng.lognormvariate(math.log(0.5 + 0.8 * (1 - health)), 0.7)
        response_delay = timedelta(minutes=max(1, round(response_minutes)))
        resolution_delay = max(timedelta(minutes=round(resolution_hours * 60)), response_delay + timedelta(minutes=5))
        first_response = created_at + response_delay
        resolved_at = created_at + resolution_delay

        run_time = self.timeline.run_time
        if first_response > run_time:
            first_response = None
        if resolved_at > run_time:
            resolved_at = None
        if resolved_at is None:
            status = "pending" if rng.random() < 0.4 else "open"
            if priority == "p1" and account.story != "open_escalation":
                priority = "p2"
        elif resolved_at > run_time - timedelta(days=7):
            status = "solved"
        else:
            status = "closed"

        csat = None
        if resolved_at is not None and rng.random() < 0.55:
            breached = response_minutes > response_target or resolution_hours > resolution_target
            csat = score_from_health(rng, clamp(health - (0.2 if breached else 0.0), 0, 1), 1, 5, 0.8)

        is_escalated = rng.random() < ESCALATION_RATE_BY_PRIORITY[priority]
        escalated_at = None
        if is_escalated:
            escalated_at = created_at + timedelta(minutes=rng.randint(20, 600))
            if resolved_at is not None and escalated_at > resolved_at:
                escalated_at = created_at + (resolved_at - created_at) / 2

        row = {
            "ticket_id": self.next_number("ticket", 4_300_000_000),
            "account_id": account.account_id,
            "priority": priority,
            "status": status,
            "created_at": created_at,
            "first_responded_at": first_response,
            "resolved_at": resolved_at,
            "first_response_sla_minutes": response_target,
            "resolution_sla_hours": resolution_target,
            "csat_score": csat,
            "is_escalated": is_escalated,
            "escalated_at": escalated_at,
        }
        last_change = max(value for value in (created_at, first_response, resolved_at, escalated_at) if value)
        self.sinks["support_tickets"].add(row, last_change, account)

    def write_surveys(self, account: AccountPlan, rng: random.Random) -> None:
        """Write NPS and CSAT waves each quarter and PSAT every two months; declining accounts end with a detractor."""
        if account.story == "missing_surveys":
            return
        sink = self.sinks["surveys_responses"]
        respondents = [contact for contact in account.contacts if contact.persona != "executive_sponsor"]
        waves = (
            ("nps", 91, 0, 10, 1.3, respondents, 0.3),
            ("csat", 91, 1, 5, 0.7, account.contacts_with("budget_owner") + [account.champion], 0.35),
            ("psat", 60, 1, 5, 0.7, account.contacts_with("end_user") + [account.champion], 0.2),
        )
        for survey_type, period, low, high, spread, people, response_rate in waves:
            wave_day = account.first_day + rng.randint(20, period)
            while wave_day <= account.last_day:
                for contact in people:
                    if rng.random() >= response_rate:
                        continue
                    day = min(wave_day + rng.randint(0, 10), account.last_day)
                    if day < contact.first_day:
                        continue
                    moment = self.timeline.moment(day, working_seconds(rng))
                    health = account.health(day)
                    if survey_type == "nps":
                        score = int(clamp(round(rng.gauss(2 + 8 * health, spread)), low, high))
                    else:
                        score = score_from_health(rng, health, low, high, spread)
                    row = {
                        "response_id": self.next_number("survey", 2_200_000_000),
                        "account_id": account.account_id,
                        "contact_id": None if rng.random() < 0.08 else contact.contact_id,
                        "survey_type": survey_type,
                        "score": score,
                        "responded_at": moment,
                    }
                    sink.add(row, moment, account)
                wave_day += period + rng.randint(-7, 7)

        if account.story == "declining":
            day = self.timeline.days - 1 - rng.randint(5, 45)
            moment = self.timeline.moment(day, working_seconds(rng))
            detractor = rng.choice([account.champion] + account.contacts_with("budget_owner"))
            row = {
                "response_id": self.next_number("survey", 2_200_000_000),
                "account_id": account.account_id,
                "contact_id": detractor.contact_id,
                "survey_type": "nps",
                "score": rng.randint(0, 4),
                "responded_at": moment,
            }
            sink.add(row, moment, account, protected=True)
