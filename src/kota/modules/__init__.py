"""The city's toggleable modules, each a vertical slice registered with kota.registry."""
