"""Postcode geography a council loads (ONS Postcode Directory or Code-Point Open): where a postcode is, and the
council's areas. No blueprint: the Local Offer, search, the directory API and surveys call services.py."""
