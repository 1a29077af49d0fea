"""Tooling for the customer-advocacy dbt project: the sample-data generator and build helpers."""
