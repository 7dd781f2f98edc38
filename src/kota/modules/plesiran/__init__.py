"""e-plesiran: the city's tourism module (destinations, facilities, events, trips)."""
