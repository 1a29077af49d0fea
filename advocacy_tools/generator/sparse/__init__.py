"""Writers of the sparse event tables, which Python writes row by row through fault-injecting sinks.

Each module defines the methods for one source system as a class, and ``SparseTableWriter`` in
``writer`` combines these classes. ``crm`` writes accounts, contacts, engagements and CSM sentiment,
``success`` milestones, support tickets and surveys, ``billing`` subscription events, ``advocacy``
intent, consent, invitations, responses and completions, and ``opportunities`` opportunities and
reference requests. ``base`` contains the sinks, id counters and advocates that they share.
"""

from advocacy_tools.generator.sparse.writer import SparseTableWriter

__all__ = ["SparseTableWriter"]
