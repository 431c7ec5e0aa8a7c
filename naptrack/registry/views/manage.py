"""Coordinators' pages: create, edit, publish and move plans through their lifecycle."""
