"""Registry views: public pages in public.py, coordinators' editing pages in manage.py."""
