"""Roadshow events: officers create and edit them; kiosk mode tags submissions with one."""
