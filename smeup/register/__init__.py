"""The company register: one way in (link a submission, find, merge) and referrals.

Domain modules here are plain Python (no request or session); views.py and referral_views.py
are the officers' pages.
"""
