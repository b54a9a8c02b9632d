"""Checks a Cleanroom ledger with third-party code only: each line's DSSE envelope verified by
securesystemslib with the given Ed25519 key, its payload parsed into in-toto-attestation's v1
Statement protobuf and validated by that package, and each environment or registry subject's digest
recomputed from the erasure list (docs/evidence.md, "Subjects").

usage: validate_in_toto.py LEDGER PUBLIC_KEY_HEX KEY_ID
Prints "ok SEQ KIND SUBJECT..." or "FAIL SEQ: why" per line; exits 1 if any line failed.
"""

import hashlib
import json
import sys

from google.protobuf import json_format
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def erasure_digest(dropped):
    return hashlib.sha256("".join(item + "\n" for item in dropped).encode()).hexdigest()


def check(line, key):
    entry = json.loads(line)
    envelope = Envelope.from_dict(entry["envelope"])
    if envelope.payload_type != PAYLOAD_TYPE:
        raise ValueError(f"payloadType {envelope.payload_type}")
    envelope.verify([key], 1)
    proto = json_format.Parse(envelope.payload, statement_pb2.Statement())
    Statement.copy_from_pb(proto).validate()
    statement = json.loads(envelope.payload)
    predicate = statement["predicate"]
    dropped = (predicate.get("erasure") or {}).get("dropped", [])
    for subject in statement["subject"]:
        if subject["name"].startswith("registry:"):
            if subject["digest"]["sha256"] != erasure_digest(dropped):
                raise ValueError(f"{subject['name']}: digest is not that of the erasure list")
        if subject["name"].startswith("environment:") and predicate["kind"] == "teardown":
            if subject["digest"]["sha256"] != erasure_digest(dropped):
                raise ValueError(f"{subject['name']}: digest is not that of the erasure list")
    names = " ".join(subject["name"] for subject in statement["subject"])
    return f"{predicate['kind']} {predicate['outcome']} {names}"


def main():
    ledger, public_hex, key_id = sys.argv[1:4]
    key = SSlibKey(key_id, "ed25519", "ed25519", {"public": public_hex})
    failures = 0
    with open(ledger, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                print(f"ok {number} {check(line, key)}")
            except Exception as error:  # every failure is reported, whatever raised it
                failures += 1
                print(f"FAIL {number}: {type(error).__name__}: {error}")
    sys.exit(1 if failures else 0)


main()
