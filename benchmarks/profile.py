"""Profile one GET on a benchmark database: the top functions by own time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench_run \\
        python -m benchmarks.profile "/api/v1/comments/?consultation=1&page_size=50" [rounds]
    ... python -m benchmarks.profile /consultations/1/ 20 delegate1   # a web page

Runs as the seeded coordinator-editor with its token (the same user as benchmarks.measure), or,
given a username, as that user signed in with a session, as the web pages' cases run.
"""

import cProfile
import io
import os
import pstats
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import User  # noqa: E402


def main() -> None:
    """Warm up, then profile `rounds` requests and print the top 25 functions by own time."""
    url, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    if len(sys.argv) > 3:
        client = Client()
        client.force_login(User.objects.get(username=sys.argv[3]))
    else:
        token, _ = Token.objects.get_or_create(user=User.objects.get(username="editor"))
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    for _ in range(3):
        assert client.get(url).status_code == 200
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        client.get(url)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(25)
    print(f"{rounds} requests of {url}")
    print(out.getvalue())


if __name__ == "__main__":
    main()
