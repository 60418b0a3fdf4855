"""Track A fleet operations: the fleet map, one vehicle's story, maintenance (P0.3), incidents
(P0.5c) and insurance (P0.5d)."""
