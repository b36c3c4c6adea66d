"""What the accounts feature contributes: sign-up, login, account and user pages, the accounts
API, `flask users`, sessions and bearer tokens (set up explicitly), and the access policy."""

from app.accounts import auth, resources, routes
from app.accounts.audit_words import ACCOUNTS_AUDIT
from app.accounts.cli import users_cli
from app.accounts.messages import MESSAGES
from app.feature import Feature

FEATURE = Feature(
    "accounts",
    pages=routes.bp,
    api=resources.blp,
    commands=(users_cli,),
    messages=MESSAGES,
    audit_labels=ACCOUNTS_AUDIT,
    setup=auth.init_app,
)
