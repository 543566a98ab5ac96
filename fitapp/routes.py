"""Every route in one place, so links and redirects cannot drift apart."""

HOME = "/"
SIGN_UP = "/signup"
SIGN_IN = "/signin"
ONBOARDING = "/onboarding"
PROFILE = "/profile"
ADMIN = "/admin"
