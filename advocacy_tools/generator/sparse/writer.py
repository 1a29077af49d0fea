"""The sparse table writer that the pipeline uses: it combines the per-system writer classes and writes
every sparse row of an account in one fixed order.
"""

from __future__ import annotations

import random

from advocacy_tools.generator.accounts import HEALTHY_USAGE_STORIES, AccountPlan
from advocacy_tools.generator.faults import FaultTally
from advocacy_tools.generator.sparse.advocacy import AdvocacyWriter
from advocacy_tools.generator.sparse.base import Advocate
from advocacy_tools.generator.sparse.billing import BillingWriter
from advocacy_tools.generator.sparse.crm import CrmWriter
from advocacy_tools.generator.sparse.opportunities import OpportunityWriter
from advocacy_tools.generator.sparse.success import SuccessWriter


class SparseTableWriter(CrmWriter, SuccessWriter, BillingWriter, AdvocacyWriter, OpportunityWriter):
    """Write the event tables of every account through fault-injecting sinks."""

    def close(self) -> dict[str, FaultTally]:
        for sink in self.sinks.values():
            sink.close()
        return {name: sink.tally for name, sink in self.sinks.items()}

    def write_account(self, account: AccountPlan) -> None:
        """Write every sparse row of one account, in a fixed order so output stays deterministic."""
        rng = random.Random(f"{self.config.seed}/events/{account.index}")
        renewal_days, expansions = self.write_billing(account, rng)
        self.write_account_row(account)
        self.write_contacts(account)
        self.write_engagements(account, rng)
        self.write_sentiment(account, rng)
        self.write_milestones(account, rng)
        self.write_tickets(account, rng)
        self.write_surveys(account, rng)
        self.write_intent(account, rng)
        self.write_advocacy(account, rng)
        self.write_account_opportunities(account, rng, renewal_days, expansions)

        champion = account.champion
        if account.story in HEALTHY_USAGE_STORIES and champion.is_verified_champion:
            self.advocates.append(Advocate(account.account_id, champion.contact_id, account.created_at))
