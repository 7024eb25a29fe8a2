#!/usr/bin/env python3
"""The benchmark journal as another writer would have it: each record read and written
again by Python's json.dumps as it comes (", " and ": " between fields and values, every
non-ASCII character escaped as \\uXXXX), and its users drawn from 2,000 rather than six.
Lines that are no JSON are copied as they are.

    python3 benches/rewrite.py IN OUT
    bash benches/peers.sh 2 OUT
"""
import json
import sys

USERS = 2000


def main(source, target):
    with open(source, "rb") as lines, open(target, "wb") as out:
        for number, line in enumerate(lines):
            try:
                record = json.loads(line)
            except ValueError:
                out.write(line)
                continue
            if isinstance(record, dict) and isinstance(record.get("userId"), str):
                record["userId"] += str(number * 2654435761 % USERS)
            out.write(json.dumps(record).encode("ascii") + b"\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: rewrite.py IN OUT")
    main(sys.argv[1], sys.argv[2])
