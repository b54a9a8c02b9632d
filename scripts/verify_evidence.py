#!/usr/bin/env python3
"""Verify Cleanroom evidence without Cleanroom.

An independent check of the evidence ledger (JSONL, one entry per line) or of a single DSSE envelope,
written from the public specifications only: DSSE v1 (signing spec, PAE), in-toto Statement v1 and
Ed25519 (RFC 8032). It needs Python 3 and the `cryptography` package, and imports no Cleanroom code.

Each ledger line is a JSON object {"seq": n, "prev": hex, "recordedAt": time, "envelope": {...}}:
seq counts from 1 and prev is the SHA-256 of the previous line's bytes (without its newline), or 64
zeros on the first line.

    python3 scripts/verify_evidence.py --ledger home/evidence/ledger.jsonl --public-key ~/audit/signing.pub
    python3 scripts/verify_evidence.py --ledger home/evidence/ledger.jsonl --public-key home/keys/signing.pub \
        --key-fingerprint HEX --expect-head SEQ:DIGEST
    python3 scripts/verify_evidence.py --ledger home/evidence/ledger.jsonl --public-key ~/audit/signing.pub \
        --since SEQ:DIGEST
    python3 scripts/verify_evidence.py --envelope run.dsse.json --public-key ~/audit/signing.pub

The key must be pinned outside the folders the ledger's writers control: a public key file kept
elsewhere, or --key-fingerprint (the fingerprint `cleanroom keys init` printed), which the key file
must match. A key file in the ledger's folder, in the Cleanroom home around it (the folder holding
evidence/ledger.jsonl) or under $CLEANROOM_HOME is refused without --key-fingerprint, since whoever
rewrites the ledger can replace it. --expect-head (as `cleanroom evidence head` prints it) fails when
the ledger no longer holds that entry: its last entries were deleted or rewritten. --since SEQ:DIGEST
(an entry verified and stored before) checks that entry and what was appended after it, as
`cleanroom evidence verify --since` does: the ledger must still hold it, and lines before it are read
(to follow key rotations) but not judged. The two combine. A sharded run's statement must find, in
verified entries before it, each shard statement it names (by the SHA-256 of its payload) and the
successful shard-plan statement of its plan.

Prints one verdict per entry. Exit status: 0 when everything verifies, 1 when anything fails, 2 when
the inputs cannot be read or the key is not pinned.
"""

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://cleanroom.dev/evidence/run/v1"
GENESIS = "0" * 64


class InputError(Exception):
    """An input that cannot be read at all (exit status 2)."""


def pae(payload_type: bytes, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body."""
    return b"DSSEv1 " + str(len(payload_type)).encode() + b" " + payload_type + b" " + \
        str(len(payload)).encode() + b" " + payload


def load_public_key(path):
    """The Ed25519 public key in a SubjectPublicKeyInfo PEM file, and its key id (SHA-256 of the raw key)."""
    try:
        with open(path, "rb") as f:
            key = serialization.load_pem_public_key(f.read())
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read a PEM public key: {e}")
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path}: not an Ed25519 public key")
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, hashlib.sha256(raw).hexdigest()


def writers_folders(source_path):
    """Folders whoever writes the evidence at `source_path` controls: its folder, the Cleanroom home
    around it (the parent of an `evidence` folder) and $CLEANROOM_HOME."""
    folder = os.path.dirname(os.path.abspath(source_path))
    folders = [folder]
    if os.path.basename(folder) == "evidence":
        folders.append(os.path.dirname(folder))
    if os.environ.get("CLEANROOM_HOME"):
        folders.append(os.path.abspath(os.environ["CLEANROOM_HOME"]))
    return [os.path.realpath(f) for f in folders]


def check_pin(key_path, keyid, fingerprint, source_path):
    """Raises InputError unless the key is pinned: by a matching --key-fingerprint, or by lying outside
    every folder the evidence's writers control. Returns how it was pinned."""
    if fingerprint is not None:
        if fingerprint.lower() != keyid:
            raise InputError(f"{key_path} has fingerprint {keyid}, not the pinned {fingerprint.lower()}: "
                             "it is not the pinned key (replaced?); the evidence is not verified")
        return f"fingerprint {keyid} given with --key-fingerprint"
    real = os.path.realpath(key_path)
    for folder in writers_folders(source_path):
        if real == folder or real.startswith(folder.rstrip("/") + "/"):
            raise InputError(f"{key_path} lies inside {folder}, which the evidence's writers control, so it is not "
                             "trusted by itself: pass a copy of the key kept elsewhere, or add --key-fingerprint HEX "
                             "(the fingerprint `cleanroom keys init` printed)")
    return f"public key file {key_path}"


def strict_b64(text):
    """Standard base64 with padding and nothing else, or None."""
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def check_envelope(envelope, key, keyid):
    """Problems with one DSSE envelope (empty when it verifies), a one-line summary of its statement, and
    the ledger position signed inside it (or None)."""
    if not isinstance(envelope, dict):
        return ["envelope is not a JSON object"], "", None
    payload_type = envelope.get("payloadType")
    payload = strict_b64(envelope.get("payload"))
    signatures = envelope.get("signatures")
    if not isinstance(payload_type, str):
        return ["envelope has no payloadType"], "", None
    if payload is None:
        return ["payload is not standard base64"], "", None
    if not isinstance(signatures, list) or not signatures:
        return ["envelope has no signatures"], "", None

    message = pae(payload_type.encode("utf-8"), payload)
    verified = False
    for signature in signatures:
        sig = strict_b64(signature.get("sig") if isinstance(signature, dict) else None)
        if sig is None:
            continue
        try:
            key.verify(sig, message)
            verified = True
            break
        except InvalidSignature:
            pass
    if not verified:
        named = sorted({s.get("keyid") for s in signatures if isinstance(s, dict) and isinstance(s.get("keyid"), str)})
        if named and keyid not in named:
            return [f"signature invalid: envelope names key id {', '.join(named)}, the public key given is {keyid}"], "", None
        return ["signature invalid: the envelope was altered after signing"], "", None

    problems = []
    if payload_type != PAYLOAD_TYPE:
        problems.append(f"payloadType is {payload_type!r}, expected {PAYLOAD_TYPE!r}")
    try:
        statement = json.loads(payload)
    except ValueError:
        return problems + ["payload is not JSON"], "", None
    if not isinstance(statement, dict):
        return problems + ["payload is not a JSON object"], "", None
    if statement.get("_type") != STATEMENT_TYPE:
        problems.append(f"_type is {statement.get('_type')!r}, expected {STATEMENT_TYPE!r}")
    if statement.get("predicateType") != PREDICATE_TYPE:
        problems.append(f"predicateType is {statement.get('predicateType')!r}, expected {PREDICATE_TYPE!r}")
    subjects = statement.get("subject")
    if not isinstance(subjects, list):
        problems.append("statement has no subject list")
        subjects = []
    predicate = statement.get("predicate") if isinstance(statement.get("predicate"), dict) else {}
    summary = f"{predicate.get('kind', '?')} {predicate.get('outcome', '?')}, {len(subjects)} subject(s)"
    return problems, summary, predicate


def next_key(rotation):
    """The key a key-rotation predicate names: raw base64 whose SHA-256 must be its nextKeyID."""
    raw = strict_b64(rotation.get("nextPublicKey")) if isinstance(rotation, dict) else None
    if raw is None or len(raw) != 32 or hashlib.sha256(raw).hexdigest() != rotation.get("nextKeyID"):
        raise InputError("key rotation without a valid next key (nextPublicKey must hash to nextKeyID)")
    return Ed25519PublicKey.from_public_bytes(raw), rotation["nextKeyID"]


def verify_ledger(path, key, keyid, expected_head=None, since=None):
    """Verifies every line of the ledger at `path`, printing a verdict per line; the number of failures.
    With `expected_head` (seq, digest), a ledger that does not hold that entry is one more failure. A
    verified key-rotation entry hands over to the key it names: later entries must verify under it.

    With `since` (seq, digest), an entry verified and stored before: the ledger must hold it (else one
    failure, as for `expected_head`), and only it and the lines after it are judged. Lines before it
    are read to follow key rotations but not judged, nor are the link into it and a gap just before
    it: the stored digest fixed them when it was recorded (verify without --since to re-check them)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}")
    lines = data.split(b"\n")
    terminated = data.endswith(b"\n") or not data
    if lines and lines[-1] == b"":
        lines.pop()

    pinned_keyid = keyid
    shard_statements = set()  # SHA-256 of the payloads of verified `shard` statements so far
    plans = set()  # (name, sha256) of the plans verified, successful `shard-plan` statements attest
    expected_seq = 1
    expected_prev = GENESIS
    digests = {}
    verdicts = []  # (label, seq, digest, problems as (kind, text), summary), one per line
    for number, line in enumerate(lines, start=1):
        problems = []
        summary = ""
        seq = None
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not {"seq", "prev", "recordedAt", "envelope"} <= set(entry):
            problems.append(("entry", "not a ledger entry (expected a JSON object with seq, prev, recordedAt, envelope)"))
        else:
            seq = entry["seq"]
            if type(seq) is not int:
                problems.append(("entry", "seq is not an integer"))
            elif seq != expected_seq:
                problems.append(("seq", f"seq is {seq}, expected {expected_seq} (an entry was removed, reordered or duplicated)"))
            if entry["prev"] != expected_prev:
                problems.append(("prev", "prev does not match the SHA-256 of the previous line (the chain is broken)"))
            envelope_problems, summary, predicate = check_envelope(entry["envelope"], key, keyid)
            problems += [("envelope", p) for p in envelope_problems]
            predicate = predicate if isinstance(predicate, dict) else {}
            position = predicate.get("ledger") if isinstance(predicate.get("ledger"), dict) else None
            if not envelope_problems and predicate.get("kind") == "key-rotation" and predicate.get("outcome") == "succeeded":
                try:
                    key, keyid = next_key(predicate.get("rotation"))
                    summary += f", rotates to key id {keyid}"
                except InputError as e:
                    problems.append(("envelope", str(e)))
            if not envelope_problems:
                problems += [("shard", p) for p in shard_problems(entry["envelope"], predicate, shard_statements, plans)]
            if position is not None and (position.get("seq") != seq or position.get("previous") != entry["prev"]):
                problems.append(("position", "the ledger position signed inside the statement differs from this line's "
                                 "seq/prev (entries before it were removed, inserted or re-chained)"))
        if number == len(lines) and not terminated:
            problems.append(("tail", "last line has no terminating newline"))

        label = f"{path}:{number}" + (f" entry {seq}" if type(seq) is int else "")
        digest = hashlib.sha256(line).hexdigest()
        verdicts.append((label, seq, digest, problems, summary))
        expected_seq = (seq if type(seq) is int else expected_seq) + 1
        expected_prev = digest
        if type(seq) is int:
            digests.setdefault(seq, set()).add(digest)

    failures = 0
    start = 0
    if since is not None:
        start = next((i for i, v in enumerate(verdicts) if (v[1], v[2]) == since), None)
        if start is None:
            failures += 1
            print(head_missing(path, since, digests, "the entry to verify since"))
            start = len(verdicts)
    for index, (label, seq, digest, problems, summary) in enumerate(verdicts):
        if index < start:
            print(f"--   {label}: before the entry verified since, not judged")
            continue
        if since is not None and index == start:
            problems = [p for p in problems if p[0] not in ("seq", "prev")]
        if problems:
            failures += 1
            print(f"FAIL {label}: " + "; ".join(text for _, text in problems))
        else:
            print(f"ok   {label}: {summary}")

    if expected_head is not None and expected_head not in {(s, d) for s, ds in digests.items() for d in ds}:
        failures += 1
        print(head_missing(path, expected_head, digests, "the expected head"))

    scope = f", checked from entry {since[0]} on" if since is not None else ""
    print(f"{'FAILED' if failures else 'VERIFIED'}: {len(lines)} line(s){scope}, {failures} failure(s), "
          f"key id {pinned_keyid}{'' if keyid == pinned_keyid else f' rotated to {keyid}'}, head digest {expected_prev if lines else 'none'}")
    return failures


def shard_problems(envelope, predicate, shard_statements, plans):
    """What a verified statement of a sharded run names that no earlier verified entry holds; records
    what it attests for the entries after it. A `shard` statement is named by the run's `mask`
    statement as subject `shard-statement:I` with the SHA-256 of its payload; a successful
    `shard-plan` statement attests subject `shard-plan:ID` with the plan file's SHA-256, which the run
    names too."""
    payload = strict_b64(envelope.get("payload"))
    try:
        subjects = json.loads(payload).get("subject") or []
    except (ValueError, AttributeError):
        return []
    subjects = [(s.get("name"), (s.get("digest") or {}).get("sha256")) for s in subjects if isinstance(s, dict)]
    kind = predicate.get("kind")
    problems = []
    if kind == "shard":
        shard_statements.add(hashlib.sha256(payload).hexdigest())
    named_plans = [s for s in subjects if isinstance(s[0], str) and s[0].startswith("shard-plan:")]
    if kind == "shard-plan" and predicate.get("outcome") == "succeeded":
        plans.update(named_plans)
    if kind == "mask":
        problems += [f"a sharded run of plan {name[len('shard-plan:'):]}, which no earlier shard-plan entry attests "
                     "with that digest: its record was removed from the ledger, or the plan file changed"
                     for name, digest in named_plans if (name, digest) not in plans]
    problems += [f"a sharded run naming the statement of shard {name[len('shard-statement:'):]}, which no earlier "
                 "entry holds: it was removed from the ledger" for name, digest in subjects
                 if isinstance(name, str) and name.startswith("shard-statement:") and digest not in shard_statements]
    return problems


def head_missing(path, head, digests, what):
    """The FAIL line for a ledger that does not hold entry `head` (seq, digest): rewritten or cut short."""
    seq, digest = head
    if seq in digests:
        return (f"FAIL {path}: entry {seq} is not {what} {digest}: "
                "the ledger was rewritten or forked since that entry was recorded")
    return (f"FAIL {path}: {what}, entry {seq} ({digest}), is not in the ledger: "
            "entries were removed from its end")


def parse_head(option, text):
    """SEQ:DIGEST (or 'SEQ DIGEST', as `cleanroom evidence head` prints it) as (seq, digest)."""
    parts = text.replace(":", " ").split()
    if len(parts) != 2 or not parts[0].isdigit() or int(parts[0]) < 1 or len(parts[1]) != 64 \
            or any(c not in "0123456789abcdef" for c in parts[1].lower()):
        raise InputError(f"{option} {text!r} is not SEQ:DIGEST")
    return int(parts[0]), parts[1].lower()


def verify_envelope_file(path, key, keyid):
    """Verifies one DSSE envelope JSON file, printing its verdict; the number of failures (0 or 1)."""
    try:
        with open(path, "rb") as f:
            envelope = json.loads(f.read())
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}")
    except ValueError:
        raise InputError(f"{path}: not JSON")
    problems, summary, _ = check_envelope(envelope, key, keyid)
    if problems:
        print(f"FAIL {path}: " + "; ".join(problems))
        return 1
    print(f"ok   {path}: {summary}, key id {keyid}")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description="Verify Cleanroom evidence (DSSE + in-toto, Ed25519) independently.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--ledger", help="the evidence ledger (JSONL)")
    source.add_argument("--envelope", help="one DSSE envelope (JSON)")
    parser.add_argument("--public-key", required=True,
                        help="signing.pub (SubjectPublicKeyInfo PEM); beside the ledger only with --key-fingerprint")
    parser.add_argument("--key-fingerprint", help="the pinned key's fingerprint (64 hex digits) the key file must match")
    parser.add_argument("--expect-head", help="SEQ:DIGEST (or 'SEQ DIGEST') of an entry the ledger must still hold")
    parser.add_argument("--since", help="SEQ:DIGEST of an entry verified before: judge only it and what follows")
    args = parser.parse_args(argv)
    try:
        expected_head = parse_head("--expect-head", args.expect_head) if args.expect_head is not None else None
        since = parse_head("--since", args.since) if args.since is not None else None
        if args.envelope and (expected_head or since):
            raise InputError("--expect-head and --since apply to a ledger, not to a single envelope")
        key, keyid = load_public_key(args.public_key)
        pinned_by = check_pin(args.public_key, keyid, args.key_fingerprint, args.ledger or args.envelope)
        print(f"key {keyid} pinned by {pinned_by}")
        if args.ledger:
            failures = verify_ledger(args.ledger, key, keyid, expected_head, since)
        else:
            failures = verify_envelope_file(args.envelope, key, keyid)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
