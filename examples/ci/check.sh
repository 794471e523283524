#!/usr/bin/env bash
# Checks the example CI files offline:
#   1. each parses with PyYAML's safe_load;
#   2. each validates against SchemaStore's JSON Schema for its platform (github-workflows.json,
#      gitlab-ci.json), with Python's jsonschema and with check-jsonschema, which ships copies of
#      both schemas, so no network is needed once it is installed;
#   3. every shell script in them (GitHub `run:`, GitLab `before_script`/`script`/`after_script`)
#      passes `bash -n`, and ShellCheck when it is installed;
#   4. actionlint, when it is on PATH, lints the GitHub workflow.
# check-jsonschema is installed with pip into a throw-away virtual environment when it is missing.
# Exits 0 when every check passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")"

github=github/canvasctl.yml
gitlab=gitlab/.gitlab-ci.yml
venv=${CANVASCTL_CI_CHECK_VENV:-${TMPDIR:-/tmp}/canvasctl-ci-check}

python=python3
if ! "$python" -c 'import check_jsonschema, jsonschema, yaml' 2>/dev/null; then
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import check_jsonschema, jsonschema, yaml' 2>/dev/null; then
        echo "check: installing check-jsonschema into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet check-jsonschema pyyaml
    fi
    python="$venv/bin/python"
fi

scripts=$(mktemp -d)
trap 'rm -rf "$scripts"' EXIT

# Steps 1 to 3: parse, validate against the schemas, and write out the shell scripts.
status=0
"$python" - "$github" "$gitlab" "$scripts" <<'PY' || status=1
import json, os, re, sys
from importlib import resources

import jsonschema
import yaml

github, gitlab, out = sys.argv[1:4]
failed = False

def report(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed = failed or not ok

# 1. PyYAML safe_load, as the task asks. PyYAML reads YAML 1.1, where the key `on` is the boolean
# true; the platforms read it as the string "on".
documents = {}
for path in (github, gitlab):
    try:
        yaml.safe_load(open(path))
        report(True, f"{path}: yaml.safe_load")
    except yaml.YAMLError as error:
        report(False, f"{path}: yaml.safe_load: {error}")

# For the schemas, booleans as YAML 1.2 has them (true/false only), so that `on:` stays a key.
class Yaml12Loader(yaml.SafeLoader):
    pass
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
for path in (github, gitlab):
    try:
        documents[path] = yaml.load(open(path), Loader=Yaml12Loader)
    except yaml.YAMLError:
        documents[path] = None  # reported above

parsed = [path for path in (github, gitlab) if documents[path] is not None]

# 2. SchemaStore's schemas, as check-jsonschema ships them.
vendor = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
for path, schema_name in ((github, "github-workflows.json"), (gitlab, "gitlab-ci.json")):
    if path not in parsed:
        continue
    schema = json.loads((vendor / schema_name).read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(documents[path]), key=lambda e: list(e.absolute_path))
    report(not errors, f"{path}: jsonschema against SchemaStore {schema_name}")
    for error in errors[:10]:
        print(f"       at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}")

# 3. The shell scripts, one file each, for bash -n and ShellCheck.
def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write("#!/usr/bin/env bash\nset -eo pipefail\n" + text + "\n")

for job, body in (documents[github] or {}).get("jobs", {}).items():
    for index, step in enumerate(body.get("steps", [])):
        if "run" in step:
            # ${{ … }} is replaced before the shell sees the script; stand in a plain word.
            write(f"github-{job}-{index}.sh", re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", step["run"]))

def flatten(items):
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item

for job, body in (documents[gitlab] or {}).items():
    if not isinstance(body, dict) or not any(k in body for k in ("script", "before_script", "after_script")):
        continue
    main = list(flatten(body.get("before_script", []))) + list(flatten(body.get("script", [])))
    if main:
        write(f"gitlab-{job.lstrip('.')}.sh", "\n".join(main))
    if "after_script" in body:
        write(f"gitlab-{job.lstrip('.')}-after.sh", "\n".join(flatten(body["after_script"])))

sys.exit(1 if failed else 0)
PY

# 2, again, with check-jsonschema's own command line and its vendored schemas.
for pair in "vendor.github-workflows $github" "vendor.gitlab-ci $gitlab"; do
    set -- $pair
    if "$python" -m check_jsonschema --builtin-schema "$1" "$2" >/dev/null; then
        echo "ok   $2: check-jsonschema --builtin-schema $1"
    else
        echo "FAIL $2: check-jsonschema --builtin-schema $1"
        "$python" -m check_jsonschema --builtin-schema "$1" "$2" || true
        status=1
    fi
done

# 3. Shell syntax, and ShellCheck when installed. SC2154: variables come from the CI platform.
for script in "$scripts"/*.sh; do
    name=$(basename "$script")
    if ! bash -n "$script"; then
        echo "FAIL $name: bash -n"
        status=1
        continue
    fi
    if command -v shellcheck >/dev/null 2>&1; then
        if shellcheck -s bash -e SC2154 "$script" >/dev/null; then
            echo "ok   $name: bash -n, shellcheck"
        else
            echo "FAIL $name: shellcheck"
            shellcheck -s bash -e SC2154 "$script" || true
            status=1
        fi
    else
        echo "ok   $name: bash -n (shellcheck not installed)"
    fi
done

# 4. actionlint, when installed (https://github.com/rhysd/actionlint).
if command -v actionlint >/dev/null 2>&1; then
    if actionlint "$github"; then
        echo "ok   $github: actionlint"
    else
        echo "FAIL $github: actionlint"
        status=1
    fi
else
    echo "skip $github: actionlint is not installed"
fi

if [ "$status" -eq 0 ]; then echo "check: all passed"; else echo "check: some checks failed"; fi
exit "$status"
