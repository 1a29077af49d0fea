"""Account stories and plans: the share of accounts per story, the contact and account plans with the
health curve that shapes their data, the planner that draws them from the seed, and the
``account_stories.json`` answer key that tests read.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from advocacy_tools.generator.config import GeneratorConfig
from advocacy_tools.generator.timeline import Timeline, add_years, clamp, weighted_choice, working_seconds
from advocacy_tools.generator.vocabulary import (
    ACTIVITY_RATE_BY_PERSONA,
    ARR_MEDIAN_BY_SEGMENT,
    ARR_SIGMA,
    COMPANY_CORES,
    COMPANY_PREFIXES,
    COMPANY_SUFFIXES,
    FIRST_NAMES,
    INDUSTRY_WEIGHTS,
    LAST_NAMES,
    PLAN_WEIGHTS_BY_SEGMENT,
    REGION_WEIGHTS,
    SEAT_RANGE_BY_SEGMENT,
    SEGMENT_WEIGHTS,
    SENIORITY_WEIGHTS_BY_PERSONA,
)


# Share of accounts per story. Every story gets at least one account once there are as many
# accounts as stories, so small test scales still cover every case.
STORY_WEIGHTS = {
    "healthy": 0.30,
    "recovering": 0.08,
    "declining": 0.09,
    "neutral": 0.14,
    "struggling": 0.05,
    "churned": 0.06,
    "open_escalation": 0.05,
    "missing_surveys": 0.05,
    "absent_sponsor": 0.05,
    "loud_low_value": 0.05,
    "onboarding": 0.08,
}
# Stories whose usage is healthy throughout; they supply advocates and reference givers.
HEALTHY_USAGE_STORIES = frozenset(
    {"healthy", "open_escalation", "missing_surveys", "absent_sponsor", "loud_low_value"}
)
# Stories that may be created inside the window after a short onboarding ramp.
STORIES_CREATED_IN_WINDOW = frozenset(
    {"healthy", "neutral", "struggling", "missing_surveys", "absent_sponsor", "loud_low_value"}
)
# With dense usage, stories that begin or end inside the window are replaced by ones that span it.
DENSE_USAGE_STORY_SWAPS = {"churned": "declining", "onboarding": "recovering"}
INTENT_COUNT_RANGE_BY_STORY = {
    "healthy": (2, 8), "recovering": (1, 4), "declining": (1, 4), "neutral": (0, 2), "struggling": (0, 1),
    "churned": (0, 2), "open_escalation": (1, 5), "missing_surveys": (1, 5), "absent_sponsor": (2, 6),
    "loud_low_value": (25, 50), "onboarding": (0, 2),
}


@dataclass(slots=True)
class ContactPlan:
    """One person at a customer account."""

    index: int
    contact_id: str
    full_name: str
    email: str
    phone: str
    persona: str
    seniority: str
    is_verified_champion: bool
    created_at: datetime
    first_day: int
    activity_rate: float


@dataclass(slots=True)
class AccountPlan:
    """One customer account: its CRM attributes, its story and the parameters of its daily usage.

    Health is a number from 0 to 1. It moves linearly from `health_start` to `health_end`
    between window days `change_start` and `change_end`, and usage, sentiment, tickets and
    surveys follow it. The SQL that expands the daily tables uses the same formula.
    """

    index: int
    account_id: str
    account_name: str
    domain: str
    segment: str
    plan: str
    industry: str
    region: str
    csm_id: str
    story: str
    created_at: datetime
    contract_start: date
    renewal_date: date
    seats: int
    initial_arr: float
    first_day: int
    last_day: int
    churn_day: int | None
    health_start: float
    health_end: float
    change_start: int
    change_end: int
    utilization_scale: float
    active_rate: float
    weekend_rate: float
    sessions_per_user: float
    events_per_session: float
    feature_breadth: float
    arr: float = 0.0
    lifetime_value: float = 0.0
    contacts: list[ContactPlan] = field(default_factory=list)

    def health(self, day: int) -> float:
        if day <= self.change_start:
            return self.health_start
        if day >= self.change_end:
            return self.health_end
        progress = (day - self.change_start) / max(1, self.change_end - self.change_start)
        return self.health_start + (self.health_end - self.health_start) * progress

    def contacts_with(self, persona: str) -> list[ContactPlan]:
        return [contact for contact in self.contacts if contact.persona == persona]

    @property
    def champion(self) -> ContactPlan:
        return self.contacts_with("champion")[0]


def account_id_for(index: int) -> str:
    return f"acc_{index:06d}"


def assign_stories(account_count: int, rng: random.Random) -> list[str]:
    """Return one story per account: quotas by weight (at least one each), in shuffled order."""
    stories = list(STORY_WEIGHTS)
    if account_count < len(stories):
        return [rng.choice(stories) for _ in range(account_count)]
    exact_shares = {story: weight * account_count for story, weight in STORY_WEIGHTS.items()}
    quotas = {story: max(1, math.floor(share)) for story, share in exact_shares.items()}
    remainders = sorted(stories, key=lambda story: exact_shares[story] - math.floor(exact_shares[story]), reverse=True)
    turn = 0
    while sum(quotas.values()) < account_count:
        quotas[remainders[turn % len(remainders)]] += 1
        turn += 1
    while sum(quotas.values()) > account_count:
        largest = max(quotas, key=quotas.get)
        quotas[largest] -= 1
    assigned = [story for story in stories for _ in range(quotas[story])]
    rng.shuffle(assigned)
    return assigned


class AccountPlanner:
    """Draw every account's attributes, contract dates, health curve and contacts."""

    def __init__(self, config: GeneratorConfig, timeline: Timeline) -> None:
        self.config = config
        self.timeline = timeline
        self.csm_ids = [f"csm_{number:02d}" for number in range(1, max(12, round(config.accounts / 25)) + 1)]
        self.used_domains: set[str] = set()
        self.next_contact_index = 1

    def plan_all(self) -> list[AccountPlan]:
        stories = assign_stories(self.config.accounts, random.Random(f"{self.config.seed}/stories"))
        if self.config.dense_usage:
            # Every account must be a customer on every day of the window, so no story may start or end inside it.
            stories = [DENSE_USAGE_STORY_SWAPS.get(story, story) for story in stories]
        return [self.plan_account(index, story) for index, story in enumerate(stories, start=1)]

    def plan_account(self, index: int, story: str) -> AccountPlan:
        rng = random.Random(f"{self.config.seed}/account/{index}")
        days = self.timeline.days
        end_day = days - 1

        segment = "smb" if story == "loud_low_value" else weighted_choice(rng, SEGMENT_WEIGHTS)
        plan = "starter" if story == "loud_low_value" else weighted_choice(rng, PLAN_WEIGHTS_BY_SEGMENT[segment])
        name, domain = self.company_name(rng, index)

        created_in_window = story == "onboarding" or (story in STORIES_CREATED_IN_WINDOW and rng.random() < 0.25)
        if self.config.dense_usage:
            created_in_window = False
        churn_day = None
        if story == "onboarding":
            created_day = end_day - rng.randint(40, min(110, days - 20))
        elif created_in_window:
            created_day = rng.randint(0, int(days * 0.3))
        else:
            created_day = None

        # Contract dates: in-window accounts start within days of creation; older accounts renew yearly.
        if created_day is not None:
            created_at = self.timeline.moment(created_day, working_seconds(rng))
            contract_start = created_at.date() + timedelta(days=rng.randint(1, 10))
            renewal_date = add_years(contract_start, 1)
            while renewal_date <= self.timeline.end_date:
                renewal_date = add_years(renewal_date, 1)
        else:
            if story == "churned":
                churn_day = rng.randint(int(days * 0.45), int(days * 0.85))
                renewal_date = self.timeline.date_of(churn_day)
            elif story == "declining":
                renewal_date = self.timeline.end_date + timedelta(days=rng.randint(30, 75))
            else:
                renewal_date = self.timeline.end_date + timedelta(days=rng.randint(1, 365))
            contract_start = add_years(renewal_date, -rng.randint(1, 5))
            while contract_start >= self.timeline.start_date - timedelta(days=30):
                contract_start = add_years(contract_start, -1)
            created_date = contract_start - timedelta(days=rng.randint(1, 20))
            created_at = datetime.combine(created_date, clock_time()) + timedelta(seconds=working_seconds(rng))
            created_day = self.timeline.day_of(created_at)

        first_day = max(0, self.timeline.day_of(contract_start) + rng.randint(1, 5))
        last_day = churn_day if churn_day is not None else end_day

        health_start, health_end, change_start, change_end = self.health_curve(
            rng, story, first_day, churn_day, created_in_window
        )

        low, high = SEAT_RANGE_BY_SEGMENT[segment]
        seats = int(math.exp(rng.uniform(math.log(low), math.log(high))))
        if story == "loud_low_value":
            initial_arr = round(rng.uniform(1_200, 3_500), 2)
            seats = rng.randint(3, 8)
        else:
            initial_arr = round(ARR_MEDIAN_BY_SEGMENT[segment] * math.exp(rng.gauss(0, ARR_SIGMA)), 2)

        weekend_rate = {"smb": 0.25, "mid_market": 0.4, "enterprise": 0.6}[segment]
        active_rate = {"smb": 0.88, "mid_market": 0.95, "enterprise": 0.99}[segment]
        mean_health = (health_start + health_end) / 2
        account = AccountPlan(
            index=index,
            account_id=account_id_for(index),
            account_name=name,
            domain=domain,
            segment=segment,
            plan=plan,
            industry=weighted_choice(rng, INDUSTRY_WEIGHTS),
            region=weighted_choice(rng, REGION_WEIGHTS),
            csm_id=self.csm_ids[rng.randrange(len(self.csm_ids))],
            story=story,
            created_at=created_at,
            contract_start=contract_start,
            renewal_date=renewal_date,
            seats=seats,
            initial_arr=initial_arr,
            first_day=first_day,
            last_day=last_day,
            churn_day=churn_day,
            health_start=round(health_start, 4),
            health_end=round(health_end, 4),
            change_start=change_start,
            change_end=change_end,
            utilization_scale=round(rng.uniform(0.85, 1.1), 4),
            active_rate=active_rate,
            weekend_rate=weekend_rate,
            sessions_per_user=round(rng.uniform(1.2, 2.6), 3),
            events_per_session=round(rng.uniform(12, 40), 2),
            feature_breadth=round(clamp(0.1 + 0.9 * mean_health + rng.uniform(-0.08, 0.08), 0.1, 1.0), 4),
        )
        account.contacts = self.plan_contacts(rng, account, created_day)
        return account

    def health_curve(
        self, rng: random.Random, story: str, first_day: int, churn_day: int | None, created_in_window: bool
    ) -> tuple[float, float, int, int]:
        """Return (health_start, health_end, change_start, change_end) for the story."""
        days = self.timeline.days
        if story == "recovering":
            start = rng.randint(int(days * 0.35), int(days * 0.45))
            end = start + rng.randint(int(days * 0.1), int(days * 0.15))
            return rng.uniform(0.12, 0.3), rng.uniform(0.78, 0.92), start, end
        if story == "declining":
            start = rng.randint(int(days * 0.55), int(days * 0.65))
            end = max(start + 20, days - rng.randint(10, 40))
            return rng.uniform(0.72, 0.9), rng.uniform(0.08, 0.22), start, end
        if story == "churned":
            assert churn_day is not None
            return rng.uniform(0.5, 0.75), rng.uniform(0.05, 0.15), max(0, churn_day - 120), churn_day - 10
        if story == "onboarding":
            return 0.15, rng.uniform(0.55, 0.75), first_day, first_day + 45

        level = {
            "healthy": (0.78, 0.95), "neutral": (0.45, 0.6), "struggling": (0.1, 0.28),
            "open_escalation": (0.68, 0.85), "missing_surveys": (0.72, 0.9), "absent_sponsor": (0.78, 0.94),
            "loud_low_value": (0.66, 0.85),
        }[story]
        health = rng.uniform(*level)
        if created_in_window:
            # A short onboarding ramp up to the story's level.
            return 0.3, health, first_day, first_day + rng.randint(30, 60)
        return health, clamp(health + rng.uniform(-0.04, 0.04), 0.0, 1.0), 0, days - 1

    def company_name(self, rng: random.Random, index: int) -> tuple[str, str]:
        prefix = rng.choice(COMPANY_PREFIXES)
        core = rng.choice(COMPANY_CORES)
        name = f"{prefix} {core} {rng.choice(COMPANY_SUFFIXES)}"
        domain = f"{prefix}{core}".lower() + rng.choice((".com", ".io", ".co", ".net"))
        if domain in self.used_domains:
            domain = f"{prefix}{core}{index}".lower() + ".com"
        self.used_domains.add(domain)
        return name, domain

    def plan_contacts(self, rng: random.Random, account: AccountPlan, created_day: int) -> list[ContactPlan]:
        """Plan 4 to 8 contacts: one or two champions, a budget owner, an executive sponsor, end users."""
        personas = ["champion", "budget_owner", "executive_sponsor"]
        if rng.random() < 0.25:
            personas.append("champion")
        personas += ["end_user"] * (rng.randint(4, 8) - len(personas))

        contacts = []
        used_emails: set[str] = set()
        for position, persona in enumerate(personas):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local_part = f"{first}.{last}".lower().replace(" ", "")
            if local_part in used_emails:
                local_part = f"{local_part}{position}"
            used_emails.add(local_part)

            # Most contacts exist from the start; some end users join during the window.
            joins_later = persona == "end_user" and rng.random() < 0.2
            if joins_later:
                earliest = max(created_day + 1, 0)
                joined_day = rng.randint(earliest, max(earliest, self.timeline.days - 30))
                created_at = self.timeline.moment(joined_day, working_seconds(rng))
            else:
                created_at = account.created_at + timedelta(hours=rng.randint(1, 120))

            is_champion = persona == "champion"
            verified_share = 0.85 if account.story in HEALTHY_USAGE_STORIES else 0.3
            is_verified = is_champion and (
                (position == 0 and account.story == "absent_sponsor") or rng.random() < verified_share
            )
            contact_index = self.next_contact_index
            self.next_contact_index += 1
            contacts.append(
                ContactPlan(
                    index=contact_index,
                    contact_id=f"con_{contact_index:07d}",
                    full_name=f"{first} {last}",
                    email=f"{local_part}@{account.domain}",
                    phone=self.phone_number(rng, account.region),
                    persona=persona,
                    seniority=weighted_choice(rng, SENIORITY_WEIGHTS_BY_PERSONA[persona]),
                    is_verified_champion=is_verified,
                    created_at=created_at,
                    first_day=max(account.first_day, self.timeline.day_of(created_at) + 1),
                    activity_rate=round(ACTIVITY_RATE_BY_PERSONA[persona] * rng.uniform(0.8, 1.2), 4),
                )
            )
        return contacts

    @staticmethod
    def phone_number(rng: random.Random, region: str) -> str:
        if region == "na":
            return f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        if region == "emea":
            return f"+44 20 7946 {rng.randint(0, 999):03d}"
        if region == "apac":
            return f"+61 2 5550 {rng.randint(1000, 9999)}"
        return f"+55 11 5555 {rng.randint(1000, 9999)}"


def write_story_key(accounts: list[AccountPlan], path: Path) -> None:
    """Write account_stories.json: the story behind each account, as an answer key for tests."""
    stories: dict[str, list[str]] = {story: [] for story in STORY_WEIGHTS}
    for account in accounts:
        stories[account.story].append(account.account_id)
    document = {
        "how_to_read": (
            "The story the generator gave each account. Models never read this file; tests use it to find "
            "accounts whose data must show a known pattern (for example churned accounts stop using the product)."
        ),
        "stories": stories,
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
