"""Gift events: hosts, receiving sides, public pages, guests, the gift ledger (sổ mừng) and
reciprocity with the hosts' contacts."""
