"""Generate the raw sample dataset of the customer-advocacy project.

The generator writes one file per raw table of the data contract (the sources YAML files under
models/staging), with the columns in contract order. It is deterministic: the same seed, scale,
end date and DuckDB version give byte-identical CSV files.

How the data is made:

1. Every account gets a story (healthy, recovering, declining, churned, ...) and the parameters that
   shape it: a health curve over the window, seats, ARR, contacts and their personas. These come
   from ``random.Random`` seeded with the generator seed.
2. The sparse event tables (tickets, surveys, billing events, invitations, ...) are written row by
   row in Python from those parameters, through sinks that inject the faults real loads have.
3. The three daily product tables are expanded inside DuckDB SQL from the same parameters, with
   noise from ``hash(seed, salt, account, day)`` mapped to [0, 1), so 100k accounts x 365 days fit
   in a few minutes and a few GiB.
4. DuckDB writes every table, sorted by all columns (key first), as CSV or Parquet, cast to the
   contract types. ``injected_faults.json`` records what was injected per table, and CSV runs also
   write the dbt seed properties file ``_sample__seeds.yml``.

Run ``python -m advocacy_tools.generate --help`` for the options.

Modules, each importing only modules listed before it:

- ``config``: the run parameters (``GeneratorConfig``) and their limits.
- ``contract``: the raw tables with their columns and types, and the dbt seed properties file.
- ``vocabulary``: the domain's enumerations, weights and rates (segments, plans, SLAs, names).
- ``timeline``: the window's day indexes, calendar arithmetic and the random-draw helpers.
- ``accounts``: the stories, the account and contact plans, and the story answer key.
- ``faults``: the fault kinds, rates and per-table rules, and the ``injected_faults.json`` manifest.
- ``sinks``: ``TableSink``, which formats sparse rows as the source would and injects faults.
- ``sparse``: the writers of the sparse event tables, one module per source system.
- ``daily``: the DuckDB SQL that expands the three daily product tables, and its parameter files.
- ``output``: the DuckDB ``COPY`` of every contract table to CSV or Parquet.
- ``pipeline``: ``generate``, one whole run from plans to files.
- ``cli``: the command line behind ``python -m advocacy_tools.generate`` and ``advocacy-generate``.
"""
