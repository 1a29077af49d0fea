"""Writer of billing_subscription_events: contract events that set each account's ARR and lifetime
value, payments by billing period, overages and the account team's renewal forecasts.
"""

from __future__ import annotations

import random
from datetime import datetime

from advocacy_tools.generator.accounts import HEALTHY_USAGE_STORIES, AccountPlan
from advocacy_tools.generator.sparse.base import SparseWriterBase
from advocacy_tools.generator.timeline import add_months, add_years, working_seconds
from advocacy_tools.generator.vocabulary import BILLING_PERIOD_MONTHS


class BillingWriter(SparseWriterBase):
    """Write billing_subscription_events."""

    def write_billing(
        self, account: AccountPlan, rng: random.Random
    ) -> tuple[list[int], list[tuple[int, float]]]:
        """Write contract, payment, overage and forecast events and set the account's ARR and lifetime value.

        Return the window days of the renewals that happened and the (day, ARR change) of each expansion.
        """
        timeline = self.timeline
        sink = self.sinks["billing_subscription_events"]
        story = account.story
        arr = account.initial_arr
        contract_day = timeline.day_of(account.contract_start)
        events: list[tuple[int, str, float | None]] = []

        if contract_day >= 0:
            events.append((contract_day, "new", arr))
        anniversary = add_years(account.contract_start, 1)
        renewal_days = []
        while timeline.day_of(anniversary) <= account.last_day:
            day = timeline.day_of(anniversary)
            if day >= 0 and day != account.churn_day:
                renewal_days.append(day)
            anniversary = add_years(anniversary, 1)
        for day in renewal_days:
            events.append((day, "renewal", None))
        if story in HEALTHY_USAGE_STORIES | {"recovering"} and rng.random() < 0.4:
            low_day = max(account.first_day + 60, account.change_end if story == "recovering" else 0)
            if low_day < timeline.days - 10:
                events.append((rng.randint(low_day, timeline.days - 10), "expansion", None))
        if story == "declining":
            events.append((rng.randint(account.change_start, timeline.days - 5), "contraction", None))
        if account.churn_day is not None:
            events.append((account.churn_day, "churn", None))
        events.sort(key=lambda event: (event[0], event[1]))

        # ARR-changing events in date order; the running ARR sets each change.
        expansion_changes = []
        for day, event_type, _ in events:
            if event_type == "new":
                change = arr
            elif event_type == "renewal":
                uplift = rng.uniform(0.02, 0.07) if account.health(day) > 0.6 else 0.0
                change = round(arr * uplift, 2)
            elif event_type == "expansion":
                change = round(arr * rng.uniform(0.1, 0.4), 2)
                expansion_changes.append((day, change))
            elif event_type == "contraction":
                change = -round(arr * rng.uniform(0.15, 0.4), 2)
            else:
                change = -arr
            if event_type != "new":
                arr = round(arr + change, 2)
            moment = timeline.moment(day, working_seconds(rng))
            row = self.billing_row(account, event_type, moment, arr_change=change)
            sink.add(row, moment, account, protected=event_type in ("contraction", "churn"))

        account.arr = max(0.0, arr)
        tenure_years = max(0.1, (timeline.end_date - account.contract_start).days / 365.25)
        if account.churn_day is not None:
            tenure_years = max(0.1, (timeline.date_of(account.churn_day) - account.contract_start).days / 365.25)
        account.lifetime_value = round(account.initial_arr * tenure_years * rng.uniform(0.95, 1.1), 2)

        # Payments follow the billing period from the contract start.
        period = BILLING_PERIOD_MONTHS[account.segment]
        troubled = story in ("declining", "struggling", "churned")
        invoice_date = account.contract_start
        while timeline.day_of(invoice_date) <= account.last_day:
            day = timeline.day_of(invoice_date)
            if day >= 0:
                draw = rng.random()
                late_share, failed_share = (0.15, 0.07) if troubled else (0.05, 0.015)
                if draw < failed_share:
                    status = "failed"
                elif draw < failed_share + late_share:
                    status = "late"
                else:
                    status = "paid"
                moment = timeline.moment(day, working_seconds(rng))
                amount = round(max(account.arr, account.initial_arr) * period / 12, 2)
                row = self.billing_row(account, "payment", moment, amount=amount, payment_status=status)
                sink.add(row, moment, account)
            invoice_date = add_months(invoice_date, period)

        if (account.plan == "scale" or account.health_end > 0.8) and rng.random() < 0.2:
            for _ in range(rng.randint(1, 3)):
                day = rng.randint(account.first_day, account.last_day)
                moment = timeline.moment(day, working_seconds(rng))
                segment_factor = {"smb": 0.3, "mid_market": 1.0, "enterprise": 3.0}[account.segment]
                amount = round(rng.uniform(200, 3_000) * segment_factor, 2)
                sink.add(self.billing_row(account, "overage", moment, amount=amount), moment, account)

        self.write_renewal_forecasts(account, rng, renewal_days)
        return renewal_days, expansion_changes

    def write_renewal_forecasts(self, account: AccountPlan, rng: random.Random, renewal_days: list[int]) -> None:
        """Write the account team's view of each renewal, 120 to 30 days ahead of it."""
        timeline = self.timeline
        sink = self.sinks["billing_subscription_events"]
        upcoming = list(renewal_days)
        if account.churn_day is not None:
            upcoming.append(account.churn_day)
        renewal_day = timeline.day_of(account.renewal_date)
        if renewal_day > timeline.days - 1 and renewal_day - 120 <= timeline.days - 1:
            upcoming.append(renewal_day)

        for renewal in upcoming:
            for lead_days in (120, 90, 60, 30):
                day = renewal - lead_days
                if day < account.first_day or day > min(account.last_day, timeline.days - 1):
                    continue
                status = self.forecast_status(account, day, renewal, lead_days)
                moment = timeline.moment(day, working_seconds(rng))
                sink.add(self.billing_row(account, "renewal_forecast", moment, renewal_status=status), moment, account)

        if account.story == "declining":
            day = timeline.days - 1 - rng.randint(3, 20)
            moment = timeline.moment(day, working_seconds(rng))
            row = self.billing_row(account, "renewal_forecast", moment, renewal_status="at_risk")
            sink.add(row, moment, account, protected=True)

    @staticmethod
    def forecast_status(account: AccountPlan, day: int, renewal_day: int, lead_days: int) -> str:
        if account.churn_day is not None and renewal_day == account.churn_day:
            return "at_risk"
        health = account.health(day)
        if health < 0.4:
            return "at_risk"
        if health > 0.7 and lead_days <= 60:
            return "committed"
        return "on_track"

    def billing_row(
        self,
        account: AccountPlan,
        event_type: str,
        moment: datetime,
        arr_change: float | None = None,
        amount: float | None = None,
        payment_status: str | None = None,
        renewal_status: str | None = None,
    ) -> dict:
        return {
            "event_id": self.next_id("evt", 8),
            "account_id": account.account_id,
            "event_type": event_type,
            "occurred_at": moment,
            "arr_change": arr_change,
            "amount": amount,
            "payment_status": payment_status,
            "renewal_status": renewal_status,
        }
