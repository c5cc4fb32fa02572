"""Pieces of URL patterns that several apps share."""

# A UUID exactly as Django writes it: an address that merely looks like one never reaches a
# query (where it would fail as an invalid UUID rather than as "not found").
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
