"""Notifications: e-mail (and later SMS) through an outbox, so nothing is lost when a provider is down."""
