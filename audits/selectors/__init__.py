"""Permission-scoped reads for audits, one module per part of the app (frameworks, cycles,
returns, sign-off, case audits, the living return's carry-forward, "My work"). 404 for
"missing or not yours"; each page's queries are fixed in number whatever the data size."""
