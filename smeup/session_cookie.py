"""The session cookie: staff sessions end after 30 minutes idle, a kiosk tablet's lasts for days.

Flask checks every session cookie's age against PERMANENT_SESSION_LIFETIME (30 minutes). A kiosk
tablet whose venue Wi-Fi drops for longer would come back as a stranger: its outbox could no
longer deliver (the kiosk is who the entries are for) until staff started kiosk mode again. Here
a cookie naming a kiosk may be SMEUP_KIOSK_OFFLINE_DAYS old; every other cookie keeps the 30
minutes. The kiosk itself lives on the server (kiosk_session), so leaving kiosk mode still ends
it at once, whatever age its cookie has.
"""

from datetime import UTC, datetime, timedelta

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature


class KioskAwareSessionInterface(SecureCookieSessionInterface):
    """Signed cookies as Flask's, but a session holding `long_lived_key` lives longer."""

    def __init__(self, long_lived_key: str) -> None:
        self.long_lived_key = long_lived_key

    def long_lifetime(self, app) -> timedelta:
        return timedelta(days=app.config["SMEUP_KIOSK_OFFLINE_DAYS"])

    def open_session(self, app, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        longest = max(self.long_lifetime(app), app.permanent_session_lifetime)
        try:
            data, signed_at = serializer.loads(
                cookie, max_age=int(longest.total_seconds()), return_timestamp=True
            )
        except BadSignature:
            return self.session_class()
        lifetime = (
            self.long_lifetime(app)
            if isinstance(data, dict) and data.get(self.long_lived_key)
            else app.permanent_session_lifetime
        )
        if datetime.now(UTC) - signed_at > lifetime:
            return self.session_class()
        return self.session_class(data)

    def get_expiration_time(self, app, session):
        if not session.permanent:
            return None
        lifetime = (
            self.long_lifetime(app)
            if session.get(self.long_lived_key)
            else app.permanent_session_lifetime
        )
        return datetime.now(UTC) + lifetime
