"""Vocabulary of the domain: segments, plans, regions, industries, personas, programs, features,
SLA targets, ticket priorities, intent activities, milestone names and the fake names of people and
companies, with the weights and rates the generator draws them by.
"""

from __future__ import annotations


SEGMENT_WEIGHTS = {"smb": 55, "mid_market": 30, "enterprise": 15}
PLAN_WEIGHTS_BY_SEGMENT = {
    "smb": {"starter": 65, "growth": 30, "scale": 5},
    "mid_market": {"starter": 15, "growth": 60, "scale": 25},
    "enterprise": {"starter": 0, "growth": 25, "scale": 75},
}
REGION_WEIGHTS = {"na": 45, "emea": 30, "apac": 15, "latam": 10}
REGULATED_INDUSTRIES = ("healthcare", "financial_services", "government")
INDUSTRY_WEIGHTS = {
    "software": 22, "retail": 12, "manufacturing": 12, "education": 8, "media": 8,
    "healthcare": 14, "financial_services": 16, "government": 8,
}

# Median ARR and log-normal sigma per segment, in the reporting currency.
ARR_MEDIAN_BY_SEGMENT = {"smb": 9_000.0, "mid_market": 48_000.0, "enterprise": 230_000.0}
ARR_SIGMA = 0.55
SEAT_RANGE_BY_SEGMENT = {"smb": (5, 40), "mid_market": (40, 250), "enterprise": (250, 2_500)}
# Months between invoices: monthly for SMB, quarterly for mid-market, annual for enterprise.
BILLING_PERIOD_MONTHS = {"smb": 1, "mid_market": 3, "enterprise": 12}
TICKETS_PER_MONTH_BY_SEGMENT = {"smb": 0.45, "mid_market": 1.0, "enterprise": 2.0}
# Days from contract start to the first-value milestone that onboarding aims for.
TIME_TO_VALUE_TARGET_DAYS = {"smb": 30, "mid_market": 45, "enterprise": 75}

PROGRAMS = ("reference_call", "review", "case_study", "co_webinar", "beta_council")
PROGRAM_WEIGHTS_BY_SEGMENT = {
    "smb": {"reference_call": 30, "review": 40, "case_study": 5, "co_webinar": 10, "beta_council": 15},
    "mid_market": {"reference_call": 35, "review": 20, "case_study": 15, "co_webinar": 15, "beta_council": 15},
    "enterprise": {"reference_call": 35, "review": 5, "case_study": 30, "co_webinar": 20, "beta_council": 10},
}
REFERENCE_PROGRAM_WEIGHTS = {"reference_call": 60, "case_study": 20, "review": 15, "co_webinar": 5}

PERSONAS = ("champion", "budget_owner", "executive_sponsor", "end_user")
SENIORITY_WEIGHTS_BY_PERSONA = {
    "champion": {"individual_contributor": 10, "manager": 50, "director": 40},
    "budget_owner": {"director": 60, "executive": 40},
    "executive_sponsor": {"director": 15, "executive": 85},
    "end_user": {"individual_contributor": 80, "manager": 20},
}
# Share of active days on which a contact of each persona uses the product, before health scaling.
ACTIVITY_RATE_BY_PERSONA = {"champion": 0.55, "end_user": 0.32, "budget_owner": 0.07, "executive_sponsor": 0.03}

KEY_FEATURES_BY_PLAN = {
    "starter": ("dashboards", "reports", "alerts", "integrations"),
    "growth": ("dashboards", "reports", "alerts", "integrations", "workflows", "api_access"),
    "scale": (
        "dashboards", "reports", "alerts", "integrations", "workflows", "api_access", "sso", "audit_log",
    ),
}
# Features that every plan offers but none counts as key; they appear in feature usage only.
NON_KEY_FEATURES = ("mobile_app", "data_export")

# First response target in minutes and resolution target in hours, per plan and priority.
FIRST_RESPONSE_SLA_MINUTES = {
    "starter": {"p1": 60, "p2": 240, "p3": 720, "p4": 1440},
    "growth": {"p1": 60, "p2": 120, "p3": 480, "p4": 1440},
    "scale": {"p1": 30, "p2": 60, "p3": 240, "p4": 720},
}
RESOLUTION_SLA_HOURS = {
    "starter": {"p1": 8, "p2": 48, "p3": 120, "p4": 240},
    "growth": {"p1": 8, "p2": 24, "p3": 72, "p4": 168},
    "scale": {"p1": 4, "p2": 12, "p3": 48, "p4": 120},
}
PRIORITY_WEIGHTS = {"p1": 3, "p2": 15, "p3": 50, "p4": 32}
ESCALATION_RATE_BY_PRIORITY = {"p1": 0.35, "p2": 0.07, "p3": 0.01, "p4": 0.0}

INTENT_ACTIVITY_WEIGHTS = {
    "case_study_visit": 24, "community_answer": 20, "webinar_attendance": 20, "roadmap_feedback": 12,
    "review": 9, "beta_participation": 8, "referral": 7,
}

ONBOARDING_STEPS = (("Kickoff held", 0.15), ("Data sources connected", 0.45), ("Admins trained", 0.7))
SUCCESS_GOALS = (
    "Cut weekly reporting time in half",
    "Retire the legacy spreadsheet process",
    "Roll out to a second business unit",
    "Reach 80 percent weekly active seats",
    "Automate the month-end review",
    "Give executives a live pipeline view",
    "Reduce manual data fixes by 60 percent",
    "Consolidate three tools into one",
)

OPEN_STAGES = ("prospecting", "discovery", "evaluation", "proposal", "negotiation")


FIRST_NAMES = (
    "Ada", "Aiko", "Alejandro", "Amara", "Anders", "Ana", "Arjun", "Beatriz", "Bilal", "Carmen", "Chen",
    "Chloe", "Dario", "Dmitri", "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hana", "Hugo", "Ines",
    "Isaac", "Jonas", "Julia", "Kwame", "Lars", "Leila", "Lucas", "Maya", "Mei", "Mateo", "Nadia", "Noah",
    "Olga", "Omar", "Priya", "Rafael", "Rosa", "Samir", "Sofia", "Tariq", "Thandiwe", "Tomas", "Yuki", "Zara",
)
LAST_NAMES = (
    "Abara", "Andersen", "Banerjee", "Becker", "Castillo", "Costa", "Dubois", "Eriksson", "Fernandes",
    "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Kumar", "Larsen", "Lopez", "Mensah",
    "Moreau", "Nakamura", "Novak", "Okafor", "Olsen", "Park", "Petrov", "Quinn", "Rahman", "Rossi", "Sato",
    "Schmidt", "Silva", "Singh", "Suzuki", "Tanaka", "Torres", "Van Dijk", "Wang", "Weber", "Yilmaz",
)
COMPANY_PREFIXES = (
    "Amber", "Atlas", "Blue", "Bright", "Cedar", "Clear", "Copper", "Crest", "Delta", "Ember", "Fern",
    "Granite", "Harbor", "Iron", "Juniper", "Keystone", "Lumen", "Maple", "North", "Oak", "Orbit", "Pine",
    "Quartz", "River", "Silver", "Summit", "Terra", "Tide", "Vale", "Willow",
)
COMPANY_CORES = (
    "Analytics", "Bank", "Bio", "Care", "Commerce", "Data", "Dynamics", "Energy", "Foods", "Freight",
    "Health", "Insights", "Labs", "Learning", "Logic", "Media", "Metrics", "Motors", "Networks", "Partners",
    "Pay", "Retail", "Robotics", "Security", "Solutions", "Studios", "Systems", "Textiles", "Works", "Wave",
)
COMPANY_SUFFIXES = ("Inc", "Ltd", "GmbH", "Group", "Co", "SA", "Pty", "LLC")
