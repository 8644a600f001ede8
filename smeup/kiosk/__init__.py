"""Roadshow kiosk mode: a tablet that serves one visitor after another at an event."""
