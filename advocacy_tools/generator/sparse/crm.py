"""Writers of the CRM tables that belong to one account: the account row, its contacts, stakeholder
engagements and CSM sentiment entries.
"""

from __future__ import annotations

import random
from datetime import timedelta

from advocacy_tools.generator.accounts import AccountPlan
from advocacy_tools.generator.sparse.base import SparseWriterBase
from advocacy_tools.generator.timeline import score_from_health, working_seconds


class CrmWriter(SparseWriterBase):
    """Write crm_accounts, crm_contacts, crm_stakeholder_engagements and crm_csm_sentiment."""

    def write_account_row(self, account: AccountPlan) -> None:
        row = {
            "account_id": account.account_id,
            "account_name": account.account_name,
            "segment": account.segment,
            "plan": account.plan,
            "industry": account.industry,
            "region": account.region,
            "arr": account.arr,
            "lifetime_value": account.lifetime_value,
            "created_at": account.created_at,
            "contract_start_date": account.contract_start,
            "renewal_date": account.renewal_date,
            "licensed_seats": account.seats,
            "csm_id": account.csm_id,
        }
        self.sinks["crm_accounts"].add(row, self.timeline.end_moment - timedelta(hours=6), None)

    def write_contacts(self, account: AccountPlan) -> None:
        for contact in account.contacts:
            row = {
                "contact_id": contact.contact_id,
                "account_id": account.account_id,
                "full_name": contact.full_name,
                "email": contact.email,
                "phone": contact.phone,
                "persona": contact.persona,
                "is_verified_champion": contact.is_verified_champion,
                "seniority": contact.seniority,
                "created_at": contact.created_at,
            }
            self.sinks["crm_contacts"].add(row, self.timeline.end_moment - timedelta(hours=6), account)

    def write_engagements(self, account: AccountPlan, rng: random.Random) -> None:
        """Write QBRs, executive meetings and success reviews, one row per invited stakeholder."""
        champion = account.champion
        budget_owner = account.contacts_with("budget_owner")[0]
        sponsor = account.contacts_with("executive_sponsor")[0]
        attendance = {"champion": 0.95, "budget_owner": 0.8, "executive_sponsor": 0.75, "end_user": 0.85}

        cadences = {
            "qbr": ({"smb": 182, "mid_market": 91, "enterprise": 91}[account.segment], (champion, budget_owner, sponsor)),
            "success_review": ({"smb": 75, "mid_market": 40, "enterprise": 30}[account.segment], (champion,)),
        }
        if account.story == "absent_sponsor":
            # The sponsor must be invited often enough for the absence to show.
            cadences["executive_meeting"] = (91, (sponsor, budget_owner))
        elif account.segment != "smb":
            cadences["executive_meeting"] = (182, (sponsor, budget_owner))
        elif rng.random() < 0.4:
            del cadences["qbr"]

        for engagement_type, (period, invitees) in cadences.items():
            day = account.first_day + rng.randint(7, period)
            while day <= account.last_day:
                moment = self.timeline.moment(day, rng.randint(14 * 3600, 18 * 3600))
                health = account.health(day)
                for contact in invitees:
                    if account.story == "absent_sponsor" and contact.persona == "executive_sponsor":
                        attended = False
                    else:
                        attended = rng.random() < attendance[contact.persona] * (0.45 + 0.55 * health)
                    row = {
                        "engagement_id": self.next_id("eng"),
                        "account_id": account.account_id,
                        "contact_id": contact.contact_id,
                        "engagement_type": engagement_type,
                        "scheduled_at": moment,
                        "attended": attended,
                    }
                    self.sinks["crm_stakeholder_engagements"].add(row, moment + timedelta(hours=2), account)
                day += period + rng.randint(-10, 10)

    def write_sentiment(self, account: AccountPlan, rng: random.Random) -> None:
        day = account.first_day + rng.randint(7, 30)
        while day <= account.last_day:
            moment = self.timeline.moment(day, working_seconds(rng))
            csm_id = account.csm_id if rng.random() < 0.95 else rng.choice(("csm_01", "csm_02", "csm_03"))
            row = {
                "sentiment_id": self.next_id("sen"),
                "account_id": account.account_id,
                "csm_id": csm_id,
                "recorded_at": moment,
                "sentiment_score": score_from_health(rng, account.health(day), 1, 5, 0.5),
            }
            self.sinks["crm_csm_sentiment"].add(row, moment, account)
            day += rng.randint(20, 45)
