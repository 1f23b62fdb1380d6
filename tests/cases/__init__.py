"""Tests for the cases domain."""
