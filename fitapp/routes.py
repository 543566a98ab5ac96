"""Every route in one place, so links and redirects cannot drift apart."""

HOME = "/"
SIGN_UP = "/signup"
SIGN_IN = "/signin"
ONBOARDING = "/onboarding"
PROFILE = "/profile"
ADMIN = "/admin"
PROFILE_CHANGE = "/profile/change"
PROFILE_HISTORY = "/profile/history"
ADMIN_USER = "/admin/user"
ADMIN_ANALYTICS = "/admin/analytics"
ADMIN_SYSTEM = "/admin/system"


def admin_user(user_id: str) -> str:
    return f"{ADMIN_USER}?id={user_id}"
