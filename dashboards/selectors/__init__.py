"""Reads of the dashboards.

`pages` (dashboard pages), `stats` (the partner API's statistics), `indicators` (a
collective's indicator registry) and `outcomes` read the roll-up tables; `figures` and
`measures` compute a scope's figures from the raw rows, for the roll-up services only.
"""
