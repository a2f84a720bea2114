#!/usr/bin/env python3
"""Every credential `pramaan demo` issues is valid against 1EdTech's Open Badges 3.0
AchievementCredential JSON schema (tests/data/ob3, with its source and the two VC 2.0 changes
explained in SOURCE.md), and its credentialSubject holds only properties the schema lists
(the older version of the schema closed AchievementSubject), besides name and nameLocalized.

Usage: ob3_schema_test.py PATH/TO/pramaan   (Debian's python3-jsonschema, Draft 2019-09)
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "tests/data/ob3/ob_v3p0_achievementcredential_schema.json"
# Subject properties of ours the schema does not list: the learner's name, in English and in
# the record's language. The published schema leaves AchievementSubject open to them.
SUBJECT_EXTRAS = {"name", "nameLocalized"}


def vc2_schema():
    """The published schema with the two VC 2.0 changes SOURCE.md lists, and no others."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    required = schema["required"]
    required[required.index("issuanceDate")] = "validFrom"
    status = schema["properties"]["credentialStatus"]
    schema["properties"]["credentialStatus"] = {
        "oneOf": [status, {"type": "array", "minItems": 1, "items": status}]}
    return schema


def main():
    pramaan = sys.argv[1]
    schema = vc2_schema()
    jsonschema.Draft201909Validator.check_schema(schema)
    validator = jsonschema.Draft201909Validator(schema)
    listed = set(schema["$defs"]["AchievementSubject"]["properties"])
    failures = []
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([pramaan, "demo", "--no-serve", "--dir", f"{work}/demo",
                        "--examples", str(ROOT / "examples")],
                       check=True, stdout=subprocess.DEVNULL)
        credentials = sorted(pathlib.Path(work, "demo/credentials").glob("*.json"))
        kinds = set()
        for path in credentials:
            credential = json.loads(path.read_text(encoding="utf-8"))
            kinds.add(credential["credentialSubject"]["achievement"]["achievementType"])
            for error in validator.iter_errors(credential):
                failures.append(f"{path.name}: {error.json_path}: {error.message}")
            extra = set(credential["credentialSubject"]) - listed - SUBJECT_EXTRAS
            if extra:
                failures.append(f"{path.name}: credentialSubject has {sorted(extra)}, "
                                "which AchievementSubject does not list")
        if len(credentials) < 2 or kinds != {"Certificate", "Certification"}:
            failures.append(f"expected both kinds of credential, got {len(credentials)} "
                            f"credentials of kinds {sorted(kinds)}")
        # The check can fail: an achievement without its required criteria does not pass.
        broken = json.loads(credentials[0].read_text(encoding="utf-8"))
        del broken["credentialSubject"]["achievement"]["criteria"]
        if validator.is_valid(broken):
            failures.append("a credential whose achievement lacks criteria passed the schema")
        # Open Badges' own terms: a course's provider is its achievement's creator.
        for path in credentials:
            achievement = json.loads(path.read_text(encoding="utf-8"))[
                "credentialSubject"]["achievement"]
            if achievement["achievementType"] == "Certificate" and (
                    "courseProvider" in achievement
                    or not achievement.get("creator", {}).get("name")):
                failures.append(f"{path.name}: the course's provider is not its creator")
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        return 1
    print(f"ok: {len(credentials)} issued credentials are valid Open Badges 3.0 "
          "AchievementCredentials")
    return 0


if __name__ == "__main__":
    sys.exit(main())
