"""claimledger: research papers into an auditable ledger of numeric claims.

Subpackages: ``corpus`` (reading documents), ``extract`` (claims, tables, citations), ``models``
(versions, grouping, verdicts, search) and ``outputs`` (ledger, audit, fact sheet, CLI)."""
