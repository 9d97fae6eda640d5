"""Make a password hash for the Import page's sign-in.

    .venv/bin/python scripts/hash_password.py ana
    (asks for the password twice; or pipe it on standard input)

Prints the line to add under [auth.users] in .streamlit/secrets.toml:

    ana = "pbkdf2_sha256$600000$<salt hex>$<hash hex>"
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from importers.auth import ITERATIONS, hash_password  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username")
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    args = parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            print("error: the two passwords differ", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 12:
        print("error: use a password of at least 12 characters", file=sys.stderr)
        return 1
    print("# under [auth.users] in .streamlit/secrets.toml")
    print(f'{args.username} = "{hash_password(password, iterations=args.iterations)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
